package io.octopod.bridge.conference;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * The bridge's drain: once started, no new endpoints are taken, and the drain completes when the
 * last participant has left or the timeout passes, whichever is first. Starting it again returns
 * the same completion (SIGTERM and the operator may both ask). The operator's drain can be called
 * off, when the pool grows back before the bridge emptied; one that stops the process can't, since
 * the kubelet kills the pod at the end of its grace period whatever the bridge does.
 */
public final class Drain {

  /** How often the participant count is looked at while draining. */
  private static final Duration POLL = Duration.ofMillis(200);

  private final IntSupplier participants;
  private final ScheduledExecutorService scheduler;
  private final LongSupplier nanoClock;
  private volatile CompletableFuture<Boolean> completion;
  private volatile boolean exitRequested;

  public Drain(IntSupplier participants, ScheduledExecutorService scheduler, LongSupplier clock) {
    this.participants = participants;
    this.scheduler = scheduler;
    this.nanoClock = clock;
  }

  public boolean draining() {
    return completion != null;
  }

  /** True once a drain asked for the process to stop when done. */
  public boolean exitRequested() {
    return exitRequested;
  }

  /**
   * Starts draining (or joins the drain under way).
   *
   * @return completes with true when the bridge emptied, false when the timeout cut it short
   */
  public synchronized CompletableFuture<Boolean> start(Duration timeout, boolean exitWhenDone) {
    exitRequested |= exitWhenDone;
    if (completion != null) {
      return completion;
    }
    CompletableFuture<Boolean> done = new CompletableFuture<>();
    long deadline = nanoClock.getAsLong() + timeout.toNanos();
    ScheduledFuture<?> poller =
        scheduler.scheduleWithFixedDelay(
            () -> {
              if (participants.getAsInt() == 0) {
                done.complete(true);
              } else if (nanoClock.getAsLong() - deadline >= 0) {
                done.complete(false);
              }
            },
            0,
            POLL.toMillis(),
            TimeUnit.MILLISECONDS);
    done.whenComplete((emptied, error) -> poller.cancel(false));
    completion = done;
    return done;
  }

  /** What {@link #cancel} did. */
  public enum Cancelled {
    /** The drain was called off: the bridge takes new endpoints again. */
    CANCELLED,
    /** There was no drain to call off. */
    NOT_DRAINING,
    /** The drain ends in the process stopping, and stays. */
    STOPPING
  }

  /**
   * Calls the drain off. Its completion fails with a {@link
   * java.util.concurrent.CancellationException}, so nothing chained to it (an exit) runs.
   */
  public synchronized Cancelled cancel() {
    if (exitRequested) {
      return Cancelled.STOPPING;
    }
    CompletableFuture<Boolean> running = completion;
    if (running == null) {
      return Cancelled.NOT_DRAINING;
    }
    completion = null;
    running.cancel(false);
    return Cancelled.CANCELLED;
  }
}
