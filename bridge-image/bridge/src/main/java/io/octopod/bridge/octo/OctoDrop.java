package io.octopod.bridge.octo;

/**
 * Why a received Octo datagram was dropped. Each is counted separately in stats and metrics, so an
 * operator can tell a misconfigured peer (unknown key, unknown peer) from an attack (not authentic,
 * replayed).
 */
public enum OctoDrop {
  /** Larger than any datagram a bridge sends (OctoHeader.MAX_DATAGRAM): cut short on receipt. */
  OVERSIZED("oversized", false),
  /** Too short, a bad kind or media type, a zero conference or relay id. */
  MALFORMED("malformed", false),
  /** Not version 1. */
  UNSUPPORTED_VERSION("unsupported_version", false),
  /** No conference with that id here, or it has no Octo configuration. */
  UNKNOWN_CONFERENCE("unknown_conference", false),
  /** The relay id is not one of the conference's other bridges. */
  UNKNOWN_RELAY("unknown_relay", false),
  /** The datagram did not come from the address configured for that relay. */
  UNKNOWN_ADDRESS("unknown_address", false),
  /** The key id is neither the conference's current nor its previous key. */
  UNKNOWN_KEY("unknown_key", false),
  /** The GCM tag did not verify: forged, corrupted, or sealed under another key. */
  NOT_AUTHENTIC("not_authentic", false),
  /** Accepted before, or older than the replay window. */
  REPLAYED("replayed", false),
  /** Authentic, but its content could not be used (a bad RTP packet or message). */
  BAD_CONTENT("bad_content", true),
  /**
   * An authentic message datagram whose sub-header is unusable: another version, a fragment count
   * that does not match the length, an index beyond the count, a size that does not match the
   * index, a length over 60,000 bytes, a message number below its backlog.
   */
  BAD_FRAGMENT("bad_fragment", true),
  /** A fragment whose count or length disagree with earlier fragments of its message. */
  INCONSISTENT_FRAGMENT("inconsistent_fragment", true),
  /**
   * A fragment already held, or of a message already delivered: a resend that crossed an ack. Loss
   * makes some; many mean acks are being lost.
   */
  DUPLICATE_FRAGMENT("duplicate_fragment", true),
  /** A fragment more than 64 messages ahead of the next one due: a peer ignoring the window. */
  OUT_OF_WINDOW("out_of_window", true),
  /** A fragment that would take the peer's held messages over their memory bound. */
  REASSEMBLY_FULL("reassembly_full", true),
  /** An authentic ack that is malformed or acks messages never sent. */
  BAD_ACK("bad_ack", true);

  private final String label;
  private final boolean afterAcceptance;

  OctoDrop(String label, boolean afterAcceptance) {
    this.label = label;
    this.afterAcceptance = afterAcceptance;
  }

  /**
   * Whether the datagram was authenticated (and counted as accepted) before this drop: its content,
   * not the datagram, was refused.
   */
  public boolean afterAcceptance() {
    return afterAcceptance;
  }

  /** The name in metrics and stats. */
  public String label() {
    return label;
  }
}
