package io.octopod.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * Entry point of the operator image; its settings come from the environment ({@link
 * OctopodOperator.Settings#fromEnvironment}).
 */
public final class OperatorMain {

  private OperatorMain() {}

  public static void main(String[] args) throws Exception {
    OctopodOperator.Settings settings = OctopodOperator.Settings.fromEnvironment(System.getenv());
    Set<String> namespaces = settings.namespaces();
    KubernetesClient client = new KubernetesClientBuilder().build();
    OctopodOperator operator = OctopodOperator.start(client, settings);
    if (!"false".equalsIgnoreCase(System.getenv().getOrDefault("FOCUS_ENABLED", "true"))) {
      String ns = namespaces.size() == 1 ? namespaces.iterator().next() : "default";
      int port =
          operator.startFocus(
              client,
              io.octopod.operator.focus.FocusSettings.fromEnvironment(System.getenv(), ns),
              io.octopod.operator.focus.FocusTls.fromEnvironment(System.getenv()));
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
