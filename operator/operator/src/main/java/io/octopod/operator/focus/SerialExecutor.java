package io.octopod.operator.focus;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs one signalling socket's work in order, one task at a time, on the focus's shared worker
 * pool, so different sockets still run in parallel. Two joins sent back to back are then handled
 * one after the other (the second sees the first's participant), and the socket's close is handled
 * after any join still running, which it can then undo.
 *
 * <p>A socket may have {@link #MAX_QUEUED} messages waiting; beyond that a message is refused (the
 * focus answers "busy"). The close is never refused: when the pool itself refuses it (every worker
 * busy and the pool's queue full), it is tried again a moment later.
 */
final class SerialExecutor {

  private static final Logger LOG = Logger.getLogger(SerialExecutor.class.getName());

  /** Messages one socket may have waiting; a page sends a handful at most. */
  static final int MAX_QUEUED = 16;

  private static final long RETRY_MILLIS = 100;

  private final Executor pool;
  private final ScheduledExecutorService retry;
  private final Queue<Runnable> queue = new ArrayDeque<>();
  private boolean running;

  SerialExecutor(Executor pool, ScheduledExecutorService retry) {
    this.pool = pool;
    this.retry = retry;
  }

  /**
   * Queues a message's handling.
   *
   * @return false when it was refused: this socket has too many waiting, or the pool is full
   */
  boolean execute(Runnable task) {
    synchronized (this) {
      if (queue.size() >= MAX_QUEUED) {
        return false;
      }
      queue.add(task);
      if (running) {
        return true;
      }
      running = true;
    }
    try {
      pool.execute(this::drain);
      return true;
    } catch (RejectedExecutionException e) {
      synchronized (this) {
        // Nothing was running, so the queue held only this task.
        queue.remove(task);
        running = false;
      }
      return false;
    }
  }

  /** Queues work that must run (the socket's close), after everything queued before it. */
  void executeAlways(Runnable task) {
    synchronized (this) {
      queue.add(task);
      if (running) {
        return;
      }
      running = true;
    }
    start();
  }

  private void start() {
    try {
      pool.execute(this::drain);
    } catch (RejectedExecutionException e) {
      try {
        retry.schedule(this::start, RETRY_MILLIS, TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException stopped) {
        // The focus is closing: nothing will run any more.
      }
    }
  }

  private void drain() {
    while (true) {
      Runnable next;
      synchronized (this) {
        next = queue.poll();
        if (next == null) {
          running = false;
          return;
        }
      }
      try {
        next.run();
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "signalling task failed", e);
      }
    }
  }
}
