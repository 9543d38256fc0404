package io.octopod.bridge.control;

import io.octopod.bridge.conference.Drain;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * A drain that stops the process when it completes: what SIGTERM starts (the kubelet deleting the
 * pod) and what {@code POST /colibri/drain} with {@code exitWhenDone} asks for.
 */
public final class DrainThenExit {

  /** Lets a reply that asked for the exit reach the caller before the sockets close. */
  private static final long EXIT_DELAY_MILLIS = 250;

  private final Drain drain;
  private final Runnable exit;

  /**
   * @param exit stops the process
   */
  public DrainThenExit(Drain drain, Runnable exit) {
    this.drain = drain;
    this.exit = exit;
  }

  /**
   * Starts draining (or joins the drain under way, which then can no longer be called off) and
   * exits once the bridge is empty or the timeout passed.
   *
   * @return the drain's completion: true when the bridge emptied
   */
  public CompletableFuture<Boolean> start(Duration timeout) {
    CompletableFuture<Boolean> done = drain.start(timeout, true);
    // Exit on a thread of its own, a moment later: the drain may be complete already, and the
    // caller may be an HTTP event loop that must first send its reply and can't wait on itself.
    done.thenRun(
        () -> {
          Thread exiting =
              new Thread(
                  () -> {
                    try {
                      Thread.sleep(EXIT_DELAY_MILLIS);
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                    exit.run();
                  },
                  "bridge-exit");
          exiting.start();
        });
    return done;
  }
}
