package io.octopod.e2e.local;

import static io.octopod.e2e.local.MeetingPages.evaluate;
import static io.octopod.e2e.local.MeetingPages.frames;
import static io.octopod.e2e.local.MeetingPages.inbound;
import static io.octopod.e2e.local.MeetingPages.state;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.octopod.bridge.browser.WebDriverSession;
import io.octopod.e2e.controlplane.Await;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole of Octopod as the demo runs it ({@link LocalOctopod}: the chart on the local control
 * plane, the operator and the bridges as pods): a conference through the meeting page and the focus
 * with participants in two regions, Octo between the regions' bridges, everything decoded; then the
 * bridge of two participants is killed, and they reconnect through the focus to another bridge
 * while the third keeps its call.
 */
class RegionsIT {

  private static final ObjectMapper JSON = MeetingPages.JSON;
  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final Map<String, List<String>> FACES =
      Map.of(
          "us-east", List.of("127.0.3.20", "127.0.3.21"),
          "ap-southeast", List.of("127.0.3.22", "127.0.3.23"));
  private static LocalOctopod octopod;
  private static RegionFaces faces;

  @BeforeAll
  static void start() throws Exception {
    long started = System.nanoTime();
    octopod =
        LocalOctopod.start("regions-it", List.of("us-east", "ap-southeast"), 1, 2, true, FACES);
    faces = RegionFaces.start(octopod, FACES, RegionFaces.IN_REGION, RegionFaces.BETWEEN_REGIONS);
    System.out.printf("local Octopod up in %.1f s%n", (System.nanoTime() - started) / 1e9);
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
  void aConferenceAcrossRegionsSurvivesTheLossOfABridge() throws Exception {
    Map<String, String> regionOf =
        Map.of("ann", "us-east", "ben", "us-east", "cat", "ap-southeast");
    Map<String, WebDriverSession> pages =
        MeetingPages.open(octopod, List.of("ann", "ben", "cat"), regionOf);
    try {
      long joinStarted = System.nanoTime();
      awaitOrShow(pages, "everyone decoding the two others", () -> allDecode(pages.values(), 2));
      System.out.printf(
          "3 participants decoding each other %.1f s after opening the pages%n",
          (System.nanoTime() - joinStarted) / 1e9);
      GenericKubernetesResource standup = conference();
      System.out.println(
          octopod.cluster().kubectl("get", "conferences,bridgepools,pods", "-n", "octopod"));
      assertEquals(2, status(standup).path("bridgeCount").asInt(), "a bridge per region");
      String annBridge = state(pages.get("ann")).path("bridge").path("relayId").asText();
      String catBridge = state(pages.get("cat")).path("bridge").path("relayId").asText();
      assertEquals(annBridge, state(pages.get("ben")).path("bridge").path("relayId").asText());
      assertTrue(annBridge.startsWith("us-east-"), "ann is on a us-east bridge: " + annBridge);
      assertTrue(catBridge.startsWith("ap-southeast-"), "cat on ap-southeast: " + catBridge);

      // Kill ann's and ben's bridge, as a node failure would: no drain, no goodbye.
      long killed = System.nanoTime();
      octopod
          .client()
          .pods()
          .inNamespace(LocalOctopod.NAMESPACE)
          .withName(annBridge)
          .withGracePeriod(0)
          .delete();
      Map<String, Double> backAfter = new LinkedHashMap<>();
      long catFramesBefore = frames(pages.get("cat"));
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (backAfter.size() < 2 && System.nanoTime() < deadline) {
        for (String name : List.of("ann", "ben")) {
          JsonNode s = state(pages.get(name));
          if (!backAfter.containsKey(name)
              && s.path("reconnects").asInt() >= 1
              && "joined".equals(s.path("phase").asText())
              && inbound(pages.get(name)).path("videoDecoding").asInt() >= 1) {
            backAfter.put(name, (System.nanoTime() - killed) / 1e9);
          }
        }
        Thread.sleep(100);
      }
      System.out.println("video decoded again after the bridge was killed (s): " + backAfter);
      for (String name : List.of("ann", "ben")) {
        // Where the time went, from the page's own clock (ms after it saw the bridge go).
        JsonNode t = evaluate(pages.get(name), "done(JSON.stringify(octopod.timing));");
        double lost = t.path("lost").asDouble();
        java.util.function.Function<String, String> after =
            mark ->
                t.path(mark).isNumber()
                    ? String.format("+%.0f ms", t.path(mark).asDouble() - lost)
                    : "not seen by the page";
        System.out.printf(
            "%s's reconnect: focus socket open %s, joined %s, media connected %s, first remote"
                + " frame %s%n",
            name,
            after.apply("socketOpen"),
            after.apply("joined"),
            after.apply("connected"),
            after.apply("firstRemoteFrame"));
      }
      assertEquals(2, backAfter.size(), "both reconnected: " + backAfter);
      for (String name : List.of("ann", "ben")) {
        String now = state(pages.get(name)).path("bridge").path("relayId").asText();
        assertNotEquals(annBridge, now, name + " is on another bridge");
      }
      awaitOrShow(
          pages, "everyone decoding the two others again", () -> allDecode(pages.values(), 2));
      JsonNode cat = state(pages.get("cat"));
      assertEquals(0, cat.path("reconnects").asInt(), "cat's call was never interrupted");
      assertTrue(
          frames(pages.get("cat")) > catFramesBefore, "cat kept decoding on the same connection");
      System.out.printf(
          "all decoding again %.1f s after the kill; goal 5 s for the first frame: %s%n",
          (System.nanoTime() - killed) / 1e9, backAfter);
    } finally {
      pages.values().forEach(WebDriverSession::close);
    }
  }

  private static GenericKubernetesResource conference() {
    return octopod
        .client()
        .genericKubernetesResources("octopod.io/v1alpha1", "Conference")
        .inNamespace(LocalOctopod.NAMESPACE)
        .withName(LocalOctopod.ROOM)
        .get();
  }

  private static JsonNode status(GenericKubernetesResource resource) {
    return JSON.valueToTree(resource.getAdditionalProperties().get("status"));
  }

  private static boolean allDecode(java.util.Collection<WebDriverSession> pages, int others) {
    return pages.stream().allMatch(p -> inbound(p).path("videoDecoding").asInt() >= others);
  }

  private static void awaitOrShow(
      Map<String, WebDriverSession> pages, String what, java.util.function.BooleanSupplier ok)
      throws Exception {
    try {
      Await.until(WAIT, what, ok::getAsBoolean);
    } catch (AssertionError e) {
      for (Map.Entry<String, WebDriverSession> p : pages.entrySet()) {
        System.out.println(p.getKey() + ": " + state(p.getValue()) + " " + inbound(p.getValue()));
      }
      System.out.println(
          octopod.cluster().kubectl("get", "pods,conferences,bridgepools", "-n", "octopod"));
      throw e;
    }
  }
}
