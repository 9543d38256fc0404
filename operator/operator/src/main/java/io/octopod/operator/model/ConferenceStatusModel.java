package io.octopod.operator.model;

import io.octopod.api.v1alpha1.ConferenceBridge;
import io.octopod.api.v1alpha1.ConferenceStatus;
import io.octopod.api.v1alpha1.OctoLink;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds the observed part of a Conference's status from where its participants are. A pure
 * function, so the focus can coalesce many joins and leaves into one status write.
 */
public final class ConferenceStatusModel {

  private ConferenceStatusModel() {}

  public static ConferenceStatus observed(Collection<ParticipantPlacement> participants) {
    Map<String, Integer> byRegion = new TreeMap<>();
    Map<String, Integer> perBridge = new TreeMap<>();
    Map<String, BridgeRef> bridges = new LinkedHashMap<>();
    for (ParticipantPlacement p : participants) {
      byRegion.merge(p.region(), 1, Integer::sum);
      perBridge.merge(p.bridge().relayId(), 1, Integer::sum);
      bridges.putIfAbsent(p.bridge().relayId(), p.bridge());
    }

    List<ConferenceBridge> bridgeStatus = new ArrayList<>();
    for (Map.Entry<String, Integer> entry : perBridge.entrySet()) {
      BridgeRef ref = bridges.get(entry.getKey());
      ConferenceBridge b = new ConferenceBridge();
      b.setRelayId(ref.relayId());
      b.setRegion(ref.region());
      b.setPool(ref.pool());
      b.setParticipants(entry.getValue());
      bridgeStatus.add(b);
    }

    List<OctoLink> links = new ArrayList<>();
    for (OctoMesh.Link link : new OctoMesh(List.copyOf(bridges.values())).links()) {
      links.add(new OctoLink(link.a(), link.b()));
    }

    ConferenceStatus status = new ConferenceStatus();
    status.setParticipants(participants.size());
    status.setParticipantsByRegion(byRegion);
    status.setBridges(bridgeStatus);
    status.setBridgeCount(bridgeStatus.size());
    status.setRegionSummary(
        String.join(
            ",",
            bridgeStatus.stream().map(ConferenceBridge::getRegion).distinct().sorted().toList()));
    status.setOctoLinks(links);
    return status;
  }
}
