package io.octopod.operator.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.octopod.api.v1alpha1.Autoscaling;
import io.octopod.api.v1alpha1.BridgePool;
import io.octopod.api.v1alpha1.BridgePoolSpec;
import io.octopod.api.v1alpha1.ExposureMode;
import io.octopod.api.v1alpha1.MediaExposure;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BridgePoolResourcesTest {

  private static BridgePool pool(BridgePoolSpec spec) {
    BridgePool pool = new BridgePool();
    pool.setMetadata(
        new ObjectMetaBuilder()
            .withName("us-east")
            .withNamespace("media")
            .withUid("uid-1")
            .build());
    pool.setSpec(spec);
    return pool;
  }

  private static BridgePoolSpec spec(String region, Integer replicas) {
    BridgePoolSpec spec = new BridgePoolSpec();
    spec.setRegion(region);
    spec.setReplicas(replicas);
    return spec;
  }

  private static BridgePoolResources resources(BridgePoolSpec spec) {
    return new BridgePoolResources(pool(spec), ResolvedPoolSpec.of(spec, 0));
  }

  private static Container bridgeContainer(StatefulSet sts) {
    return sts.getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  @Test
  void defaultsResolveWhenTheSpecNamesOnlyARegion() {
    ResolvedPoolSpec resolved = ResolvedPoolSpec.of(spec("us-east", null), 0);
    assertEquals(1, resolved.replicas());
    assertEquals(ExposureMode.HostPort, resolved.exposure());
    assertEquals(10000, resolved.mediaPort());
    assertEquals(4096, resolved.octoPort());
    assertEquals("topology.kubernetes.io/region", resolved.regionLabel());
    assertEquals(Duration.ofMinutes(10), resolved.drainTimeout());
  }

  @Test
  void autoscaledPoolsTakeTheDecidedReplicaCount() {
    BridgePoolSpec spec = spec("us-east", null);
    Autoscaling autoscaling = new Autoscaling();
    autoscaling.setMinReplicas(1);
    autoscaling.setMaxReplicas(5);
    spec.setAutoscaling(autoscaling);
    assertEquals(3, ResolvedPoolSpec.of(spec, 3).replicas());
  }

  @Test
  void statefulSetPinsBridgesToTheirRegionAndSpreadsThem() {
    StatefulSet sts = resources(spec("us-east", 2)).statefulSet();
    assertEquals(2, sts.getSpec().getReplicas());
    PodSpec pod = sts.getSpec().getTemplate().getSpec();
    assertEquals(Map.of("topology.kubernetes.io/region", "us-east"), pod.getNodeSelector());
    assertEquals(
        "kubernetes.io/hostname", pod.getTopologySpreadConstraints().get(0).getTopologyKey());
    assertEquals(630L, pod.getTerminationGracePeriodSeconds(), "10m drain + 30s margin");
    assertEquals("us-east-bridges", sts.getSpec().getServiceName());
    assertEquals("uid-1", sts.getMetadata().getOwnerReferences().get(0).getUid());
    assertTrue(sts.getMetadata().getOwnerReferences().get(0).getController());
  }

  @Test
  void bridgeContainerGetsIdentityFromTheDownwardApiAndTheTokenFromItsSecret() {
    Container c = bridgeContainer(resources(spec("us-east", 1)).statefulSet());
    Map<String, EnvVar> env = new java.util.HashMap<>();
    c.getEnv().forEach(e -> env.put(e.getName(), e));
    assertEquals(
        "metadata.name", env.get("OCTOPOD_RELAY_ID").getValueFrom().getFieldRef().getFieldPath());
    assertEquals(
        "status.podIP", env.get("OCTOPOD_POD_IP").getValueFrom().getFieldRef().getFieldPath());
    assertEquals(
        "us-east-control-token",
        env.get("OCTOPOD_CONTROL_TOKEN").getValueFrom().getSecretKeyRef().getName());
    assertEquals("us-east-bridge-config", c.getEnvFrom().get(0).getConfigMapRef().getName());
    assertEquals("/about/health", c.getReadinessProbe().getHttpGet().getPath());
    // The kubelet drains a bridge with SIGTERM and waits the drain timeout plus a margin; no
    // preStop hook, so the control API has no open path that drains.
    assertNull(c.getLifecycle(), "no preStop hook");
    assertTrue(
        resources(spec("us-east", 1))
                .statefulSet()
                .getSpec()
                .getTemplate()
                .getSpec()
                .getTerminationGracePeriodSeconds()
            > ResolvedPoolSpec.of(spec("us-east", 1), 0).drainTimeout().toSeconds(),
        "the grace period covers the drain");
  }

  @Test
  void bridgePodsRunWithoutPrivilegeAndAreNeverBestEffort() {
    for (ExposureMode mode : ExposureMode.values()) {
      BridgePoolSpec spec = spec("us-east", 1);
      spec.setExposure(new MediaExposure());
      spec.getExposure().setMode(mode);
      PodSpec pod = resources(spec).statefulSet().getSpec().getTemplate().getSpec();
      assertTrue(pod.getSecurityContext().getRunAsNonRoot(), mode + ": non-root");
      assertEquals(65532L, pod.getSecurityContext().getRunAsUser());
      assertEquals("RuntimeDefault", pod.getSecurityContext().getSeccompProfile().getType());
      Container c = pod.getContainers().get(0);
      assertFalse(c.getSecurityContext().getAllowPrivilegeEscalation(), mode.toString());
      assertTrue(c.getSecurityContext().getReadOnlyRootFilesystem(), mode.toString());
      assertEquals(List.of("ALL"), c.getSecurityContext().getCapabilities().getDrop());
      assertNull(c.getSecurityContext().getPrivileged());
      assertEquals("/tmp", c.getVolumeMounts().get(0).getMountPath(), "a writable /tmp");
      assertEquals("tmp", pod.getVolumes().get(0).getName());
      assertTrue(pod.getVolumes().get(0).getEmptyDir() != null);
    }
  }

  @Test
  void withoutResourcesInThePoolTheBridgeGetsThemFromItsCapacity() {
    BridgePoolSpec spec = spec("us-east", 1);
    Container c = bridgeContainer(resources(spec).statefulSet());
    // 200 participants by default: 256 MiB + 2 MiB each.
    assertEquals("656Mi", c.getResources().getRequests().get("memory").toString());
    assertEquals("656Mi", c.getResources().getLimits().get("memory").toString());
    assertEquals("1", c.getResources().getRequests().get("cpu").toString());
    assertNull(c.getResources().getLimits().get("cpu"), "no CPU limit: throttling freezes video");

    spec.setResources(
        new io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder()
            .addToRequests("cpu", new io.fabric8.kubernetes.api.model.Quantity("3"))
            .build());
    assertEquals(
        "3",
        bridgeContainer(resources(spec).statefulSet())
            .getResources()
            .getRequests()
            .get("cpu")
            .toString(),
        "what the pool names wins");
  }

  @Test
  void hostPortExposureMapsMediaOctoAndPublicButNeverControl() {
    Container c = bridgeContainer(resources(spec("us-east", 1)).statefulSet());
    Map<String, ContainerPort> ports = new java.util.HashMap<>();
    c.getPorts().forEach(p -> ports.put(p.getName(), p));
    assertEquals(10000, ports.get("media").getHostPort());
    assertEquals("UDP", ports.get("media").getProtocol());
    assertEquals(4096, ports.get("octo").getHostPort());
    assertNull(ports.get("control").getHostPort(), "the control API stays private");
  }

  @Test
  void hostNetworkExposureUsesTheNodesNetwork() {
    BridgePoolSpec spec = spec("us-east", 1);
    MediaExposure exposure = new MediaExposure();
    exposure.setMode(ExposureMode.HostNetwork);
    spec.setExposure(exposure);
    StatefulSet sts = resources(spec).statefulSet();
    assertTrue(sts.getSpec().getTemplate().getSpec().getHostNetwork());
    assertEquals("ClusterFirstWithHostNet", sts.getSpec().getTemplate().getSpec().getDnsPolicy());
    assertNull(bridgeContainer(sts).getPorts().get(0).getHostPort());
  }

  @Test
  void nodePortExposureCreatesOneServicePerBridge() {
    BridgePoolSpec spec = spec("us-east", 3);
    MediaExposure exposure = new MediaExposure();
    exposure.setMode(ExposureMode.NodePort);
    spec.setExposure(exposure);
    List<Service> services = resources(spec).nodePortServices();
    assertEquals(3, services.size());
    assertEquals(
        Map.of("statefulset.kubernetes.io/pod-name", "us-east-2"),
        services.get(2).getSpec().getSelector());
    assertEquals("NodePort", services.get(0).getSpec().getType());
    assertTrue(resources(spec("us-east", 3)).nodePortServices().isEmpty(), "only in NodePort mode");
  }

  @Test
  void configMapCarriesSharedSettingsAndHeadlessServiceThePrivatePorts() {
    BridgePoolResources r = resources(spec("ap-southeast", 1));
    assertEquals("ap-southeast", r.configMap().getData().get("OCTOPOD_REGION"));
    assertEquals("600", r.configMap().getData().get("OCTOPOD_DRAIN_TIMEOUT_SECONDS"));
    assertEquals("30000", r.configMap().getData().get("OCTOPOD_ENDPOINT_TIMEOUT_MILLIS"));
    Service headless = r.headlessService();
    assertEquals("None", headless.getSpec().getClusterIP());
    assertEquals(
        List.of("control", "public"),
        headless.getSpec().getPorts().stream().map(p -> p.getName()).toList());
    assertEquals(1, r.podDisruptionBudget().getSpec().getMaxUnavailable().getIntVal());
    assertEquals("s3cret", r.tokenSecret("s3cret").getStringData().get("token"));
    assertFalse(r.configMap().getData().containsValue("s3cret"), "no secret in the ConfigMap");
  }

  @Test
  void goDurationsParseAndRejectGarbage() {
    assertEquals(Duration.ofSeconds(5400), GoDuration.parse("1h30m"));
    assertEquals(Duration.ofSeconds(90), GoDuration.parse("90s"));
    assertThrows(IllegalArgumentException.class, () -> GoDuration.parse(""));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> GoDuration.parse("10 minutes"));
    assertTrue(e.getMessage().contains("10 minutes"));
  }
}
