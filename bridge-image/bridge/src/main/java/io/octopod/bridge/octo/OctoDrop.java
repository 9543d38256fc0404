package io.octopod.bridge.octo;

/**
 * Why a received Octo datagram was dropped. Each is counted separately in stats and metrics, so an
 * operator can tell a misconfigured peer (unknown key, unknown peer) from an attack (not authentic,
 * replayed).
 */
public enum OctoDrop {
  /** Too short, a bad kind or media type, a zero conference or relay id. */
  MALFORMED("malformed"),
  /** Not version 1. */
  UNSUPPORTED_VERSION("unsupported_version"),
  /** No conference with that id here, or it has no Octo configuration. */
  UNKNOWN_CONFERENCE("unknown_conference"),
  /** The relay id is not one of the conference's other bridges. */
  UNKNOWN_RELAY("unknown_relay"),
  /** The datagram did not come from the address configured for that relay. */
  UNKNOWN_ADDRESS("unknown_address"),
  /** The key id is neither the conference's current nor its previous key. */
  UNKNOWN_KEY("unknown_key"),
  /** The GCM tag did not verify: forged, corrupted, or sealed under another key. */
  NOT_AUTHENTIC("not_authentic"),
  /** Accepted before, or older than the replay window. */
  REPLAYED("replayed"),
  /** Authentic, but its content could not be used (a bad RTP packet or message). */
  BAD_CONTENT("bad_content");

  private final String label;

  OctoDrop(String label) {
    this.label = label;
  }

  /** The name in metrics and stats. */
  public String label() {
    return label;
  }
}
