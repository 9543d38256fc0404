package io.octopod.operator.pool;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.octopod.api.v1alpha1.BridgePool;
import io.octopod.api.v1alpha1.BridgePoolStatus;
import io.octopod.api.v1alpha1.BridgeStatus;
import io.octopod.api.v1alpha1.Condition;
import io.octopod.operator.EventRecorder;
import io.octopod.operator.bridges.BridgeClient;
import io.octopod.operator.bridges.BridgeDirectory;
import io.octopod.operator.bridges.KnownBridge;
import io.octopod.operator.metrics.OperatorMetrics;
import io.octopod.operator.model.BridgePoolResources;
import io.octopod.operator.model.Conditions;
import io.octopod.operator.model.PoolLabels;
import io.octopod.operator.model.ResolvedPoolSpec;
import io.octopod.operator.selection.BridgeState;
import io.octopod.protocol.control.DrainRequest;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Reconciles a BridgePool: the bridge StatefulSet and what it needs (headless Service,
 * PodDisruptionBudget, ConfigMap, control token Secret, NodePort Services), the bridge directory
 * entries of its pods, scale-down by draining, autoscaling, and the status.
 */
@ControllerConfiguration(name = "bridgepool")
public final class BridgePoolReconciler implements Reconciler<BridgePool>, Cleaner<BridgePool> {

  private static final Logger LOG = Logger.getLogger(BridgePoolReconciler.class.getName());
  static final String FIELD_MANAGER = "octopod-operator";

  /** The status is refreshed from the bridges' stats at this pace. */
  static final Duration RESYNC = Duration.ofSeconds(3);

  private final KubernetesClient client;
  private final BridgeDirectory directory;
  private final OperatorMetrics metrics;
  private final EventRecorder events;
  private final Clock clock;

  public BridgePoolReconciler(
      KubernetesClient client, BridgeDirectory directory, OperatorMetrics metrics, Clock clock) {
    this.client = client;
    this.directory = directory;
    this.metrics = metrics;
    this.events = new EventRecorder(client);
    this.clock = clock;
  }

  @Override
  public UpdateControl<BridgePool> reconcile(BridgePool pool, Context<BridgePool> context) {
    return metrics.timed("bridgepool", () -> reconcilePool(pool));
  }

  private UpdateControl<BridgePool> reconcilePool(BridgePool pool) {
    String ns = pool.getMetadata().getNamespace();
    String name = pool.getMetadata().getName();
    BridgePoolStatus status = pool.getStatus() == null ? new BridgePoolStatus() : pool.getStatus();
    pool.setStatus(status);
    StatefulSet existing = client.apps().statefulSets().inNamespace(ns).withName(name).get();
    int current =
        existing == null || existing.getSpec().getReplicas() == null
            ? 0
            : existing.getSpec().getReplicas();

    ResolvedPoolSpec spec;
    try {
      spec = ResolvedPoolSpec.of(pool.getSpec(), Math.max(current, 1));
    } catch (RuntimeException e) {
      return invalid(pool, status, e.getMessage());
    }
    int desired = spec.replicas();
    if (pool.getSpec().getAutoscaling() != null) {
      desired =
          Autoscaler.desiredReplicas(
              pool.getSpec().getAutoscaling(), current, meanStress(ns, name));
      if (desired != current && existing != null) {
        events.normal(
            pool,
            "Autoscaling",
            "mean stress "
                + format(meanStress(ns, name))
                + ": replicas "
                + current
                + " -> "
                + desired);
      }
      spec = ResolvedPoolSpec.of(pool.getSpec(), desired);
    }

    int replicas = replicasAfterDraining(pool, spec, current, desired);
    ResolvedPoolSpec applied = spec.withReplicas(replicas);
    BridgePoolResources resources = new BridgePoolResources(pool, applied);
    String token = ensureToken(pool, resources);
    apply(resources.configMap());
    apply(resources.headlessService());
    apply(resources.podDisruptionBudget());
    resources.nodePortServices().forEach(this::apply);
    apply(resources.statefulSet());

    List<KnownBridge> bridges = PoolBridges.fromPods(client, pool, applied, token, "");
    directory.syncPool(ns, name, bridges);
    writeStatus(pool, status, desired);
    return UpdateControl.patchStatus(pool).rescheduleAfter(RESYNC);
  }

  /**
   * The pool grew back before a draining bridge emptied: the bridge is told to take participants
   * again.
   *
   * @return true once the bridge agreed, is gone from the directory, or is stopping anyway (409);
   *     false when it could not be reached: its mark stays and the next pass tries again, while the
   *     scale-up goes on
   */
  private boolean callOffDrain(String relayId) {
    KnownBridge bridge = directory.get(relayId).orElse(null);
    if (bridge == null) {
      return true;
    }
    try {
      bridge.client().cancelDrain();
      return true;
    } catch (BridgeClient.BridgeCallException e) {
      if (e.status() == 409) {
        return true; // the bridge is stopping (SIGTERM): nothing to call off
      }
      LOG.log(Level.INFO, "calling off the drain of " + relayId + " failed: " + e.getMessage());
      return false;
    } catch (IOException e) {
      LOG.log(Level.INFO, "calling off the drain of " + relayId + " failed: " + e.getMessage());
      return false;
    }
  }

  /**
   * Scale-down drains first: the bridges above the new count are told to drain and get no new
   * participants; the StatefulSet shrinks only when they are empty or their drain timed out. When
   * each drain started is marked on its pod ({@link DrainMarks}), so a new leader keeps the
   * original deadline.
   */
  private int replicasAfterDraining(
      BridgePool pool, ResolvedPoolSpec spec, int current, int desired) {
    String ns = pool.getMetadata().getNamespace();
    String name = pool.getMetadata().getName();
    if (desired >= current) {
      for (Pod pod :
          client.pods().inNamespace(ns).withLabels(PoolLabels.selector(name)).list().getItems()) {
        if (DrainMarks.startedAt(pod) != null && callOffDrain(pod.getMetadata().getName())) {
          DrainMarks.clear(client, pod);
          directory.markDraining(pod.getMetadata().getName(), false);
        }
      }
      return desired;
    }
    boolean allDone = true;
    for (int ordinal = desired; ordinal < current; ordinal++) {
      String relayId = name + "-" + ordinal;
      Pod pod = client.pods().inNamespace(ns).withName(relayId).get();
      if (pod == null) {
        continue; // nothing left to drain
      }
      KnownBridge bridge = directory.get(relayId).orElse(null);
      Instant since = DrainMarks.startedAt(pod);
      if (since == null) {
        since = DrainMarks.mark(client, pod, clock.instant());
        if (since == null) {
          continue; // the pod went meanwhile
        }
        events.normal(
            pool, "Draining", "bridge " + relayId + " drains before the pool scales to " + desired);
        if (bridge != null) {
          try {
            bridge.client().drain(new DrainRequest((int) spec.drainTimeout().toSeconds(), false));
          } catch (IOException e) {
            LOG.log(Level.INFO, "drain request to " + relayId + " failed: " + e.getMessage());
          }
        }
      }
      directory.markDraining(relayId, true);
      // Not polled yet (a new leader's first pass) is not empty: wait for the stats.
      boolean empty =
          bridge == null
              || bridge.state() == BridgeState.UNHEALTHY
              || (bridge.stats() != null && bridge.participants() == 0);
      boolean timedOut = clock.instant().isAfter(since.plus(spec.drainTimeout()));
      if (!empty && !timedOut) {
        allDone = false;
      }
    }
    if (allDone) {
      events.normal(
          pool, "ScaledDown", "drained bridges left; replicas " + current + " -> " + desired);
      return desired;
    }
    return current;
  }

  private String ensureToken(BridgePool pool, BridgePoolResources resources) {
    String ns = pool.getMetadata().getNamespace();
    String existing = PoolBridges.token(client, ns, pool.getMetadata().getName());
    if (existing != null) {
      return existing;
    }
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    // Created once and never re-applied: a re-generated token would lock the operator out of
    // running bridges.
    client.secrets().inNamespace(ns).resource(resources.tokenSecret(token)).create();
    return token;
  }

  private void apply(HasMetadata resource) {
    client.resource(resource).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
  }

  private double meanStress(String ns, String name) {
    List<KnownBridge> bridges =
        directory.pool(ns, name).stream().filter(b -> b.stats() != null).toList();
    return bridges.isEmpty()
        ? 0
        : bridges.stream().mapToDouble(KnownBridge::stress).average().orElse(0);
  }

  private void writeStatus(BridgePool pool, BridgePoolStatus status, int desired) {
    String ns = pool.getMetadata().getNamespace();
    String name = pool.getMetadata().getName();
    List<BridgeStatus> bridgeStatuses = new ArrayList<>();
    int ready = 0;
    for (KnownBridge b : directory.pool(ns, name)) {
      BridgeStatus s = new BridgeStatus();
      s.setPod(b.relayId());
      s.setRelayId(b.relayId());
      s.setState(stateName(b.state()));
      s.setMediaAddress(b.mediaAddress());
      s.setOctoAddress(b.octoAddress());
      s.setControlAddress(b.controlAddress());
      s.setStress(Math.round(b.stress() * 1000) / 1000.0);
      s.setParticipants(b.participants());
      s.setConferences(b.stats() == null ? 0 : b.stats().conferenceCount());
      bridgeStatuses.add(s);
      if (b.state() == BridgeState.READY) {
        ready++;
      }
    }
    status.setBridges(bridgeStatuses);
    status.setReadyReplicas(ready);
    status.setReplicas(desired);
    status.setMeanStress(format(meanStress(ns, name)));
    status.setObservedGeneration(pool.getMetadata().getGeneration());
    boolean isReady = ready >= desired && desired > 0;
    String before = Conditions.status(status.getConditions(), Condition.READY);
    Condition condition =
        isReady
            ? new Condition(
                Condition.READY,
                Condition.TRUE,
                "BridgesReady",
                ready + " of " + desired + " bridges ready")
            : new Condition(
                Condition.READY,
                Condition.FALSE,
                "BridgesNotReady",
                ready + " of " + desired + " bridges ready");
    status.setConditions(
        Conditions.set(status.getConditions(), condition, generation(pool), clock.instant()));
    if (!condition.getStatus().equals(before)) {
      events.normal(pool, isReady ? "PoolReady" : "PoolNotReady", condition.getMessage());
    }
    metrics.bridges(directory.all());
  }

  private UpdateControl<BridgePool> invalid(
      BridgePool pool, BridgePoolStatus status, String message) {
    String before = Conditions.status(status.getConditions(), Condition.READY);
    status.setConditions(
        Conditions.set(
            status.getConditions(),
            new Condition(Condition.READY, Condition.FALSE, "InvalidSpec", message),
            generation(pool),
            clock.instant()));
    status.setObservedGeneration(pool.getMetadata().getGeneration());
    if (!Condition.FALSE.equals(before)) {
      events.warning(pool, "InvalidSpec", message);
    }
    return UpdateControl.patchStatus(pool);
  }

  private static long generation(BridgePool pool) {
    return pool.getMetadata().getGeneration() == null ? 0 : pool.getMetadata().getGeneration();
  }

  static String stateName(BridgeState state) {
    return switch (state) {
      case READY -> "Ready";
      case DRAINING -> "Draining";
      case NOT_READY -> "NotReady";
      case UNHEALTHY -> "Unhealthy";
    };
  }

  private static String format(double stress) {
    return String.format(Locale.ROOT, "%.2f", stress);
  }

  @Override
  public DeleteControl cleanup(BridgePool pool, Context<BridgePool> context) {
    directory.removePool(pool.getMetadata().getNamespace(), pool.getMetadata().getName());
    return DeleteControl.defaultDelete();
  }
}
