package io.octopod.operator.packaging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.octopod.api.v1alpha1.BridgePool;
import io.octopod.api.v1alpha1.Conference;
import io.octopod.e2e.controlplane.Helm;
import io.octopod.e2e.controlplane.Helm.Run;
import io.octopod.e2e.controlplane.ImageCommands;
import io.octopod.e2e.controlplane.KubeVersion;
import io.octopod.e2e.controlplane.LocalCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Helm chart, the plain install bundle and the GitOps examples, checked with the real {@code
 * helm} binary (built by scripts/helm-binary.sh) and applied to a real kube-apiserver with
 * server-side apply.
 */
class ChartIT {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static Path repo;
  private static Helm helm;
  private static String kubeVersion;
  private static LocalCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    KubeVersion version = KubeVersion.fromRepository();
    repo = version.repository();
    kubeVersion = version.kubernetes();
    helm = Helm.build(repo);
    cluster = LocalCluster.start("chart-it", ImageCommands.defaults());
    cluster.createNamespace("octopod");
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static Run run(String... command) throws IOException, InterruptedException {
    return Helm.command(repo, List.of(command));
  }

  private static Run helm(String... args) throws Exception {
    return helm.run(args);
  }

  private static List<Path> exampleValues() throws IOException {
    try (Stream<Path> files = Files.list(repo.resolve("helm/examples"))) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    }
  }

  private static List<JsonNode> documents(String yaml) throws IOException {
    List<JsonNode> docs = new ArrayList<>();
    try (var parser = YAML.getFactory().createParser(yaml)) {
      var it = YAML.readValues(parser, JsonNode.class);
      while (it.hasNext()) {
        JsonNode doc = it.next();
        if (doc != null && !doc.isNull() && !doc.isEmpty()) {
          docs.add(doc);
        }
      }
    }
    return docs;
  }

  @Test
  void theChartsCrdsAreTheGeneratedOnes() throws Exception {
    try (Stream<Path> files = Files.list(repo.resolve("crds"))) {
      for (Path crd : files.toList()) {
        Path copy = repo.resolve("helm/octopod/crds").resolve(crd.getFileName());
        assertArrayEquals(
            Files.readAllBytes(crd),
            Files.readAllBytes(copy),
            copy + " differs from " + crd + "; copy crds/ into the chart again");
      }
    }
  }

  @Test
  void everyExampleLintsAndRenders() throws Exception {
    List<Path> examples = exampleValues();
    assertTrue(examples.size() >= 2, "an example per region: " + examples);
    for (Path values : examples) {
      Run lint =
          helm(
              "lint",
              "helm/octopod",
              "--strict",
              "--kube-version",
              kubeVersion,
              "-f",
              values.toString());
      assertEquals(0, lint.exit(), values + ": " + lint.output());
      Run template =
          helm(
              "template",
              "octopod",
              "helm/octopod",
              "--namespace",
              "octopod",
              "--include-crds",
              "--kube-version",
              kubeVersion,
              "-f",
              values.toString());
      assertEquals(0, template.exit(), values + ": " + template.output());
      Set<String> kinds = new HashSet<>();
      for (JsonNode doc : documents(template.output())) {
        kinds.add(doc.path("kind").asText());
      }
      assertTrue(
          kinds.containsAll(
              Set.of(
                  "CustomResourceDefinition",
                  "ServiceAccount",
                  "Role",
                  "RoleBinding",
                  "Deployment",
                  "Service",
                  "BridgePool",
                  "NetworkPolicy",
                  "PodDisruptionBudget")),
          values + " renders " + kinds);
    }
  }

  @Test
  void badValuesAreRefusedWithTheirMessages() throws Exception {
    Run bad =
        helm(
            "template",
            "octopod",
            "helm/octopod",
            "--kube-version",
            kubeVersion,
            "-f",
            Path.of("src/test/resources/helm/bad-values.yaml").toAbsolutePath().toString());
    System.out.println("bad values: " + bad.output());
    assertNotEquals(0, bad.exit(), "bad values must fail");
    for (String path :
        List.of(
            "/region",
            "/operator/replicas",
            "/operator/regionGroups/0",
            "/focus/port",
            "/bridgePools/0/exposure/mode")) {
      assertTrue(bad.output().contains(path), "names " + path + ": " + bad.output());
    }
    Run noRegion = helm("template", "octopod", "helm/octopod", "--kube-version", kubeVersion);
    assertNotEquals(0, noRegion.exit(), "the region is required");
    assertTrue(noRegion.output().contains("/region"), noRegion.output());
  }

  /** The us-east example rendered, with extra {@code --set} values; its documents by kind. */
  private static Map<String, JsonNode> usEast(String... sets) throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of(
                "template",
                "octopod-us-east",
                "helm/octopod",
                "--namespace",
                "octopod",
                "--kube-version",
                kubeVersion,
                "-f",
                "helm/examples/us-east.yaml"));
    for (String set : sets) {
      args.addAll(List.of("--set", set));
    }
    Run template = helm(args.toArray(String[]::new));
    assertEquals(0, template.exit(), template.output());
    Map<String, JsonNode> byKind = new LinkedHashMap<>();
    for (JsonNode doc : documents(template.output())) {
      String kind = doc.path("kind").asText();
      if (kind.equals("Deployment")
          || kind.equals("Ingress")
          || (kind.equals("Service")
              && doc.path("metadata").path("name").asText().endsWith("-focus"))) {
        byKind.put(kind, doc);
      }
    }
    // What the chart renders, the real API server accepts.
    Path file = Files.createTempFile("octopod-focus-", ".yaml");
    StringBuilder docs = new StringBuilder();
    for (JsonNode doc : byKind.values()) {
      docs.append(YAML.writeValueAsString(doc)); // each starts with "---"
    }
    Files.writeString(file, docs);
    System.out.println(cluster.kubectl("apply", "--dry-run=server", "-f", file.toString()));
    return byKind;
  }

  /**
   * The Ingress routes everything under its host to the focus Service, so the page, its signalling
   * WebSocket and the bridge-channel relay (/bridge-channel/) all go through the one public HTTPS
   * endpoint. With focus.tls the focus serves HTTPS from the mounted Secret: the probe, the Service
   * port and the Ingress backend say so; without it nothing of that is rendered.
   */
  @Test
  void theIngressRoutesTheFocusWebSocketsAndTheFocusServesHttpsFromItsSecret() throws Exception {
    Map<String, JsonNode> plain = usEast();
    JsonNode rule = plain.get("Ingress").path("spec").path("rules").get(0);
    JsonNode path = rule.path("http").path("paths").get(0);
    assertEquals("/", path.path("path").asText(), "every path, /bridge-channel/ included");
    assertEquals("Prefix", path.path("pathType").asText());
    assertEquals(
        "octopod-us-east-focus", path.path("backend").path("service").path("name").asText());
    assertEquals("http", path.path("backend").path("service").path("port").path("name").asText());
    assertEquals(
        "meet-us-east-tls",
        plain.get("Ingress").path("spec").path("tls").get(0).path("secretName").asText(),
        "the Ingress is the public HTTPS endpoint");
    assertTrue(
        !plain.get("Deployment").toString().contains("FOCUS_TLS_CERT_FILE"),
        "no focus TLS unless asked");

    Map<String, JsonNode> tls = usEast("focus.tls.secretName=meet-us-east-focus-tls");
    JsonNode pod = tls.get("Deployment").path("spec").path("template").path("spec");
    JsonNode container = pod.path("containers").get(0);
    Map<String, String> env = new LinkedHashMap<>();
    container.path("env").forEach(e -> env.put(e.path("name").asText(), e.path("value").asText()));
    assertEquals("/etc/octopod/focus-tls/tls.crt", env.get("FOCUS_TLS_CERT_FILE"));
    assertEquals("/etc/octopod/focus-tls/tls.key", env.get("FOCUS_TLS_KEY_FILE"));
    assertTrue(
        container
            .path("volumeMounts")
            .toString()
            .contains("\"mountPath\":\"/etc/octopod/focus-tls\""),
        "" + container.path("volumeMounts"));
    assertTrue(
        pod.path("volumes").toString().contains("\"secretName\":\"meet-us-east-focus-tls\""),
        "" + pod.path("volumes"));
    assertEquals("HTTPS", container.path("readinessProbe").path("httpGet").path("scheme").asText());
    JsonNode port = tls.get("Service").path("spec").path("ports").get(0);
    assertEquals("https", port.path("name").asText());
    assertEquals(443, port.path("port").asInt());
    assertEquals(
        "https",
        tls.get("Ingress")
            .path("spec")
            .path("rules")
            .get(0)
            .path("http")
            .path("paths")
            .get(0)
            .path("backend")
            .path("service")
            .path("port")
            .path("name")
            .asText());
  }

  @Test
  void theInstallBundleIsRenderedFromTheCurrentChart() throws Exception {
    Path fresh = Files.createTempDirectory("octopod-install-");
    Run render = run(repo.resolve("scripts/render-manifests.sh").toString(), fresh.toString());
    assertEquals(0, render.exit(), render.output());
    try (Stream<Path> files = Files.walk(repo.resolve("manifests/install"))) {
      List<Path> committed = files.filter(Files::isRegularFile).toList();
      assertEquals(4, committed.size(), "" + committed);
      for (Path file : committed) {
        Path again = fresh.resolve(repo.resolve("manifests/install").relativize(file));
        assertEquals(
            Files.readString(again),
            Files.readString(file),
            file + " is stale: run scripts/render-manifests.sh and commit");
      }
    }
  }

  @Test
  void helmInstallsTheChartAndTheBundleAndTheExamplesApply() throws Exception {
    String kubeconfig = "--kubeconfig=" + cluster.kubeconfig();
    Run install =
        helm(
            "install",
            "octopod-us-east",
            "helm/octopod",
            kubeconfig,
            "--namespace",
            "octopod",
            "-f",
            "helm/examples/us-east.yaml");
    assertEquals(0, install.exit(), install.output());
    var client = cluster.client();
    Deployment chartOperator =
        client.apps().deployments().inNamespace("octopod").withName("octopod-us-east").get();
    assertNotNull(chartOperator, "the chart's operator Deployment exists");
    assertEquals(
        Boolean.TRUE,
        chartOperator
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0)
            .getSecurityContext()
            .getReadOnlyRootFilesystem(),
        "read-only root filesystem");
    assertEquals(
        2,
        client
            .resources(BridgePool.class)
            .inNamespace("octopod")
            .withName("us-east")
            .get()
            .getSpec()
            .getReplicas());
    // An upgrade with more bridges changes the pool in place.
    Run upgrade =
        helm(
            "upgrade",
            "octopod-us-east",
            "helm/octopod",
            kubeconfig,
            "--namespace",
            "octopod",
            "-f",
            "helm/examples/us-east.yaml",
            "--set",
            "bridgePools[0].name=us-east",
            "--set",
            "bridgePools[0].replicas=3");
    assertEquals(0, upgrade.exit(), upgrade.output());
    assertEquals(
        3,
        client
            .resources(BridgePool.class)
            .inNamespace("octopod")
            .withName("us-east")
            .get()
            .getSpec()
            .getReplicas());

    // The plain bundle (CRDs first, as its directories are ordered) and the examples. The CRDs are
    // Helm's already: one cluster holds both installs here, so the bundle takes them over.
    System.out.println(
        cluster.kubectl(
            "apply",
            "--server-side",
            "--force-conflicts",
            "--field-manager=bundle-it",
            "-f",
            repo.resolve("manifests/install/1-crds").toString()));
    System.out.println(
        cluster.kubectl(
            "apply",
            "--server-side",
            "--field-manager=bundle-it",
            "-f",
            repo.resolve("manifests/install/2-operator").toString()));
    assertNotNull(
        client.apps().deployments().inNamespace("octopod").withName("octopod").get(),
        "the bundle's");
    System.out.println(
        cluster.kubectl(
            "apply",
            "--server-side",
            "--force-conflicts",
            "--field-manager=examples-it",
            "-f",
            repo.resolve("manifests/examples").toString()));
    assertNotNull(
        client.resources(BridgePool.class).inNamespace("octopod").withName("ap-southeast").get());
    assertNotNull(
        client.resources(Conference.class).inNamespace("octopod").withName("standup").get());
  }

  /**
   * The operator image, built like the bridge's and run the same way (read-only root, non-root, its
   * own namespaces) against this real API server through a mounted kubeconfig: the focus and the
   * metrics endpoint answer.
   */
  @Test
  void theOperatorImageRunsAgainstTheApiServer() throws Exception {
    io.octopod.bridge.image.ImageRunner.Unpacked image =
        io.octopod.bridge.image.ImageRunner.buildAndUnpack(
            "octopod-operator",
            "operator/operator/target/octopod-operator.jar",
            "8081/tcp 8090/tcp");
    assertEquals("65532:65532", image.config().get("User").asText());
    int metrics;
    int focus;
    try (java.net.ServerSocket a = new java.net.ServerSocket(0);
        java.net.ServerSocket b = new java.net.ServerSocket(0)) {
      metrics = a.getLocalPort();
      focus = b.getLocalPort();
    }
    // The operator needs its CRDs served (test order is not fixed: the install test may not have
    // run yet).
    cluster.kubectl(
        "apply",
        "--server-side",
        "--force-conflicts",
        "--field-manager=image-it",
        "-f",
        repo.resolve("crds").toString());
    cluster.kubectl(
        "wait",
        "--for=condition=established",
        "--timeout=60s",
        "crd/bridgepools.octopod.io",
        "crd/conferences.octopod.io");
    // A self-contained kubeconfig (certificates inlined), readable by the image's user.
    Path kubeconfig = Files.createTempFile("octopod-kubeconfig-", ".yaml");
    Files.writeString(kubeconfig, cluster.kubectl("config", "view", "--raw", "--flatten"));
    kubeconfig.toFile().setReadable(true, false);
    Process p =
        io.octopod.bridge.image.ImageRunner.start(
            image,
            java.util.Map.of(
                "KUBECONFIG", "/etc/octopod/kubeconfig",
                "WATCH_NAMESPACES", "octopod",
                "POD_NAMESPACE", "octopod",
                "POD_NAME", "operator-image-it",
                "LEADER_ELECTION", "false",
                "METRICS_PORT", Integer.toString(metrics),
                "FOCUS_PORT", Integer.toString(focus),
                "FOCUS_BIND_ADDRESS", "127.0.0.1",
                "FOCUS_REGION", "us-east"),
            java.util.Map.of(kubeconfig, "/etc/octopod/kubeconfig"));
    try {
      long started = System.nanoTime();
      String healthz =
          io.octopod.bridge.image.HealthProbe.await(
              "http://127.0.0.1:" + focus + "/healthz", p, 90);
      String scrape =
          io.octopod.bridge.image.HealthProbe.await(
              "http://127.0.0.1:" + metrics + "/metrics", p, 30);
      System.out.printf(
          "the operator image answered /healthz %s after %.1f s; image %d MiB%n",
          healthz == null ? null : healthz.trim(),
          (System.nanoTime() - started) / 1e9,
          image.size() >> 20);
      assertEquals(
          "ok",
          healthz == null ? null : healthz.trim(),
          io.octopod.bridge.image.ImageRunner.log(image));
      assertNotNull(scrape, "the metrics endpoint answers");
    } finally {
      io.octopod.bridge.image.ImageRunner.stop(p);
    }
  }

  @Test
  void theGitOpsExamplesHangTogether() throws Exception {
    JsonNode appSet =
        documents(Files.readString(repo.resolve("manifests/gitops/argocd/applicationset.yaml")))
            .get(0);
    assertEquals("ApplicationSet", appSet.path("kind").asText());
    assertTrue(
        appSet
            .at("/spec/generators/0/clusters/selector/matchExpressions/0/key")
            .asText()
            .equals("octopod.io/region"),
        "clusters chosen by region label");
    String chartPath = appSet.at("/spec/template/spec/source/path").asText();
    assertTrue(Files.isDirectory(repo.resolve(chartPath).resolve("templates")), chartPath);
    assertEquals("RollingSync", appSet.at("/spec/strategy/type").asText(), "region by region");
    String valueFile = appSet.at("/spec/template/spec/source/helm/valueFiles/0").asText();
    for (String region : List.of("us-east", "ap-southeast")) {
      Path resolved =
          repo.resolve(chartPath)
              .resolve(
                  valueFile.replace("{{index .metadata.labels \"octopod.io/region\"}}", region))
              .normalize();
      assertTrue(Files.isRegularFile(resolved), "values for " + region + ": " + resolved);
    }

    List<JsonNode> flux =
        documents(Files.readString(repo.resolve("manifests/gitops/flux/octopod-us-east.yaml")));
    List<String> order = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (JsonNode doc : flux) {
      if (!doc.path("kind").asText().equals("Kustomization")) {
        continue;
      }
      String name = doc.at("/metadata/name").asText();
      Path path = repo.resolve(doc.at("/spec/path").asText()).normalize();
      assertTrue(Files.isDirectory(path), name + " points at " + path);
      for (JsonNode dep : doc.at("/spec/dependsOn")) {
        assertTrue(names.contains(dep.path("name").asText()), name + " depends on an earlier one");
      }
      names.add(name);
      order.add(name);
    }
    assertEquals(List.of("octopod-crds", "octopod-operator", "octopod-resources"), order);
    // The operator's region patch targets FOCUS_REGION in the bundle's Deployment.
    JsonNode patch =
        documents(
                flux.stream()
                    .filter(d -> d.at("/metadata/name").asText().equals("octopod-operator"))
                    .findFirst()
                    .orElseThrow()
                    .at("/spec/patches/0/patch")
                    .asText())
            .get(0)
            .get(0);
    int index =
        Integer.parseInt(patch.path("path").asText().replaceAll(".*/env/(\\d+)/value", "$1"));
    JsonNode deployment =
        documents(Files.readString(repo.resolve("manifests/install/2-operator/03-operator.yaml")))
            .stream()
            .filter(d -> d.path("kind").asText().equals("Deployment"))
            .findFirst()
            .orElseThrow();
    assertEquals(
        "FOCUS_REGION",
        deployment.at("/spec/template/spec/containers/0/env/" + index + "/name").asText(),
        "the Flux patch sets the region");
  }
}
