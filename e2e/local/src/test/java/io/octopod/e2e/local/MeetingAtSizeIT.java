package io.octopod.e2e.local;

import static io.octopod.e2e.local.MeetingPages.evaluate;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.octopod.bridge.browser.WebDriverSession;
import io.octopod.bridge.testkit.LoadAverage;
import io.octopod.e2e.controlplane.Await;
import io.octopod.loadgen.FocusParticipant;
import io.octopod.loadgen.SimulatedParticipants;
import io.octopod.loadgen.Vp8Clip;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A meeting at real size: 20 participants in one Conference across two regions, a bridge each, all
 * joining through the focus. Two are real headless Chromium meeting pages, one per region, that
 * watch (and send their fake camera, as pages do); 18 are the load generator's simulated
 * participants, which join through the focus's signalling exactly as a page does (join with an
 * offer, the answer, ICE/DTLS/SRTP with the bridge it names, the bridge channel) and then send real
 * SRTP.
 *
 * <p>The load is sized for a 2-core machine shared with other work: every simulated participant
 * sends Opus-shaped audio at a browser's rate (50 packets/s), one of them "speaking" at a time;
 * only three send simulcast video (three layers of real VP8 that Chromium encoded, so that the
 * pages can decode it), because a page shows four video slots and five video senders (three
 * simulated, the two pages) already fill every page's slots with one to spare, while each further
 * sender would cost the bridges and this JVM without being shown anywhere. The simulated
 * participants receive one video slot (at thumbnail size, 180 p) and three audio slots: they decode
 * nothing, so more would only cost forwarding and decryption.
 *
 * <p>Asserted, each with a bounded wait: every page decodes all four of its video slots (each
 * mapped slot's {@code framesDecoded} grows), every page's roster lists all 20, and the Conference
 * status counts 20. Printed, not asserted: join times, the time until every roster was complete,
 * the load average.
 */
class MeetingAtSizeIT {

  private static final Duration WAIT = Duration.ofSeconds(90);

  /**
   * A simulated participant's join, from the focus socket to connected media: generous, as the DTLS
   * handshakes of a burst of joins share two cores with everything else.
   */
  private static final Duration JOIN = Duration.ofSeconds(90);

  private static final List<String> REGIONS = List.of("us-east", "ap-southeast");
  private static final int SIMULATED = 18;
  private static final int SIMULATED_VIDEO = 3;
  private static final int VIDEO_SLOTS = 4;
  private static LocalOctopod octopod;

  @BeforeAll
  static void start() throws Exception {
    // The simulated participants' DTLS client gives up after this (20 s by default): on a machine
    // this loaded a handshake in cold BouncyCastle code can take longer, and then the join fails.
    System.setProperty("octopod.dtls.handshakeTimeoutMillis", "60000");
    long started = System.nanoTime();
    octopod = LocalOctopod.start("meeting-at-size-it", REGIONS, 1, 1);
    System.out.printf("local Octopod up in %.1f s%n", (System.nanoTime() - started) / 1e9);
  }

  @AfterAll
  static void stop() {
    if (octopod != null) {
      octopod.close();
    }
  }

  @Test
  void twentyParticipantsAcrossTwoRegions() throws Exception {
    Map<String, String> regionOf = new LinkedHashMap<>();
    regionOf.put("watcher-us-east", "us-east");
    regionOf.put("watcher-ap-southeast", "ap-southeast");
    List<String> pageNames = List.copyOf(regionOf.keySet());
    Map<String, WebDriverSession> pages = MeetingPages.open(octopod, pageNames, regionOf);
    SimulatedParticipants crowd = null;
    try {
      long clipsStarted = System.nanoTime();
      List<Vp8Clip> simulcast = simulcast(pages.get(pageNames.get(0)));
      System.out.printf(
          "VP8 clips encoded by Chromium in %.1f s: %s%n",
          (System.nanoTime() - clipsStarted) / 1e9,
          simulcast.stream()
              .map(
                  c ->
                      String.format(
                          "%dx%d %.0f kbit/s", c.width(), c.height(), c.bitsPerSecond() / 1e3))
              .toList());
      crowd = new SimulatedParticipants(simulcast);

      // 18 simulated participants, alternating regions (9 per bridge with its page: 10 each);
      // the first three send video (two in us-east, one in ap-southeast). Three join at a time.
      long joinsStarted = System.nanoTime();
      Map<String, Double> cpuBefore = cpuSeconds();
      List<String> everyone = new ArrayList<>(pageNames);
      ExecutorService joining = Executors.newFixedThreadPool(3);
      List<Future<FocusParticipant>> joins = new ArrayList<>();
      for (int i = 0; i < SIMULATED; i++) {
        String region = REGIONS.get(i % REGIONS.size());
        String name = String.format("sim-%02d-%s", i, region);
        boolean video = i < SIMULATED_VIDEO;
        everyone.add(name);
        SimulatedParticipants c = crowd;
        joins.add(
            joining.submit(() -> c.join(signalling(region), LocalOctopod.ROOM, name, video, JOIN)));
      }
      try {
        for (Future<FocusParticipant> join : joins) {
          join.get();
        }
      } finally {
        joining.shutdownNow();
      }
      printJoinTimes(crowd.joined(), (System.nanoTime() - joinsStarted) / 1e9);
      System.out.println(
          "joins tried again after a failed media connection (as a page rejoins): "
              + crowd.retries());
      Set<String> all = new TreeSet<>(everyone);
      assertEquals(20, all.size());

      Map<String, Double> rosterCompleteAt = new LinkedHashMap<>();
      awaitOrShow(
          pages,
          "every page's roster listing all 20",
          () -> {
            for (Map.Entry<String, WebDriverSession> p : pages.entrySet()) {
              if (!rosterCompleteAt.containsKey(p.getKey())
                  && new TreeSet<>(roster(p.getValue())).equals(all)) {
                rosterCompleteAt.put(p.getKey(), (System.nanoTime() - joinsStarted) / 1e9);
              }
            }
            return rosterCompleteAt.size() == pages.size();
          });
      double pagesComplete = (System.nanoTime() - joinsStarted) / 1e9;
      List<FocusParticipant> simulated = crowd.joined();
      Await.until(
          WAIT,
          "every simulated participant's roster listing all 20",
          () -> simulated.stream().allMatch(s -> new TreeSet<>(s.roster()).equals(all)));
      System.out.printf(
          "all 20 in every page's roster %.1f s after the first simulated join (%s), in every"
              + " simulated participant's %.1f s after it%n",
          pagesComplete, rosterCompleteAt, (System.nanoTime() - joinsStarted) / 1e9);

      // Every page decodes every one of its video slots: five video senders, four slots each.
      // A baseline per page, renewed once a second: a slot passes if it decoded since.
      Map<String, Map<String, Long>> before = new HashMap<>();
      long[] baselineAt = {0};
      awaitOrShow(
          pages,
          "every page decoding all " + VIDEO_SLOTS + " video slots",
          () -> {
            if (System.nanoTime() - baselineAt[0] < 1_000_000_000L) {
              return false;
            }
            baselineAt[0] = System.nanoTime();
            boolean decoding = true;
            for (Map.Entry<String, WebDriverSession> p : pages.entrySet()) {
              Map<String, Long> now = slotFrames(p.getValue());
              Map<String, Long> then = before.put(p.getKey(), now);
              decoding &= now.size() == VIDEO_SLOTS && then != null && grewOnEvery(then, now);
            }
            return decoding;
          });
      System.out.printf(
          "every page decoding its %d video slots %.1f s after the first simulated join%n",
          VIDEO_SLOTS, (System.nanoTime() - joinsStarted) / 1e9);

      Await.until(WAIT, "the Conference status counting 20", () -> participants() == 20);
      JsonNode status =
          MeetingPages.JSON.valueToTree(octopod.conference().getAdditionalProperties());
      System.out.println("Conference status: " + status.path("status"));
      assertEquals(20, status.path("status").path("participants").asInt());
      assertEquals(2, status.path("status").path("bridgeCount").asInt(), "a bridge per region");
      Map<String, Double> cpuAfter = cpuSeconds();
      double wall = (System.nanoTime() - joinsStarted) / 1e9;
      Map<String, String> cpu = new LinkedHashMap<>();
      cpuAfter.forEach(
          (k, v) -> cpu.put(k, String.format("%.1f s", v - cpuBefore.getOrDefault(k, 0.0))));
      System.out.printf(
          "simulated participants sent %,d packets; CPU over the %.0f s since the first join: %s;"
              + " load average now (the whole machine): %s%n",
          crowd.packetsSent(), wall, cpu, LoadAverage.now());
    } finally {
      if (crowd != null) {
        crowd.close();
      }
      pages.values().forEach(WebDriverSession::close);
    }
  }

  /**
   * Three simulcast layers, as a browser's camera at 720p sends them, at 15 frames a second: a
   * one-second loop starting with a keyframe (a keyframe a second, which also answers PLIs soon).
   */
  private static List<Vp8Clip> simulcast(WebDriverSession page) throws Exception {
    Await.until(
        WAIT,
        "the first page on its meeting",
        () -> !evaluate(page, "done('1');").has("unavailable"));
    return List.of(
        Vp8Clips.encode(page, 320, 180, 15, 15, 150_000, 15),
        Vp8Clips.encode(page, 640, 360, 15, 15, 350_000, 15),
        Vp8Clips.encode(page, 1280, 720, 15, 15, 800_000, 15));
  }

  private static URI signalling(String region) {
    String focus = octopod.focusAddress().orElseThrow();
    return URI.create("ws://" + focus + "/signalling?region=" + region);
  }

  private static void printJoinTimes(List<FocusParticipant> joined, double seconds) {
    List<Long> signalling = new ArrayList<>();
    List<Long> connecting = new ArrayList<>();
    Map<String, Integer> perBridge = new java.util.TreeMap<>();
    for (FocusParticipant p : joined) {
      signalling.add(p.signalling().toMillis());
      connecting.add(p.connecting().toMillis());
      perBridge.merge(p.relayId(), 1, Integer::sum);
    }
    signalling.sort(null);
    connecting.sort(null);
    System.out.printf(
        "%d simulated participants joined through the focus in %.1f s (3 at a time); focus socket"
            + " to joined (ms) median %d, max %d, all %s; joined to media connected (ms) median"
            + " %d, max %d; on bridges %s%n",
        joined.size(),
        seconds,
        signalling.get(signalling.size() / 2),
        signalling.get(signalling.size() - 1),
        signalling,
        connecting.get(connecting.size() / 2),
        connecting.get(connecting.size() - 1),
        perBridge);
  }

  /** framesDecoded of each video slot the bridge has mapped to someone, by the slot's mid. */
  private static Map<String, Long> slotFrames(WebDriverSession page) {
    JsonNode slots =
        evaluate(
            page,
            """
            (async () => {
              const s = window.octopod, out = {};
              if (!pc) return done(JSON.stringify(out));
              for (const slot of s.slots.filter(x => x.kind === 'video' && x.endpointId)) {
                const mid = s.ssrcToMid[slot.ssrc];
                const tr = pc.getTransceivers().find(t => t.mid === mid);
                let frames = 0;
                if (tr) (await tr.receiver.getStats()).forEach(r => {
                  if (r.type === 'inbound-rtp') frames = r.framesDecoded || 0;
                });
                out[mid] = frames;
              }
              done(JSON.stringify(out));
            })();
            """);
    Map<String, Long> out = new LinkedHashMap<>();
    slots.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asLong()));
    return out;
  }

  private static boolean grewOnEvery(Map<String, Long> then, Map<String, Long> now) {
    return now.entrySet().stream()
        .allMatch(e -> e.getValue() > then.getOrDefault(e.getKey(), Long.MAX_VALUE));
  }

  private static List<String> roster(WebDriverSession page) {
    List<String> names = new ArrayList<>();
    evaluate(page, "done(JSON.stringify(octopod.roster.map(p => p.name)));")
        .forEach(n -> names.add(n.asText()));
    return names;
  }

  private static int participants() {
    Object status = octopod.conference().getAdditionalProperties().get("status");
    return status instanceof Map<?, ?> m && m.get("participants") instanceof Number n
        ? n.intValue()
        : -1;
  }

  /**
   * CPU time so far of this JVM (the simulated participants, the harness) and of its descendants by
   * kind: the pods (bridges, operator, control plane: Java and Go processes) and Chromium.
   */
  private static Map<String, Double> cpuSeconds() {
    Map<String, Double> out = new LinkedHashMap<>();
    out.put("test JVM", seconds(ProcessHandle.current()));
    ProcessHandle.current()
        .descendants()
        .forEach(
            p -> {
              String command = p.info().command().orElse("");
              String kind =
                  command.contains("chrom")
                      ? "Chromium"
                      : command.endsWith("java") ? "pods' JVMs" : "other processes";
              out.merge(kind, seconds(p), Double::sum);
            });
    return out;
  }

  private static double seconds(ProcessHandle p) {
    return p.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(0.0);
  }

  /** Waits; on a timeout prints what each page has (slots, roster, state) before failing. */
  private static void awaitOrShow(
      Map<String, WebDriverSession> pages, String what, java.util.function.Supplier<Boolean> ok)
      throws Exception {
    try {
      Await.until(WAIT, what, ok);
    } catch (AssertionError e) {
      for (Map.Entry<String, WebDriverSession> p : pages.entrySet()) {
        System.out.println(
            p.getKey()
                + ": "
                + MeetingPages.state(p.getValue())
                + " slots "
                + evaluate(
                    p.getValue(),
                    "done(JSON.stringify(octopod.slots.map(s => [s.kind, s.endpointId,"
                        + " (octopod.roster.find(p => p.endpointId === s.endpointId) ||"
                        + " {}).name])));")
                + " frames by slot "
                + slotFrames(p.getValue())
                + " roster of "
                + roster(p.getValue()).size());
      }
      System.out.println(
          octopod.cluster().kubectl("get", "pods,conferences,bridgepools", "-n", "octopod"));
      throw e;
    }
  }
}
