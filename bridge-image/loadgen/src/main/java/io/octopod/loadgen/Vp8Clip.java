package io.octopod.loadgen;

import java.util.ArrayList;
import java.util.List;

/**
 * A short loop of real VP8 frames (made by a real encoder, e.g. Chromium's WebCodecs), for a
 * simulated participant whose video a browser must be able to decode. The loop starts with a
 * keyframe and has others along the way, so that a sender asked for a keyframe (a PLI) can jump to
 * the next one instead of waiting for the loop to come round.
 *
 * @param width the frames' width in pixels
 * @param height their height
 * @param framesPerSecond the rate the frames were encoded for, which the sender keeps
 * @param frames each frame's bytes, as the encoder wrote them (an RTP VP8 payload after its
 *     descriptor)
 * @param keyframes whether each frame is a keyframe
 */
public record Vp8Clip(
    int width, int height, double framesPerSecond, List<byte[]> frames, List<Boolean> keyframes) {

  /** The most VP8 data one RTP packet carries: with headers and SRTP, well under 1,200 bytes. */
  static final int MAX_FRAGMENT = 1100;

  public Vp8Clip {
    frames = List.copyOf(frames);
    keyframes = List.copyOf(keyframes);
    if (frames.isEmpty() || frames.size() != keyframes.size() || !keyframes.get(0)) {
      throw new IllegalArgumentException("a clip starts with a keyframe and flags every frame");
    }
    if (framesPerSecond <= 0 || width <= 0 || height <= 0) {
      throw new IllegalArgumentException("a clip needs a size and a frame rate");
    }
  }

  /** A clip from frames and their flags. */
  public static Vp8Clip of(int width, int height, double framesPerSecond, List<Frame> frames) {
    List<byte[]> data = new ArrayList<>();
    List<Boolean> keys = new ArrayList<>();
    for (Frame f : frames) {
      data.add(f.data());
      keys.add(f.keyframe());
    }
    return new Vp8Clip(width, height, framesPerSecond, data, keys);
  }

  /** One encoded frame. */
  public record Frame(byte[] data, boolean keyframe) {}

  /** The index of the first keyframe at or after {@code index}, going round the loop. */
  int nextKeyframe(int index) {
    for (int i = 0; i < frames.size(); i++) {
      int at = (index + i) % frames.size();
      if (keyframes.get(at)) {
        return at;
      }
    }
    return 0;
  }

  /** RTP packets the frames take, on average, per second of the loop. */
  double packetsPerSecond() {
    long packets = 0;
    for (byte[] f : frames) {
      packets += packets(f.length);
    }
    return framesPerSecond * packets / frames.size();
  }

  /** Bits per second of VP8 data when played at its frame rate. */
  public double bitsPerSecond() {
    long bytes = 0;
    for (byte[] f : frames) {
      bytes += f.length;
    }
    return framesPerSecond * bytes * 8 / frames.size();
  }

  static int packets(int frameBytes) {
    return Math.max(1, (frameBytes + MAX_FRAGMENT - 1) / MAX_FRAGMENT);
  }
}
