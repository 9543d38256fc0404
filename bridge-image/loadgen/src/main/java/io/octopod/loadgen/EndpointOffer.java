package io.octopod.loadgen;

import io.octopod.protocol.sdp.Candidate;
import io.octopod.protocol.sdp.Direction;
import io.octopod.protocol.sdp.ExtMap;
import io.octopod.protocol.sdp.Fmtp;
import io.octopod.protocol.sdp.MediaSection;
import io.octopod.protocol.sdp.RtcpFeedback;
import io.octopod.protocol.sdp.RtpMap;
import io.octopod.protocol.sdp.SdpBuilder;
import io.octopod.protocol.sdp.SessionDescription;
import io.octopod.protocol.sdp.SsrcAttribute;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The offer a simulated endpoint makes, shaped like a browser's: one sending Opus track, one
 * sending VP8 simulcast track (rids q, h, f) with RTX, then {@code videoSlots} receive-only video
 * and {@code audioSlots} receive-only audio transceivers. Payload types and extension ids are fixed
 * here, so the synthetic packets can be written without a lookup. Transport-cc is left out on
 * purpose: the generator does not answer it, and without it the bridge's budget for each receiver
 * is its fixed cap rather than an estimate that a synthetic receiver would starve.
 */
public final class EndpointOffer {

  static final int OPUS = 111;
  static final int VP8 = 96;
  static final int RTX = 97;
  static final int EXT_AUDIO_LEVEL = 1;
  static final int EXT_MID = 4;
  static final int EXT_RID = 10;
  static final int EXT_REPAIRED_RID = 11;
  static final String AUDIO_MID = "0";
  static final String VIDEO_MID = "1";

  /** What the bridge's answer says: where and how to connect, and the slots' SSRCs. */
  public record Answer(
      InetSocketAddress candidate,
      String ufrag,
      String pwd,
      String fingerprint,
      List<Long> videoSlotSsrcs,
      List<Long> audioSlotSsrcs) {}

  private EndpointOffer() {}

  /**
   * The offer text for an endpoint with the given DTLS fingerprint and audio SSRC; its video layers
   * are known by their rids, as with Chromium.
   */
  public static String offer(String fingerprint, long audioSsrc, int videoSlots, int audioSlots) {
    List<String> mids = new ArrayList<>();
    for (int i = 0; i < 2 + videoSlots + audioSlots; i++) {
      mids.add(Integer.toString(i));
    }
    SdpBuilder b =
        SdpBuilder.session(System.nanoTime() & 0xffffffL, 2, "127.0.0.1")
            .attribute("group", "BUNDLE " + String.join(" ", mids))
            .attribute("msid-semantic", " WMS loadgen");
    int mid = 0;
    audio(b, fingerprint, mid++, Direction.SENDONLY)
        .ssrc(new SsrcAttribute(audioSsrc, "cname", "lg"));
    video(b, fingerprint, mid++, Direction.SENDONLY)
        .attribute("rid", "q send")
        .attribute("rid", "h send")
        .attribute("rid", "f send")
        .attribute("simulcast", "send q;h;f");
    for (int i = 0; i < videoSlots; i++) {
      video(b, fingerprint, mid++, Direction.RECVONLY);
    }
    for (int i = 0; i < audioSlots; i++) {
      audio(b, fingerprint, mid++, Direction.RECVONLY);
    }
    return b.build().toString();
  }

  private static SdpBuilder common(SdpBuilder b, String fingerprint, int mid) {
    return b.line('c', "IN IP4 127.0.0.1")
        .attribute("ice-ufrag", "lgen")
        .attribute("ice-pwd", "loadgenerator0000000000")
        .attribute("fingerprint", "sha-256 " + fingerprint)
        .attribute("setup", "actpass")
        .attribute("mid", Integer.toString(mid));
  }

  private static SdpBuilder audio(SdpBuilder b, String fingerprint, int mid, Direction direction) {
    b.media("audio", 9, "UDP/TLS/RTP/SAVPF", List.of(Integer.toString(OPUS)));
    return common(b, fingerprint, mid)
        .extMap(
            new ExtMap(EXT_AUDIO_LEVEL, null, "urn:ietf:params:rtp-hdrext:ssrc-audio-level", null))
        .extMap(new ExtMap(EXT_MID, null, "urn:ietf:params:rtp-hdrext:sdes:mid", null))
        .direction(direction)
        .flag("rtcp-mux")
        .rtpMap(new RtpMap(OPUS, "opus", 48000, 2))
        .fmtp(new Fmtp(OPUS, "minptime=10;useinbandfec=1"));
  }

  private static SdpBuilder video(SdpBuilder b, String fingerprint, int mid, Direction direction) {
    b.media("video", 9, "UDP/TLS/RTP/SAVPF", List.of(Integer.toString(VP8), Integer.toString(RTX)));
    return common(b, fingerprint, mid)
        .extMap(new ExtMap(EXT_MID, null, "urn:ietf:params:rtp-hdrext:sdes:mid", null))
        .extMap(new ExtMap(EXT_RID, null, "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id", null))
        .extMap(
            new ExtMap(
                EXT_REPAIRED_RID,
                null,
                "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id",
                null))
        .direction(direction)
        .flag("rtcp-mux")
        .flag("rtcp-rsize")
        .rtpMap(new RtpMap(VP8, "VP8", 90000, 1))
        .rtcpFeedback(new RtcpFeedback(VP8, "ccm", "fir"))
        .rtcpFeedback(new RtcpFeedback(VP8, "nack", null))
        .rtcpFeedback(new RtcpFeedback(VP8, "nack", "pli"))
        .rtpMap(new RtpMap(RTX, "rtx", 90000, 1))
        .fmtp(new Fmtp(RTX, "apt=" + VP8));
  }

  /** Reads the bridge's answer: its candidate, ICE credentials, fingerprint and slot SSRCs. */
  public static Answer parse(String answerText) {
    SessionDescription answer = SessionDescription.parse(answerText);
    InetSocketAddress candidate = null;
    String ufrag = null;
    String pwd = null;
    String fingerprint = null;
    List<Long> video = new ArrayList<>();
    List<Long> audio = new ArrayList<>();
    for (MediaSection m : answer.media()) {
      if (m.port() == 0) {
        continue;
      }
      if (candidate == null && !m.candidates().isEmpty()) {
        Candidate c = m.candidates().get(0);
        candidate = new InetSocketAddress(c.address(), c.port());
        ufrag = answer.iceUfrag(m);
        pwd = answer.icePwd(m);
        fingerprint = answer.fingerprint(m).value();
      }
      if (m.direction() == Direction.SENDONLY && !m.ssrcs().isEmpty()) {
        // The first SSRC of a slot is its media stream; a second one (FID group) is its RTX.
        long slot = m.ssrcs().get(0).ssrc();
        (m.media().equals("audio") ? audio : video).add(slot);
      }
    }
    if (candidate == null) {
      throw new IllegalArgumentException("the answer has no candidate");
    }
    return new Answer(candidate, ufrag, pwd, fingerprint, List.copyOf(video), List.copyOf(audio));
  }
}
