package io.octopod.operator.model;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;

/**
 * A bridge's requests and limits when the pool names none, so its pods are never BestEffort (the
 * first evicted under memory pressure, mid-meeting). Memory is sized from the pool's capacity: the
 * load generator measured 1.6–1.9 MiB of resident memory per participant on one bridge
 * (docs/benchmarks.md, "Whole bridge"), so 2 MiB each on top of a 256 MiB JVM. Request and limit
 * are equal, so the kubelet never reclaims it from a running meeting. CPU gets a request of one
 * core and no limit: a limit throttles a real-time process in 100 ms steps, which shows as frozen
 * video.
 */
final class BridgeResources {

  static final int BASE_MIB = 256;
  static final int MIB_PER_PARTICIPANT = 2;

  private BridgeResources() {}

  static ResourceRequirements defaultFor(int maxParticipants) {
    Quantity memory = new Quantity(BASE_MIB + MIB_PER_PARTICIPANT * maxParticipants + "Mi");
    return new ResourceRequirementsBuilder()
        .addToRequests("cpu", new Quantity("1"))
        .addToRequests("memory", memory)
        .addToLimits("memory", memory)
        .build();
  }
}
