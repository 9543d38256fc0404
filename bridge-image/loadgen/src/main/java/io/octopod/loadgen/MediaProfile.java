package io.octopod.loadgen;

/**
 * The synthetic media of one sending endpoint, at the rates a browser sends: VP8 simulcast in three
 * layers and Opus. Rates are per second of real time at load factor 1; the load generator scales
 * them all by its factor to offer more load with the same shape.
 */
public final class MediaProfile {

  /** One simulcast layer: its rid, packets and bits per second, packets per frame and size. */
  public enum Layer {
    Q("q", 24, 150_000, 1, 320, 180),
    H("h", 43, 350_000, 2, 640, 360),
    F("f", 99, 800_000, 3, 1280, 720);

    final String rid;
    final int packetsPerSecond;
    final int bitsPerSecond;
    final int packetsPerFrame;
    final int width;
    final int height;

    Layer(
        String rid,
        int packetsPerSecond,
        int bitsPerSecond,
        int packetsPerFrame,
        int width,
        int height) {
      this.rid = rid;
      this.packetsPerSecond = packetsPerSecond;
      this.bitsPerSecond = bitsPerSecond;
      this.packetsPerFrame = packetsPerFrame;
      this.width = width;
      this.height = height;
    }

    /** RTP payload bytes per packet: the layer's bitrate spread over its packets. */
    int payloadBytes() {
      return bitsPerSecond / 8 / packetsPerSecond;
    }

    /** Frames per second, which sets the RTP timestamp step. */
    double framesPerSecond() {
      return (double) packetsPerSecond / packetsPerFrame;
    }
  }

  public static final int AUDIO_PACKETS_PER_SECOND = 50;

  /** Opus at 32 kbit/s in 20 ms frames. */
  public static final int AUDIO_PAYLOAD_BYTES = 80;

  /**
   * Seconds between a layer's periodic keyframes, in media time (they speed up with the factor).
   */
  public static final double KEYFRAME_INTERVAL_SECONDS = 3.0;

  /** Packets one sending endpoint offers per second at factor 1, all layers and audio. */
  public static int packetsPerSecondPerSender() {
    int total = AUDIO_PACKETS_PER_SECOND;
    for (Layer layer : Layer.values()) {
      total += layer.packetsPerSecond;
    }
    return total;
  }

  private MediaProfile() {}
}
