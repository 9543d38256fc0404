package io.octopod.bridge.speaker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.LongToIntFunction;
import org.junit.jupiter.api.Test;

/** Synthetic level traces: 20 ms Opus packets, the floor evaluated every 100 ms. */
class DominantSpeakerIdentifierTest {

  private static final int SILENT = 127;

  private record FloorChange(long atMillis, String speaker) {}

  /** Talker whose level at each millisecond is given by a function of time. */
  private static Map<String, LongToIntFunction> talkers(Object... idAndTrace) {
    Map<String, LongToIntFunction> map = new LinkedHashMap<>();
    for (int i = 0; i < idAndTrace.length; i += 2) {
      map.put((String) idAndTrace[i], (LongToIntFunction) idAndTrace[i + 1]);
    }
    return map;
  }

  private static List<FloorChange> run(
      DominantSpeakerIdentifier dsi, Map<String, LongToIntFunction> talkers, long durationMillis) {
    Map<String, SpeakerActivity> handles = new LinkedHashMap<>();
    talkers.keySet().forEach(id -> handles.put(id, dsi.addSpeaker(id)));
    List<FloorChange> changes = new ArrayList<>();
    for (long t = 0; t < durationMillis; t += 20) {
      for (Map.Entry<String, LongToIntFunction> talker : talkers.entrySet()) {
        int level = talker.getValue().applyAsInt(t);
        if (level < SILENT) { // a muted or DTX sender sends nothing
          dsi.levelReceived(handles.get(talker.getKey()), level, t);
        }
      }
      if (t % 100 == 0) {
        long now = t;
        dsi.evaluate(now).ifPresent(id -> changes.add(new FloorChange(now, id)));
      }
    }
    return changes;
  }

  /** Natural speech: talk spurts of 0.6-2 s at -25..-45 dBov, with 100-400 ms pauses. */
  private static LongToIntFunction speech(long seed, long fromMillis, long toMillis) {
    Random random = new Random(seed);
    boolean[] talking = new boolean[(int) (toMillis / 20) + 1];
    int[] level = new int[talking.length];
    int frame = (int) (fromMillis / 20);
    while (frame < talking.length) {
      int spurt = 30 + random.nextInt(70);
      for (int i = 0; i < spurt && frame < talking.length; i++, frame++) {
        talking[frame] = true;
        level[frame] = 25 + random.nextInt(21);
      }
      frame += 5 + random.nextInt(16);
    }
    return t -> {
      int f = (int) (t / 20);
      return f < talking.length && talking[f] ? level[f] : SILENT;
    };
  }

  private static LongToIntFunction burst(long fromMillis, long durationMillis, int level) {
    return t -> t >= fromMillis && t < fromMillis + durationMillis ? level : SILENT;
  }

  private static LongToIntFunction silence() {
    return t -> SILENT;
  }

  @Test
  void steadySpeakerTakesTheFloorAndKeepsIt() {
    List<FloorChange> changes =
        run(
            new DominantSpeakerIdentifier(),
            talkers("alice", speech(1, 0, 20_000), "bob", silence(), "carol", silence()),
            20_000);
    assertEquals(1, changes.size(), changes.toString());
    assertEquals("alice", changes.get(0).speaker());
    assertTrue(changes.get(0).atMillis() <= 1_000, "within a second: " + changes);
  }

  @Test
  void coughDoesNotStealTheFloor() {
    List<FloorChange> changes =
        run(
            new DominantSpeakerIdentifier(),
            talkers("alice", speech(2, 0, 15_000), "bob", burst(6_000, 300, 10)),
            15_000);
    assertEquals(List.of("alice"), changes.stream().map(FloorChange::speaker).toList());
  }

  @Test
  void interruptionOverACurrentSpeakerDoesNotStealTheFloor() {
    List<FloorChange> changes =
        run(
            new DominantSpeakerIdentifier(),
            talkers("alice", speech(3, 0, 15_000), "bob", burst(6_000, 800, 20)),
            15_000);
    assertEquals(List.of("alice"), changes.stream().map(FloorChange::speaker).toList());
  }

  @Test
  void handoverMovesTheFloorWithinTwoSeconds() {
    List<FloorChange> changes =
        run(
            new DominantSpeakerIdentifier(),
            talkers("alice", speech(4, 0, 8_000), "bob", speech(5, 8_000, 16_000)),
            16_000);
    assertEquals(List.of("alice", "bob"), changes.stream().map(FloorChange::speaker).toList());
    long handover = changes.get(1).atMillis();
    assertTrue(handover > 8_000 && handover <= 10_000, "bob takes the floor at " + handover);
  }

  @Test
  void silenceKeepsTheLastSpeaker() {
    DominantSpeakerIdentifier dsi = new DominantSpeakerIdentifier();
    List<FloorChange> changes =
        run(dsi, talkers("alice", speech(6, 0, 3_000), "bob", silence()), 12_000);
    assertEquals(List.of("alice"), changes.stream().map(FloorChange::speaker).toList());
    assertEquals(Optional.of("alice"), dsi.dominantSpeaker());
  }

  @Test
  void nobodyHoldsTheFloorBeforeAnyoneSpeaks() {
    DominantSpeakerIdentifier dsi = new DominantSpeakerIdentifier();
    assertEquals(List.of(), run(dsi, talkers("alice", silence(), "bob", silence()), 5_000));
    assertEquals(Optional.empty(), dsi.dominantSpeaker());
  }

  @Test
  void removingTheDominantSpeakerElectsAnother() {
    DominantSpeakerIdentifier dsi = new DominantSpeakerIdentifier();
    SpeakerActivity alice = dsi.addSpeaker("alice");
    SpeakerActivity bob = dsi.addSpeaker("bob");
    for (long t = 0; t < 3_000; t += 20) {
      dsi.levelReceived(alice, 20, t);
      if (t >= 1_000) {
        dsi.levelReceived(bob, 30, t);
      }
    }
    assertEquals(Optional.of("alice"), dsi.evaluate(3_000));
    dsi.removeSpeaker("alice");
    assertEquals(Optional.empty(), dsi.dominantSpeaker());
    assertEquals(Optional.of("bob"), dsi.evaluate(3_020));
  }

  @Test
  void levelsMapOntoVirtualBands() {
    SpeechActivityParameters p = SpeechActivityParameters.DEFAULT;
    assertEquals(0, p.activeBands(127));
    assertEquals(0, p.activeBands(90));
    assertEquals(13, p.activeBands(37));
    assertEquals(13, p.activeBands(0));
    assertEquals(7, p.activeBands(62)); // 13 * 28 / 53 = 6.87
  }

  @Test
  void scoreGrowsWithActivityOnEveryScale() {
    SpeechActivityParameters p = SpeechActivityParameters.DEFAULT;
    for (int k = 0; k < p.n2(); k++) {
      assertTrue(
          SpeechActivityScore.logScore(k + 1, p.n2(), p.p(), p.lambda2())
              > SpeechActivityScore.logScore(k, p.n2(), p.p(), p.lambda2()));
    }
    assertEquals(Math.log(252), SpeechActivityScore.logBinomialCoefficient(10, 5), 1e-9);
  }
}
