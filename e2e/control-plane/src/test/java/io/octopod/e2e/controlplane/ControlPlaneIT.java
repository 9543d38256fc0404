package io.octopod.e2e.controlplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRuleBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The local control plane against its acceptance criteria: real etcd, kube-apiserver,
 * kube-controller-manager and kube-scheduler, and two process kubelets in two regions.
 */
class ControlPlaneIT {

  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private static LocalCluster cluster;
  private static KubernetesClient client;
  private static ProcessKubelet usEast;
  private static ProcessKubelet apSoutheast;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = LocalCluster.start("control-plane-it");
    client = cluster.client();
    usEast =
        cluster.addNode(
            "node-us-east-0",
            Map.of(ProcessKubelet.REGION, "us-east", ProcessKubelet.ZONE, "us-east-1a"));
    apSoutheast =
        cluster.addNode(
            "node-ap-southeast-0",
            Map.of(ProcessKubelet.REGION, "ap-southeast", ProcessKubelet.ZONE, "ap-southeast-2a"));
    Await.until(
        WAIT,
        "both nodes Ready",
        () ->
            client.nodes().list().getItems().stream()
                    .filter(n -> n.getStatus() != null && n.getStatus().getConditions() != null)
                    .filter(
                        n ->
                            n.getStatus().getConditions().stream()
                                .anyMatch(
                                    c ->
                                        c.getType().equals("Ready")
                                            && c.getStatus().equals("True")))
                    .count()
                == 2);
    System.out.printf(
        "control plane: Kubernetes v%s started in %d ms, resident memory %d MiB (apiserver, etcd, controller-manager, scheduler); logs in %s%n",
        cluster.version().kubernetes(),
        cluster.startupTime().toMillis(),
        cluster.controlPlaneResidentKib() / 1024,
        cluster.directory());
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      System.out.printf(
          "control plane at the end: resident memory %d MiB%n",
          cluster.controlPlaneResidentKib() / 1024);
      cluster.close();
    }
  }

  @Test
  void aCrdWithACelRuleAcceptsValidObjectsAndRefusesInvalidOnesWithTheServersMessage() {
    CustomResourceDefinition crd =
        new CustomResourceDefinitionBuilder()
            .withNewMetadata()
            .withName("widgets.test.octopod.io")
            .endMetadata()
            .withNewSpec()
            .withGroup("test.octopod.io")
            .withScope("Namespaced")
            .withNewNames()
            .withKind("Widget")
            .withPlural("widgets")
            .withSingular("widget")
            .endNames()
            .addNewVersion()
            .withName("v1")
            .withServed(true)
            .withStorage(true)
            .withNewSchema()
            .withOpenAPIV3Schema(
                new JSONSchemaPropsBuilder()
                    .withType("object")
                    .addToProperties(
                        "spec",
                        new JSONSchemaPropsBuilder()
                            .withType("object")
                            .withRequired("min", "max")
                            .addToProperties(
                                "min",
                                new JSONSchemaPropsBuilder()
                                    .withType("integer")
                                    .withMinimum(0.0)
                                    .build())
                            .addToProperties(
                                "max", new JSONSchemaPropsBuilder().withType("integer").build())
                            .withXKubernetesValidations(
                                new ValidationRuleBuilder()
                                    .withRule("self.min <= self.max")
                                    .withMessage("min must not exceed max")
                                    .build())
                            .build())
                    .build())
            .endSchema()
            .endVersion()
            .endSpec()
            .build();
    client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
    Await.until(
        WAIT,
        "the CRD to be established",
        () -> {
          CustomResourceDefinition c =
              client
                  .apiextensions()
                  .v1()
                  .customResourceDefinitions()
                  .withName("widgets.test.octopod.io")
                  .get();
          return c.getStatus() != null
              && c.getStatus().getConditions().stream()
                  .anyMatch(x -> x.getType().equals("Established") && x.getStatus().equals("True"));
        });
    ResourceDefinitionContext widgets =
        new ResourceDefinitionContext.Builder()
            .withGroup("test.octopod.io")
            .withVersion("v1")
            .withPlural("widgets")
            .withKind("Widget")
            .withNamespaced(true)
            .build();
    client
        .genericKubernetesResources(widgets)
        .inNamespace("default")
        .resource(widget("ok", 1, 5))
        .create();

    KubernetesClientException cel =
        assertThrows(
            KubernetesClientException.class,
            () ->
                client
                    .genericKubernetesResources(widgets)
                    .inNamespace("default")
                    .resource(widget("bad", 5, 1))
                    .create());
    assertEquals(422, cel.getCode());
    assertTrue(cel.getMessage().contains("min must not exceed max"), cel.getMessage());
    KubernetesClientException schema =
        assertThrows(
            KubernetesClientException.class,
            () ->
                client
                    .genericKubernetesResources(widgets)
                    .inNamespace("default")
                    .resource(widget("neg", -1, 1))
                    .create());
    assertTrue(schema.getMessage().contains("spec.min"), schema.getMessage());
  }

  private static GenericKubernetesResource widget(String name, int min, int max) {
    return new GenericKubernetesResourceBuilder()
        .withApiVersion("test.octopod.io/v1")
        .withKind("Widget")
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .addToAdditionalProperties("spec", Map.of("min", min, "max", max))
        .build();
  }

  static PodTemplateSpec testHttpTemplate(String app, Map<String, String> nodeSelector) {
    return new PodTemplateSpecBuilder()
        .withNewMetadata()
        .withLabels(Map.of("app", app))
        .endMetadata()
        .withNewSpec()
        .withNodeSelector(nodeSelector)
        .withTerminationGracePeriodSeconds(10L)
        .addNewContainer()
        .withName("web")
        .withImage(ImageCommands.TEST_HTTP_IMAGE + ":1")
        .addNewEnv()
        .withName("PORT")
        .withValue("8080")
        .endEnv()
        .addNewEnv()
        .withName("POD_NAME")
        .withNewValueFrom()
        .withNewFieldRef()
        .withFieldPath("metadata.name")
        .endFieldRef()
        .endValueFrom()
        .endEnv()
        .addNewPort()
        .withName("http")
        .withContainerPort(8080)
        .endPort()
        .withNewReadinessProbe()
        .withNewHttpGet()
        .withPath("/healthz")
        .withPort(new IntOrString("http"))
        .endHttpGet()
        .withPeriodSeconds(1)
        .endReadinessProbe()
        .withNewLifecycle()
        .withNewPreStop()
        .withNewHttpGet()
        .withPath("/prestop")
        .withPort(new IntOrString(8080))
        .endHttpGet()
        .endPreStop()
        .endLifecycle()
        .endContainer()
        .endSpec()
        .build();
  }

  /** Creates a pod named and labelled {@code app=name} from the template; waits until Ready. */
  private static void runPod(String ns, String name, PodTemplateSpec template) {
    client
        .pods()
        .inNamespace(ns)
        .resource(
            new io.fabric8.kubernetes.api.model.PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withLabels(Map.of("app", name))
                .endMetadata()
                .withSpec(template.getSpec())
                .build())
        .create();
    Await.until(
        WAIT,
        "the " + name + " pod to be Ready",
        () -> pods(ns, name).stream().anyMatch(ControlPlaneIT::ready));
  }

  static boolean ready(Pod pod) {
    return pod.getStatus() != null
        && pod.getStatus().getConditions() != null
        && pod.getStatus().getConditions().stream()
            .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
  }

  private static List<Pod> pods(String namespace, String app) {
    return client.pods().inNamespace(namespace).withLabel("app", app).list().getItems();
  }

  private static String httpGet(String url) throws Exception {
    return HTTP.send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  @Test
  void aDeploymentRunsAsAProcessOnTheLabelledNodeStopsOnScaleDownAndIsCollectedWithItsOwner()
      throws Exception {
    String ns = cluster.createNamespace("deploy");
    client
        .apps()
        .deployments()
        .inNamespace(ns)
        .resource(
            new DeploymentBuilder()
                .withNewMetadata()
                .withName("hello")
                .endMetadata()
                .withNewSpec()
                .withReplicas(1)
                .withNewSelector()
                .withMatchLabels(Map.of("app", "hello"))
                .endSelector()
                .withTemplate(
                    testHttpTemplate("hello", Map.of(ProcessKubelet.REGION, "ap-southeast")))
                .endSpec()
                .build())
        .create();

    Await.until(
        WAIT,
        "the hello pod to be Ready",
        () -> pods(ns, "hello").stream().anyMatch(ControlPlaneIT::ready));
    Pod pod = pods(ns, "hello").get(0);
    String name = pod.getMetadata().getName();
    String ip = pod.getStatus().getPodIP();
    assertEquals(
        "node-ap-southeast-0", pod.getSpec().getNodeName(), "scheduled by its region label");
    assertTrue(ip.startsWith("127.0.0."), ip);
    assertEquals(
        "ok " + name,
        httpGet("http://" + ip + ":8080/healthz"),
        "a real process answers on the pod IP");
    String wide = cluster.kubectl("get", "pods", "-n", ns, "-o", "wide");
    System.out.println(wide);
    String row = wide.lines().filter(l -> l.startsWith(name)).findFirst().orElseThrow();
    assertTrue(
        row.contains("Running")
            && row.contains(ip)
            && row.contains("node-ap-southeast-0")
            && row.contains("1/1"),
        row);

    Path log = apSoutheast.podLog(ns, name, "web");
    Instant scaledDown = Instant.now();
    client.apps().deployments().inNamespace(ns).withName("hello").scale(0);
    Await.until(WAIT, "the pod to be gone after scaling to 0", () -> pods(ns, "hello").isEmpty());
    Duration stopping = Duration.between(scaledDown, Instant.now());
    String output = Files.readString(log);
    assertTrue(output.contains("preStop hook called"), output);
    assertTrue(output.contains("SIGTERM received"), output);
    assertTrue(
        stopping.compareTo(Duration.ofSeconds(10)) < 0,
        "stopped within its 10 s grace period, took " + stopping);
    assertThrows(
        Exception.class, () -> httpGet("http://" + ip + ":8080/healthz"), "the process is gone");
    System.out.println(
        "scale to 0: pod stopped " + stopping.toMillis() + " ms after the scale request");

    client.apps().deployments().inNamespace(ns).withName("hello").scale(1);
    Await.until(
        WAIT, "a new Ready pod", () -> pods(ns, "hello").stream().anyMatch(ControlPlaneIT::ready));
    client
        .apps()
        .deployments()
        .inNamespace(ns)
        .withName("hello")
        .withPropagationPolicy(io.fabric8.kubernetes.api.model.DeletionPropagation.BACKGROUND)
        .delete();
    Await.until(
        WAIT,
        "the garbage collector to remove the ReplicaSet and its pods",
        () ->
            client.apps().replicaSets().inNamespace(ns).list().getItems().isEmpty()
                && pods(ns, "hello").isEmpty());
    assertEquals(
        List.of(), apSoutheast.runningPods().stream().filter(p -> p.startsWith(ns + "/")).toList());
  }

  @Test
  void aStatefulSetCreatesOrderedPodsWithStableNames() throws Exception {
    String ns = cluster.createNamespace("ordered");
    client
        .services()
        .inNamespace(ns)
        .resource(
            new ServiceBuilder()
                .withNewMetadata()
                .withName("web")
                .endMetadata()
                .withNewSpec()
                .withClusterIP("None")
                .withSelector(Map.of("app", "web"))
                .addNewPort()
                .withPort(8080)
                .endPort()
                .endSpec()
                .build())
        .create();
    client
        .apps()
        .statefulSets()
        .inNamespace(ns)
        .resource(
            new StatefulSetBuilder()
                .withNewMetadata()
                .withName("web")
                .endMetadata()
                .withNewSpec()
                .withReplicas(3)
                .withServiceName("web")
                .withPodManagementPolicy("OrderedReady")
                .withNewSelector()
                .withMatchLabels(Map.of("app", "web"))
                .endSelector()
                .withTemplate(testHttpTemplate("web", Map.of(ProcessKubelet.REGION, "us-east")))
                .endSpec()
                .build())
        .create();
    Await.until(
        WAIT,
        "3 Ready StatefulSet pods",
        () -> pods(ns, "web").stream().filter(ControlPlaneIT::ready).count() == 3);
    List<Pod> pods =
        pods(ns, "web").stream()
            .sorted(Comparator.comparing(p -> p.getMetadata().getCreationTimestamp()))
            .toList();
    assertEquals(
        List.of("web-0", "web-1", "web-2"),
        pods.stream().map(p -> p.getMetadata().getName()).toList(),
        "created in order");
    for (int i = 1; i < pods.size(); i++) {
      Instant previousReady = Instant.parse(readySince(pods.get(i - 1)));
      Instant created = Instant.parse(pods.get(i).getMetadata().getCreationTimestamp());
      assertFalse(
          created.isBefore(previousReady.minusSeconds(1)),
          pods.get(i).getMetadata().getName() + " was created only once its predecessor was Ready");
    }
    assertTrue(pods.stream().allMatch(p -> p.getSpec().getNodeName().equals("node-us-east-0")));
    assertEquals(
        List.of(ns + "/web-0", ns + "/web-1", ns + "/web-2"),
        usEast.runningPods().stream().filter(p -> p.startsWith(ns + "/")).toList());
  }

  @Test
  void aPodsServiceAccountTokenIsBoundToItAndReplacedBeforeItExpires() throws Exception {
    String ns = cluster.createNamespace("tokens");
    client
        .serviceAccounts()
        .inNamespace(ns)
        .resource(
            new io.fabric8.kubernetes.api.model.ServiceAccountBuilder()
                .withNewMetadata()
                .withName("reader")
                .endMetadata()
                .build())
        .create();
    PodTemplateSpec template = testHttpTemplate("holder", Map.of(ProcessKubelet.REGION, "us-east"));
    template.getSpec().setServiceAccountName("reader");
    // A kubelet replaces the token at 80 % of its hour; this node, for this pod, every 2 s.
    usEast.refreshServiceAccountTokensEvery(Duration.ofSeconds(2));
    try {
      runPod(ns, "holder", template);
    } finally {
      usEast.refreshServiceAccountTokensEvery(ServiceAccountProjection.REFRESH_AFTER);
    }
    String ip = pods(ns, "holder").get(0).getStatus().getPodIP();
    java.nio.file.Path tokenFile =
        java.nio.file.Path.of(
            httpGet("http://" + ip + ":8080/env?KUBERNETES_AUTH_SERVICEACCOUNT_TOKEN"));
    String first = java.nio.file.Files.readString(tokenFile);
    Await.until(
        Duration.ofSeconds(30),
        "the token file to hold a new token",
        () -> {
          try {
            String now = java.nio.file.Files.readString(tokenFile);
            return !now.isEmpty() && !now.equals(first);
          } catch (java.io.IOException e) {
            return false;
          }
        });
    String replaced = java.nio.file.Files.readString(tokenFile);
    var review =
        client
            .authentication()
            .v1()
            .tokenReviews()
            .create(
                new io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder()
                    .withNewSpec()
                    .withToken(replaced)
                    .endSpec()
                    .build());
    assertTrue(review.getStatus().getAuthenticated(), "the new token authenticates");
    assertEquals(
        "system:serviceaccount:" + ns + ":reader", review.getStatus().getUser().getUsername());
    assertEquals(
        List.of("holder"),
        review.getStatus().getUser().getExtra().get("authentication.kubernetes.io/pod-name"),
        "bound to the pod");
  }

  @Test
  void aPodGetsItsEnvironmentFromTheSpecAndIsRestartedByItsPolicy() throws Exception {
    String ns = cluster.createNamespace("env");
    client
        .configMaps()
        .inNamespace(ns)
        .resource(
            new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
                .withNewMetadata()
                .withName("settings")
                .endMetadata()
                .addToData("REGION_FROM_MAP", "ap-southeast")
                .addToData("SHARED", "from-envFrom")
                .build())
        .create();
    client
        .secrets()
        .inNamespace(ns)
        .resource(
            new io.fabric8.kubernetes.api.model.SecretBuilder()
                .withNewMetadata()
                .withName("token")
                .endMetadata()
                .addToStringData("token", "s3cret")
                .build())
        .create();
    PodTemplateSpec template = testHttpTemplate("envy", Map.of(ProcessKubelet.REGION, "us-east"));
    var container = template.getSpec().getContainers().get(0);
    container.setEnvFrom(
        List.of(
            new io.fabric8.kubernetes.api.model.EnvFromSourceBuilder()
                .withNewConfigMapRef()
                .withName("settings")
                .endConfigMapRef()
                .build()));
    container
        .getEnv()
        .addAll(
            List.of(
                new io.fabric8.kubernetes.api.model.EnvVarBuilder()
                    .withName("SHARED")
                    .withValue("env-wins")
                    .build(),
                new io.fabric8.kubernetes.api.model.EnvVarBuilder()
                    .withName("TOKEN")
                    .withNewValueFrom()
                    .withNewSecretKeyRef("token", "token", false)
                    .endValueFrom()
                    .build(),
                new io.fabric8.kubernetes.api.model.EnvVarBuilder()
                    .withName("MY_IP")
                    .withNewValueFrom()
                    .withNewFieldRef()
                    .withFieldPath("status.podIP")
                    .endFieldRef()
                    .endValueFrom()
                    .build(),
                new io.fabric8.kubernetes.api.model.EnvVarBuilder()
                    .withName("MY_HOST")
                    .withNewValueFrom()
                    .withNewFieldRef()
                    .withFieldPath("status.hostIP")
                    .endFieldRef()
                    .endValueFrom()
                    .build(),
                new io.fabric8.kubernetes.api.model.EnvVarBuilder()
                    .withName("MY_NODE")
                    .withNewValueFrom()
                    .withNewFieldRef()
                    .withFieldPath("spec.nodeName")
                    .endFieldRef()
                    .endValueFrom()
                    .build()));
    runPod(ns, "envy", template);
    String ip = pods(ns, "envy").get(0).getStatus().getPodIP();
    String base = "http://" + ip + ":8080/env?";
    assertEquals("ap-southeast", httpGet(base + "REGION_FROM_MAP"));
    assertEquals("env-wins", httpGet(base + "SHARED"));
    assertEquals("s3cret", httpGet(base + "TOKEN"));
    assertEquals(ip, httpGet(base + "MY_IP"));
    assertEquals("127.0.0.1", httpGet(base + "MY_HOST"));
    assertEquals("node-us-east-0", httpGet(base + "MY_NODE"));
    assertEquals("unset", httpGet(base + "KUBECONFIG"), "the host environment does not leak in");

    httpGet("http://" + ip + ":8080/exit");
    Await.until(
        WAIT,
        "the container to be restarted (restartPolicy Always) and Ready again",
        () -> {
          Pod pod = client.pods().inNamespace(ns).withName("envy").get();
          return ready(pod) && pod.getStatus().getContainerStatuses().get(0).getRestartCount() == 1;
        });
    assertEquals("node-us-east-0", httpGet(base + "MY_NODE"), "the restarted process serves again");
  }

  @Test
  void aFailingStartupProbeHoldsOffReadinessAndRestartsTheContainer() throws Exception {
    String ns = cluster.createNamespace("startup");
    PodTemplateSpec template = testHttpTemplate("slow", Map.of(ProcessKubelet.REGION, "us-east"));
    // /healthz would make it Ready at once; the startup probe asks a path that never answers 200,
    // so the container must be restarted by it and never counted Ready meanwhile.
    template
        .getSpec()
        .getContainers()
        .get(0)
        .setStartupProbe(
            new io.fabric8.kubernetes.api.model.ProbeBuilder()
                .withNewHttpGet()
                .withPath("/not-started-yet")
                .withPort(new IntOrString("http"))
                .endHttpGet()
                .withPeriodSeconds(1)
                .withFailureThreshold(2)
                .build());
    client
        .pods()
        .inNamespace(ns)
        .resource(
            new io.fabric8.kubernetes.api.model.PodBuilder()
                .withNewMetadata()
                .withName("slow")
                .withLabels(Map.of("app", "slow"))
                .endMetadata()
                .withSpec(template.getSpec())
                .build())
        .create();
    boolean[] everReady = {false};
    Await.until(
        WAIT,
        "the container restarted by its failing startup probe",
        () -> {
          Pod pod = client.pods().inNamespace(ns).withName("slow").get();
          everReady[0] |= ready(pod);
          var statuses = pod.getStatus().getContainerStatuses();
          return statuses != null && !statuses.isEmpty() && statuses.get(0).getRestartCount() >= 1;
        });
    assertFalse(everReady[0], "Ready before its startup probe passed");
  }

  private static String readySince(Pod pod) {
    return pod.getStatus().getConditions().stream()
        .filter(c -> c.getType().equals("Ready"))
        .findFirst()
        .orElseThrow()
        .getLastTransitionTime();
  }
}
