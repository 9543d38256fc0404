package io.octopod.e2e.local;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code make demo}: the local multi-region Octopod ({@link LocalOctopod}), the meeting URL to
 * open, and optionally headless participants spread over the regions. Settings come from the
 * environment, so that {@code make demo BOTS=3 REGIONS=us-east,ap-southeast} works: {@code REGIONS}
 * (default {@code us-east,ap-southeast}), {@code BOTS} (default 0), {@code BOT_REGIONS} (a region
 * per participant, for a meeting shaped on purpose, such as three in one region and one in another;
 * by default they are spread over the regions in turn), {@code OPERATOR_REPLICAS} (default 1).
 * Ctrl-C stops the participants, the pods and the control plane.
 */
public final class DemoMain {

  private DemoMain() {}

  public static void main(String[] args) throws Exception {
    if (System.getenv("VERBOSE") == null) {
      // The harness logs every pod start and stop; the demo prints what a newcomer needs. The
      // logs of the control plane and of every pod stay in the cluster's directory.
      java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
    }
    List<String> regions = list(System.getenv().getOrDefault("REGIONS", "us-east,ap-southeast"));
    int bots = Integer.parseInt(System.getenv().getOrDefault("BOTS", "0").trim());
    List<String> botRegions = list(System.getenv().getOrDefault("BOT_REGIONS", ""));
    int operators = Integer.parseInt(System.getenv().getOrDefault("OPERATOR_REPLICAS", "1").trim());
    long started = System.nanoTime();
    System.out.println(
        "demo: starting the control plane, a node per region " + regions + ", and the chart...");
    LocalOctopod octopod = LocalOctopod.start("demo", regions, operators);
    HeadlessParticipants participants =
        new HeadlessParticipants(octopod.cluster().directory().resolve("participants"));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.out.println(
                      "\ndemo: stopping the participants, the pods and the control plane...");
                  participants.close();
                  octopod.close();
                  System.out.println(
                      "demo: stopped; logs stay in " + octopod.cluster().directory());
                  stopped.countDown();
                },
                "demo-stop"));
    for (int i = 0; i < bots; i++) {
      String region = i < botRegions.size() ? botRegions.get(i) : regions.get(i % regions.size());
      String name = "bot-" + (i + 1) + "-" + region;
      participants.join(name, octopod.meetingUrl(name, region));
    }
    Duration up = Duration.ofNanos(System.nanoTime() - started);
    System.out.println();
    System.out.printf(
        "Octopod is up (%.0f s): %d regions, a bridge pod per region, the operator as a pod.%n",
        up.toMillis() / 1000.0, regions.size());
    System.out.println();
    System.out.println(
        "Open the meeting in Chromium or Firefox on this machine (camera and microphone):");
    for (String region : regions) {
      System.out.println(
          "  " + octopod.meetingUrl("you", region) + "    (as a participant in " + region + ")");
    }
    if (bots > 0) {
      System.out.println(bots + " headless participants joined, spread over " + regions + ".");
    } else {
      System.out.println("Add headless participants with: make demo BOTS=3");
    }
    System.out.println("Each tile shows the bridge region and the end-to-end RTT. The cluster:");
    System.out.println(
        "  kubectl --kubeconfig "
            + octopod.cluster().kubeconfig()
            + " -n "
            + LocalOctopod.NAMESPACE
            + " get conferences,bridgepools,pods");
    System.out.println("Ctrl-C stops everything.");
    stopped.await();
  }

  private static List<String> list(String commaSeparated) {
    return Arrays.stream(commaSeparated.split(","))
        .map(String::trim)
        .filter(r -> !r.isEmpty())
        .toList();
  }
}
