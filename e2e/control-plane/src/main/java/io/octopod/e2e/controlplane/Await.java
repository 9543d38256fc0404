package io.octopod.e2e.controlplane;

import java.time.Duration;
import java.util.function.Supplier;

/** Bounded polling for tests: wait for a condition, never for a fixed time. */
public final class Await {

  private Await() {}

  /** Polls every 100 ms until {@code condition} is true; fails with {@code what} at the timeout. */
  public static void until(Duration timeout, String what, Supplier<Boolean> condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    RuntimeException last = null;
    while (System.nanoTime() < deadline) {
      try {
        if (Boolean.TRUE.equals(condition.get())) {
          return;
        }
        last = null;
      } catch (RuntimeException e) {
        last = e;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + what, e);
      }
    }
    throw new AssertionError(
        "timed out after " + timeout.toSeconds() + " s waiting for " + what, last);
  }
}
