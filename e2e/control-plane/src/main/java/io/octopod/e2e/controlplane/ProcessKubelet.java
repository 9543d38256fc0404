package io.octopod.e2e.controlplane;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddressBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A kubelet that runs pods as local processes. It registers its Node (labels, capacity, Ready
 * condition), keeps it Ready with a Lease in {@code kube-node-lease} and status heartbeats, and
 * runs every pod the scheduler binds to it through a {@link PodRunner}. What it does not do:
 * volumes, resource limits, exec/tcp probes, image pulls (images map to commands through {@link
 * ImageCommands}), and network isolation (each pod gets its own loopback address instead).
 */
public final class ProcessKubelet implements AutoCloseable {

  public static final String REGION = "topology.kubernetes.io/region";
  public static final String ZONE = "topology.kubernetes.io/zone";

  private static final Logger LOG = Logger.getLogger(ProcessKubelet.class.getName());
  private static final Duration HEARTBEAT = Duration.ofSeconds(5);

  private final KubernetesClient client;
  private final String nodeName;
  private final Map<String, String> labels;
  private final ImageCommands images;
  private final PodAddresses addresses;
  private final Path logDir;
  private final String hostIp = "127.0.0.1";
  private final Map<String, PodRunner> pods = new ConcurrentHashMap<>();
  private final ScheduledExecutorService scheduler;
  private final ExecutorService lifecycle;
  private volatile Duration tokenRefresh = ServiceAccountProjection.REFRESH_AFTER;
  private volatile Watch watch;
  private volatile boolean closed;

  ProcessKubelet(
      KubernetesClient client,
      String nodeName,
      Map<String, String> labels,
      ImageCommands images,
      PodAddresses addresses,
      Path logDir) {
    this.client = client;
    this.nodeName = nodeName;
    this.labels = Map.copyOf(labels);
    this.images = images;
    this.addresses = addresses;
    this.logDir = logDir;
    this.scheduler = Executors.newScheduledThreadPool(2, daemon("kubelet-" + nodeName));
    this.lifecycle = Executors.newCachedThreadPool(daemon("kubelet-" + nodeName + "-pod"));
  }

  private static java.util.concurrent.ThreadFactory daemon(String prefix) {
    java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /**
   * How often the service account tokens of pods started from now on are replaced; by default at 80
   * % of their hour, as a kubelet does. Tests shorten it to watch a replacement happen.
   */
  public void refreshServiceAccountTokensEvery(Duration interval) {
    this.tokenRefresh = interval;
  }

  public String nodeName() {
    return nodeName;
  }

  /** Where pod logs go: {@code <namespace>_<pod>_<container>.log}. */
  public Path logDirectory() {
    return logDir;
  }

  public Path podLog(String namespace, String pod, String container) {
    return logDir.resolve(namespace + "_" + pod + "_" + container + ".log");
  }

  void start() {
    registerNode();
    heartbeat();
    scheduler.scheduleWithFixedDelay(
        this::heartbeatSafely, HEARTBEAT.toMillis(), HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
    watch =
        client.pods().inAnyNamespace().withField("spec.nodeName", nodeName).watch(new PodWatcher());
    // A periodic resync catches what a watch reconnect may have missed.
    scheduler.scheduleWithFixedDelay(this::resync, 2, 2, TimeUnit.SECONDS);
    LOG.info(
        () ->
            "process kubelet "
                + nodeName
                + " registered with labels "
                + labels
                + "; pod logs in "
                + logDir);
  }

  private void registerNode() {
    Map<String, String> all = new LinkedHashMap<>(labels);
    all.put("kubernetes.io/hostname", nodeName);
    all.put("kubernetes.io/os", "linux");
    all.put("kubernetes.io/arch", "amd64");
    Node node =
        new NodeBuilder()
            .withNewMetadata()
            .withName(nodeName)
            .withLabels(all)
            .endMetadata()
            .build();
    client.nodes().resource(node).serverSideApply();
  }

  private void heartbeatSafely() {
    try {
      heartbeat();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "kubelet " + nodeName + " heartbeat failed", e);
    }
  }

  /** Renews the node lease and posts the node status with a Ready condition. */
  private void heartbeat() {
    if (closed) {
      return;
    }
    String now = Instant.now().toString();
    Lease lease =
        new LeaseBuilder()
            .withNewMetadata()
            .withName(nodeName)
            .withNamespace("kube-node-lease")
            .endMetadata()
            .withNewSpec()
            .withHolderIdentity(nodeName)
            .withLeaseDurationSeconds(40)
            .withRenewTime(java.time.ZonedDateTime.now(ZoneOffset.UTC))
            .endSpec()
            .build();
    client.leases().inNamespace("kube-node-lease").resource(lease).serverSideApply();
    Node node = client.nodes().withName(nodeName).get();
    if (node == null) {
      registerNode();
      node = client.nodes().withName(nodeName).get();
    }
    Map<String, Quantity> capacity =
        Map.of(
            "cpu", new Quantity("8"), "memory", new Quantity("16Gi"), "pods", new Quantity("110"));
    String since = now;
    if (node.getStatus() != null && node.getStatus().getConditions() != null) {
      for (NodeCondition c : node.getStatus().getConditions()) {
        if ("Ready".equals(c.getType()) && "True".equals(c.getStatus())) {
          since = c.getLastTransitionTime();
        }
      }
    }
    node.getStatus().setCapacity(capacity);
    node.getStatus().setAllocatable(capacity);
    node.getStatus()
        .setConditions(
            List.of(
                new NodeConditionBuilder()
                    .withType("Ready")
                    .withStatus("True")
                    .withReason("KubeletReady")
                    .withMessage("process kubelet is posting ready status")
                    .withLastHeartbeatTime(now)
                    .withLastTransitionTime(since)
                    .build()));
    node.getStatus()
        .setAddresses(
            List.of(
                new NodeAddressBuilder().withType("InternalIP").withAddress(hostIp).build(),
                new NodeAddressBuilder().withType("Hostname").withAddress(nodeName).build()));
    node.getStatus()
        .setNodeInfo(
            new io.fabric8.kubernetes.api.model.NodeSystemInfoBuilder()
                .withArchitecture("amd64")
                .withOperatingSystem("linux")
                .withKubeletVersion("v" + KubeVersion.fromRepository().kubernetes())
                .withContainerRuntimeVersion("process://octopod")
                .withOsImage("process kubelet")
                .withKernelVersion(System.getProperty("os.version"))
                .withMachineID(nodeName)
                .withSystemUUID(nodeName)
                .withBootID(nodeName)
                .withKubeProxyVersion("")
                .build());
    try {
      client.nodes().resource(node).updateStatus();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
    }
  }

  private void resync() {
    if (closed) {
      return;
    }
    try {
      for (Pod pod :
          client.pods().inAnyNamespace().withField("spec.nodeName", nodeName).list().getItems()) {
        handle(pod);
      }
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "kubelet " + nodeName + " resync failed", e);
    }
  }

  private synchronized void handle(Pod pod) {
    if (closed) {
      return;
    }
    String uid = pod.getMetadata().getUid();
    PodRunner runner = pods.get(uid);
    if (pod.getMetadata().getDeletionTimestamp() != null) {
      if (runner == null) {
        // Never started here (or already stopped): just let the object go.
        lifecycle.execute(() -> forceDelete(pod));
        return;
      }
      Long grace = pod.getMetadata().getDeletionGracePeriodSeconds();
      Duration period = Duration.ofSeconds(grace == null ? 30 : grace);
      lifecycle.execute(() -> stop(uid, runner, period, true));
      return;
    }
    if (runner == null && !"Succeeded".equals(phase(pod)) && !"Failed".equals(phase(pod))) {
      PodRunner created =
          new PodRunner(
              client, pod, addresses.allocate(), hostIp, images, logDir, scheduler, tokenRefresh);
      pods.put(uid, created);
      lifecycle.execute(created::start);
    }
  }

  private static String phase(Pod pod) {
    return pod.getStatus() == null ? null : pod.getStatus().getPhase();
  }

  private void stop(String uid, PodRunner runner, Duration grace, boolean deleteObject) {
    runner.terminate(grace, deleteObject);
    if (pods.remove(uid, runner)) {
      addresses.release(runner.podIp());
    }
  }

  private void forceDelete(Pod pod) {
    try {
      client
          .pods()
          .inNamespace(pod.getMetadata().getNamespace())
          .withName(pod.getMetadata().getName())
          .withGracePeriod(0)
          .delete();
    } catch (KubernetesClientException e) {
      LOG.log(Level.FINE, "pod already gone", e);
    }
  }

  /** Pods this kubelet runs now, as namespace/name. */
  public List<String> runningPods() {
    return pods.values().stream().filter(r -> !r.finished()).map(PodRunner::key).sorted().toList();
  }

  /** Stops every pod (SIGTERM, 5 s, SIGKILL) and the heartbeats; leaves the API objects. */
  @Override
  public void close() {
    closed = true;
    if (watch != null) {
      watch.close();
    }
    scheduler.shutdownNow();
    pods.forEach((uid, runner) -> stop(uid, runner, Duration.ofSeconds(5), false));
    lifecycle.shutdownNow();
  }

  private final class PodWatcher implements Watcher<Pod> {
    @Override
    public void eventReceived(Action action, Pod pod) {
      try {
        if (action == Action.DELETED) {
          PodRunner runner = pods.get(pod.getMetadata().getUid());
          if (runner != null) {
            lifecycle.execute(() -> stop(pod.getMetadata().getUid(), runner, Duration.ZERO, false));
          }
        } else {
          handle(pod);
        }
      } catch (RuntimeException e) {
        LOG.log(
            Level.WARNING, "kubelet " + nodeName + " failed to handle " + action + " of a pod", e);
      }
    }

    @Override
    public void onClose(WatcherException cause) {
      if (!closed) {
        LOG.log(
            Level.INFO, "kubelet " + nodeName + " pod watch closed; the resync keeps going", cause);
      }
    }
  }
}
