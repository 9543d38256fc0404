package io.octopod.bridge.speaker;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Picks one conference's dominant speaker from the RFC 6464 audio levels of its participants, and
 * changes it only when a challenger clearly out-talks it on the immediate, medium and long time
 * scales together (see {@link SpeechActivityParameters}).
 *
 * <p>Each bridge runs one per conference over local and remote (Octo) audio, and tells its own
 * clients. Levels arrive per packet; {@link #evaluate} runs on a timer (a few times a second).
 * Methods are synchronized: levels come from I/O threads, evaluation from a scheduler, and the lock
 * is uncontended almost always.
 */
public final class DominantSpeakerIdentifier {

  private final SpeechActivityParameters params;
  private final Map<String, SpeakerActivity> speakers = new LinkedHashMap<>();
  private SpeakerActivity dominant;

  public DominantSpeakerIdentifier(SpeechActivityParameters params) {
    this.params = params;
  }

  public DominantSpeakerIdentifier() {
    this(SpeechActivityParameters.DEFAULT);
  }

  /** Adds a speaker, or returns the existing one; keep the handle for {@link #levelReceived}. */
  public synchronized SpeakerActivity addSpeaker(String id) {
    return speakers.computeIfAbsent(id, key -> new SpeakerActivity(key, params));
  }

  /** Removes a speaker; if it held the floor, the next evaluation elects another. */
  public synchronized void removeSpeaker(String id) {
    SpeakerActivity removed = speakers.remove(id);
    if (removed != null && removed == dominant) {
      dominant = null;
    }
  }

  /** One audio packet's level (0 is loudest, 127 silence). Allocation-free. */
  public synchronized void levelReceived(SpeakerActivity speaker, int level, long nowMillis) {
    speaker.levelReceived(level, nowMillis);
  }

  public synchronized Optional<String> dominantSpeaker() {
    return dominant == null ? Optional.empty() : Optional.of(dominant.id());
  }

  /**
   * Re-evaluates the floor at {@code nowMillis}.
   *
   * @return the new dominant speaker's id if the floor changed hands, otherwise empty
   */
  public synchronized Optional<String> evaluate(long nowMillis) {
    long frame = nowMillis / SpeakerActivity.FRAME_MILLIS;
    for (SpeakerActivity speaker : speakers.values()) {
      speaker.advanceTo(frame);
    }
    SpeakerActivity next = dominant == null ? mostActive() : strongestChallenger();
    if (next == null || next == dominant) {
      return Optional.empty();
    }
    dominant = next;
    return Optional.of(next.id());
  }

  /** With nobody holding the floor: whoever has spoken most, if anybody has spoken at all. */
  private SpeakerActivity mostActive() {
    SpeakerActivity best = null;
    for (SpeakerActivity speaker : speakers.values()) {
      if (speaker.mediumActivity() == 0 && speaker.longActivity() == 0) {
        continue;
      }
      if (best == null
          || speaker.longScore() > best.longScore()
          || (speaker.longScore() == best.longScore()
              && speaker.mediumScore() > best.mediumScore())) {
        best = speaker;
      }
    }
    return best;
  }

  /**
   * The challenger beating the dominant speaker on all three scales, by the widest medium margin.
   */
  private SpeakerActivity strongestChallenger() {
    double dominantImmediate = dominant.immediateScore();
    double dominantMedium = dominant.mediumScore();
    double dominantLong = dominant.longScore();
    SpeakerActivity best = null;
    double bestMargin = Double.NEGATIVE_INFINITY;
    for (SpeakerActivity challenger : speakers.values()) {
      if (challenger == dominant) {
        continue;
      }
      double immediate = challenger.immediateScore() - dominantImmediate;
      double medium = challenger.mediumScore() - dominantMedium;
      double longTerm = challenger.longScore() - dominantLong;
      if (immediate > params.c1()
          && medium > params.c2()
          && longTerm > params.c3()
          && medium > bestMargin) {
        best = challenger;
        bestMargin = medium;
      }
    }
    return best;
  }
}
