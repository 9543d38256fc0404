package io.octopod.loadgen;

import java.util.List;

/**
 * A shape of load: how many conferences, how many participants in each and how many of them send,
 * how many receive slots each participant offers, and on how many bridges (two means each
 * conference is split across them and joined by Octo).
 *
 * @param startFactor the load factor the saturation search starts from
 */
public record Scenario(
    String name,
    String description,
    int conferences,
    int participantsPerConference,
    int sendersPerConference,
    int videoSlots,
    int audioSlots,
    int bridges,
    double startFactor) {

  public int participants() {
    return conferences * participantsPerConference;
  }

  /** The scenarios `make bench` runs, in order. */
  public static List<Scenario> standard() {
    return List.of(
        new Scenario(
            "large-meeting",
            "1 conference x 50 participants, all sending; each receives 8 videos and 3 audios",
            1,
            50,
            50,
            8,
            3,
            1,
            0.5),
        new Scenario(
            "webinar",
            "1 sender, 99 receivers; each receiver has 1 video and 1 audio slot",
            1,
            100,
            1,
            1,
            1,
            1,
            1.0),
        new Scenario(
            "conferences",
            "10 conferences x 5 participants, all sending; each receives 4 videos and 2 audios",
            10,
            5,
            5,
            4,
            2,
            1,
            0.5),
        new Scenario(
            "octo",
            "1 conference x 20 participants on two bridges (10 + 10) joined by Octo, all sending;"
                + " each receives 4 videos and 2 audios; both bridges on the bridge core",
            1,
            20,
            20,
            4,
            2,
            2,
            0.5));
  }

  /** A small shape for tests: a few endpoints on one bridge. */
  public static Scenario tiny(int participants) {
    return new Scenario("tiny", "test", 1, participants, participants, 2, 2, 1, 1.0);
  }
}
