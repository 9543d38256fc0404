package io.octopod.protocol.sdp;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds a session description line by line, as the bridge does for its answers. Typed helpers
 * write the attributes in the forms {@link SessionDescription#parse} reads back; {@link #build()}
 * parses the result, so a builder can't produce an SDP the parser would refuse.
 */
public final class SdpBuilder {

  private final List<SdpLine> lines = new ArrayList<>();

  /** Starts with {@code v=0}, an origin, {@code s=-} and {@code t=0 0}. */
  public static SdpBuilder session(long sessionId, long sessionVersion, String address) {
    SdpBuilder b = new SdpBuilder();
    b.line('v', "0");
    b.line('o', "- " + sessionId + " " + sessionVersion + " IN IP4 " + address);
    b.line('s', "-");
    b.line('t', "0 0");
    return b;
  }

  public SdpBuilder line(char type, String value) {
    lines.add(new SdpLine(type, value));
    return this;
  }

  public SdpBuilder attribute(String name, String value) {
    lines.add(SdpLine.attribute(name, value));
    return this;
  }

  public SdpBuilder flag(String name) {
    return attribute(name, null);
  }

  public SdpBuilder media(String media, int port, String protocol, List<String> formats) {
    return line('m', media + " " + port + " " + protocol + " " + String.join(" ", formats));
  }

  public SdpBuilder direction(Direction direction) {
    return flag(direction.attribute());
  }

  public SdpBuilder rtpMap(RtpMap map) {
    return attribute("rtpmap", map.value());
  }

  public SdpBuilder fmtp(Fmtp fmtp) {
    return attribute("fmtp", fmtp.value());
  }

  public SdpBuilder rtcpFeedback(RtcpFeedback feedback) {
    return attribute("rtcp-fb", feedback.value());
  }

  public SdpBuilder extMap(ExtMap extMap) {
    return attribute("extmap", extMap.value());
  }

  public SdpBuilder candidate(Candidate candidate) {
    return attribute("candidate", candidate.value());
  }

  public SdpBuilder fingerprint(Fingerprint fingerprint) {
    return attribute("fingerprint", fingerprint.text());
  }

  public SdpBuilder ssrc(SsrcAttribute ssrc) {
    return attribute("ssrc", ssrc.text());
  }

  public SdpBuilder ssrcGroup(SsrcGroup group) {
    return attribute("ssrc-group", group.value());
  }

  public SdpBuilder rid(Rid rid) {
    return attribute("rid", rid.value());
  }

  /** Parses what was built (CRLF line endings); throws if the builder was used wrongly. */
  public SessionDescription build() {
    StringBuilder text = new StringBuilder();
    lines.forEach(line -> text.append(line).append("\r\n"));
    return SessionDescription.parse(text.toString());
  }
}
