package io.octopod.operator.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The full mesh of one conference's bridges: every pair linked once. All simulcast layers cross
 * every link, so a receiver anywhere can switch layers without asking upstream.
 */
public final class OctoMesh {

  /** One undirected link; {@code a} sorts before {@code b}, so each pair has one spelling. */
  public record Link(String a, String b) {}

  private final List<BridgeRef> bridges;

  public OctoMesh(List<BridgeRef> bridges) {
    this.bridges =
        bridges.stream().sorted(Comparator.comparing(BridgeRef::relayId)).distinct().toList();
  }

  public List<Link> links() {
    List<Link> links = new ArrayList<>();
    for (int i = 0; i < bridges.size(); i++) {
      for (int j = i + 1; j < bridges.size(); j++) {
        links.add(new Link(bridges.get(i).relayId(), bridges.get(j).relayId()));
      }
    }
    return links;
  }

  /** What one bridge is told: every other bridge's relay id and Octo address. */
  public Map<String, String> peersOf(String relayId) {
    Map<String, String> peers = new TreeMap<>();
    for (BridgeRef bridge : bridges) {
      if (!bridge.relayId().equals(relayId)) {
        peers.put(bridge.relayId(), bridge.octoAddress());
      }
    }
    return peers;
  }

  /** A conference needs Octo only when it spans more than one bridge. */
  public boolean needed() {
    return bridges.size() > 1;
  }
}
