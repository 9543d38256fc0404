package io.octopod.protocol.sdp;

import java.util.ArrayList;
import java.util.List;

/** One {@code m=} section and the lines under it (RFC 8866 §5.14). */
public final class MediaSection extends SdpSection {

  private final String media;
  private final int port;
  private final String protocol;
  private final List<String> formats;

  MediaSection(List<SdpLine> lines) {
    super(lines);
    String[] m = lines.get(0).value().split(" ");
    this.media = m[0];
    this.port = Integer.parseInt(m[1].split("/")[0]);
    this.protocol = m[2];
    List<String> fmts = new ArrayList<>();
    for (int i = 3; i < m.length; i++) {
      fmts.add(m[i]);
    }
    this.formats = List.copyOf(fmts);
  }

  /** audio, video, application, ... */
  public String media() {
    return media;
  }

  public int port() {
    return port;
  }

  public String protocol() {
    return protocol;
  }

  /** The m-line's formats: payload types for RTP. */
  public List<String> formats() {
    return formats;
  }

  public String mid() {
    return attribute("mid");
  }

  /** The direction attribute, sendrecv when absent (RFC 8866 §6.7). */
  public Direction direction() {
    for (SdpLine line : lines) {
      Direction d = line.isAttribute() ? Direction.fromAttribute(line.value()) : null;
      if (d != null) {
        return d;
      }
    }
    return Direction.SENDRECV;
  }

  public boolean rtcpMux() {
    return has("rtcp-mux");
  }

  public boolean rtcpReducedSize() {
    return has("rtcp-rsize");
  }

  public List<RtpMap> rtpMaps() {
    return typed("rtpmap", RtpMap::parse);
  }

  public List<Fmtp> fmtps() {
    return typed("fmtp", Fmtp::parse);
  }

  public List<RtcpFeedback> rtcpFeedback() {
    return typed("rtcp-fb", RtcpFeedback::parse);
  }

  public List<SsrcAttribute> ssrcs() {
    return typed("ssrc", SsrcAttribute::parse);
  }

  public List<SsrcGroup> ssrcGroups() {
    return typed("ssrc-group", SsrcGroup::parse);
  }

  public List<Rid> rids() {
    return typed("rid", Rid::parse);
  }

  /** {@code a=simulcast}, or null. */
  public Simulcast simulcast() {
    String value = attribute("simulcast");
    return value == null ? null : Simulcast.parse(value);
  }

  /** {@code a=msid:<stream> [<track>]} values. */
  public List<String> msids() {
    return attributes("msid");
  }

  public List<Candidate> candidates() {
    return typed("candidate", Candidate::parse);
  }

  /** The rtpmap of a payload type, or null. */
  public RtpMap rtpMap(int payloadType) {
    for (RtpMap map : rtpMaps()) {
      if (map.payloadType() == payloadType) {
        return map;
      }
    }
    return null;
  }
}
