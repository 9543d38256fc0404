package io.octopod.e2e.controlplane;

import io.fabric8.kubeapitest.KubeAPIServerConfig;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubeapitest.binary.BinaryManager;
import io.fabric8.kubeapitest.cert.CertManager;
import io.fabric8.kubeapitest.kubeconfig.KubeConfig;
import io.fabric8.kubeapitest.process.KubeAPIServerProcess;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Logger;

/**
 * A real Kubernetes control plane on this machine: etcd, kube-apiserver (started through
 * io.fabric8:kube-api-test, with its certificates), kube-controller-manager and kube-scheduler as
 * processes against it, and process kubelets that run pods as local processes. Nothing here is a
 * mock: StatefulSets, owner references, garbage collection, CRD validation and scheduling are the
 * real components'.
 *
 * <p>Everything listens on loopback only: etcd has no authentication and the API server holds every
 * Secret. kube-api-test's own etcd listens on {@code 0.0.0.0} and its etcd flags cannot be set, so
 * etcd is started here (bound to 127.0.0.1) and only the API server is started through
 * kube-api-test, with {@code --bind-address=127.0.0.1}. {@code LoopbackOnlyIT} checks every socket.
 *
 * <pre>
 *   try (LocalCluster cluster = LocalCluster.start("my-test")) {
 *     cluster.addNode("node-us-east-0", Map.of(ProcessKubelet.REGION, "us-east"));
 *     KubernetesClient client = cluster.client();
 *     ...
 *   }
 * </pre>
 *
 * Closing stops the kubelets (and their pods), the controllers, then the API server and etcd;
 * processes also die with the JVM (see {@link ManagedProcess}).
 */
public final class LocalCluster implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(LocalCluster.class.getName());

  /** Where every control-plane component listens. */
  private static final String LOOPBACK = "127.0.0.1";

  private final String name;
  private final KubeVersion version;
  private final Path directory;
  private final Path etcdData;
  private final ManagedProcess etcd;
  private final KubeAPIServerProcess apiServer;
  private final Path kubeconfig;
  private final KubernetesClient client;
  private final List<ManagedProcess> controllers = new ArrayList<>();
  private final List<ProcessKubelet> kubelets = new CopyOnWriteArrayList<>();
  private final PodAddresses addresses = PodAddresses.shared();
  private final ImageCommands images;
  private final Duration startupTime;

  private LocalCluster(String name, ImageCommands images) throws IOException {
    long started = System.nanoTime();
    this.name = name;
    this.images = images;
    this.version = KubeVersion.fromRepository();
    for (String binary :
        List.of("etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler")) {
      version.requireBinary(binary);
    }
    this.directory =
        Path.of("target", "control-plane", name + "-" + System.currentTimeMillis())
            .toAbsolutePath();
    Files.createDirectories(directory);
    KubeAPIServerConfig config =
        KubeAPIServerConfigBuilder.anAPIServerConfig()
            .withApiServerVersion(version.kubernetes())
            .withOfflineMode(true)
            .withUpdateKubeConfig(false)
            .withStartupTimeout(120_000)
            // Its default, 0.0.0.0, would serve the cluster to the whole network.
            .withApiServerFlag("--bind-address", LOOPBACK)
            .build();
    BinaryManager binaries = new BinaryManager(config);
    binaries.initAndDownloadIfRequired();
    CertManager certificates = new CertManager(config.getKubeAPITestDir());
    certificates.createCertificatesIfNeeded();
    this.etcdData = directory.resolve("etcd-data");
    int etcdPort = freeLoopbackPort();
    this.etcd = startEtcd(etcdPort, freeLoopbackPort());
    this.apiServer =
        new KubeAPIServerProcess(
            certificates,
            binaries,
            process -> {
              if (!closed) {
                LOG.severe(() -> "kube-apiserver of " + name + " exited: " + process.exitValue());
              }
            },
            config);
    String kubeConfigYaml;
    try {
      // It reaches etcd at http://0.0.0.0:<port>, which Linux connects to loopback.
      int apiPort = apiServer.startApiServer(etcdPort);
      apiServer.waitUntilReady();
      kubeConfigYaml = new KubeConfig(certificates, binaries).generateKubeConfigYaml(apiPort);
    } catch (RuntimeException e) {
      apiServer.stopApiServer();
      stopEtcd();
      throw e;
    }
    this.kubeconfig = directory.resolve("kubeconfig");
    Files.writeString(kubeconfig, kubeConfigYaml);
    this.client =
        new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeConfigYaml)).build();
    try {
      startControllers();
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
    this.startupTime = Duration.ofNanos(System.nanoTime() - started);
    // Last resort: a test run that dies without closing must not leave an API server behind.
    Runtime.getRuntime()
        .addShutdownHook(new Thread(this::close, "local-cluster-" + name + "-stop"));
    LOG.info(
        () ->
            String.format(
                "local cluster %s (Kubernetes v%s) up in %d ms; kubeconfig %s; logs in %s",
                name, version.kubernetes(), startupTime.toMillis(), kubeconfig, directory));
  }

  /** Starts a cluster whose kubelets know the default images (see {@link ImageCommands}). */
  public static LocalCluster start(String name) throws IOException {
    return new LocalCluster(name, ImageCommands.defaults());
  }

  public static LocalCluster start(String name, ImageCommands images) throws IOException {
    return new LocalCluster(name, images);
  }

  /**
   * etcd on loopback only, for clients and peers (kube-api-test's binds {@code 0.0.0.0} and takes
   * no etcd flags). Its data stays under the cluster's directory until {@link #close}.
   */
  private ManagedProcess startEtcd(int clientPort, int peerPort) throws IOException {
    String client = "http://" + LOOPBACK + ":" + clientPort;
    String peer = "http://" + LOOPBACK + ":" + peerPort;
    ManagedProcess process =
        ManagedProcess.start(
            "etcd",
            List.of(
                version.requireBinary("etcd").toString(),
                "--name=local",
                "--data-dir=" + etcdData,
                "--listen-client-urls=" + client,
                "--advertise-client-urls=" + client,
                "--listen-peer-urls=" + peer,
                "--initial-advertise-peer-urls=" + peer,
                "--initial-cluster=local=" + peer),
            Map.of(),
            true,
            directory.resolve("etcd.log"));
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    HttpRequest health =
        HttpRequest.newBuilder(URI.create(client + "/health"))
            .timeout(Duration.ofSeconds(2))
            .build();
    try {
      Await.until(
          Duration.ofSeconds(60),
          "etcd to be healthy (log: " + process.log() + ")",
          () -> {
            if (!process.alive()) {
              throw new IllegalStateException("etcd exited; see " + process.log());
            }
            try {
              HttpResponse<String> r = http.send(health, HttpResponse.BodyHandlers.ofString());
              return r.statusCode() == 200 && r.body().contains("\"health\":\"true\"");
            } catch (IOException e) {
              return false;
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              return false;
            }
          });
    } catch (RuntimeException | Error e) {
      process.kill();
      throw e;
    }
    return process;
  }

  private static int freeLoopbackPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
      return socket.getLocalPort();
    }
  }

  /** Stops etcd and removes its data (the cluster's Secrets among them). */
  private void stopEtcd() {
    etcd.stop(Duration.ofSeconds(5));
    try (var paths = Files.walk(etcdData)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      LOG.warning(() -> "could not remove " + etcdData + ": " + e);
    }
  }

  private void startControllers() throws IOException {
    Path certs = version.binaries().getParent().getParent();
    String serviceAccountKey = certs.resolve("apiserver.key").toString();
    String rootCa = certs.resolve("apiserver.crt").toString();
    controllers.add(
        ManagedProcess.start(
            "kube-controller-manager",
            List.of(
                version.requireBinary("kube-controller-manager").toString(),
                "--kubeconfig=" + kubeconfig,
                "--authentication-kubeconfig=" + kubeconfig,
                "--authorization-kubeconfig=" + kubeconfig,
                "--service-account-private-key-file=" + serviceAccountKey,
                "--root-ca-file=" + rootCa,
                "--leader-elect=false",
                "--secure-port=0",
                "--use-service-account-credentials=false",
                // Fast enough for tests to see pods replaced and nodes noticed.
                "--node-monitor-grace-period=40s",
                "--concurrent-gc-syncs=5"),
            Map.of(),
            true,
            directory.resolve("kube-controller-manager.log")));
    controllers.add(
        ManagedProcess.start(
            "kube-scheduler",
            List.of(
                version.requireBinary("kube-scheduler").toString(),
                "--kubeconfig=" + kubeconfig,
                "--authentication-kubeconfig=" + kubeconfig,
                "--authorization-kubeconfig=" + kubeconfig,
                "--leader-elect=false",
                "--secure-port=0"),
            Map.of(),
            true,
            directory.resolve("kube-scheduler.log")));
  }

  /** Registers a node and starts its process kubelet. */
  public ProcessKubelet addNode(String nodeName, Map<String, String> labels) {
    ProcessKubelet kubelet =
        new ProcessKubelet(client, nodeName, labels, images, addresses, directory.resolve("pods"));
    kubelet.start();
    kubelets.add(kubelet);
    return kubelet;
  }

  /** A fresh namespace, so that test classes can share one cluster. */
  public String createNamespace(String namespace) {
    client
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
        .create();
    return namespace;
  }

  public KubernetesClient client() {
    return client;
  }

  public Path kubeconfig() {
    return kubeconfig;
  }

  /** Where the control-plane and pod logs of this cluster are. */
  public Path directory() {
    return directory;
  }

  public KubeVersion version() {
    return version;
  }

  /** From the start call until the API server and the controllers were running. */
  public Duration startupTime() {
    return startupTime;
  }

  public List<ProcessKubelet> kubelets() {
    return List.copyOf(kubelets);
  }

  /** Resident memory of kube-apiserver + etcd + controller-manager + scheduler, in KiB. */
  public long controlPlaneResidentKib() {
    long total = 0;
    for (ManagedProcess p : controllers) {
      total += Math.max(0, p.residentKib());
    }
    total += Math.max(0, etcd.residentKib());
    for (ProcessHandle handle : ProcessHandle.current().children().toList()) {
      String command = handle.info().command().orElse("");
      if (command.endsWith("/kube-apiserver")) {
        total += residentKib(handle.pid());
      }
    }
    return total;
  }

  private static long residentKib(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return 0;
  }

  /**
   * Runs a kubectl command against this cluster (the built one, else Debian's), returning its
   * output.
   */
  public String kubectl(String... args) throws IOException, InterruptedException {
    Path built = version.binaries().resolve("kubectl");
    String binary = Files.isExecutable(built) ? built.toString() : "kubectl";
    List<String> command = new ArrayList<>(List.of(binary, "--kubeconfig=" + kubeconfig));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("kubectl " + String.join(" ", args) + " failed: " + out);
    }
    return out;
  }

  private volatile boolean closed;

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (ProcessKubelet kubelet : kubelets) {
      kubelet.close();
    }
    for (ManagedProcess controller : controllers) {
      controller.stop(Duration.ofSeconds(5));
    }
    if (client != null) {
      client.close();
    }
    apiServer.stopApiServer();
    stopEtcd();
    LOG.info(() -> "local cluster " + name + " stopped; logs stay in " + directory);
  }
}
