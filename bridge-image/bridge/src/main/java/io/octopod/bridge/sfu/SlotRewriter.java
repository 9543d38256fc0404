package io.octopod.bridge.sfu;

import io.octopod.protocol.rtp.RtpPacket;
import io.octopod.protocol.rtp.SequenceNumbers;
import io.octopod.protocol.vp8.Vp8PayloadDescriptor;

/**
 * Rewrites the packets of whichever source a receiver's slot carries into one continuous stream:
 * the slot's SSRC, sequence numbers and timestamps that never jump back, and for VP8 picture IDs
 * and TL0PICIDX that keep counting. A video slot switches to a new source only at a keyframe of
 * that source, so the receiver's decoder never sees a broken reference; until then the new source's
 * packets are refused and the caller asks the sender for a keyframe.
 */
final class SlotRewriter {

  /**
   * Gap put between two sources in the slot's timestamps: one frame at 30 fps, or 20 ms of Opus.
   */
  private static final long VIDEO_TIMESTAMP_STEP = 3000;

  private static final long AUDIO_TIMESTAMP_STEP = 960;

  private final long slotSsrc;
  private final boolean video;
  private long source = -1;
  private int sequenceOffset;
  private long timestampOffset;
  private int pictureIdOffset;
  private int tl0Offset;
  private int lastSequence = -1;
  private long lastTimestamp;
  private int lastPictureId = -1;
  private int lastTl0 = -1;

  /** What this slot sent lately, to answer the receiver's NACKs; null for audio. */
  final io.octopod.bridge.repair.SentPacketCache sent;

  SlotRewriter(long slotSsrc, boolean video) {
    this.slotSsrc = slotSsrc;
    this.video = video;
    this.sent = video ? new io.octopod.bridge.repair.SentPacketCache() : null;
  }

  long slotSsrc() {
    return slotSsrc;
  }

  private long packetsSent;
  private long octetsSent;

  /** Counts a forwarded packet's payload, for the slot's sender reports. */
  void sent(int payloadOctets) {
    packetsSent++;
    octetsSent += payloadOctets;
  }

  long packetsSent() {
    return packetsSent;
  }

  long octetsSent() {
    return octetsSent;
  }

  /**
   * The slot's RTP timestamp for a timestamp of the current source: what a sender report from that
   * source must say once translated, so that receivers keep audio and video in sync.
   */
  long translateTimestamp(long sourceTimestamp) {
    return (sourceTimestamp + timestampOffset) & 0xffff_ffffL;
  }

  /** The source SSRC the slot carries now, or -1. */
  long source() {
    return source;
  }

  /**
   * Rewrites the packet in place for this slot.
   *
   * @param vp8 the packet's VP8 descriptor, wrapped, or null for audio
   * @param keyframe whether the packet starts a keyframe
   * @return false when the packet must not be forwarded (a new source before its keyframe)
   */
  boolean rewrite(RtpPacket rtp, Vp8PayloadDescriptor vp8, boolean keyframe) {
    long ssrc = rtp.ssrc();
    if (ssrc != source) {
      if (video && !keyframe) {
        return false;
      }
      switchTo(rtp, vp8);
    }
    int sequence = SequenceNumbers.add(rtp.sequenceNumber(), sequenceOffset);
    long timestamp = (rtp.timestamp() + timestampOffset) & 0xffff_ffffL;
    rtp.ssrc(slotSsrc);
    rtp.sequenceNumber(sequence);
    rtp.timestamp(timestamp);
    if (lastSequence < 0 || SequenceNumbers.isNewer(sequence, lastSequence)) {
      lastSequence = sequence;
      lastTimestamp = timestamp;
    }
    if (vp8 != null && vp8.hasPictureId()) {
      int mask = vp8.longPictureId() ? 0x7fff : 0x7f;
      int picture = (vp8.pictureId() + pictureIdOffset) & mask;
      vp8.pictureId(picture);
      lastPictureId = picture;
      if (vp8.tl0PicIdx() != Vp8PayloadDescriptor.NO_VALUE) {
        int tl0 = (vp8.tl0PicIdx() + tl0Offset) & 0xff;
        vp8.tl0PicIdx(tl0);
        lastTl0 = tl0;
      }
    }
    return true;
  }

  private void switchTo(RtpPacket rtp, Vp8PayloadDescriptor vp8) {
    source = rtp.ssrc();
    if (lastSequence < 0) {
      sequenceOffset = 0;
      timestampOffset = 0;
      pictureIdOffset = 0;
      tl0Offset = 0;
      return;
    }
    sequenceOffset = (lastSequence + 1 - rtp.sequenceNumber()) & 0xffff;
    long step = video ? VIDEO_TIMESTAMP_STEP : AUDIO_TIMESTAMP_STEP;
    timestampOffset = (lastTimestamp + step - rtp.timestamp()) & 0xffff_ffffL;
    if (vp8 != null && vp8.hasPictureId() && lastPictureId >= 0) {
      pictureIdOffset = lastPictureId + 1 - vp8.pictureId();
    }
    if (vp8 != null && vp8.tl0PicIdx() != Vp8PayloadDescriptor.NO_VALUE && lastTl0 >= 0) {
      tl0Offset = lastTl0 + 1 - vp8.tl0PicIdx();
    }
  }
}
