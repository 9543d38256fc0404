package io.octopod.bridge;

import io.octopod.bridge.config.BridgeConfig;
import java.util.concurrent.CountDownLatch;
import sun.misc.Signal;

/** Entry point of the bridge process and of the bridge image. */
public final class BridgeMain {

  private BridgeMain() {}

  public static void main(String[] args) throws InterruptedException {
    BridgeConfig config;
    try {
      config = BridgeConfig.fromEnvironment(System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("octopod bridge: bad configuration: " + e.getMessage());
      System.exit(2);
      return;
    }
    Bridge bridge = Bridge.start(config, () -> System.exit(0));
    // SIGTERM (the kubelet deleting the pod) drains before the exit; the pod's grace period
    // covers the drain timeout. SIGINT (a developer's Ctrl-C) still stops at once, through the
    // shutdown hook below. A drain needs no preStop hook, so no open path can start one.
    Signal.handle(new Signal("TERM"), signal -> bridge.drainThenExit());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  bridge.close();
                  stopped.countDown();
                },
                "bridge-shutdown"));
    System.out.println(bridge.describe());
    if (config.controlTokenGenerated()) {
      // A developer run without OCTOPOD_CONTROL_TOKEN: print the one we made so curl can use it.
      System.out.println(
          "control token (generated, set OCTOPOD_CONTROL_TOKEN to choose one): "
              + config.controlToken());
    }
    System.out.flush();
    stopped.await();
  }
}
