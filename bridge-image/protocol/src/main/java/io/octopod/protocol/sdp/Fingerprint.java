package io.octopod.protocol.sdp;

/** {@code a=fingerprint:<hash> <hex:hex:...>} (RFC 8122 §5), e.g. sha-256. */
public record Fingerprint(String hashFunction, String value) {

  static Fingerprint parse(String text) {
    String[] parts = text.trim().split(" +");
    if (parts.length != 2 || !parts[1].matches("[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2})+")) {
      throw new IllegalArgumentException("fingerprint needs '<hash> <hex bytes joined by :>'");
    }
    return new Fingerprint(parts[0].toLowerCase(java.util.Locale.ROOT), parts[1]);
  }

  public String text() {
    return hashFunction + " " + value;
  }
}
