package io.octopod.operator.conference;

import io.octopod.api.v1alpha1.Conference;
import io.octopod.operator.bridges.BridgeDirectory;
import io.octopod.operator.bridges.KnownBridge;
import io.octopod.protocol.control.ConferenceInfo;
import io.octopod.protocol.control.ConferenceRequest;
import io.octopod.protocol.control.EndpointInfo;
import io.octopod.protocol.control.OctoConfig;
import io.octopod.protocol.control.OctoKeyCheck;
import io.octopod.protocol.control.OctoRelay;
import io.octopod.protocol.control.RemoteEndpoint;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Wires a conference's Octo mesh: every bridge that hosts some of its participants is given the
 * other bridges (relay id, relay number, Octo address), the participants on them, and the
 * conference key. The configuration is declarative and sent whole; a bridge that already reports
 * what it should have is left alone.
 */
public final class ConferenceMesh {

  private static final Logger LOG = Logger.getLogger(ConferenceMesh.class.getName());

  private final BridgeDirectory directory;
  private final MeshStateStore store;
  private final Clock clock;

  /**
   * Participants being placed, per conference and bridge: allocations in flight that the bridges'
   * stats do not show yet. Their bridges are wired in, so that a join placing the conference on a
   * new bridge is not unwired by another join or a reconciliation running meanwhile.
   */
  private final Map<String, Map<String, Integer>> arriving = new ConcurrentHashMap<>();

  /**
   * One lock per conference for {@link #wire}: two wirings at once could send a bridge an older
   * view after a newer one. Different conferences wire in parallel.
   */
  private final Map<String, Object> wiring = new ConcurrentHashMap<>();

  public ConferenceMesh(BridgeDirectory directory, MeshStateStore store, Clock clock) {
    this.directory = directory;
    this.store = store;
    this.clock = clock;
  }

  /** The id of the conference in bridge APIs: {@code <namespace>.<name>}. */
  public static String conferenceId(Conference conference) {
    return conference.getMetadata().getNamespace() + "." + conference.getMetadata().getName();
  }

  /** The numeric id in Octo headers, from the Conference's UID: stable, and never 0. */
  public static long octoConferenceId(Conference conference) {
    UUID uid = UUID.fromString(conference.getMetadata().getUid());
    long id = uid.getMostSignificantBits() ^ uid.getLeastSignificantBits();
    return id == 0 ? 1 : id;
  }

  /**
   * The conference's stored mesh state (keys, relay numbers), with the key created or rotated when
   * due, for a conference that is not being wired (suspended).
   */
  public MeshStateStore.MeshState state(Conference conference) {
    return store.ensure(conference, List.of(), clock.instant());
  }

  public void forget(Conference conference) {
    wiring.remove(conferenceId(conference));
  }

  /** A participant on its way to a bridge; closing it (placed, or failed) ends the arrival. */
  public final class Arrival implements AutoCloseable {
    private final String conferenceId;
    private final String relayId;
    private boolean closed;

    private Arrival(String conferenceId, String relayId) {
      this.conferenceId = conferenceId;
      this.relayId = relayId;
    }

    public String relayId() {
      return relayId;
    }

    @Override
    public void close() {
      synchronized (arriving) {
        if (closed) {
          return;
        }
        closed = true;
        Map<String, Integer> byBridge = arriving.get(conferenceId);
        if (byBridge != null && byBridge.merge(relayId, -1, Integer::sum) <= 0) {
          byBridge.remove(relayId);
          if (byBridge.isEmpty()) {
            arriving.remove(conferenceId);
          }
        }
      }
    }
  }

  /** Counts a participant as arriving on {@code relayId} until the returned arrival is closed. */
  public Arrival arrive(String conferenceId, String relayId) {
    synchronized (arriving) {
      arriving
          .computeIfAbsent(conferenceId, id -> new ConcurrentHashMap<>())
          .merge(relayId, 1, Integer::sum);
    }
    return new Arrival(conferenceId, relayId);
  }

  /** The participants arriving on each bridge of the conference. */
  public Map<String, Integer> arriving(String conferenceId) {
    synchronized (arriving) {
      return Map.copyOf(arriving.getOrDefault(conferenceId, Map.of()));
    }
  }

  /**
   * Makes every bridge of the conference (those hosting its participants, and those with
   * participants {@linkplain #arrive arriving}) hold the right configuration: the stored keys and
   * relay numbers (a bridge new to the conference gets its number through a conflict-checked write
   * first), the peers and their participants. A bridge that reports anything else, whichever
   * replica wired it last, is wired again.
   *
   * @return the stored state the bridges were given
   */
  public MeshStateStore.MeshState wire(Conference conference) {
    String conferenceId = conferenceId(conference);
    synchronized (wiring.computeIfAbsent(conferenceId, id -> new Object())) {
      return wireLocked(conference, conferenceId);
    }
  }

  private MeshStateStore.MeshState wireLocked(Conference conference, String conferenceId) {
    Map<KnownBridge, ConferenceInfo> hosting = directory.hosting(conferenceId);
    Map<String, KnownBridge> inUse = new LinkedHashMap<>();
    hosting.forEach(
        (bridge, info) -> {
          if (!info.endpoints().isEmpty()) {
            inUse.put(bridge.relayId(), bridge);
          }
        });
    for (String joining : arriving(conferenceId).keySet()) {
      directory.get(joining).ifPresent(b -> inUse.put(b.relayId(), b));
    }
    MeshStateStore.MeshState state = store.ensure(conference, inUse.keySet(), clock.instant());
    MeshStateStore.KeyState keys = state.keys();
    Map<String, Integer> numbers = state.relayNumbers();
    for (KnownBridge bridge : inUse.values()) {
      ConferenceRequest desired = request(conference, keys, bridge, inUse, hosting, numbers);
      ConferenceInfo reported = hosting.get(bridge);
      if (reported != null && matches(reported, desired)) {
        continue;
      }
      try {
        bridge.client().putConference(conferenceId, desired);
      } catch (IOException e) {
        LOG.log(
            Level.INFO,
            "wiring " + conferenceId + " on " + bridge.relayId() + " failed: " + e.getMessage());
      }
    }
    return state;
  }

  private static ConferenceRequest request(
      Conference conference,
      MeshStateStore.KeyState keys,
      KnownBridge self,
      Map<String, KnownBridge> inUse,
      Map<KnownBridge, ConferenceInfo> hosting,
      Map<String, Integer> numbers) {
    String name =
        conference.getMetadata().getNamespace() + "/" + conference.getMetadata().getName();
    if (inUse.size() < 2) {
      return new ConferenceRequest(name, octoConferenceId(conference), null);
    }
    List<OctoRelay> relays = new ArrayList<>();
    List<RemoteEndpoint> remote = new ArrayList<>();
    for (KnownBridge other : inUse.values()) {
      if (other.relayId().equals(self.relayId()) || other.octoAddress() == null) {
        continue;
      }
      relays.add(new OctoRelay(other.relayId(), numbers.get(other.relayId()), other.octoAddress()));
      ConferenceInfo info = hosting.get(other);
      if (info != null) {
        for (EndpointInfo e : info.endpoints()) {
          remote.add(new RemoteEndpoint(e.endpointId(), other.relayId()));
        }
      }
    }
    OctoConfig octo =
        new OctoConfig(
            numbers.get(self.relayId()), keys.current(), keys.previous(), relays, remote);
    return new ConferenceRequest(name, octoConferenceId(conference), octo);
  }

  /**
   * Whether a bridge already reports the configuration: the same peers with the same relay numbers,
   * its own number, the remote participants, and the same keys (by id, and the current one by its
   * check value, so a key that shares an id with the stored one but is another key is replaced).
   */
  static boolean matches(ConferenceInfo reported, ConferenceRequest desired) {
    OctoConfig octo = desired.octo();
    if (octo == null) {
      return reported.octoRelays().isEmpty();
    }
    Map<String, Integer> relays = new HashMap<>();
    octo.relays().forEach(r -> relays.put(r.relayId(), r.relayNumber()));
    Integer previousKeyId = octo.previousKey() == null ? null : octo.previousKey().keyId();
    return relays.equals(reported.octoRelayNumbers())
        && Set.copyOf(reported.octoRelays()).equals(relays.keySet())
        && Integer.valueOf(octo.localRelayNumber()).equals(reported.octoRelayNumber())
        && Set.copyOf(reported.remoteEndpoints()).equals(Set.copyOf(octo.remoteEndpoints()))
        && Integer.valueOf(octo.key().keyId()).equals(reported.octoKeyId())
        && Objects.equals(previousKeyId, reported.octoPreviousKeyId())
        && OctoKeyCheck.of(octo.key()).equals(reported.octoKeyCheck());
  }
}
