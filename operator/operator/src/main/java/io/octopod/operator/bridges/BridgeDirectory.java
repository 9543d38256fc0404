package io.octopod.operator.bridges;

import io.octopod.operator.selection.BridgeInfo;
import io.octopod.operator.selection.BridgeState;
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
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
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
 *
 * <p>Each bridge is polled on its own thread, so that a frozen bridge (whose kernel accepts the
 * connection, but whose process never answers) holds up only its own poll. A bridge whose last poll
 * failed takes no new participants ({@link #lastPollFailed}); after two it is {@linkplain
 * BridgeState#UNHEALTHY unhealthy}. It is known dead when someone who saw it go (a page that lost
 * its bridge channel, the pod watch) {@linkplain #suspect reports it} and it fails a poll (made on
 * the spot, or its last one): two independent signs. A dead bridge no longer counts as {@link
 * #hosting} anything, so that wiring a conference neither calls it nor offers it to the others as
 * an Octo peer, and its participants, rejoining elsewhere, are not counted twice. Failed polls
 * alone do not do that: on a loaded machine a live bridge can miss a poll or two, and cutting it
 * out of its conferences' mesh would cut off participants who never lost it. The next poll it
 * answers brings it back.
 */
public final class BridgeDirectory implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(BridgeDirectory.class.getName());
  public static final Duration POLL = Duration.ofSeconds(2);

  private final Map<String, KnownBridge> bridges = new ConcurrentHashMap<>();
  private final Clock clock;
  private final ScheduledExecutorService poller;
  private final ExecutorService callers;

  /** Polls in flight, by relay id: a burst of suspicions about one bridge costs one call. */
  private final Map<String, CompletableFuture<Boolean>> polling = new ConcurrentHashMap<>();

  private final List<Consumer<KnownBridge>> listeners = new CopyOnWriteArrayList<>();

  /** Bridges reported lost that then failed a poll, until they answer one (by relay id). */
  private final Set<String> dead = ConcurrentHashMap.newKeySet();

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
    this.callers =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "bridge-directory-call");
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
      if (bridge.stats() == null || dead.contains(bridge.relayId())) {
        continue; // not polled yet, or dead: what it last reported is gone with it
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
      pollAsync(bridge.relayId());
    }
  }

  /** Whether the bridge's last poll failed: it takes no new participants until one succeeds. */
  public boolean lastPollFailed(String relayId) {
    KnownBridge bridge = bridges.get(relayId);
    return bridge != null && bridge.failures() > 0;
  }

  /**
   * Someone saw the bridge go: a page lost its bridge channel, or its pod stopped being Ready. It
   * is polled at once (sharing a poll in flight), and if it does not answer it is marked dead then,
   * not after a second failed poll: the report and the failed poll are two independent signs (and
   * if its last poll failed already, it is dead at once). A report alone changes nothing, so a page
   * can't take a live bridge out for everyone.
   *
   * @return completes with whether the bridge answered (false for a bridge not in the directory)
   */
  public CompletableFuture<Boolean> suspect(String relayId) {
    if (lastPollFailed(relayId)) {
      // Its last poll already failed: with the report, that is the second sign. A poll still goes
      // out, so that a bridge that answers again is back at once.
      markDead(relayId);
      pollAsync(relayId);
      return CompletableFuture.completedFuture(false);
    }
    return pollAsync(relayId)
        .thenApply(
            alive -> {
              if (!alive) {
                markDead(relayId);
              }
              return alive;
            });
  }

  /** The pod watch saw the bridge's pod stop being Ready (or go): no new participants for it. */
  public void podNotReady(String namespace, String relayId) {
    KnownBridge updated =
        bridges.computeIfPresent(
            relayId, (id, b) -> b.namespace().equals(namespace) ? b.withPodReady(false) : b);
    if (updated != null && updated.namespace().equals(namespace)) {
      suspect(relayId);
    }
  }

  /** Whether the bridge was reported lost and then failed a poll, and has not answered since. */
  public boolean dead(String relayId) {
    return dead.contains(relayId);
  }

  private void markDead(String relayId) {
    KnownBridge updated = bridges.computeIfPresent(relayId, (id, b) -> b.dead());
    if (updated != null && dead.add(relayId)) {
      LOG.info("bridge " + relayId + " reported lost and not answering: dead");
      listeners.forEach(l -> l.accept(updated));
    }
  }

  /** Polls the bridge on its own thread, or joins the poll already in flight. */
  private CompletableFuture<Boolean> pollAsync(String relayId) {
    CompletableFuture<Boolean> mine = new CompletableFuture<>();
    CompletableFuture<Boolean> running = polling.putIfAbsent(relayId, mine);
    if (running != null) {
      return running;
    }
    try {
      callers.execute(
          () -> {
            boolean answered = false;
            try {
              answered = pollNow(relayId);
            } finally {
              polling.remove(relayId, mine);
              mine.complete(answered);
            }
          });
    } catch (RuntimeException e) { // closed
      polling.remove(relayId, mine);
      mine.complete(false);
    }
    return mine;
  }

  /**
   * Polls one bridge now (after an allocation, so that its stats include the new endpoint).
   *
   * @return whether it answered
   */
  public boolean pollNow(String relayId) {
    KnownBridge bridge = bridges.get(relayId);
    if (bridge == null) {
      return false;
    }
    try {
      BridgeStats stats = bridge.client().stats();
      KnownBridge updated =
          bridges.computeIfPresent(relayId, (id, b) -> b.withStats(stats, clock.instant()));
      if (dead.remove(relayId)) {
        LOG.info("bridge " + relayId + " answers again");
      }
      if (updated != null && !stats.equals(bridge.stats())) {
        listeners.forEach(l -> l.accept(updated));
      }
      return true;
    } catch (IOException | RuntimeException e) {
      KnownBridge updated = bridges.computeIfPresent(relayId, (id, b) -> b.withFailure());
      if (updated != null && updated.failures() == KnownBridge.UNHEALTHY_AFTER) {
        LOG.log(
            Level.INFO, "bridge " + relayId + " stopped answering its stats: " + e.getMessage());
        listeners.forEach(l -> l.accept(updated));
      }
      return false;
    }
  }

  @Override
  public void close() {
    poller.shutdownNow();
    callers.shutdownNow();
  }
}
