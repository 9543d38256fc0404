package io.octopod.bridge.sfu;

import io.octopod.protocol.control.ControlApiException;
import io.octopod.protocol.sdp.Direction;
import io.octopod.protocol.sdp.ExtMap;
import io.octopod.protocol.sdp.Fmtp;
import io.octopod.protocol.sdp.MediaSection;
import io.octopod.protocol.sdp.Rid;
import io.octopod.protocol.sdp.RtcpFeedback;
import io.octopod.protocol.sdp.RtpMap;
import io.octopod.protocol.sdp.SdpBuilder;
import io.octopod.protocol.sdp.SessionDescription;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The bridge's answer to a browser's offer (JSEP, RFC 8829): it takes Opus audio and VP8 video with
 * RTX, the RTCP feedback and header extensions the SFU uses, answers the browser's sending m-lines
 * as {@code recvonly} and its receive slots as {@code sendonly} with the SSRCs the bridge will
 * rewrite into, and declines everything else with port 0. Payload types and extension ids are the
 * browser's own, kept per endpoint in {@link Negotiated}.
 */
public final class AnswerBuilder {

  static final String MID = "urn:ietf:params:rtp-hdrext:sdes:mid";
  static final String RID = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id";
  static final String REPAIRED_RID = "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id";
  static final String ABS_SEND_TIME = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";
  static final String TRANSPORT_CC =
      "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";
  static final String AUDIO_LEVEL = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";

  private static final Set<String> AUDIO_EXTENSIONS =
      Set.of(MID, ABS_SEND_TIME, TRANSPORT_CC, AUDIO_LEVEL);
  private static final Set<String> VIDEO_EXTENSIONS =
      Set.of(MID, RID, REPAIRED_RID, ABS_SEND_TIME, TRANSPORT_CC);

  /** The bridge's side of the transport, as the answer states it. */
  public record Local(
      String ufrag,
      String pwd,
      String fingerprint,
      String candidateHost,
      int candidatePort,
      long sessionId) {}

  /**
   * What was agreed with this endpoint: the browser's payload types and extension ids (they differ
   * between browsers, and forwarding rewrites between them), its simulcast rids, its DTLS
   * fingerprint, and its receive slots with the SSRCs the bridge sends them on.
   */
  public record Negotiated(
      int opusPayloadType,
      int vp8PayloadType,
      int rtxPayloadType,
      Map<String, Integer> extensionIds,
      List<String> rids,
      String remoteFingerprint,
      List<Long> videoSlotSsrcs,
      List<Long> audioSlotSsrcs,
      Map<Long, Long> rtxSsrcBySlot) {

    public Negotiated {
      rtxSsrcBySlot = rtxSsrcBySlot == null ? Map.of() : Map.copyOf(rtxSsrcBySlot);
    }

    /** Without RTX streams for the slots. */
    public Negotiated(
        int opusPayloadType,
        int vp8PayloadType,
        int rtxPayloadType,
        Map<String, Integer> extensionIds,
        List<String> rids,
        String remoteFingerprint,
        List<Long> videoSlotSsrcs,
        List<Long> audioSlotSsrcs) {
      this(
          opusPayloadType,
          vp8PayloadType,
          rtxPayloadType,
          extensionIds,
          rids,
          remoteFingerprint,
          videoSlotSsrcs,
          audioSlotSsrcs,
          Map.of());
    }
  }

  /** The answer text and what it agreed. */
  public record Answer(String sdp, Negotiated negotiated) {}

  /** Hands out the SSRCs of the receive slots (the bridge's own sources toward this endpoint). */
  @FunctionalInterface
  public interface SsrcSource {
    long next();
  }

  private AnswerBuilder() {}

  public static Answer answer(SessionDescription offer, Local local, SsrcSource ssrcs) {
    String remoteFingerprint = null;
    int opus = -1;
    int vp8 = -1;
    int rtx = -1;
    Map<String, Integer> extIds = new LinkedHashMap<>();
    List<String> rids = new ArrayList<>();
    List<Long> videoSlots = new ArrayList<>();
    List<Long> audioSlots = new ArrayList<>();
    Map<Long, Long> rtxBySlot = new LinkedHashMap<>();
    List<String> bundle = new ArrayList<>();
    SdpBuilder b = SdpBuilder.session(local.sessionId(), 2, "127.0.0.1");

    // First pass: what the offer allows.
    for (MediaSection m : offer.media()) {
      if (offer.fingerprint(m) != null && remoteFingerprint == null) {
        if (!"sha-256".equals(offer.fingerprint(m).hashFunction())) {
          throw ControlApiException.badRequest("the offer's fingerprint must be sha-256");
        }
        remoteFingerprint = offer.fingerprint(m).value();
      }
      String setup = m.setup();
      if ("passive".equals(setup)) {
        throw ControlApiException.badRequest(
            "offer a=setup:passive is not supported: the bridge is the DTLS server (offer actpass or active)");
      }
    }
    if (remoteFingerprint == null) {
      throw ControlApiException.badRequest("the offer has no a=fingerprint");
    }
    boolean anyUsable = false;
    List<Object[]> plan = new ArrayList<>();
    for (MediaSection m : offer.media()) {
      int codec = -1;
      int codecRtx = -1;
      if (m.media().equals("audio")) {
        codec = payloadType(m, "opus", 48000);
      } else if (m.media().equals("video")) {
        codec = payloadType(m, "VP8", 90000);
        if (codec >= 0) {
          for (Fmtp f : m.fmtps()) {
            RtpMap map = m.rtpMap(f.payloadType());
            if (map != null
                && map.encoding().equalsIgnoreCase("rtx")
                && f.parameterMap().get("apt") != null
                && f.parameterMap().get("apt").equals(Integer.toString(codec))) {
              codecRtx = f.payloadType();
            }
          }
        }
      }
      boolean usable = codec >= 0 && m.port() != 0 && m.mid() != null;
      anyUsable |= usable;
      plan.add(new Object[] {m, codec, codecRtx, usable});
    }
    if (!anyUsable) {
      throw ControlApiException.badRequest(
          "no usable codec: the bridge takes Opus audio and VP8 video");
    }
    for (Object[] p : plan) {
      if ((Boolean) p[3]) {
        bundle.add(((MediaSection) p[0]).mid());
      }
    }
    b.attribute("group", "BUNDLE " + String.join(" ", bundle))
        .flag("ice-lite")
        .attribute("msid-semantic", " WMS octopod");
    for (Object[] p : plan) {
      MediaSection m = (MediaSection) p[0];
      int codec = (Integer) p[1];
      int codecRtx = (Integer) p[2];
      if (!(Boolean) p[3]) {
        // Declined: port 0, same media and protocol, its mid so the browser can match it.
        b.media(
            m.media(), 0, m.protocol(), List.of(m.formats().isEmpty() ? "0" : m.formats().get(0)));
        if (m.mid() != null) {
          b.attribute("mid", m.mid());
        }
        continue;
      }
      boolean audio = m.media().equals("audio");
      boolean browserSends =
          m.direction() == Direction.SENDONLY || m.direction() == Direction.SENDRECV;
      List<String> formats = new ArrayList<>();
      formats.add(Integer.toString(codec));
      if (codecRtx >= 0) {
        formats.add(Integer.toString(codecRtx));
      }
      b.media(m.media(), 9, m.protocol(), formats)
          .line('c', "IN IP4 0.0.0.0")
          .attribute(
              "candidate",
              "1 1 udp 2130706431 "
                  + local.candidateHost()
                  + " "
                  + local.candidatePort()
                  + " typ host")
          .flag("end-of-candidates")
          .attribute("ice-ufrag", local.ufrag())
          .attribute("ice-pwd", local.pwd())
          .attribute("fingerprint", "sha-256 " + local.fingerprint())
          .attribute("setup", "passive")
          .attribute("mid", m.mid());
      for (ExtMap ext : m.extMaps()) {
        if ((audio ? AUDIO_EXTENSIONS : VIDEO_EXTENSIONS).contains(ext.uri())) {
          b.extMap(new ExtMap(ext.id(), null, ext.uri(), null));
          extIds.putIfAbsent(ext.uri(), ext.id());
        }
      }
      b.direction(browserSends ? Direction.RECVONLY : Direction.SENDONLY)
          .flag("rtcp-mux")
          .flag("rtcp-rsize");
      RtpMap codecMap = m.rtpMap(codec);
      b.rtpMap(codecMap);
      for (RtcpFeedback fb : m.rtcpFeedback()) {
        if (fb.payloadType() == codec && acceptedFeedback(audio, fb)) {
          b.rtcpFeedback(fb);
        }
      }
      for (Fmtp f : m.fmtps()) {
        if (f.payloadType() == codec) {
          b.fmtp(f);
        }
      }
      if (codecRtx >= 0) {
        b.rtpMap(m.rtpMap(codecRtx)).fmtp(new Fmtp(codecRtx, "apt=" + codec));
      }
      if (audio) {
        opus = codec;
      } else {
        vp8 = codec;
        if (codecRtx >= 0) {
          rtx = codecRtx;
        }
      }
      if (browserSends) {
        if (!audio && m.simulcast() != null) {
          for (Rid rid : m.rids()) {
            if (rid.direction().equals("send")) {
              b.attribute("rid", rid.id() + " recv");
              rids.add(rid.id());
            }
          }
          b.attribute("simulcast", "recv " + String.join(";", rids));
        }
      } else {
        // A receive slot: the bridge's source, rewritten from whichever sender it carries.
        long ssrc = ssrcs.next();
        String track =
            (audio ? "audio-slot-" : "video-slot-")
                + (audio ? audioSlots.size() : videoSlots.size());
        if (audio) {
          audioSlots.add(ssrc);
        } else {
          videoSlots.add(ssrc);
        }
        b.attribute("msid", "octopod " + track);
        if (!audio && codecRtx >= 0) {
          long rtxSsrc = ssrcs.next();
          rtxBySlot.put(ssrc, rtxSsrc);
          b.attribute("ssrc-group", "FID " + ssrc + " " + rtxSsrc);
          b.attribute("ssrc", ssrc + " cname:octopod")
              .attribute("ssrc", rtxSsrc + " cname:octopod");
        } else {
          b.attribute("ssrc", ssrc + " cname:octopod");
        }
      }
    }
    SessionDescription built = b.build();
    return new Answer(
        built.toString(),
        new Negotiated(
            opus,
            vp8,
            rtx,
            interned(Map.copyOf(extIds)),
            List.copyOf(rids),
            remoteFingerprint,
            List.copyOf(videoSlots),
            List.copyOf(audioSlots),
            rtxBySlot));
  }

  /**
   * Endpoints that negotiated the same extension ids share one map, so forwarding can see that no
   * id needs mapping by identity instead of comparing maps for every packet. Few distinct maps
   * exist (one per browser version, roughly).
   */
  private static final Map<Map<String, Integer>, Map<String, Integer>> EXTENSION_IDS =
      new java.util.concurrent.ConcurrentHashMap<>();

  private static Map<String, Integer> interned(Map<String, Integer> ids) {
    return EXTENSION_IDS.computeIfAbsent(ids, m -> m);
  }

  private static boolean acceptedFeedback(boolean audio, RtcpFeedback fb) {
    return switch (fb.type()) {
      case "transport-cc" -> true;
      case "nack" -> !audio && (fb.parameter() == null || fb.parameter().equals("pli"));
      case "ccm" -> !audio && "fir".equals(fb.parameter());
      default -> false;
    };
  }

  private static int payloadType(MediaSection m, String encoding, int clockRate) {
    for (RtpMap map : m.rtpMaps()) {
      if (map.encoding().equalsIgnoreCase(encoding) && map.clockRate() == clockRate) {
        return map.payloadType();
      }
    }
    return -1;
  }
}
