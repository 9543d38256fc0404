package io.octopod.loadgen;

import io.octopod.protocol.Bytes;
import io.octopod.protocol.rtp.Retransmission;
import io.octopod.protocol.rtp.RtpPacket;

/**
 * One stream a simulated endpoint sends (a VP8 layer or its Opus track): writes its next packet,
 * with the header extensions a browser sets (mid, and rid or the audio level), a VP8 payload
 * descriptor whose keyframes declare the layer's size, and a probe (the send time, {@link
 * System#nanoTime}) at {@link #probeOffset} of the payload. Keeps enough of what it sent to answer
 * a NACK with an RTX packet as Chromium does. A layer may instead play a {@link Vp8Clip} of real
 * VP8 frames (for browsers that must decode it): then its packets carry the clip's data, fragmented
 * as Chromium's packetizer does, with no probe, and a keyframe request jumps to the clip's next
 * keyframe. Written to by the pacer thread only; {@link #requestKeyframe} may come from any thread.
 */
final class OutboundStream {

  /** Header: 12 fixed bytes and a one-byte extension block of one word of elements. */
  static final int HEADER = 20;

  static final int VP8_DESCRIPTOR = 4;

  /** Where the probe sits in the payload: after the descriptor and a keyframe's 10-byte header. */
  static int probeOffset(boolean audio) {
    return audio ? 0 : VP8_DESCRIPTOR + 10;
  }

  private static final int HISTORY = 1024;

  final MediaProfile.Layer layer;
  final long ssrc;
  final long rtxSsrc;
  private final int payloadBytes;
  private final double packetsPerSecond;
  private final int timestampStep;

  private int sequence;
  private long timestamp;
  private int pictureId;
  private int packetInFrame;
  private int framesSinceKeyframe;
  private final int framesPerKeyframe;
  private volatile boolean keyframeRequested = true;
  private int rtxSequence;
  private int audioLevel = 127;

  private final long[] sentAt = new long[HISTORY];
  private final long[] timestampAt = new long[HISTORY];
  private final int[] pictureIdAt = new int[HISTORY];
  private final byte[] scratch = new byte[1500];
  private final RtpPacket original = new RtpPacket();

  /** The clip a layer plays, or null for synthetic frames; where in it the next packet starts. */
  private final Vp8Clip clip;

  private int clipFrame;
  private int clipOffset;

  /** Packets this stream owes since its start, as a fraction: the pacer's budget. */
  private double credit;

  long packetsSent;
  long bytesSent;
  long keyframesSent;
  long retransmissions;

  /** A video layer. */
  OutboundStream(MediaProfile.Layer layer, long ssrc, long rtxSsrc, int firstSequence) {
    this.layer = layer;
    this.ssrc = ssrc;
    this.rtxSsrc = rtxSsrc;
    this.payloadBytes = layer.payloadBytes();
    this.packetsPerSecond = layer.packetsPerSecond;
    this.timestampStep = (int) Math.round(90_000 / layer.framesPerSecond());
    this.framesPerKeyframe =
        (int) Math.round(layer.framesPerSecond() * MediaProfile.KEYFRAME_INTERVAL_SECONDS);
    this.sequence = firstSequence;
    this.clip = null;
  }

  /** A video layer (its rid from {@code layer}) playing a clip at the clip's own rate. */
  OutboundStream(
      MediaProfile.Layer layer, Vp8Clip clip, long ssrc, long rtxSsrc, int firstSequence) {
    this.layer = layer;
    this.ssrc = ssrc;
    this.rtxSsrc = rtxSsrc;
    this.payloadBytes = 0;
    this.packetsPerSecond = clip.packetsPerSecond();
    this.timestampStep = (int) Math.round(90_000 / clip.framesPerSecond());
    this.framesPerKeyframe = 0;
    this.sequence = firstSequence;
    this.clip = clip;
  }

  /** The Opus track. */
  OutboundStream(long ssrc, int firstSequence) {
    this.clip = null;
    this.layer = null;
    this.ssrc = ssrc;
    this.rtxSsrc = -1;
    this.payloadBytes = MediaProfile.AUDIO_PAYLOAD_BYTES;
    this.packetsPerSecond = MediaProfile.AUDIO_PACKETS_PER_SECOND;
    this.timestampStep = 960;
    this.framesPerKeyframe = 0;
    this.sequence = firstSequence;
  }

  boolean audio() {
    return layer == null;
  }

  /** The level the next audio packets carry (RFC 6464: 0 loudest, 127 silence). */
  void audioLevel(int level) {
    this.audioLevel = level;
  }

  void requestKeyframe() {
    keyframeRequested = true;
  }

  /** Adds {@code seconds × factor} of packets to the stream's budget; returns how many are due. */
  int due(double seconds, double factor) {
    credit += seconds * factor * packetsPerSecond;
    int due = (int) credit;
    credit -= due;
    return due;
  }

  /**
   * Writes the next packet into {@code out} (room for the SRTP tag after it); returns its length.
   */
  int next(byte[] out, long now) {
    int seq = sequence;
    sequence = (sequence + 1) & 0xffff;
    int length;
    if (audio()) {
      length = writeAudio(out, seq, now);
      timestamp += timestampStep;
    } else if (clip != null) {
      length = writeClip(out, seq);
    } else {
      boolean start = packetInFrame == 0;
      if (start) {
        boolean keyframe = keyframeRequested || framesSinceKeyframe >= framesPerKeyframe;
        if (keyframe) {
          keyframeRequested = false;
          framesSinceKeyframe = 0;
          keyframesSent++;
        }
        framesSinceKeyframe++;
        pictureId = (pictureId + 1) & 0x7fff;
        currentKeyframe = keyframe;
      }
      boolean end = packetInFrame == layer.packetsPerFrame - 1;
      length =
          writeVideo(
              out, seq, timestamp, pictureId, start, end, start && currentKeyframe, now, false);
      int slot = seq % HISTORY;
      sentAt[slot] = now;
      timestampAt[slot] = timestamp;
      pictureIdAt[slot] = pictureId | (start ? 0x10000 : 0) | (end ? 0x20000 : 0);
      packetInFrame++;
      if (end) {
        packetInFrame = 0;
        timestamp += timestampStep;
      }
    }
    packetsSent++;
    bytesSent += length;
    return length;
  }

  private boolean currentKeyframe;

  /**
   * Writes the RTX packet that repairs {@code lostSequence} (its original send time kept, so its
   * latency counts the repair), or returns -1 when it is too old to resend.
   */
  int retransmission(byte[] out, int lostSequence) {
    if (audio() || clip != null) {
      return -1;
    }
    int age = (sequence - lostSequence) & 0xffff;
    if (age == 0 || age > HISTORY) {
      return -1;
    }
    int slot = lostSequence % HISTORY;
    int picture = pictureIdAt[slot];
    int n =
        writeVideo(
            scratch,
            lostSequence,
            timestampAt[slot],
            picture & 0x7fff,
            (picture & 0x10000) != 0,
            (picture & 0x20000) != 0,
            false,
            sentAt[slot],
            true);
    if (!original.wrap(scratch, 0, n)) {
      return -1;
    }
    retransmissions++;
    int length = Retransmission.encapsulate(original, out, EndpointOffer.RTX, rtxSsrc, rtxSequence);
    rtxSequence = (rtxSequence + 1) & 0xffff;
    return length;
  }

  /**
   * Writes the clip's next fragment: a frame's first packet has the descriptor's S bit, its last
   * the marker; the timestamp and picture ID advance per frame, as a browser's do.
   */
  private int writeClip(byte[] out, int seq) {
    boolean start = clipOffset == 0;
    if (start) {
      if (keyframeRequested) {
        keyframeRequested = false;
        clipFrame = clip.nextKeyframe(clipFrame);
      }
      if (clip.keyframes().get(clipFrame)) {
        keyframesSent++;
      }
      pictureId = (pictureId + 1) & 0x7fff;
    }
    byte[] frame = clip.frames().get(clipFrame);
    int size = Math.min(Vp8Clip.MAX_FRAGMENT, frame.length - clipOffset);
    boolean end = clipOffset + size >= frame.length;
    header(out, EndpointOffer.VP8, end, seq, timestamp);
    out[16] = (byte) (EndpointOffer.EXT_MID << 4);
    out[17] = (byte) EndpointOffer.VIDEO_MID.charAt(0);
    out[18] = (byte) (EndpointOffer.EXT_RID << 4);
    out[19] = (byte) layer.rid.charAt(0);
    int p = HEADER;
    out[p] = (byte) (start ? 0x90 : 0x80); // X, and S on a frame's first packet
    out[p + 1] = (byte) 0x80; // I: a picture ID follows
    out[p + 2] = (byte) (0x80 | (pictureId >> 8)); // M: the 15-bit form
    out[p + 3] = (byte) pictureId;
    System.arraycopy(frame, clipOffset, out, p + VP8_DESCRIPTOR, size);
    clipOffset += size;
    if (end) {
      clipOffset = 0;
      clipFrame = (clipFrame + 1) % clip.frames().size();
      timestamp += timestampStep;
    }
    return HEADER + VP8_DESCRIPTOR + size;
  }

  private void header(byte[] out, int payloadType, boolean marker, int seq, long ts) {
    out[0] = (byte) 0x90;
    out[1] = (byte) ((marker ? 0x80 : 0) | payloadType);
    Bytes.putU16(out, 2, seq);
    Bytes.putU32(out, 4, ts & 0xffff_ffffL);
    Bytes.putU32(out, 8, ssrc);
    out[12] = (byte) 0xBE;
    out[13] = (byte) 0xDE;
    out[14] = 0;
    out[15] = 1;
  }

  private int writeAudio(byte[] out, int seq, long now) {
    header(out, EndpointOffer.OPUS, false, seq, timestamp);
    out[16] = (byte) (EndpointOffer.EXT_AUDIO_LEVEL << 4);
    out[17] = (byte) (audioLevel < 127 ? 0x80 | audioLevel : audioLevel);
    out[18] = (byte) (EndpointOffer.EXT_MID << 4);
    out[19] = (byte) EndpointOffer.AUDIO_MID.charAt(0);
    java.util.Arrays.fill(out, HEADER, HEADER + payloadBytes, (byte) 0);
    Bytes.putI64(out, HEADER + probeOffset(true), now);
    return HEADER + payloadBytes;
  }

  private int writeVideo(
      byte[] out,
      int seq,
      long ts,
      int picture,
      boolean startOfFrame,
      boolean endOfFrame,
      boolean keyframe,
      long sendTime,
      boolean repair) {
    header(out, EndpointOffer.VP8, endOfFrame, seq, ts);
    out[16] = (byte) (EndpointOffer.EXT_MID << 4);
    out[17] = (byte) EndpointOffer.VIDEO_MID.charAt(0);
    out[18] = (byte) ((repair ? EndpointOffer.EXT_REPAIRED_RID : EndpointOffer.EXT_RID) << 4);
    out[19] = (byte) layer.rid.charAt(0);
    int p = HEADER;
    java.util.Arrays.fill(out, p, p + payloadBytes, (byte) 0);
    out[p] = (byte) (startOfFrame ? 0x90 : 0x80); // X, and S on a frame's first packet
    out[p + 1] = (byte) 0x80; // I: a picture ID follows
    out[p + 2] = (byte) (0x80 | (picture >> 8)); // M: the 15-bit form
    out[p + 3] = (byte) picture;
    int frame = p + VP8_DESCRIPTOR;
    out[frame] = (byte) (keyframe ? 0x00 : 0x01); // the frame tag's inverse keyframe bit
    if (keyframe) {
      out[frame + 3] = (byte) 0x9d;
      out[frame + 4] = 0x01;
      out[frame + 5] = 0x2a;
      out[frame + 6] = (byte) layer.width;
      out[frame + 7] = (byte) (layer.width >> 8);
      out[frame + 8] = (byte) layer.height;
      out[frame + 9] = (byte) (layer.height >> 8);
    }
    Bytes.putI64(out, p + probeOffset(false), sendTime);
    return HEADER + payloadBytes;
  }
}
