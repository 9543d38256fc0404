package io.octopod.bridge.speaker;

/**
 * One speaker's recent audio activity: a ring of per-frame active-band counts covering the long
 * window. Frames are 20 ms slots of wall-clock time, so missing packets (DTX, loss, mute) count as
 * silence rather than freezing the history.
 *
 * <p>Not thread-safe: the owning {@link DominantSpeakerIdentifier} serialises access.
 */
public final class SpeakerActivity {

  static final long FRAME_MILLIS = 20;
  static final int IMMEDIATE_FRAMES = 3;

  private final String id;
  private final SpeechActivityParameters params;
  private final byte[] bands;

  /** Absolute frame number (time / 20 ms) of the newest slot in {@link #bands}. */
  private long newestFrame = Long.MIN_VALUE;

  SpeakerActivity(String id, SpeechActivityParameters params) {
    this.id = id;
    this.params = params;
    this.bands = new byte[params.framesInWindow()];
  }

  public String id() {
    return id;
  }

  /** Records one packet's RFC 6464 level. Allocation-free; called per audio packet. */
  void levelReceived(int level, long nowMillis) {
    advanceTo(nowMillis / FRAME_MILLIS);
    int slot = slot(newestFrame);
    int active = params.activeBands(level);
    // Two packets in one 20 ms slot (jitter): keep the louder.
    if (active > bands[slot]) {
      bands[slot] = (byte) active;
    }
  }

  /** Moves the window forward to {@code frame}, clearing the slots that time skipped. */
  void advanceTo(long frame) {
    if (newestFrame == Long.MIN_VALUE) {
      newestFrame = frame;
      return;
    }
    if (frame <= newestFrame) {
      return;
    }
    if (frame - newestFrame >= bands.length) {
      java.util.Arrays.fill(bands, (byte) 0);
    } else {
      for (long f = newestFrame + 1; f <= frame; f++) {
        bands[slot(f)] = 0;
      }
    }
    newestFrame = frame;
  }

  private int slot(long frame) {
    return (int) Math.floorMod(frame, (long) bands.length);
  }

  /**
   * Active bands in the loudest of the last {@link #IMMEDIATE_FRAMES} frames. One frame alone would
   * read as silence whenever the current slot's packet is still in flight.
   */
  int immediateActivity() {
    if (newestFrame == Long.MIN_VALUE) {
      return 0;
    }
    int max = 0;
    for (long f = newestFrame; f > newestFrame - IMMEDIATE_FRAMES; f--) {
      max = Math.max(max, bands[slot(f)]);
    }
    return max;
  }

  /** Active frames in the newest medium block (the last {@code n2} frames). */
  int mediumActivity() {
    return activeFramesInBlock(0);
  }

  /** Active medium blocks in the long window. */
  int longActivity() {
    int active = 0;
    for (int block = 0; block < params.n3(); block++) {
      if (activeFramesInBlock(block) >= params.blockActiveFrames()) {
        active++;
      }
    }
    return active;
  }

  /** Active frames in the block that ends {@code blocksAgo} blocks before the newest frame. */
  private int activeFramesInBlock(int blocksAgo) {
    if (newestFrame == Long.MIN_VALUE) {
      return 0;
    }
    int active = 0;
    long end = newestFrame - (long) blocksAgo * params.n2();
    for (long f = end; f > end - params.n2(); f--) {
      if (bands[slot(f)] >= params.frameActiveBands()) {
        active++;
      }
    }
    return active;
  }

  double immediateScore() {
    return SpeechActivityScore.logScore(
        immediateActivity(), params.n1(), params.p(), params.lambda1());
  }

  double mediumScore() {
    return SpeechActivityScore.logScore(
        mediumActivity(), params.n2(), params.p(), params.lambda2());
  }

  double longScore() {
    return SpeechActivityScore.logScore(longActivity(), params.n3(), params.p(), params.lambda3());
  }
}
