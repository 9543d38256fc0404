package io.octopod.protocol.sdp;

/**
 * {@code a=extmap:<id>[/<direction>] <uri> [<attributes>]} (RFC 8285 §8).
 *
 * @param direction null when absent
 * @param attributes null when absent
 */
public record ExtMap(int id, String direction, String uri, String attributes) {

  static ExtMap parse(String value) {
    String[] parts = value.split(" ", 3);
    if (parts.length < 2 || parts[1].isEmpty()) {
      throw new IllegalArgumentException("extmap needs '<id> <uri>'");
    }
    String[] idDir = parts[0].split("/", 2);
    int id = Numbers.integer("extmap id", idDir[0]);
    if (id < 1 || id > 255 || id == 15) {
      throw new IllegalArgumentException("extmap id must be 1-14 or 16-255 (RFC 8285), got " + id);
    }
    return new ExtMap(
        id, idDir.length == 2 ? idDir[1] : null, parts[1], parts.length == 3 ? parts[2] : null);
  }

  public String value() {
    return id
        + (direction == null ? "" : "/" + direction)
        + " "
        + uri
        + (attributes == null ? "" : " " + attributes);
  }
}
