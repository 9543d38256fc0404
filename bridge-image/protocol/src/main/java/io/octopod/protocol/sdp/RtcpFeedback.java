package io.octopod.protocol.sdp;

/**
 * {@code a=rtcp-fb:<pt|*> <type> [<parameter>]} (RFC 4585 §4.2), e.g. {@code nack pli}.
 *
 * @param payloadType the payload type, or -1 for {@code *}
 * @param parameter null when absent
 */
public record RtcpFeedback(int payloadType, String type, String parameter) {

  public static final int ALL = -1;

  static RtcpFeedback parse(String value) {
    String[] parts = value.split(" ", 3);
    if (parts.length < 2 || parts[1].isEmpty()) {
      throw new IllegalArgumentException("rtcp-fb needs '<pt> <type>'");
    }
    int pt = parts[0].equals("*") ? ALL : Numbers.payloadType(parts[0]);
    return new RtcpFeedback(pt, parts[1], parts.length == 3 ? parts[2] : null);
  }

  public String value() {
    return (payloadType == ALL ? "*" : Integer.toString(payloadType))
        + " "
        + type
        + (parameter == null ? "" : " " + parameter);
  }
}
