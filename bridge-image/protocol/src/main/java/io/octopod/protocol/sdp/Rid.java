package io.octopod.protocol.sdp;

/**
 * {@code a=rid:<id> <send|recv> [<restrictions>]} (RFC 8851 §4).
 *
 * @param restrictions e.g. {@code pt=96;max-height=360}, null when absent
 */
public record Rid(String id, String direction, String restrictions) {

  static Rid parse(String value) {
    String[] parts = value.split(" ", 3);
    if (parts.length < 2) {
      throw new IllegalArgumentException("rid needs '<id> <send|recv>'");
    }
    if (!parts[0].matches("[A-Za-z0-9_-]{1,255}")) {
      throw new IllegalArgumentException("rid id must be letters, digits, '_' or '-' (RFC 8851)");
    }
    if (!parts[1].equals("send") && !parts[1].equals("recv")) {
      throw new IllegalArgumentException("rid direction must be send or recv, got " + parts[1]);
    }
    return new Rid(parts[0], parts[1], parts.length == 3 ? parts[2] : null);
  }

  public String value() {
    return id + " " + direction + (restrictions == null ? "" : " " + restrictions);
  }
}
