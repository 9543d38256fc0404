package io.octopod.operator.model;

import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Toleration;
import io.octopod.api.v1alpha1.BridgePoolSpec;
import io.octopod.api.v1alpha1.ExposureMode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A BridgePool spec with every default applied. The CRD schema fills defaults only inside objects
 * that are present, so the operator resolves the rest here, once, and the builders never see null.
 */
public record ResolvedPoolSpec(
    String region,
    int replicas,
    String image,
    ResourceRequirements resources,
    String regionLabel,
    Map<String, String> nodeSelector,
    List<Toleration> tolerations,
    ExposureMode exposure,
    List<String> publicAddresses,
    int mediaPort,
    int octoPort,
    int controlPort,
    int publicPort,
    int maxParticipants,
    double overloadStress,
    Duration drainTimeout,
    Duration endpointTimeout) {

  public static final String DEFAULT_IMAGE = "octopod/bridge:latest";

  /**
   * @param replicasNow the replica count autoscaling decided, used when the spec has autoscaling
   */
  public static ResolvedPoolSpec of(BridgePoolSpec spec, int replicasNow) {
    Objects.requireNonNull(spec.getRegion(), "spec.region");
    var placement = spec.getPlacement();
    var exposure = spec.getExposure();
    var ports = spec.getPorts();
    var capacity = spec.getCapacity();
    return new ResolvedPoolSpec(
        spec.getRegion(),
        spec.getAutoscaling() != null ? replicasNow : or(spec.getReplicas(), 1),
        or(spec.getImage(), DEFAULT_IMAGE),
        spec.getResources(),
        placement == null
            ? "topology.kubernetes.io/region"
            : or(placement.getRegionLabel(), "topology.kubernetes.io/region"),
        placement == null || placement.getNodeSelector() == null
            ? Map.of()
            : Map.copyOf(placement.getNodeSelector()),
        placement == null || placement.getTolerations() == null
            ? List.of()
            : List.copyOf(placement.getTolerations()),
        exposure == null ? ExposureMode.HostPort : or(exposure.getMode(), ExposureMode.HostPort),
        exposure == null || exposure.getPublicAddresses() == null
            ? List.of()
            : List.copyOf(exposure.getPublicAddresses()),
        ports == null ? 10000 : or(ports.getMedia(), 10000),
        ports == null ? 4096 : or(ports.getOcto(), 4096),
        ports == null ? 8080 : or(ports.getControl(), 8080),
        ports == null ? 8443 : or(ports.getPublicPort(), 8443),
        capacity == null ? 200 : or(capacity.getMaxParticipants(), 200),
        capacity == null ? 0.8 : or(capacity.getOverloadStress(), 0.8),
        GoDuration.parse(or(spec.getDrainTimeout(), "10m")),
        GoDuration.parse(or(spec.getEndpointTimeout(), "30s")));
  }

  private static <T> T or(T value, T fallback) {
    return value != null ? value : fallback;
  }

  /** The same spec with another replica count (a drain keeps bridges a while longer). */
  public ResolvedPoolSpec withReplicas(int count) {
    return new ResolvedPoolSpec(
        region,
        count,
        image,
        resources,
        regionLabel,
        nodeSelector,
        tolerations,
        exposure,
        publicAddresses,
        mediaPort,
        octoPort,
        controlPort,
        publicPort,
        maxParticipants,
        overloadStress,
        drainTimeout,
        endpointTimeout);
  }
}
