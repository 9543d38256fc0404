package io.octopod.bridge.speaker;

/**
 * The constants of the three-time-scale speech activity model.
 *
 * <p>Volfin and Cohen ("Dominant Speaker Identification for Multipoint Videoconferencing") score a
 * speaker on an immediate, a medium and a long time scale. On each scale a speaker has {@code N}
 * sub-units of which {@code k} are active; the score is the log of the likelihood ratio between a
 * binomial model of speech ({@code p}) and an exponential model of non-speech ({@code lambda}). A
 * challenger takes the floor only when it beats the dominant speaker by a margin {@code C} on all
 * three scales at once, which is what keeps a cough from stealing the floor.
 *
 * <p>Browsers give us no sub-band energies, only the RFC 6464 level of each 20 ms packet. So the
 * immediate scale is one packet, whose level is mapped linearly onto {@code n1} virtual sub-bands
 * between {@code silentLevel} and {@code loudLevel} (both in -dBov, as RFC 6464 carries them).
 *
 * @param n1 virtual sub-bands of one 20 ms frame
 * @param n2 frames in one medium block
 * @param n3 medium blocks in the long window
 * @param frameActiveBands a frame counts as active in its medium block with this many bands
 * @param blockActiveFrames a medium block counts as active with this many active frames
 * @param p speech model's activity probability, on every scale
 * @param lambda1 non-speech model's rate, immediate scale
 * @param lambda2 non-speech model's rate, medium scale
 * @param lambda3 non-speech model's rate, long scale
 * @param c1 margin on the immediate scale
 * @param c2 margin on the medium scale
 * @param c3 margin on the long scale
 * @param silentLevel RFC 6464 level (-dBov) at or above which a frame has no active band
 * @param loudLevel RFC 6464 level (-dBov) at or below which every band is active
 */
public record SpeechActivityParameters(
    int n1,
    int n2,
    int n3,
    int frameActiveBands,
    int blockActiveFrames,
    double p,
    double lambda1,
    double lambda2,
    double lambda3,
    double c1,
    double c2,
    double c3,
    int silentLevel,
    int loudLevel) {

  /**
   * Frames of 20 ms, medium blocks of 200 ms, a long window of 2 s. The margins and rates are the
   * paper's published values; the window lengths are chosen so that a handover completes in about
   * one second and a burst shorter than a medium block can never win.
   */
  public static final SpeechActivityParameters DEFAULT =
      new SpeechActivityParameters(13, 10, 10, 7, 5, 0.5, 0.78, 24, 47, 3, 2, 0, 90, 37);

  public SpeechActivityParameters {
    if (n1 <= 0 || n2 <= 0 || n3 <= 0) {
      throw new IllegalArgumentException("n1, n2 and n3 must be positive");
    }
    if (frameActiveBands > n1 || blockActiveFrames > n2) {
      throw new IllegalArgumentException("activity thresholds exceed their unit counts");
    }
    if (!(p > 0 && p < 1)) {
      throw new IllegalArgumentException("p must be within (0, 1)");
    }
    if (loudLevel >= silentLevel) {
      throw new IllegalArgumentException("loudLevel must be below silentLevel (levels are -dBov)");
    }
  }

  /** Frames the long window spans. */
  public int framesInWindow() {
    return n2 * n3;
  }

  /** Active virtual bands for one frame's RFC 6464 level (0 loudest, 127 silence). */
  public int activeBands(int level) {
    if (level >= silentLevel) {
      return 0;
    }
    if (level <= loudLevel) {
      return n1;
    }
    return (int) Math.round((double) n1 * (silentLevel - level) / (silentLevel - loudLevel));
  }
}
