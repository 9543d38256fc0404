package io.octopod.operator.bridges;

import io.octopod.operator.selection.BridgeInfo;
import io.octopod.protocol.control.BridgeStats;
import io.octopod.protocol.control.ConferenceInfo;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The bridges this operator may use, and what each last reported. The BridgePool reconciler tells
 * it which bridges exist (from the pods); a poller asks every bridge for {@code /colibri/stats}
 * every {@link #POLL} and keeps the answer. Selection, mesh wiring and the status of both custom
 * resources read from here, and after an operator restart it is rebuilt from the pods and the
 * bridges' own stats: the bridges are the source of truth for who is in which conference.
 */
public final class BridgeDirectory implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(BridgeDirectory.class.getName());
  public static final Duration POLL = Duration.ofSeconds(2);

  private final Map<String, KnownBridge> bridges = new ConcurrentHashMap<>();
  private final Clock clock;
  private final ScheduledExecutorService poller;
  private final List<Consumer<KnownBridge>> listeners =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  public BridgeDirectory(Clock clock) {
    this.clock = clock;
    this.poller =
        Executors.newScheduledThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "bridge-directory-poller");
              t.setDaemon(true);
              return t;
            });
  }

  public void start() {
    poller.scheduleWithFixedDelay(this::pollAll, 0, POLL.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Called with a bridge after each poll that changed what it reports. */
  public void onChange(Consumer<KnownBridge> listener) {
    listeners.add(listener);
  }

  /**
   * Replaces the pool's bridges with those its pods show, keeping what was polled for the ones that
   * stay.
   */
  public void syncPool(String namespace, String pool, Collection<KnownBridge> fromPods) {
    Map<String, KnownBridge> incoming = new java.util.HashMap<>();
    fromPods.forEach(b -> incoming.put(b.relayId(), b));
    bridges
        .entrySet()
        .removeIf(
            e ->
                e.getValue().namespace().equals(namespace)
                    && e.getValue().pool().equals(pool)
                    && !incoming.containsKey(e.getKey()));
    for (KnownBridge bridge : fromPods) {
      bridges.merge(bridge.relayId(), bridge, (old, fresh) -> old.refreshedFrom(fresh));
    }
  }

  public void removePool(String namespace, String pool) {
    bridges
        .entrySet()
        .removeIf(
            e -> e.getValue().namespace().equals(namespace) && e.getValue().pool().equals(pool));
  }

  public void markDraining(String relayId, boolean draining) {
    bridges.computeIfPresent(relayId, (id, b) -> b.withDraining(draining));
  }

  public Optional<KnownBridge> get(String relayId) {
    return Optional.ofNullable(bridges.get(relayId));
  }

  public List<KnownBridge> all() {
    List<KnownBridge> list = new ArrayList<>(bridges.values());
    list.sort((a, b) -> a.relayId().compareTo(b.relayId()));
    return list;
  }

  public List<KnownBridge> pool(String namespace, String pool) {
    return all().stream()
        .filter(b -> b.namespace().equals(namespace) && b.pool().equals(pool))
        .toList();
  }

  public List<BridgeInfo> infos() {
    return all().stream().map(KnownBridge::info).toList();
  }

  /** Each bridge that reports the conference, with what it reports about it. */
  public Map<KnownBridge, ConferenceInfo> hosting(String conferenceId) {
    Map<KnownBridge, ConferenceInfo> out = new java.util.LinkedHashMap<>();
    for (KnownBridge bridge : all()) {
      if (bridge.stats() == null) {
        continue;
      }
      for (ConferenceInfo info : bridge.stats().conferences()) {
        if (info.conferenceId().equals(conferenceId)) {
          out.put(bridge, info);
        }
      }
    }
    return out;
  }

  private void pollAll() {
    for (KnownBridge bridge : all()) {
      pollNow(bridge.relayId());
    }
  }

  /** Polls one bridge now (after an allocation, so that its stats include the new endpoint). */
  public void pollNow(String relayId) {
    KnownBridge bridge = bridges.get(relayId);
    if (bridge == null) {
      return;
    }
    try {
      BridgeStats stats = bridge.client().stats();
      KnownBridge updated =
          bridges.computeIfPresent(relayId, (id, b) -> b.withStats(stats, clock.instant()));
      if (updated != null && !stats.equals(bridge.stats())) {
        listeners.forEach(l -> l.accept(updated));
      }
    } catch (IOException | RuntimeException e) {
      KnownBridge updated = bridges.computeIfPresent(relayId, (id, b) -> b.withFailure());
      if (updated != null && updated.failures() == KnownBridge.UNHEALTHY_AFTER) {
        LOG.log(
            Level.INFO, "bridge " + relayId + " stopped answering its stats: " + e.getMessage());
        listeners.forEach(l -> l.accept(updated));
      }
    }
  }

  @Override
  public void close() {
    poller.shutdownNow();
  }
}
