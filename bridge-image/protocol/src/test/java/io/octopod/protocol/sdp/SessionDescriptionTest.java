package io.octopod.protocol.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.octopod.protocol.pcap.SharedTestData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SessionDescriptionTest {

  private static String chromiumOffer() throws Exception {
    return Files.readString(
        SharedTestData.chromium("chromium-156-simulcast-offer.sdp"), StandardCharsets.US_ASCII);
  }

  @Test
  void theChromiumOfferWritesBackByteForByte() throws Exception {
    String offer = chromiumOffer();
    SessionDescription sdp = SessionDescription.parse(offer);
    assertEquals(offer, sdp.toString());
    assertEquals(offer, SessionDescription.parse(sdp.toString()).toString());
  }

  /** Its simulcast video has rids, not SSRCs: only the audio SSRC is signalled. */
  @Test
  void theChromiumOfferSignalsOneSsrc() throws Exception {
    long[] ssrcs = SessionDescription.parse(chromiumOffer()).ssrcs();
    assertEquals(List.of(3660585112L), java.util.Arrays.stream(ssrcs).boxed().toList());
  }

  @Test
  void theChromiumOfferReadsAsWebRtcUsesIt() throws Exception {
    SessionDescription sdp = SessionDescription.parse(chromiumOffer());
    assertEquals(List.of("0", "1"), sdp.bundle());
    assertTrue(sdp.extmapAllowMixed());
    assertEquals(2, sdp.media().size());

    MediaSection audio = sdp.mediaByMid("0");
    assertEquals("audio", audio.media());
    assertEquals("UDP/TLS/RTP/SAVPF", audio.protocol());
    assertEquals(Direction.SENDONLY, audio.direction());
    assertEquals(new RtpMap(111, "opus", 48000, 2), audio.rtpMap(111));
    assertEquals("1", audio.fmtps().get(0).parameterMap().get("useinbandfec"));
    assertEquals(new SsrcAttribute(3660585112L, "cname", "DaQk7tU2NZj49Hld"), audio.ssrcs().get(0));
    assertEquals("aNZr", sdp.iceUfrag(audio));
    assertEquals("RF5O3XPVwGH8vA/8CQGXeHNl", sdp.icePwd(audio));
    assertEquals("sha-256", sdp.fingerprint(audio).hashFunction());
    assertEquals("actpass", audio.setup());
    assertTrue(audio.rtcpMux());
    assertTrue(audio.rtcpReducedSize());
    Candidate host = audio.candidates().get(0);
    assertEquals("192.0.2.2", host.address());
    assertEquals(44116, host.port());
    assertEquals("host", host.type());
    assertEquals("udp", host.transport());
    assertEquals(2122194687L, host.priority());
    assertEquals(4, audio.candidates().size());

    MediaSection video = sdp.mediaByMid("1");
    assertEquals(Direction.SENDONLY, video.direction());
    Map<String, Integer> extmaps =
        video.extMaps().stream().collect(Collectors.toMap(ExtMap::uri, ExtMap::id));
    assertEquals(4, extmaps.get("urn:ietf:params:rtp-hdrext:sdes:mid"));
    assertEquals(10, extmaps.get("urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id"));
    assertEquals(11, extmaps.get("urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id"));
    assertEquals(
        3,
        extmaps.get("http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01"));
    assertEquals(
        List.of(new Rid("q", "send", null), new Rid("h", "send", null), new Rid("f", "send", null)),
        video.rids());
    assertEquals(List.of(List.of("q"), List.of("h"), List.of("f")), video.simulcast().send());
    assertEquals(List.of(), video.simulcast().receive());
    assertEquals(new RtpMap(96, "VP8", 90000, 1), video.rtpMap(96));
    assertEquals("rtx", video.rtpMap(97).encoding());
    List<String> codecs = video.rtpMaps().stream().map(RtpMap::encoding).distinct().toList();
    assertTrue(
        codecs.containsAll(List.of("VP8", "VP9", "H264", "AV1", "rtx", "red", "ulpfec")),
        codecs.toString());
    List<RtcpFeedback> vp8Feedback =
        video.rtcpFeedback().stream().filter(f -> f.payloadType() == 96).toList();
    assertTrue(vp8Feedback.contains(new RtcpFeedback(96, "nack", "pli")));
    assertTrue(vp8Feedback.contains(new RtcpFeedback(96, "ccm", "fir")));
    assertTrue(vp8Feedback.contains(new RtcpFeedback(96, "transport-cc", null)));
    assertEquals(23, video.formats().size());
    assertTrue(video.has("rtcp-xr"), "an attribute this parser has no type for is kept");
  }

  /** The example of RFC 8866 §5. */
  private static final String RFC8866_EXAMPLE =
      "v=0\r\n"
          + "o=jdoe 3724394400 3724394405 IN IP4 198.51.100.1\r\n"
          + "s=Call to John Smith\r\n"
          + "i=SDP Offer #1\r\n"
          + "u=http://www.jdoe.example.com/home.html\r\n"
          + "e=Jane Doe <jane@jdoe.example.com>\r\n"
          + "p=+1 617 555-6011\r\n"
          + "c=IN IP4 198.51.100.1\r\n"
          + "t=0 0\r\n"
          + "m=audio 49170 RTP/AVP 0\r\n"
          + "m=audio 49180 RTP/AVP 0\r\n"
          + "m=video 51372 RTP/AVP 99\r\n"
          + "c=IN IP6 2001:db8::2\r\n"
          + "a=rtpmap:99 h263-1998/90000\r\n";

  @Test
  void theRfc8866ExampleRoundTrips() {
    SessionDescription sdp = SessionDescription.parse(RFC8866_EXAMPLE);
    assertEquals(RFC8866_EXAMPLE, sdp.toString());
    assertEquals(3, sdp.media().size());
    assertEquals(49180, sdp.media().get(1).port());
    assertEquals(new RtpMap(99, "h263-1998", 90000, 1), sdp.media().get(2).rtpMap(99));
    assertEquals(Direction.SENDRECV, sdp.media().get(0).direction());
  }

  @Test
  void simulcastAlternativesAndPausedStreamsFollowRfc8853() {
    Simulcast s = Simulcast.parse("send 1;2,3 recv ~4");
    assertEquals(List.of(List.of("1"), List.of("2", "3")), s.send());
    assertEquals(List.of(List.of("~4")), s.receive());
    assertThrows(IllegalArgumentException.class, () -> Simulcast.parse("sideways 1"));
  }

  @Test
  void errorsNameTheLine() {
    SdpParseException noVersion =
        assertThrows(
            SdpParseException.class, () -> SessionDescription.parse("o=- 1 1 IN IP4 x\r\n"));
    assertEquals(1, noVersion.lineNumber());
    SdpParseException rtpmap =
        assertThrows(
            SdpParseException.class,
            () ->
                SessionDescription.parse(
                    "v=0\r\ns=-\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\na=rtpmap:96 VP8\r\n"));
    assertEquals(4, rtpmap.lineNumber());
    assertEquals("a=rtpmap:96 VP8", rtpmap.line());
    assertTrue(rtpmap.getMessage().contains("SDP line 4"), rtpmap.getMessage());
    SdpParseException extmap =
        assertThrows(
            SdpParseException.class,
            () -> SessionDescription.parse("v=0\r\nm=audio 9 RTP/AVP 0\r\na=extmap:15 urn:x\r\n"));
    assertTrue(extmap.getMessage().contains("RFC 8285"), extmap.getMessage());
    assertThrows(SdpParseException.class, () -> SessionDescription.parse("v=0\r\nbogus\r\n"));
    assertThrows(
        SdpParseException.class, () -> SessionDescription.parse("v=0\r\nm=video x RTP/AVP 0\r\n"));
    assertThrows(
        SdpParseException.class,
        () ->
            SessionDescription.parse(
                "v=0\r\nm=audio 9 RTP/AVP 0\r\na=candidate:1 1 udp 5 1.2.3.4\r\n"));
    assertThrows(SdpParseException.class, () -> SessionDescription.parse(""));
  }

  @Test
  void aBuiltAnswerParsesBackToWhatWasBuilt() {
    SessionDescription answer =
        SdpBuilder.session(42, 1, "127.0.0.1")
            .attribute("group", "BUNDLE 0")
            .flag("ice-lite")
            .media("video", 9, "UDP/TLS/RTP/SAVPF", List.of("96", "97"))
            .line('c', "IN IP4 0.0.0.0")
            .attribute("mid", "0")
            .attribute("ice-ufrag", "brdg")
            .attribute("ice-pwd", "0123456789abcdefghijkl")
            .fingerprint(new Fingerprint("sha-256", "AB:CD:EF"))
            .attribute("setup", "passive")
            .direction(Direction.RECVONLY)
            .flag("rtcp-mux")
            .rtpMap(new RtpMap(96, "VP8", 90000, 1))
            .rtcpFeedback(new RtcpFeedback(96, "nack", "pli"))
            .rtpMap(new RtpMap(97, "rtx", 90000, 1))
            .fmtp(new Fmtp(97, "apt=96"))
            .extMap(new ExtMap(4, null, "urn:ietf:params:rtp-hdrext:sdes:mid", null))
            .candidate(
                new Candidate("1", 1, "udp", 2130706431L, "127.0.0.1", 10000, "host", null, -1, ""))
            .ssrcGroup(new SsrcGroup("FID", List.of(1L, 2L)))
            .build();
    assertTrue(answer.iceLite());
    MediaSection video = answer.media().get(0);
    assertEquals(Direction.RECVONLY, video.direction());
    assertEquals("apt=96", video.fmtps().get(0).parameters());
    assertEquals(10000, video.candidates().get(0).port());
    assertEquals(List.of(1L, 2L), video.ssrcGroups().get(0).ssrcs());
    assertNotNull(answer.fingerprint(video));
    assertEquals(answer.toString(), SessionDescription.parse(answer.toString()).toString());
  }
}
