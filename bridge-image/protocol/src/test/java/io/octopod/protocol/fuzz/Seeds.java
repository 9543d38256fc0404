package io.octopod.protocol.fuzz;

import io.octopod.protocol.octo.OctoAck;
import io.octopod.protocol.octo.OctoFragment;
import io.octopod.protocol.octo.OctoHeader;
import io.octopod.protocol.pcap.CaptureReader;
import io.octopod.protocol.pcap.CapturedDatagram;
import io.octopod.protocol.pcap.SharedTestData;
import io.octopod.protocol.rtcp.FullIntraRequest;
import io.octopod.protocol.rtcp.GenericNack;
import io.octopod.protocol.rtcp.Goodbye;
import io.octopod.protocol.rtcp.PictureLossIndication;
import io.octopod.protocol.rtcp.ReceiverEstimatedMaxBitrate;
import io.octopod.protocol.rtcp.ReceiverReport;
import io.octopod.protocol.rtcp.ReportBlock;
import io.octopod.protocol.rtcp.SenderReport;
import io.octopod.protocol.rtcp.SourceDescription;
import io.octopod.protocol.rtcp.TransportWideFeedbackWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/** Valid inputs for each parser, from real traffic and from the writers, to mutate from. */
public final class Seeds {

  private Seeds() {}

  public static List<byte[]> capture(int max) throws IOException {
    List<byte[]> out = new ArrayList<>();
    for (CapturedDatagram d :
        CaptureReader.udpDatagrams(
            SharedTestData.chromium("chromium-156-vp8-simulcast-start.pcap"))) {
      if (out.size() >= max) {
        break;
      }
      out.add(d.payload());
    }
    return out;
  }

  public static List<byte[]> rtcp() {
    List<byte[]> out = new ArrayList<>();
    byte[] buf = new byte[512];
    int n = SenderReport.write(buf, 0, 1, 2, 3, 4, 5);
    n += ReportBlock.write(buf, n, 6, 7, 8, 9, 10, 11, 12);
    SenderReport.setReportCount(buf, 0, 1, n);
    n += SourceDescription.writeCname(buf, n, 1, "fuzz@octopod");
    n += GenericNack.write(buf, n, 1, 2, new int[] {5, 6, 9, 40}, 4);
    out.add(Arrays.copyOf(buf, n));
    n = ReceiverReport.write(buf, 0, 1);
    n += PictureLossIndication.write(buf, n, 1, 2);
    n += FullIntraRequest.write(buf, n, 1, 2, 3);
    n += ReceiverEstimatedMaxBitrate.write(buf, n, 1, 1_000_000, new long[] {2, 3}, 2);
    n += Goodbye.write(buf, n, new long[] {1}, 1, "bye");
    out.add(Arrays.copyOf(buf, n));
    TransportWideFeedbackWriter tcc = new TransportWideFeedbackWriter();
    tcc.reset(1, 2, 100, 1_000_000, 0);
    for (int i = 0; i < 40; i += (i % 5 == 0 ? 2 : 1)) {
      tcc.addReceived(100 + i, 1_000_000 + i * (i == 20 ? 90_000L : 3_000L));
    }
    n = tcc.write(buf, 0);
    out.add(Arrays.copyOf(buf, n));
    return out;
  }

  public static List<byte[]> vp8() {
    HexFormat hex = HexFormat.of();
    return List.of(
        hex.parseHex("90f09234 07a51002 009d012a".replace(" ", "")),
        hex.parseHex("80804501aabb"),
        hex.parseHex("1001aabb"));
  }

  public static List<byte[]> octo() {
    byte[] buf = new byte[80];
    OctoHeader.write(buf, 0, OctoHeader.KIND_RTP, OctoHeader.MEDIA_VIDEO, 2, 1, 77, 5, 2, 9);
    return List.of(buf);
  }

  /** Single fragments: the first, a middle and the last of a three-fragment message. */
  public static List<byte[]> octoFragments() {
    byte[] message = new byte[3000];
    for (int i = 0; i < message.length; i++) {
      message[i] = (byte) i;
    }
    List<byte[]> out = new ArrayList<>();
    byte[] buf = new byte[OctoFragment.LENGTH + OctoFragment.FRAGMENT_BYTES];
    for (int i = 0; i < 3; i++) {
      int n = OctoFragment.write(buf, 0, 1_000 + i, i, message, message.length, i);
      out.add(Arrays.copyOf(buf, n));
    }
    return out;
  }

  /**
   * Runs of length-prefixed fragments for reassembly: a three-fragment message out of order with a
   * duplicate, then a one-fragment message after it.
   */
  public static List<byte[]> octoFragmentRuns() {
    byte[] big = new byte[3000];
    byte[] small = "{\"type\":\"deliver\"}".getBytes(StandardCharsets.UTF_8);
    byte[] buf = new byte[OctoFragment.LENGTH + OctoFragment.FRAGMENT_BYTES];
    java.io.ByteArrayOutputStream run = new java.io.ByteArrayOutputStream();
    int[][] order = {{2, 0}, {0, 0}, {0, 0}, {1, 0}, {0, 1}};
    for (int[] step : order) {
      byte[] m = step[1] == 0 ? big : small;
      int n = OctoFragment.write(buf, 0, 500 + step[1], step[1], m, m.length, step[0]);
      run.write(n >>> 8);
      run.write(n);
      run.write(buf, 0, n);
    }
    return List.of(run.toByteArray());
  }

  public static List<byte[]> octoAcks() {
    byte[] buf = new byte[OctoAck.LENGTH + 2 * OctoAck.ENTRY_LENGTH];
    OctoAck.writeHeader(buf, 0, 5, 2);
    OctoAck.writeEntry(buf, 0, 0, 5, 6, 0b11);
    OctoAck.writeEntry(buf, 0, 1, 5, 7, 1);
    return List.of(buf);
  }

  public static List<byte[]> sdp() throws IOException {
    return List.of(
        Files.readAllBytes(SharedTestData.chromium("chromium-156-simulcast-offer.sdp")),
        ("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0\r\n"
                + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:0\r\na=rtpmap:111 opus/48000/2\r\n"
                + "a=simulcast:send 1;2,3 recv ~4\r\na=rid:1 send pt=111\r\n")
            .getBytes(StandardCharsets.US_ASCII));
  }
}
