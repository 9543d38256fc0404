package io.octopod.bridge.sfu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.octopod.protocol.control.ControlApiException;
import io.octopod.protocol.sdp.Direction;
import io.octopod.protocol.sdp.MediaSection;
import io.octopod.protocol.sdp.SessionDescription;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AnswerBuilderTest {

  private static final AnswerBuilder.Local LOCAL =
      new AnswerBuilder.Local("brdg", "0123456789abcdefghijkl", "AB:CD:EF", "127.0.0.1", 10000, 42);

  private static String chromiumOffer() throws Exception {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path offer = dir.resolve("testdata/chromium/chromium-156-simulcast-offer.sdp");
      if (Files.isRegularFile(offer)) {
        return Files.readString(offer);
      }
    }
    throw new IllegalStateException("testdata/chromium offer not found");
  }

  private static AnswerBuilder.Answer answer(String offer) {
    AtomicLong ssrc = new AtomicLong(1000);
    return AnswerBuilder.answer(SessionDescription.parse(offer), LOCAL, ssrc::incrementAndGet);
  }

  @Test
  void answersChromiumsSimulcastOfferWithOpusVp8RtxAndTheRids() throws Exception {
    AnswerBuilder.Answer a = answer(chromiumOffer());
    SessionDescription sdp = SessionDescription.parse(a.sdp());
    assertTrue(sdp.iceLite());
    assertEquals(List.of("0", "1"), sdp.bundle());
    MediaSection audio = sdp.mediaByMid("0");
    MediaSection video = sdp.mediaByMid("1");
    assertEquals(Direction.RECVONLY, audio.direction());
    assertEquals(List.of("111"), audio.formats());
    assertEquals(
        List.of("96", "97"),
        video.formats(),
        "VP8 and its RTX only: H264, VP9, AV1, RED, ULPFEC declined");
    assertEquals(
        "apt=96",
        video.fmtps().stream()
            .filter(f -> f.payloadType() == 97)
            .findFirst()
            .orElseThrow()
            .parameters());
    assertEquals(List.of(List.of("q"), List.of("h"), List.of("f")), video.simulcast().receive());
    assertEquals("passive", video.setup());
    assertEquals("brdg", sdp.iceUfrag(video));
    assertEquals(10000, video.candidates().get(0).port());
    assertTrue(
        video.rtcpFeedback().stream()
            .anyMatch(f -> f.type().equals("nack") && "pli".equals(f.parameter())));
    assertTrue(video.rtcpFeedback().stream().anyMatch(f -> f.type().equals("ccm")));
    assertFalse(video.rtcpFeedback().stream().anyMatch(f -> f.type().equals("goog-remb")));
    AnswerBuilder.Negotiated n = a.negotiated();
    assertEquals(111, n.opusPayloadType());
    assertEquals(96, n.vp8PayloadType());
    assertEquals(97, n.rtxPayloadType());
    assertEquals(4, n.extensionIds().get(AnswerBuilder.MID));
    assertEquals(10, n.extensionIds().get(AnswerBuilder.RID));
    assertEquals(11, n.extensionIds().get(AnswerBuilder.REPAIRED_RID));
    assertEquals(3, n.extensionIds().get(AnswerBuilder.TRANSPORT_CC));
    assertEquals(List.of("q", "h", "f"), n.rids());
    assertTrue(n.remoteFingerprint().startsWith("45:4A:07"));
  }

  @Test
  void receiveSlotsGetTheBridgesSsrcsAndUnknownMediaIsDeclined() throws Exception {
    String offer =
        chromiumOffer().replace("a=group:BUNDLE 0 1", "a=group:BUNDLE 0 1 2 3 4")
            + "m=video 9 UDP/TLS/RTP/SAVPF 96 97\r\na=mid:2\r\na=recvonly\r\na=rtcp-mux\r\na=rtpmap:96 VP8/90000\r\na=rtpmap:97 rtx/90000\r\na=fmtp:97 apt=96\r\n"
            + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:3\r\na=recvonly\r\na=rtcp-mux\r\na=rtpmap:111 opus/48000/2\r\n"
            + "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\na=mid:4\r\na=sctp-port:5000\r\n";
    AnswerBuilder.Answer a = answer(offer);
    SessionDescription sdp = SessionDescription.parse(a.sdp());
    assertEquals(
        List.of("0", "1", "2", "3"), sdp.bundle(), "the data channel is not bundled: declined");
    assertEquals(Direction.SENDONLY, sdp.mediaByMid("2").direction());
    assertEquals(
        List.of(1001L, 1002L),
        sdp.mediaByMid("2").ssrcGroups().get(0).ssrcs(),
        "slot SSRC and its RTX");
    assertEquals(List.of(1001L), a.negotiated().videoSlotSsrcs());
    assertEquals(List.of(1003L), a.negotiated().audioSlotSsrcs());
    assertEquals(0, sdp.mediaByMid("4").port());
  }

  @Test
  void refusesOffersItCannotServeWithAReason() throws Exception {
    String h264Only =
        "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=fingerprint:sha-256 AA:BB\r\n"
            + "m=video 9 UDP/TLS/RTP/SAVPF 102\r\na=mid:0\r\na=sendonly\r\na=rtpmap:102 H264/90000\r\n";
    ControlApiException noCodec = assertThrows(ControlApiException.class, () -> answer(h264Only));
    assertTrue(noCodec.getMessage().contains("no usable codec"), noCodec.getMessage());
    ControlApiException noFingerprint =
        assertThrows(
            ControlApiException.class,
            () -> answer(h264Only.replace("a=fingerprint:sha-256 AA:BB\r\n", "")));
    assertTrue(noFingerprint.getMessage().contains("fingerprint"));
    ControlApiException passive =
        assertThrows(
            ControlApiException.class,
            () -> answer(chromiumOffer().replace("a=setup:actpass", "a=setup:passive")));
    assertTrue(passive.getMessage().contains("setup:passive"));
  }
}
