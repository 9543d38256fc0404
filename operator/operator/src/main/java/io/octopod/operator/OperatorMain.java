package io.octopod.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.octopod.operator.selection.RegionGroups;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

/**
 * Entry point of the operator image. Environment: {@code WATCH_NAMESPACES} (comma-separated, empty
 * for all), {@code POD_NAMESPACE} (where the leader-election Lease lives), {@code POD_NAME} (this
 * instance's identity), {@code LEADER_ELECTION} (true by default), {@code METRICS_PORT} (8081),
 * {@code REGION_GROUPS} (regions that selection counts as one, see {@link RegionGroups#parse}).
 */
public final class OperatorMain {

  private OperatorMain() {}

  public static void main(String[] args) throws Exception {
    String watch = System.getenv().getOrDefault("WATCH_NAMESPACES", "");
    Set<String> namespaces =
        watch.isBlank()
            ? Set.of(io.javaoperatorsdk.operator.api.reconciler.Constants.WATCH_ALL_NAMESPACES)
            : Arrays.stream(watch.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .collect(Collectors.toSet());
    OctopodOperator.Settings settings =
        new OctopodOperator.Settings(
            namespaces,
            System.getenv().getOrDefault("POD_NAMESPACE", "octopod-system"),
            System.getenv().getOrDefault("POD_NAME", "octopod-operator"),
            Boolean.parseBoolean(System.getenv().getOrDefault("LEADER_ELECTION", "true")),
            System.getenv().getOrDefault("METRICS_BIND_ADDRESS", "0.0.0.0"),
            Integer.parseInt(System.getenv().getOrDefault("METRICS_PORT", "8081")),
            true,
            RegionGroups.parse(System.getenv("REGION_GROUPS")));
    KubernetesClient client = new KubernetesClientBuilder().build();
    OctopodOperator operator = OctopodOperator.start(client, settings);
    if (!"false".equalsIgnoreCase(System.getenv().getOrDefault("FOCUS_ENABLED", "true"))) {
      String ns = namespaces.size() == 1 ? namespaces.iterator().next() : "default";
      int port =
          operator.startFocus(
              client, io.octopod.operator.focus.FocusSettings.fromEnvironment(System.getenv(), ns));
      System.out.println("octopod focus: meeting pages on :" + port + "/<room>");
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  operator.close();
                  client.close();
                  stopped.countDown();
                },
                "operator-shutdown"));
    System.out.println(
        "octopod operator running; metrics on :" + operator.metricsPort() + "/metrics");
    stopped.await();
  }
}
