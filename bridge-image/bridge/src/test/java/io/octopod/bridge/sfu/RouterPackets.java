package io.octopod.bridge.sfu;

import io.octopod.bridge.srtp.SrtpSession;
import io.octopod.protocol.Bytes;
import io.octopod.protocol.demux.Demultiplexer;
import io.octopod.protocol.demux.PacketKind;
import io.octopod.protocol.rtp.RtpPacket;
import java.util.ArrayList;
import java.util.List;

/** Packets for router tests, and what pre-keyed endpoints were sent, decrypted. */
final class RouterPackets {

  /** Room a sender's buffer keeps after the packet, as the media port's buffers do. */
  static final int SPARE = 32;

  /** Where {@link #vp8} puts its sequence number's low byte, to recognise the packet later. */
  static final int MARKER = 30;

  private RouterPackets() {}

  /**
   * A VP8 RTP packet (payload type 96) of 117 bytes plus {@link #SPARE}; a keyframe carries the VP8
   * start code and a 640x360 size, so a router learns the stream's height from it.
   */
  static byte[] vp8(long ssrc, int seq, boolean keyframe) {
    byte[] p = new byte[12 + 5 + 100 + SPARE];
    p[0] = (byte) 0x80;
    p[1] = 96;
    Bytes.putU16(p, 2, seq);
    Bytes.putU32(p, 4, seq * 3000L);
    Bytes.putU32(p, 8, ssrc);
    p[12] = (byte) 0x90;
    p[13] = (byte) 0x80;
    p[14] = (byte) 0x80;
    p[15] = (byte) seq;
    p[16] = (byte) (keyframe ? 0x00 : 0x01);
    if (keyframe) {
      p[20] = (byte) 0x9d;
      p[21] = 0x01;
      p[22] = 0x2a;
      Bytes.putU16(p, 23, 640);
      Bytes.putU16(p, 25, 360);
    }
    p[MARKER] = (byte) seq;
    return p;
  }

  /** The RTP packets among the datagrams sent to a pre-keyed endpoint, decrypted. */
  static List<RtpPacket> rtpTo(List<byte[]> sink, byte[] key) {
    SrtpSession session = PreKeyedEndpoints.session(key);
    List<RtpPacket> out = new ArrayList<>();
    for (byte[] d : sink) {
      if (Demultiplexer.classify(d, 0, d.length) != PacketKind.RTP) {
        continue;
      }
      byte[] copy = d.clone();
      int n = session.unprotectRtp(copy, 0, copy.length);
      RtpPacket p = new RtpPacket();
      if (n > 0 && p.wrap(copy, 0, n)) {
        out.add(p);
      }
    }
    return out;
  }
}
