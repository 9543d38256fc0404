package io.octopod.operator.selection;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Assignments made recently that a bridge's stats may not show yet. Without this, a burst of joins
 * between two stats polls all see the same "least loaded" bridge and pile onto it.
 *
 * <p>An assignment is pending while it is newer than the bridge's last stats reading and younger
 * than the window. Thread-safe; joins are not a hot path, so a lock is fine.
 */
public final class PendingAssignments {

  private final Duration window;
  private final Map<String, Deque<Instant>> byBridge = new HashMap<>();

  public PendingAssignments(Duration window) {
    this.window = window;
  }

  public synchronized void record(String bridgeId, Instant at) {
    byBridge.computeIfAbsent(bridgeId, id -> new ArrayDeque<>()).addLast(at);
  }

  /** How many assignments to {@code bridgeId} the stats taken at {@code statsTakenAt} miss. */
  public synchronized int pending(String bridgeId, Instant statsTakenAt, Instant now) {
    Deque<Instant> times = byBridge.get(bridgeId);
    if (times == null) {
      return 0;
    }
    Instant cutoff = now.minus(window);
    while (!times.isEmpty() && !times.peekFirst().isAfter(cutoff)) {
      times.removeFirst();
    }
    if (times.isEmpty()) {
      byBridge.remove(bridgeId);
      return 0;
    }
    int count = 0;
    for (Instant t : times) {
      if (t.isAfter(statsTakenAt)) {
        count++;
      }
    }
    return count;
  }
}
