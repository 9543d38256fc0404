package io.octopod.operator.model;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.octopod.api.v1alpha1.BridgePool;
import io.octopod.api.v1alpha1.ExposureMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Kubernetes objects one BridgePool wants, as pure functions of the pool and its resolved spec.
 * No client, no cluster: the reconciler applies what these return, and tests read them directly.
 */
public final class BridgePoolResources {

  public static final String TOKEN_KEY = "token";
  public static final String HEALTH_PATH = "/about/health";

  /** Time after the drain timeout for the process to close sockets and exit. */
  private static final long SHUTDOWN_MARGIN_SECONDS = 30;

  private final BridgePool pool;
  private final ResolvedPoolSpec spec;

  public BridgePoolResources(BridgePool pool, ResolvedPoolSpec spec) {
    this.pool = pool;
    this.spec = spec;
  }

  public static String configMapName(String pool) {
    return pool + "-bridge-config";
  }

  public static String tokenSecretName(String pool) {
    return pool + "-control-token";
  }

  public static String headlessServiceName(String pool) {
    return pool + "-bridges";
  }

  private String name() {
    return pool.getMetadata().getName();
  }

  private ObjectMeta meta(String name) {
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(pool.getMetadata().getNamespace())
        .withLabels(PoolLabels.all(name(), spec.region()))
        .withOwnerReferences(owner())
        .build();
  }

  private OwnerReference owner() {
    return new OwnerReferenceBuilder()
        .withApiVersion(pool.getApiVersion())
        .withKind(pool.getKind())
        .withName(name())
        .withUid(pool.getMetadata().getUid())
        .withController(true)
        .withBlockOwnerDeletion(true)
        .build();
  }

  /** Settings every bridge of the pool shares; per-pod identity comes from the downward API. */
  public ConfigMap configMap() {
    Map<String, String> data = new LinkedHashMap<>();
    data.put("OCTOPOD_REGION", spec.region());
    data.put("OCTOPOD_MEDIA_PORT", Integer.toString(spec.mediaPort()));
    data.put("OCTOPOD_OCTO_PORT", Integer.toString(spec.octoPort()));
    data.put("OCTOPOD_CONTROL_PORT", Integer.toString(spec.controlPort()));
    data.put("OCTOPOD_PUBLIC_PORT", Integer.toString(spec.publicPort()));
    data.put("OCTOPOD_MAX_PARTICIPANTS", Integer.toString(spec.maxParticipants()));
    data.put("OCTOPOD_DRAIN_TIMEOUT_SECONDS", Long.toString(spec.drainTimeout().toSeconds()));
    data.put("OCTOPOD_ENDPOINT_TIMEOUT_MILLIS", Long.toString(spec.endpointTimeout().toMillis()));
    return new ConfigMapBuilder().withMetadata(meta(configMapName(name()))).withData(data).build();
  }

  /**
   * The control-API bearer token. The reconciler creates it once with a fresh random token and
   * never rewrites it, so running bridges and the operator keep agreeing.
   */
  public Secret tokenSecret(String token) {
    return new SecretBuilder()
        .withMetadata(meta(tokenSecretName(name())))
        .withType("Opaque")
        .withStringData(Map.of(TOKEN_KEY, token))
        .build();
  }

  /** Gives each bridge a stable DNS name for the operator's control calls. */
  public Service headlessService() {
    return new ServiceBuilder()
        .withMetadata(meta(headlessServiceName(name())))
        .withNewSpec()
        .withClusterIP("None")
        .withPublishNotReadyAddresses(true)
        .withSelector(PoolLabels.selector(name()))
        .addNewPort()
        .withName("control")
        .withProtocol("TCP")
        .withPort(spec.controlPort())
        .withTargetPort(new IntOrString("control"))
        .endPort()
        .addNewPort()
        .withName("public")
        .withProtocol("TCP")
        .withPort(spec.publicPort())
        .withTargetPort(new IntOrString("public"))
        .endPort()
        .endSpec()
        .build();
  }

  /** Voluntary disruptions (node drains) take one bridge at a time, so calls move gradually. */
  public PodDisruptionBudget podDisruptionBudget() {
    return new PodDisruptionBudgetBuilder()
        .withMetadata(meta(name()))
        .withNewSpec()
        .withMaxUnavailable(new IntOrString(1))
        .withNewSelector()
        .withMatchLabels(PoolLabels.selector(name()))
        .endSelector()
        .endSpec()
        .build();
  }

  public StatefulSet statefulSet() {
    Map<String, String> nodeSelector = new LinkedHashMap<>(spec.nodeSelector());
    nodeSelector.put(spec.regionLabel(), spec.region());
    boolean hostNetwork = spec.exposure() == ExposureMode.HostNetwork;
    return new StatefulSetBuilder()
        .withMetadata(meta(name()))
        .withNewSpec()
        .withReplicas(spec.replicas())
        .withServiceName(headlessServiceName(name()))
        // Bridges are independent of each other: start and stop them in parallel.
        .withPodManagementPolicy("Parallel")
        .withNewSelector()
        .withMatchLabels(PoolLabels.selector(name()))
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(PoolLabels.all(name(), spec.region()))
        .endMetadata()
        .withNewSpec()
        .withHostNetwork(hostNetwork)
        // A bridge never calls the API server: no token in its pods.
        .withAutomountServiceAccountToken(false)
        .withDnsPolicy(hostNetwork ? "ClusterFirstWithHostNet" : "ClusterFirst")
        .withNodeSelector(nodeSelector)
        .withTolerations(spec.tolerations())
        .withTopologySpreadConstraints(
            new TopologySpreadConstraintBuilder()
                .withMaxSkew(1)
                .withTopologyKey("kubernetes.io/hostname")
                .withWhenUnsatisfiable("ScheduleAnyway")
                .withNewLabelSelector()
                .withMatchLabels(PoolLabels.selector(name()))
                .endLabelSelector()
                .build())
        .withNewSecurityContext()
        .withRunAsNonRoot(true)
        .withRunAsUser(65532L)
        .withRunAsGroup(65532L)
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .endSecurityContext()
        .addNewVolume()
        .withName("tmp")
        .withNewEmptyDir()
        .withSizeLimit(new Quantity("64Mi"))
        .endEmptyDir()
        .endVolume()
        .withTerminationGracePeriodSeconds(
            spec.drainTimeout().toSeconds() + SHUTDOWN_MARGIN_SECONDS)
        .addNewContainer()
        .withName("bridge")
        .withImage(spec.image())
        .withResources(
            spec.resources() != null
                ? spec.resources()
                : BridgeResources.defaultFor(spec.maxParticipants()))
        // The image's user; no privilege, not even on the host network (every port is above 1024).
        // /tmp is the one writable place: Netty unpacks its native epoll library there.
        .withNewSecurityContext()
        .withAllowPrivilegeEscalation(false)
        .withReadOnlyRootFilesystem(true)
        .withNewCapabilities()
        .withDrop("ALL")
        .endCapabilities()
        .endSecurityContext()
        .addNewVolumeMount()
        .withName("tmp")
        .withMountPath("/tmp")
        .endVolumeMount()
        .withPorts(containerPorts())
        .withEnv(environment())
        .addNewEnvFrom()
        .withNewConfigMapRef()
        .withName(configMapName(name()))
        .endConfigMapRef()
        .endEnvFrom()
        .withReadinessProbe(healthProbe(5, 3))
        .withLivenessProbe(healthProbe(10, 6))
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  private Probe healthProbe(int periodSeconds, int failureThreshold) {
    return new ProbeBuilder()
        .withNewHttpGet()
        .withPath(HEALTH_PATH)
        .withPort(new IntOrString("control"))
        .endHttpGet()
        .withPeriodSeconds(periodSeconds)
        .withFailureThreshold(failureThreshold)
        .build();
  }

  private List<ContainerPort> containerPorts() {
    boolean hostPort = spec.exposure() == ExposureMode.HostPort;
    List<ContainerPort> ports = new ArrayList<>();
    ports.add(port("media", "UDP", spec.mediaPort(), hostPort));
    ports.add(port("octo", "UDP", spec.octoPort(), hostPort));
    ports.add(port("control", "TCP", spec.controlPort(), false));
    ports.add(port("public", "TCP", spec.publicPort(), hostPort));
    return ports;
  }

  private static ContainerPort port(String name, String protocol, int port, boolean onHost) {
    ContainerPortBuilder builder =
        new ContainerPortBuilder().withName(name).withProtocol(protocol).withContainerPort(port);
    if (onHost) {
      builder.withHostPort(port);
    }
    return builder.build();
  }

  private List<EnvVar> environment() {
    return List.of(
        fieldRef("OCTOPOD_RELAY_ID", "metadata.name"),
        fieldRef("OCTOPOD_POD_IP", "status.podIP"),
        fieldRef("OCTOPOD_HOST_IP", "status.hostIP"),
        fieldRef("OCTOPOD_NODE_NAME", "spec.nodeName"),
        new EnvVarBuilder()
            .withName("OCTOPOD_CONTROL_TOKEN")
            .withNewValueFrom()
            .withNewSecretKeyRef()
            .withName(tokenSecretName(name()))
            .withKey(TOKEN_KEY)
            .endSecretKeyRef()
            .endValueFrom()
            .build());
  }

  private static EnvVar fieldRef(String name, String path) {
    return new EnvVarBuilder()
        .withName(name)
        .withNewValueFrom()
        .withNewFieldRef()
        .withFieldPath(path)
        .endFieldRef()
        .endValueFrom()
        .build();
  }

  /**
   * With NodePort exposure: one Service per bridge, selecting that pod alone, so that each bridge
   * gets its own node ports for media and Octo.
   */
  public List<Service> nodePortServices() {
    if (spec.exposure() != ExposureMode.NodePort) {
      return List.of();
    }
    List<Service> services = new ArrayList<>();
    for (int ordinal = 0; ordinal < spec.replicas(); ordinal++) {
      String podName = name() + "-" + ordinal;
      services.add(
          new ServiceBuilder()
              .withMetadata(meta(podName + "-media"))
              .withNewSpec()
              .withType("NodePort")
              .withExternalTrafficPolicy("Local")
              .withSelector(Map.of("statefulset.kubernetes.io/pod-name", podName))
              .addNewPort()
              .withName("media")
              .withProtocol("UDP")
              .withPort(spec.mediaPort())
              .withTargetPort(new IntOrString("media"))
              .endPort()
              .addNewPort()
              .withName("octo")
              .withProtocol("UDP")
              .withPort(spec.octoPort())
              .withTargetPort(new IntOrString("octo"))
              .endPort()
              .endSpec()
              .build());
    }
    return services;
  }
}
