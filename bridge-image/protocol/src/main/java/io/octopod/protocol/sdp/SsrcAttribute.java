package io.octopod.protocol.sdp;

/**
 * {@code a=ssrc:<ssrc> <attribute>[:<value>]} (RFC 5576 §4.1).
 *
 * @param value null for a value-less attribute
 */
public record SsrcAttribute(long ssrc, String attribute, String value) {

  static SsrcAttribute parse(String text) {
    String[] parts = text.split(" ", 2);
    if (parts.length != 2 || parts[1].isEmpty()) {
      throw new IllegalArgumentException("ssrc needs '<ssrc> <attribute>'");
    }
    int colon = parts[1].indexOf(':');
    return new SsrcAttribute(
        Numbers.unsigned32("ssrc", parts[0]),
        colon < 0 ? parts[1] : parts[1].substring(0, colon),
        colon < 0 ? null : parts[1].substring(colon + 1));
  }

  public String text() {
    return ssrc + " " + attribute + (value == null ? "" : ":" + value);
  }
}
