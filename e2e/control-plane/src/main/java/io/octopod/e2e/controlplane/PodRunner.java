package io.octopod.e2e.controlplane;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodIPBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One pod on a process kubelet: starts each container as a process, runs its probes, restarts it by
 * the pod's restartPolicy, writes the pod status, and on deletion runs the preStop hook, sends
 * SIGTERM, waits the grace period, sends SIGKILL and releases the pod object.
 */
final class PodRunner {

  private static final Logger LOG = Logger.getLogger(PodRunner.class.getName());
  private static final Set<String> KUBELET_CONDITIONS =
      Set.of("Initialized", "ContainersReady", "Ready");

  private final KubernetesClient client;
  private final String namespace;
  private final String name;
  private final String uid;
  private final Pod pod;
  private final String podIp;
  private final String hostIp;
  private final ImageCommands images;
  private final Path logDir;
  private final ScheduledExecutorService scheduler;
  private final Duration tokenRefresh;
  private final List<RunningContainer> containers = new ArrayList<>();
  private final List<ScheduledFuture<?>> probes = new ArrayList<>();
  private final Instant startTime = Instant.now();
  private volatile boolean terminating;
  private volatile boolean finished;

  /** The replacement of the service account token before it expires; null until projected. */
  private volatile ScheduledFuture<?> tokenRefreshing;

  /** The service account's variables, once its token is projected; null before. */
  private volatile Map<String, String> serviceAccountEnv;

  PodRunner(
      KubernetesClient client,
      Pod pod,
      String podIp,
      String hostIp,
      ImageCommands images,
      Path logDir,
      ScheduledExecutorService scheduler,
      Duration tokenRefresh) {
    this.client = client;
    this.tokenRefresh = tokenRefresh;
    this.pod = pod;
    this.namespace = pod.getMetadata().getNamespace();
    this.name = pod.getMetadata().getName();
    this.uid = pod.getMetadata().getUid();
    this.podIp = podIp;
    this.hostIp = hostIp;
    this.images = images;
    this.logDir = logDir;
    this.scheduler = scheduler;
    for (Container c : pod.getSpec().getContainers()) {
      containers.add(new RunningContainer(c));
    }
  }

  String podIp() {
    return podIp;
  }

  String key() {
    return namespace + "/" + name;
  }

  /** Starts every container and its probes, and publishes the status. */
  void start() {
    for (RunningContainer c : containers) {
      startContainer(c);
      scheduleProbes(c);
    }
    publishStatus();
  }

  private void startContainer(RunningContainer c) {
    if (terminating) {
      return;
    }
    Map<String, String> placeholders = Map.of("podIP", podIp, "hostIP", hostIp, "podName", name);
    ImageCommands.Command command = images.resolve(c.spec.getImage(), placeholders);
    if (command == null) {
      c.waitingReason = "ErrImagePull";
      c.waitingMessage = "the process kubelet has no command for image " + c.spec.getImage();
      return;
    }
    Map<String, String> env = new LinkedHashMap<>(command.environment());
    if (!projectServiceAccount(c)) {
      return;
    }
    env.putAll(serviceAccountEnv);
    try {
      env.putAll(PodEnvironment.resolve(client, pod, c.spec, podIp, hostIp));
    } catch (RuntimeException e) {
      c.waitingReason = "CreateContainerConfigError";
      c.waitingMessage = e.getMessage();
      return;
    }
    List<String> argv = new ArrayList<>(command.argv());
    if (c.spec.getArgs() != null) {
      argv.addAll(c.spec.getArgs());
    }
    Path log = logDir.resolve(namespace + "_" + name + "_" + c.spec.getName() + ".log");
    try {
      c.process = ManagedProcess.start(key() + "/" + c.spec.getName(), argv, env, false, log);
    } catch (IOException e) {
      c.waitingReason = "RunContainerError";
      c.waitingMessage = e.getMessage();
      return;
    }
    c.waitingReason = null;
    c.startedAt = Instant.now();
    c.ready = c.spec.getReadinessProbe() == null;
    c.livenessFailures = 0;
    c.readinessFailures = 0;
    c.started = c.spec.getStartupProbe() == null;
    c.startupFailures = 0;
    LOG.info(
        () ->
            "pod "
                + key()
                + " container "
                + c.spec.getName()
                + " started as pid "
                + c.process.pid()
                + " on "
                + podIp
                + ", log "
                + log);
    ManagedProcess started = c.process;
    started.waitForExitAsync(() -> scheduler.execute(() -> onExit(c, started)));
  }

  /**
   * Projects the pod's service account token once; on failure (the ServiceAccount not created yet,
   * say) the container waits and the start is retried, as a kubelet keeps a pod in
   * ContainerCreating.
   */
  private boolean projectServiceAccount(RunningContainer c) {
    if (serviceAccountEnv != null) {
      return true;
    }
    if (!ServiceAccountProjection.wanted(pod)) {
      serviceAccountEnv = Map.of();
      return true;
    }
    Path directory = logDir.resolve(namespace + "_" + name).resolve("serviceaccount");
    try {
      serviceAccountEnv = ServiceAccountProjection.project(client, pod, directory);
      tokenRefreshing =
          scheduler.scheduleWithFixedDelay(
              () -> refreshServiceAccountToken(directory),
              tokenRefresh.toMillis(),
              tokenRefresh.toMillis(),
              TimeUnit.MILLISECONDS);
      return true;
    } catch (IOException | RuntimeException e) {
      c.waitingReason = "ContainerCreating";
      c.waitingMessage = "service account token: " + e.getMessage();
      scheduler.schedule(
          () -> {
            startContainer(c);
            publishStatus();
          },
          2,
          TimeUnit.SECONDS);
      return false;
    }
  }

  private void refreshServiceAccountToken(Path directory) {
    if (terminating) {
      return;
    }
    try {
      ServiceAccountProjection.refresh(client, pod, directory);
      LOG.fine(() -> "pod " + key() + ": service account token refreshed");
    } catch (IOException | RuntimeException e) {
      // The old token is still valid for a fifth of its life; the next round tries again.
      LOG.log(Level.WARNING, "pod " + key() + ": could not refresh its service account token", e);
    }
  }

  private void onExit(RunningContainer c, ManagedProcess exited) {
    if (c.process != exited) {
      return;
    }
    c.lastExitCode = exited.exitCode();
    c.finishedAt = Instant.now();
    c.ready = false;
    if (terminating) {
      return;
    }
    String policy =
        pod.getSpec().getRestartPolicy() == null ? "Always" : pod.getSpec().getRestartPolicy();
    boolean restart =
        policy.equals("Always") || (policy.equals("OnFailure") && c.lastExitCode != 0);
    if (restart) {
      c.restartCount++;
      // Crash-loop back-off: 1 s, doubling, at most 10 s (a kubelet goes to 5 minutes).
      long delay = Math.min(10, 1L << Math.min(c.restartCount - 1, 4));
      c.waitingReason = "CrashLoopBackOff";
      c.waitingMessage = "back-off " + delay + "s restarting failed container";
      scheduler.schedule(
          () -> {
            startContainer(c);
            publishStatus();
          },
          delay,
          TimeUnit.SECONDS);
    }
    publishStatus();
  }

  private enum ProbeKind {
    STARTUP,
    READINESS,
    LIVENESS
  }

  private void scheduleProbes(RunningContainer c) {
    schedule(c, c.spec.getStartupProbe(), ProbeKind.STARTUP);
    schedule(c, c.spec.getReadinessProbe(), ProbeKind.READINESS);
    schedule(c, c.spec.getLivenessProbe(), ProbeKind.LIVENESS);
  }

  private void schedule(RunningContainer c, Probe probe, ProbeKind kind) {
    if (probe == null || probe.getHttpGet() == null) {
      return;
    }
    long delay = probe.getInitialDelaySeconds() == null ? 0 : probe.getInitialDelaySeconds();
    long period = probe.getPeriodSeconds() == null ? 10 : probe.getPeriodSeconds();
    int failureThreshold = probe.getFailureThreshold() == null ? 3 : probe.getFailureThreshold();
    Duration timeout =
        Duration.ofSeconds(probe.getTimeoutSeconds() == null ? 1 : probe.getTimeoutSeconds());
    probes.add(
        scheduler.scheduleWithFixedDelay(
            () -> {
              if (!c.running() || terminating || (kind == ProbeKind.STARTUP) == c.started) {
                return; // the startup probe runs until it passes; the others only after
              }
              boolean ok = HttpProbe.get(probe.getHttpGet(), c.spec, podIp, timeout);
              if (kind == ProbeKind.STARTUP) {
                if (ok) {
                  c.started = true;
                } else if (++c.startupFailures >= failureThreshold) {
                  restartFailed(c, "its startup probe");
                }
              } else if (kind == ProbeKind.READINESS) {
                c.readinessFailures = ok ? 0 : c.readinessFailures + 1;
                boolean ready = ok || (c.ready && c.readinessFailures < failureThreshold);
                if (ready != c.ready) {
                  c.ready = ready;
                  publishStatus();
                }
              } else if (!ok && ++c.livenessFailures >= failureThreshold) {
                c.livenessFailures = 0;
                restartFailed(c, "liveness");
              } else if (ok) {
                c.livenessFailures = 0;
              }
            },
            delay * 1000,
            Math.max(1, period) * 1000,
            TimeUnit.MILLISECONDS));
  }

  /** Stops a container whose probe gave up on it; its restart policy brings it back. */
  private void restartFailed(RunningContainer c, String probe) {
    LOG.info(
        () ->
            "pod "
                + key()
                + " container "
                + c.spec.getName()
                + " failed "
                + probe
                + "; restarting");
    c.process.stop(grace());
  }

  private Duration grace() {
    Long seconds = pod.getSpec().getTerminationGracePeriodSeconds();
    return Duration.ofSeconds(seconds == null ? 30 : seconds);
  }

  /**
   * Stops the pod as a kubelet does for a deleted pod: preStop hooks, SIGTERM, the grace period,
   * SIGKILL; then lets the pod object go.
   *
   * @param grace the deletion's grace period (the pod's deletionGracePeriodSeconds)
   */
  void terminate(Duration grace, boolean deleteObject) {
    if (terminating) {
      return;
    }
    terminating = true;
    probes.forEach(p -> p.cancel(false));
    ScheduledFuture<?> refreshing = tokenRefreshing;
    if (refreshing != null) {
      refreshing.cancel(false);
    }
    long deadline = System.nanoTime() + grace.toNanos();
    for (RunningContainer c : containers) {
      var lifecycle = c.spec.getLifecycle();
      if (c.running()
          && lifecycle != null
          && lifecycle.getPreStop() != null
          && lifecycle.getPreStop().getHttpGet() != null) {
        Duration left = Duration.ofNanos(Math.max(1_000_000_000L, deadline - System.nanoTime()));
        boolean ok = HttpProbe.get(lifecycle.getPreStop().getHttpGet(), c.spec, podIp, left);
        LOG.info(
            () ->
                "pod "
                    + key()
                    + " preStop hook of "
                    + c.spec.getName()
                    + (ok ? " succeeded" : " failed"));
      }
    }
    for (RunningContainer c : containers) {
      ManagedProcess p = c.process;
      if (p != null && p.alive()) {
        Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
        boolean graceful = p.stop(left);
        c.lastExitCode = p.exitCode();
        c.finishedAt = Instant.now();
        LOG.info(
            () ->
                "pod "
                    + key()
                    + " container "
                    + c.spec.getName()
                    + (graceful ? " exited after SIGTERM" : " was killed after the grace period"));
      }
      c.ready = false;
    }
    finished = true;
    if (deleteObject) {
      try {
        client.pods().inNamespace(namespace).withName(name).withGracePeriod(0).delete();
      } catch (KubernetesClientException e) {
        LOG.log(Level.FINE, "pod " + key() + " already gone", e);
      }
    }
  }

  boolean finished() {
    return finished;
  }

  /** Writes the pod status from what this runner knows, keeping conditions others set. */
  synchronized void publishStatus() {
    for (int attempt = 0; attempt < 5; attempt++) {
      Pod current = client.pods().inNamespace(namespace).withName(name).get();
      if (current == null || !uid.equals(current.getMetadata().getUid())) {
        return;
      }
      current.setStatus(status(current.getStatus()));
      try {
        client.pods().inNamespace(namespace).resource(current).updateStatus();
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 && e.getCode() != 404) {
          LOG.log(Level.WARNING, "pod " + key() + ": status update failed", e);
          return;
        }
        if (e.getCode() == 404) {
          return;
        }
      }
    }
  }

  private PodStatus status(PodStatus previous) {
    boolean allReady = containers.stream().allMatch(c -> c.ready && c.running());
    boolean anyRunning = containers.stream().anyMatch(RunningContainer::running);
    boolean allDone =
        containers.stream()
            .allMatch(c -> !c.running() && c.lastExitCode != null && c.waitingReason == null);
    String phase;
    if (anyRunning) {
      phase = "Running";
    } else if (allDone && !terminating) {
      phase = containers.stream().allMatch(c -> c.lastExitCode == 0) ? "Succeeded" : "Failed";
    } else if (terminating) {
      phase = previous == null || previous.getPhase() == null ? "Pending" : previous.getPhase();
    } else {
      phase = "Pending";
    }
    List<PodCondition> conditions = new ArrayList<>();
    if (previous != null && previous.getConditions() != null) {
      previous.getConditions().stream()
          .filter(c -> !KUBELET_CONDITIONS.contains(c.getType()))
          .forEach(conditions::add);
    }
    String now = Instant.now().toString();
    conditions.add(condition(previous, "Initialized", true, now));
    conditions.add(condition(previous, "ContainersReady", allReady, now));
    conditions.add(condition(previous, "Ready", allReady, now));
    PodStatus status = previous == null ? new PodStatus() : previous;
    status.setPhase(phase);
    status.setPodIP(podIp);
    status.setPodIPs(List.of(new PodIPBuilder().withIp(podIp).build()));
    status.setHostIP(hostIp);
    status.setHostIPs(
        List.of(new io.fabric8.kubernetes.api.model.HostIPBuilder().withIp(hostIp).build()));
    status.setStartTime(startTime.toString());
    status.setConditions(conditions);
    status.setContainerStatuses(containers.stream().map(RunningContainer::status).toList());
    return status;
  }

  /** A condition, keeping its last transition time when its status did not change. */
  private static PodCondition condition(
      PodStatus previous, String type, boolean value, String now) {
    String status = value ? "True" : "False";
    String since = now;
    if (previous != null && previous.getConditions() != null) {
      for (PodCondition c : previous.getConditions()) {
        if (type.equals(c.getType())
            && status.equals(c.getStatus())
            && c.getLastTransitionTime() != null) {
          since = c.getLastTransitionTime();
        }
      }
    }
    return new PodConditionBuilder()
        .withType(type)
        .withStatus(status)
        .withLastTransitionTime(since)
        .build();
  }
}
