package io.octopod.protocol.sdp;

/** {@code a=rtpmap:<pt> <encoding>/<clock rate>[/<channels>]} (RFC 8866 §6.6). */
public record RtpMap(int payloadType, String encoding, int clockRate, int channels) {

  static RtpMap parse(String value) {
    String[] parts = value.split(" ", 2);
    if (parts.length != 2) {
      throw new IllegalArgumentException("rtpmap needs '<pt> <encoding>/<clock rate>'");
    }
    String[] codec = parts[1].split("/");
    if (codec.length < 2 || codec.length > 3 || codec[0].isEmpty()) {
      throw new IllegalArgumentException("rtpmap encoding must be <name>/<rate>[/<channels>]");
    }
    return new RtpMap(
        Numbers.payloadType(parts[0]),
        codec[0],
        Numbers.positive("clock rate", codec[1]),
        codec.length == 3 ? Numbers.positive("channels", codec[2]) : 1);
  }

  public String value() {
    return payloadType + " " + encoding + "/" + clockRate + (channels > 1 ? "/" + channels : "");
  }
}
