package io.octopod.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Constants;
import io.octopod.operator.bridges.BridgeDirectory;
import io.octopod.operator.bridges.KnownBridge;
import io.octopod.operator.conference.ConferenceMesh;
import io.octopod.operator.conference.ConferenceReconciler;
import io.octopod.operator.conference.MeshStateStore;
import io.octopod.operator.join.JoinService;
import io.octopod.operator.metrics.OperatorMetrics;
import io.octopod.operator.pool.BridgePoolReconciler;
import io.octopod.operator.selection.BridgeSelector;
import io.octopod.operator.selection.RegionGroups;
import io.octopod.operator.selection.SelectionPolicy;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One running Octopod operator: the BridgePool and Conference controllers (java-operator-sdk), the
 * bridge directory and its poller, the join service the focus calls, and the metrics endpoint.
 * Tests start it in-process against the local control plane; {@link OperatorMain} runs it in a pod.
 */
public final class OctopodOperator implements AutoCloseable {

  /** How the operator is run. */
  public record Settings(
      Set<String> namespaces,
      String leaseNamespace,
      String identity,
      boolean leaderElection,
      String metricsHost,
      int metricsPort,
      boolean exitOnFailure,
      RegionGroups regionGroups) {

    /** Without region groups: every region is a group of its own. */
    public Settings(
        Set<String> namespaces,
        String leaseNamespace,
        String identity,
        boolean leaderElection,
        String metricsHost,
        int metricsPort,
        boolean exitOnFailure) {
      this(
          namespaces,
          leaseNamespace,
          identity,
          leaderElection,
          metricsHost,
          metricsPort,
          exitOnFailure,
          RegionGroups.NONE);
    }

    /**
     * The settings of the operator image: {@code WATCH_NAMESPACES} (comma-separated, empty for
     * all), {@code POD_NAMESPACE} (where the leader-election Lease lives), {@code POD_NAME} (this
     * instance's identity), {@code LEADER_ELECTION} (true by default), {@code METRICS_PORT} (8081),
     * {@code REGION_GROUPS} (regions that selection counts as one, see {@link RegionGroups#parse}).
     */
    public static Settings fromEnvironment(Map<String, String> env) {
      String watch = env.getOrDefault("WATCH_NAMESPACES", "");
      Set<String> namespaces =
          watch.isBlank()
              ? Set.of(Constants.WATCH_ALL_NAMESPACES)
              : Arrays.stream(watch.split(","))
                  .map(String::trim)
                  .filter(s -> !s.isEmpty())
                  .collect(Collectors.toSet());
      return new Settings(
          namespaces,
          env.getOrDefault("POD_NAMESPACE", "octopod-system"),
          env.getOrDefault("POD_NAME", "octopod-operator"),
          Boolean.parseBoolean(env.getOrDefault("LEADER_ELECTION", "true")),
          env.getOrDefault("METRICS_BIND_ADDRESS", "0.0.0.0"),
          Integer.parseInt(env.getOrDefault("METRICS_PORT", "8081")),
          true,
          RegionGroups.parse(env.get("REGION_GROUPS")));
    }

    /** In-process, no leader election, metrics on a free loopback port, never exits the JVM. */
    public static Settings forTests(Set<String> namespaces) {
      return new Settings(namespaces, null, "operator", false, "127.0.0.1", 0, false);
    }

    /** The same settings with {@code groups} as the selection's region groups. */
    public Settings withRegionGroups(RegionGroups groups) {
      return new Settings(
          namespaces,
          leaseNamespace,
          identity,
          leaderElection,
          metricsHost,
          metricsPort,
          exitOnFailure,
          groups);
    }
  }

  private final Operator operator;
  private final BridgeDirectory directory;
  private final OperatorMetrics metrics;
  private final JoinService joins;
  private final int metricsPort;

  /** Only with leader election: a replica without the lease still serves the focus. */
  private final io.octopod.operator.pool.StandbyDirectoryFeed standbyFeed;

  /** A bridge pod that stops being Ready leaves the choice at once (BridgePodWatch). */
  private final io.octopod.operator.pool.BridgePodWatch podWatch;

  /** In a pod (where the operator knows its namespace): the peer clusters' bridges. */
  private final io.octopod.operator.pool.PeerClusters peers;

  private volatile io.octopod.operator.focus.Focus focus;
  private volatile io.octopod.operator.focus.FocusServer focusServer;

  private OctopodOperator(KubernetesClient client, Settings settings) throws IOException {
    Clock clock = Clock.systemUTC();
    this.metrics = new OperatorMetrics();
    this.directory = new BridgeDirectory(clock);
    ConferenceMesh mesh =
        new ConferenceMesh(
            directory, new MeshStateStore(client, metrics::meshStateConflict), clock);
    this.joins =
        new JoinService(
            client,
            directory,
            mesh,
            new BridgeSelector(
                SelectionPolicy.DEFAULT.withRegionGroups(settings.regionGroups()), clock),
            metrics,
            clock);
    this.standbyFeed =
        settings.leaderElection()
            ? new io.octopod.operator.pool.StandbyDirectoryFeed(
                client,
                directory,
                settings
                        .namespaces()
                        .contains(
                            io.javaoperatorsdk.operator.api.reconciler.Constants
                                .WATCH_ALL_NAMESPACES)
                    ? java.util.Set.of()
                    : settings.namespaces())
            : null;
    this.podWatch =
        new io.octopod.operator.pool.BridgePodWatch(
            client,
            directory,
            settings
                    .namespaces()
                    .contains(
                        io.javaoperatorsdk.operator.api.reconciler.Constants.WATCH_ALL_NAMESPACES)
                ? java.util.Set.of()
                : settings.namespaces());
    this.peers =
        settings.leaseNamespace() == null
            ? null
            : new io.octopod.operator.pool.PeerClusters(
                client, directory, settings.leaseNamespace());
    this.operator =
        new Operator(
            o -> {
              o.withKubernetesClient(client)
                  .withCloseClientOnStop(false)
                  .withReconciliationTerminationTimeout(Duration.ofSeconds(5));
              if (!settings.exitOnFailure()) {
                // In a pod, a dead informer should restart the process (JOSDK's default exits);
                // in-process, it is logged and the test sees the consequence.
                o.withInformerStoppedHandler(
                    (informer, error) -> {
                      if (error != null) {
                        java.util.logging.Logger.getLogger(OctopodOperator.class.getName())
                            .log(java.util.logging.Level.SEVERE, "an informer stopped", error);
                      }
                    });
              }
              if (standbyFeed != null) {
                // A pod that loses the lease exits so that it restarts clean; in-process it only
                // stops reconciling.
                o.withLeaderElectionConfiguration(
                    new LeaderElectionConfiguration(
                        "octopod-operator",
                        settings.leaseNamespace(),
                        LeaderElectionConfiguration.LEASE_DURATION_DEFAULT_VALUE,
                        LeaderElectionConfiguration.RENEW_DEADLINE_DEFAULT_VALUE,
                        LeaderElectionConfiguration.RETRY_PERIOD_DEFAULT_VALUE,
                        settings.identity(),
                        new io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks(
                            standbyFeed::startedLeading, standbyFeed::stoppedLeading, leader -> {}),
                        settings.exitOnFailure()));
              }
            });
    operator.register(
        new BridgePoolReconciler(client, directory, metrics, clock),
        c -> c.settingNamespaces(settings.namespaces()));
    operator.register(
        new ConferenceReconciler(client, directory, mesh, metrics, clock),
        c -> c.settingNamespaces(settings.namespaces()));
    this.metricsPort = metrics.serve(settings.metricsHost(), settings.metricsPort());
  }

  /** Starts the controllers, the directory poller and the metrics endpoint. */
  public static OctopodOperator start(KubernetesClient client, Settings settings)
      throws IOException {
    OctopodOperator o = new OctopodOperator(client, settings);
    o.directory.start();
    o.podWatch.start();
    if (o.standbyFeed != null) {
      o.standbyFeed.start();
    }
    if (o.peers != null) {
      o.peers.start();
    }
    o.operator.start();
    return o;
  }

  /**
   * Starts the focus (signalling and the meeting page) in this operator.
   *
   * @return the port it listens on
   */
  /**
   * Bounded: joins wait on the bridges, and a flood of messages must not become a flood of threads.
   * Beyond the queue, a message is answered "busy" (Focus.message). All 16 threads are core threads
   * (idle ones time out): a pool grows past its core size only once the queue is full, and the
   * participants of a failed bridge, rejoining at once, should not wait four at a time.
   */
  private static java.util.concurrent.ExecutorService focusWorkers() {
    var pool =
        new java.util.concurrent.ThreadPoolExecutor(
            16,
            16,
            60,
            java.util.concurrent.TimeUnit.SECONDS,
            new java.util.concurrent.ArrayBlockingQueue<>(512),
            r -> {
              Thread t = new Thread(r, "focus-worker");
              t.setDaemon(true);
              return t;
            });
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  public int startFocus(KubernetesClient client, io.octopod.operator.focus.FocusSettings settings)
      throws InterruptedException {
    return startFocus(client, settings, null);
  }

  /**
   * As {@link #startFocus(KubernetesClient, io.octopod.operator.focus.FocusSettings)}, serving
   * HTTPS with {@code tls} when it is not null. Either way the focus relays pages' bridge channels
   * to the bridges of this operator's directory (docs/bridge-channel.md).
   */
  public synchronized int startFocus(
      KubernetesClient client,
      io.octopod.operator.focus.FocusSettings settings,
      io.octopod.operator.focus.FocusTls tls)
      throws InterruptedException {
    if (focusServer != null) {
      return focusServer.port();
    }
    focus =
        new io.octopod.operator.focus.Focus(
            client,
            joins,
            settings,
            Clock.systemUTC(),
            focusWorkers(),
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
                r -> {
                  Thread t = new Thread(r, "focus-timer");
                  t.setDaemon(true);
                  return t;
                }));
    focusServer =
        io.octopod.operator.focus.FocusServer.start(
            focus,
            tls,
            relayId -> directory.get(relayId).map(KnownBridge::channelAddress).orElse(null));
    return focusServer.port();
  }

  /** The focus, once started. */
  public io.octopod.operator.focus.Focus focus() {
    return focus;
  }

  public JoinService joins() {
    return joins;
  }

  public BridgeDirectory directory() {
    return directory;
  }

  public OperatorMetrics metrics() {
    return metrics;
  }

  public int metricsPort() {
    return metricsPort;
  }

  @Override
  public void close() {
    if (focusServer != null) {
      focusServer.close();
      focus.close();
    }
    operator.stop();
    if (standbyFeed != null) {
      standbyFeed.close();
    }
    if (peers != null) {
      peers.close();
    }
    podWatch.close();
    directory.close();
    metrics.close();
  }
}
