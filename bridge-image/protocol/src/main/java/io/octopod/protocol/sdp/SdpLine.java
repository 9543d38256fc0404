package io.octopod.protocol.sdp;

/**
 * One {@code <type>=<value>} line of an SDP (RFC 8866 §5), kept verbatim so that writing a parsed
 * description back gives the same text, unknown lines included.
 */
public record SdpLine(char type, String value) {

  public boolean isAttribute() {
    return type == 'a';
  }

  /** For {@code a=name:value} the name; for {@code a=flag} the flag; else null. */
  public String attributeName() {
    if (!isAttribute()) {
      return null;
    }
    int colon = value.indexOf(':');
    return colon < 0 ? value : value.substring(0, colon);
  }

  /** For {@code a=name:value} the value; for a flag attribute null. */
  public String attributeValue() {
    if (!isAttribute()) {
      return null;
    }
    int colon = value.indexOf(':');
    return colon < 0 ? null : value.substring(colon + 1);
  }

  public static SdpLine attribute(String name, String value) {
    return new SdpLine('a', value == null ? name : name + ":" + value);
  }

  @Override
  public String toString() {
    return type + "=" + value;
  }
}
