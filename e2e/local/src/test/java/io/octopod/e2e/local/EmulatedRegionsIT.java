package io.octopod.e2e.local;

import static io.octopod.e2e.local.MeetingPages.inbound;
import static io.octopod.e2e.local.MeetingPages.rttByName;
import static io.octopod.e2e.local.MeetingPages.state;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.octopod.bridge.browser.WebDriverSession;
import io.octopod.e2e.controlplane.Await;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Regions that are far apart: each region's bridge is reached only through its face ({@link
 * RegionFaces}), participants join their own region's bridge over a short link, and Octo between
 * the bridges crosses an 80 ms, 1 % loss link each way. A conference through the meeting page and
 * the focus: everyone decodes everyone, the end-to-end RTT the pages measure shows the long link
 * between regions and not inside one, and the bridges repair the long link's losses hop by hop.
 */
class EmulatedRegionsIT {

  private static final ObjectMapper JSON = MeetingPages.JSON;
  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final Map<String, List<String>> FACES =
      Map.of("us-east", List.of("127.0.3.10"), "ap-southeast", List.of("127.0.3.11"));
  private static LocalOctopod octopod;
  private static RegionFaces faces;

  @BeforeAll
  static void start() throws Exception {
    octopod =
        LocalOctopod.start(
            "emulated-regions-it", List.of("us-east", "ap-southeast"), 1, 1, true, FACES);
    faces = RegionFaces.start(octopod, FACES, RegionFaces.IN_REGION, RegionFaces.BETWEEN_REGIONS);
  }

  @AfterAll
  static void stop() {
    if (faces != null) {
      faces.close();
    }
    if (octopod != null) {
      octopod.close();
    }
  }

  @Test
  void aConferenceAcrossALongLossyLink() throws Exception {
    Map<String, String> regionOf =
        Map.of("ann", "us-east", "ben", "us-east", "cat", "ap-southeast");
    Map<String, WebDriverSession> pages =
        MeetingPages.open(octopod, List.of("ann", "ben", "cat"), regionOf);
    try {
      long opened = System.nanoTime();
      Await.until(
          WAIT,
          "everyone decoding the two others",
          () ->
              pages.values().stream().allMatch(p -> inbound(p).path("videoDecoding").asInt() >= 2));
      System.out.printf(
          "3 participants over the emulated regions decoding each other after %.1f s%n",
          (System.nanoTime() - opened) / 1e9);
      // Each participant on their own region's bridge, or the long link would not be between
      // them (a bridge too slow to take its first allocation once sent cat to us-east).
      for (Map.Entry<String, String> p :
          Map.of("ann", "us-east-", "cat", "ap-southeast-").entrySet()) {
        String bridge = state(pages.get(p.getKey())).path("bridge").path("relayId").asText();
        assertTrue(bridge.startsWith(p.getValue()), p.getKey() + " on " + bridge);
      }
      // The pages ping each other through the bridges every 5 s; wait, bounded, for ann's first
      // round to both. Only floors are asserted below: a busy machine makes an RTT longer, never
      // shorter than the links it crosses.
      Map<String, Double> rtt = new LinkedHashMap<>();
      Await.until(
          WAIT,
          "ann's E2E RTT to ben and to cat",
          () -> {
            rtt.clear();
            rtt.putAll(rttByName(pages.get("ann")));
            return rtt.containsKey("ben") && rtt.containsKey("cat");
          });
      // Until the long link has lost packets and the bridges have resent some over Octo (bounded).
      Await.until(
          WAIT,
          "a loss on the long link repaired over Octo",
          () -> {
            try {
              return faces.lostBetweenRegions() > 0
                  && octoCounter("octopod_bridge_octo_retransmitted_total") > 0;
            } catch (Exception e) {
              return false;
            }
          });
      Map<String, Double> catRtt = rttByName(pages.get("cat"));
      long nacks = octoCounter("octopod_bridge_octo_nacks_sent_total");
      long resent = octoCounter("octopod_bridge_octo_retransmitted_total");
      System.out.printf(
          "E2E RTT ann->ben %.0f ms, ann->cat %.0f ms, cat->ann %.0f ms; long link: %d datagrams,"
              + " %d lost; Octo NACKs %d, resent %d%n",
          rtt.get("ben"),
          rtt.get("cat"),
          catRtt.getOrDefault("ann", -1.0),
          faces.crossedBetweenRegions(),
          faces.lostBetweenRegions(),
          nacks,
          resent);
      assertTrue(
          rtt.get("cat") >= 160,
          "between regions it includes the long link both ways (2 x 80 ms): " + rtt);
      assertTrue(faces.lostBetweenRegions() > 0, "the long link lost packets");
      assertTrue(resent > 0, "the bridges repaired the long link's losses over Octo");
      for (Map.Entry<String, WebDriverSession> p : pages.entrySet()) {
        assertTrue(
            inbound(p.getValue()).path("videoDecoding").asInt() >= 2,
            p.getKey() + " still decodes both others");
      }
    } finally {
      pages.values().forEach(WebDriverSession::close);
    }
  }

  /** A counter summed over both bridges, from their metrics (pod IPs: the control port). */
  private static long octoCounter(String name) throws Exception {
    long total = 0;
    for (var pod :
        octopod
            .client()
            .pods()
            .inNamespace(LocalOctopod.NAMESPACE)
            .withLabel("octopod.io/pool")
            .list()
            .getItems()) {
      String metrics =
          new String(
              URI.create("http://" + pod.getStatus().getPodIP() + ":8080/metrics")
                  .toURL()
                  .openStream()
                  .readAllBytes());
      for (String line : metrics.split("\n")) {
        if (line.startsWith(name + " ")) {
          total += (long) Double.parseDouble(line.substring(name.length() + 1).trim());
        }
      }
    }
    return total;
  }
}
