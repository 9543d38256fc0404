package io.octopod.bridge.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.octopod.bridge.experiment.CounterTable;
import io.octopod.bridge.experiment.DelayedTcpProxy;
import io.octopod.bridge.experiment.ExperimentReport;
import io.octopod.bridge.experiment.ExperimentSummary;
import io.octopod.bridge.experiment.PairGroup;
import io.octopod.bridge.experiment.PairSample;
import io.octopod.bridge.testkit.LoadAverage;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The cascade-versus-star experiment (docs/experiments/cascade-vs-star.md). Two regions joined by a
 * long lossy link, two headless Chromium participants in each, the same conference placed two ways:
 *
 * <ul>
 *   <li><b>star</b> (the operator's {@code Single} selection): one bridge in region A hosts all
 *       four; region B's browsers reach it over the long link, media through an {@link
 *       ImpairmentRelay} each and their bridge channel through a {@link DelayedTcpProxy};
 *   <li><b>cascade</b> ({@code RegionBased}): a bridge per region, each participant on its own
 *       region's bridge, the two bridges joined by Octo through one {@link ImpairmentRelay}.
 * </ul>
 *
 * Every long-link path has the same delay and random loss in both directions; inside a region the
 * path is plain loopback, or, when a last mile is configured, a relay of its own between every
 * browser and the first bridge or relay on its way. The bridges are configured through their
 * control API as the operator would, not through the operator, so a run takes about a minute. Runs
 * alternate between the setups so that a change in the machine's load hits both. Named *Experiment
 * so neither surefire nor failsafe runs it by default: {@code make experiment} runs it.
 */
class CascadeVsStarExperiment {

  private static final String TOKEN = "experiment-token-0123456789abcdef";
  private static final String CONFERENCE = "/colibri/conferences/mesh";
  private static final List<String> REGION_A = List.of("a1", "a2");
  private static final List<String> REGION_B = List.of("b1", "b2");
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final int repetitions = Integer.getInteger("octopod.experiment.repetitions", 3);
  private final int seconds = Integer.getInteger("octopod.experiment.seconds", 30);
  private final int warmUpSeconds = Integer.getInteger("octopod.experiment.warmUpSeconds", 10);
  private final long delayMillis = Long.getLong("octopod.experiment.delayMillis", 80);
  private final double loss =
      Double.parseDouble(System.getProperty("octopod.experiment.loss", "0.02"));
  private final double lastMileLoss =
      Double.parseDouble(System.getProperty("octopod.experiment.lastMileLoss", "0"));
  private final long lastMileDelayMillis =
      Long.getLong("octopod.experiment.lastMileDelayMillis", 0);
  private final List<Map<String, Object>> failedAttempts = new ArrayList<>();
  private final Path out =
      Path.of(System.getProperty("octopod.experiment.out", "target/experiment"));

  /** One run's pairs and what else is worth keeping about it. */
  private record Run(
      List<PairSample> samples, Map<String, Object> context, CounterTable.RunCounters counters) {}

  /** For scripts/experiment.sh, which runs it from a copy of the class path; fails by throwing. */
  public static void main(String[] args) throws Exception {
    new CascadeVsStarExperiment().cascadeVersusStar();
  }

  @Test
  void cascadeVersusStar() throws Exception {
    Files.createDirectories(out);
    List<PairSample> samples = new ArrayList<>();
    List<Map<String, Object>> runs = new ArrayList<>();
    List<CounterTable.RunCounters> counters = new ArrayList<>();
    for (int repetition = 1; repetition <= repetitions; repetition++) {
      for (String setup : ExperimentSummary.SETUPS) {
        Run run = runWithRetries(setup, repetition);
        samples.addAll(run.samples());
        runs.add(run.context());
        counters.add(run.counters());
        // Written after every run, so that a run that dies still leaves what came before.
        writeResults(samples, runs);
      }
    }
    String title =
        ExperimentReport.title(
            delayMillis, loss, lastMileDelayMillis, lastMileLoss, repetitions, seconds);
    String tables = ExperimentReport.write(samples, counters, title, out);
    System.out.println("experiment results in " + out.toAbsolutePath() + "\n" + tables);
    assertEquals(
        repetitions * ExperimentSummary.SETUPS.size() * 12, samples.size(), "12 pairs a run");
    assertTrue(samples.stream().allMatch(s -> s.framesDecoded() > 0), "every pair decoded video");
  }

  /**
   * A run, tried up to three times: a join over the lossy link now and then never gets media
   * flowing on a busy machine. Failed attempts are kept in the results, not hidden.
   */
  private Run runWithRetries(String setup, int repetition) throws Exception {
    for (int attempt = 1; ; attempt++) {
      try {
        return run(setup, repetition);
      } catch (Exception | AssertionError e) {
        failedAttempts.add(
            Map.of(
                "setup",
                setup,
                "repetition",
                repetition,
                "at",
                Instant.now().toString(),
                "error",
                String.valueOf(e)));
        if (attempt == 3) {
          throw e;
        }
        System.out.println(setup + " #" + repetition + " failed, running it again: " + e);
      }
    }
  }

  private void writeResults(List<PairSample> samples, List<Map<String, Object>> runs)
      throws Exception {
    Map<String, Object> results = new LinkedHashMap<>();
    results.put("commit", System.getProperty("octopod.experiment.commit", "working tree"));
    results.put(
        "longLink",
        Map.of("delayMillisOneWay", delayMillis, "lossEachWay", loss, "measuredSeconds", seconds));
    results.put(
        "lastMile", Map.of("delayMillisOneWay", lastMileDelayMillis, "lossEachWay", lastMileLoss));
    results.put("runs", runs);
    results.put("failedAttempts", failedAttempts);
    results.put("samples", samples);
    JSON.writeValue(out.resolve("results.json").toFile(), results);
  }

  private static String regionOf(String participant) {
    return REGION_A.contains(participant) ? "A" : "B";
  }

  private Run run(String setup, int repetition) throws Exception {
    boolean cascade = setup.equals("cascade");
    Deque<AutoCloseable> open = new ArrayDeque<>();
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("setup", setup);
    context.put("repetition", repetition);
    context.put("started", Instant.now().toString());
    context.put("loadAverageBefore", LoadAverage.now());
    System.out.printf("%s run %d of %d: starting%n", setup, repetition, repetitions);
    try {
      MeetingPage page = MeetingPage.serve(3, 3);
      open.push(page);
      BridgeProcess a = BridgeProcess.start("experiment-a", "region-a", TOKEN);
      open.push(a);
      BridgeApi apiA = new BridgeApi(a.controlPort, TOKEN);
      Map<String, BridgeApi> bridgeOf = new HashMap<>();
      Map<String, BridgeProcess> processOf = new HashMap<>();
      List<ImpairmentRelay> longLinks = new ArrayList<>();
      if (cascade) {
        BridgeProcess b = BridgeProcess.start("experiment-b", "region-b", TOKEN);
        open.push(b);
        BridgeApi apiB = new BridgeApi(b.controlPort, TOKEN);
        ImpairmentRelay octo =
            relay(new InetSocketAddress("127.0.0.1", b.octoPort), longLink(), open);
        longLinks.add(octo);
        Map<String, Object> key = OctoIT.key(1, OctoIT.newKey());
        apiA.call(
            "PUT",
            CONFERENCE,
            OctoIT.conference(1, key, null, "bridge-b", 2, "127.0.0.1:" + octo.port(), REGION_B));
        apiB.call(
            "PUT",
            CONFERENCE,
            OctoIT.conference(
                2, key, null, "bridge-a", 1, "127.0.0.1:" + octo.bridgeSidePort(), REGION_A));
        REGION_A.forEach(p -> bridgeOf.put(p, apiA));
        REGION_B.forEach(p -> bridgeOf.put(p, apiB));
        REGION_A.forEach(p -> processOf.put(p, a));
        REGION_B.forEach(p -> processOf.put(p, b));
      } else {
        apiA.call("PUT", CONFERENCE, Map.of("name", "test/mesh", "octoConferenceId", 4242));
        List.of("a1", "a2", "b1", "b2").forEach(p -> bridgeOf.put(p, apiA));
        List.of("a1", "a2", "b1", "b2").forEach(p -> processOf.put(p, a));
      }

      Map<String, WebDriverSession> pages = new LinkedHashMap<>();
      for (String name : List.of("a1", "a2", "b1", "b2")) {
        WebDriverSession browser = WebDriverSession.start();
        open.push(browser);
        pages.put(name, browser);
        browser.navigate(page.url());
        context.put("browser", ExperimentPage.install(browser));
        boolean acrossLongLink = !cascade && regionOf(name).equals("B");
        JsonNode channel =
            join(
                name,
                browser,
                processOf.get(name),
                bridgeOf.get(name),
                acrossLongLink ? longLinks : null,
                open);
        assertEquals("open", MeetingPage.openChannel(browser, channel), name + "'s bridge channel");
      }

      awaitEveryoneDecodingEveryone(pages);
      Thread.sleep(warmUpSeconds * 1000L);

      Map<String, JsonNode> startStats = videoStats(pages);
      Map<String, Map<Long, String>> startSlots = slots(pages, bridgeOf);
      long droppedBefore = dropped(longLinks);
      Map<String, Long> repairBefore = repairCounters(apiA, bridgeOf);
      long windowStart = System.nanoTime();
      for (Map.Entry<String, WebDriverSession> e : pages.entrySet()) {
        List<String> others = pages.keySet().stream().filter(p -> !p.equals(e.getKey())).toList();
        ExperimentPage.startPings(e.getValue(), others, seconds - 2, 1000);
      }
      // Sampled every 2 s only for the received layer (frameHeight); counters use start and end.
      List<Map<String, JsonNode>> during = new ArrayList<>();
      long windowEnd = windowStart + seconds * 1_000_000_000L;
      while (System.nanoTime() < windowEnd) {
        Thread.sleep(Math.max(0, Math.min(2_000, (windowEnd - System.nanoTime()) / 1_000_000)));
        during.add(videoStats(pages));
      }
      Map<String, JsonNode> endStats = during.get(during.size() - 1);
      double measured = (System.nanoTime() - windowStart) / 1e9;
      Map<String, Map<Long, String>> endSlots = slots(pages, bridgeOf);
      context.put("longLinkDatagramsDropped", dropped(longLinks) - droppedBefore);
      context.put("loadAverageAfter", LoadAverage.now());
      Map<String, Long> repairInWindow = repairCounters(apiA, bridgeOf);
      repairInWindow.replaceAll((name, end) -> end - repairBefore.get(name));
      context.put("bridgeRepairInWindow", repairInWindow);
      context.put("bridgeStats", bridgeStats(apiA, bridgeOf));
      Map<String, JsonNode> sent = new LinkedHashMap<>();
      for (Map.Entry<String, WebDriverSession> e : pages.entrySet()) {
        sent.put(e.getKey(), ExperimentPage.sent(e.getValue()));
      }
      context.put("sentVideo", sent);

      List<PairSample> samples = new ArrayList<>();
      for (String receiver : pages.keySet()) {
        JsonNode pings = ExperimentPage.pingResults(pages.get(receiver));
        for (JsonNode end : endStats.get(receiver)) {
          long ssrc = end.get("ssrc").asLong();
          String sender = endSlots.get(receiver).get(ssrc);
          JsonNode start = find(startStats.get(receiver), ssrc);
          if (sender == null
              || start == null
              || !sender.equals(startSlots.get(receiver).get(ssrc))) {
            continue; // the slot changed hands during the window: not one pair's figures
          }
          List<Integer> heights = new ArrayList<>();
          for (Map<String, JsonNode> snapshot : during) {
            JsonNode stream = find(snapshot.get(receiver), ssrc);
            heights.add(stream == null ? 0 : stream.get("frameHeight").asInt());
          }
          samples.add(
              sample(setup, repetition, receiver, sender, measured, start, end, heights, pings));
        }
      }
      context.put("pairs", samples.size());
      System.out.printf(
          "%s run %d: %d pairs, %d datagrams dropped on the long link%n",
          setup, repetition, samples.size(), context.get("longLinkDatagramsDropped"));
      return new Run(
          samples, context, new CounterTable.RunCounters(setup, measured, repairInWindow));
    } finally {
      while (!open.isEmpty()) {
        try {
          open.pop().close();
        } catch (Exception e) {
          System.out.println("closing: " + e);
        }
      }
    }
  }

  /**
   * Joins one participant to its bridge along its path: through a last-mile relay when the run has
   * one, then through a long-link relay when the bridge is in the other region (the star's region-B
   * participants); the bridge channel through a TCP proxy with the same total delay.
   *
   * @param longLinks where to add the long-link relay; null when the path does not cross it
   * @return the bridge channel to open, pointed at the proxy if there is one
   */
  private JsonNode join(
      String name,
      WebDriverSession browser,
      BridgeProcess bridge,
      BridgeApi api,
      List<ImpairmentRelay> longLinks,
      Deque<AutoCloseable> open)
      throws Exception {
    InetSocketAddress next = new InetSocketAddress("127.0.0.1", bridge.mediaPort);
    long channelDelay = 0;
    if (longLinks != null) {
      ImpairmentRelay relay = relay(next, longLink(), open);
      longLinks.add(relay);
      next = new InetSocketAddress("127.0.0.1", relay.port());
      channelDelay += delayMillis;
    }
    if (lastMileLoss > 0 || lastMileDelayMillis > 0) {
      ImpairmentRelay.Impairment lastMile =
          new ImpairmentRelay.Impairment(lastMileLoss, lastMileDelayMillis, 0);
      next = new InetSocketAddress("127.0.0.1", relay(next, lastMile, open).port());
      channelDelay += lastMileDelayMillis;
    }
    int mediaPort = next.getPort();
    JsonNode allocation =
        api.join(
            "mesh",
            name,
            browser,
            answer ->
                answer.replace(
                    " " + bridge.mediaPort + " typ host", " " + mediaPort + " typ host"));
    JsonNode channel = allocation.get("bridgeChannel");
    if (channelDelay == 0) {
      return channel;
    }
    DelayedTcpProxy proxy =
        DelayedTcpProxy.start(new InetSocketAddress("127.0.0.1", bridge.publicPort), channelDelay);
    open.push(proxy);
    return throughProxy(channel, bridge.publicPort, proxy.port());
  }

  private ImpairmentRelay.Impairment longLink() {
    return new ImpairmentRelay.Impairment(loss, delayMillis, 0);
  }

  /** A relay towards {@code next}, impaired the same way in both directions. */
  private static ImpairmentRelay relay(
      InetSocketAddress next, ImpairmentRelay.Impairment impairment, Deque<AutoCloseable> open)
      throws Exception {
    ImpairmentRelay relay = ImpairmentRelay.start(next, impairment);
    open.push(relay);
    relay.impairUp(impairment);
    return relay;
  }

  private static PairSample sample(
      String setup,
      int repetition,
      String receiver,
      String sender,
      double seconds,
      JsonNode start,
      JsonNode end,
      List<Integer> heights,
      JsonNode pings) {
    List<Double> rtts = new ArrayList<>();
    int sent = 0;
    for (JsonNode ping : pings) {
      if (ping.get("to").asText().equals(sender)) {
        sent++;
        if (!ping.get("rtt").isNull()) {
          rtts.add(ping.get("rtt").asDouble());
        }
      }
    }
    int changes = 0;
    for (int i = 1; i < heights.size(); i++) {
      changes += heights.get(i).equals(heights.get(i - 1)) ? 0 : 1;
    }
    return new PairSample(
        setup,
        repetition,
        receiver,
        sender,
        PairGroup.of(regionOf(receiver), regionOf(sender)),
        seconds,
        delta(start, end, "framesDecoded"),
        end.get("jitterBufferDelay").asDouble() - start.get("jitterBufferDelay").asDouble(),
        delta(start, end, "jitterBufferEmittedCount"),
        delta(start, end, "freezeCount"),
        end.get("totalFreezesDuration").asDouble() - start.get("totalFreezesDuration").asDouble(),
        delta(start, end, "nackCount"),
        delta(start, end, "pliCount"),
        delta(start, end, "retransmittedPacketsReceived"),
        delta(start, end, "packetsLost"),
        delta(start, end, "packetsReceived"),
        heights.stream().mapToInt(Integer::intValue).average().orElse(0),
        changes,
        rtts,
        sent);
  }

  private static long delta(JsonNode start, JsonNode end, String field) {
    return end.get(field).asLong() - start.get(field).asLong();
  }

  private static JsonNode find(JsonNode streams, long ssrc) {
    for (JsonNode s : streams) {
      if (s.get("ssrc").asLong() == ssrc) {
        return s;
      }
    }
    return null;
  }

  /** The allocation's bridge-channel address, pointed at the long link's TCP proxy instead. */
  private static JsonNode throughProxy(JsonNode bridgeChannel, int bridgePort, int proxyPort) {
    ObjectNode copy = bridgeChannel.deepCopy();
    copy.put(
        "url", copy.get("url").asText().replace(":" + bridgePort + "/", ":" + proxyPort + "/"));
    return copy;
  }

  /** Waits (60 s at most) until every page decodes the three others' video. */
  private static void awaitEveryoneDecodingEveryone(Map<String, WebDriverSession> pages)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    Map<String, Integer> decoding = new LinkedHashMap<>();
    while (System.nanoTime() < deadline) {
      for (Map.Entry<String, WebDriverSession> e : pages.entrySet()) {
        decoding.put(e.getKey(), MeetingPage.inbound(e.getValue()).get("videoDecoding").asInt());
      }
      if (decoding.values().stream().allMatch(n -> n >= 3)) {
        return;
      }
      Thread.sleep(500);
    }
    throw new AssertionError("not everyone decodes the three others: " + decoding);
  }

  private static Map<String, JsonNode> videoStats(Map<String, WebDriverSession> pages)
      throws Exception {
    Map<String, JsonNode> stats = new LinkedHashMap<>();
    for (Map.Entry<String, WebDriverSession> e : pages.entrySet()) {
      stats.put(e.getKey(), ExperimentPage.video(e.getValue()));
    }
    return stats;
  }

  /** For each receiver, which sender each of its video slots carries, from its bridge. */
  private static Map<String, Map<Long, String>> slots(
      Map<String, WebDriverSession> pages, Map<String, BridgeApi> bridgeOf) throws Exception {
    Map<String, Map<Long, String>> slots = new HashMap<>();
    for (String receiver : pages.keySet()) {
      Map<Long, String> bySsrc = new HashMap<>();
      JsonNode info =
          bridgeOf.get(receiver).call("GET", CONFERENCE + "/endpoints/" + receiver, null);
      for (JsonNode slot : info.get("slots")) {
        if (slot.get("kind").asText().equals("video") && slot.hasNonNull("endpointId")) {
          bySsrc.put(slot.get("ssrc").asLong(), slot.get("endpointId").asText());
        }
      }
      slots.put(receiver, bySsrc);
    }
    return slots;
  }

  private static long dropped(List<ImpairmentRelay> relays) {
    return relays.stream().mapToLong(r -> r.dropped() + r.droppedUp()).sum();
  }

  /**
   * The bridges' repair counters summed over the run's bridges and endpoints: resends to receivers
   * from the slot caches, receivers' NACKs they could not answer, losses they detected from senders
   * (and gave up on), and Octo's NACKs and resends between bridges.
   */
  private static Map<String, Long> repairCounters(BridgeApi apiA, Map<String, BridgeApi> bridgeOf)
      throws Exception {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (String endpoint : List.of("a1", "a2", "b1", "b2")) {
      JsonNode repair =
          bridgeOf
              .get(endpoint)
              .call("GET", CONFERENCE + "/endpoints/" + endpoint, null)
              .get("repair");
      counts.merge(
          "resent to receivers from cache", repair.get("retransmissions").asLong(), Long::sum);
      counts.merge("receiver NACKs not in cache", repair.get("cacheMisses").asLong(), Long::sum);
      counts.merge(
          "losses from senders detected", repair.get("lossesDetected").asLong(), Long::sum);
      counts.merge("losses from senders unrepaired", repair.get("unrepaired").asLong(), Long::sum);
    }
    counts.put("Octo NACKed packets", 0L);
    counts.put("Octo resent packets", 0L);
    for (BridgeApi api : new LinkedHashSet<>(bridgeOf.values())) {
      JsonNode octo = api.call("GET", "/colibri/stats", null).get("octo");
      counts.merge("Octo NACKed packets", octo.get("nacksSent").asLong(), Long::sum);
      counts.merge("Octo resent packets", octo.get("retransmitted").asLong(), Long::sum);
    }
    return counts;
  }

  /** Each bridge's own statistics at the end of the window (Octo and repair counters). */
  private static Map<String, JsonNode> bridgeStats(BridgeApi apiA, Map<String, BridgeApi> bridgeOf)
      throws Exception {
    Map<String, JsonNode> stats = new LinkedHashMap<>();
    stats.put("bridge-a", apiA.call("GET", "/colibri/stats", null));
    BridgeApi apiB = bridgeOf.get("b1");
    if (apiB != apiA) {
      stats.put("bridge-b", apiB.call("GET", "/colibri/stats", null));
    }
    for (String endpoint : List.of("a1", "a2", "b1", "b2")) {
      JsonNode info =
          bridgeOf.get(endpoint).call("GET", CONFERENCE + "/endpoints/" + endpoint, null);
      stats.put(endpoint + ".repair", info.get("repair"));
    }
    return stats;
  }
}
