package io.octopod.bridge.conference;

import io.octopod.protocol.control.ConferenceInfo;
import io.octopod.protocol.control.ControlApiException;
import io.octopod.protocol.control.EndpointInfo;
import io.octopod.protocol.control.OctoConfig;
import io.octopod.protocol.control.OctoKeyCheck;
import io.octopod.protocol.control.OctoRelay;
import io.octopod.protocol.control.RemoteEndpoint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** One conference on this bridge: its local endpoints and its Octo configuration. */
public final class Conference {

  private final String id;
  private final Map<String, Endpoint> endpoints = new ConcurrentHashMap<>();
  private volatile String name;
  private volatile long octoConferenceId;
  private volatile OctoConfig octo;

  Conference(String id, String name, long octoConferenceId, OctoConfig octo) {
    this.id = id;
    update(name, octoConferenceId, octo);
  }

  void update(String name, long octoConferenceId, OctoConfig octo) {
    if (this.octoConferenceId != 0 && this.octoConferenceId != octoConferenceId) {
      // Octo headers carry the numeric id; changing it under live links would misroute media.
      throw new ControlApiException(
          409,
          "conference "
              + id
              + " has octoConferenceId "
              + this.octoConferenceId
              + "; it can't change to "
              + octoConferenceId
              + " (expire it first)");
    }
    this.name = name;
    this.octoConferenceId = octoConferenceId;
    this.octo = octo;
  }

  private volatile String dominantSpeaker;

  /** What became of a bridge-channel message for participants on other bridges. */
  public enum RemoteOutcome {
    /** Handed to every other bridge of the conference. */
    SENT,
    /** No other bridge, or the recipient is on none of them. */
    NOT_FOUND,
    /** Over the Octo message limit: not sent. */
    TOO_LARGE
  }

  /** Passes bridge-channel messages to participants on other bridges (see Octo). */
  public interface RemoteDelivery {
    /**
     * @param to the recipient, or null for everyone
     */
    RemoteOutcome deliver(Conference conference, String to, String json);
  }

  private volatile RemoteDelivery remoteDelivery = (c, to, json) -> RemoteOutcome.NOT_FOUND;

  public void remoteDelivery(RemoteDelivery delivery) {
    this.remoteDelivery = delivery;
  }

  /** Sends a bridge-channel message to a participant on another bridge, or to all of them. */
  public RemoteOutcome deliverRemotely(String to, String json) {
    return remoteDelivery.deliver(this, to, json);
  }

  /** The participant holding the floor, as this bridge's dominant-speaker identification says. */
  public String dominantSpeaker() {
    return dominantSpeaker;
  }

  public void dominantSpeaker(String endpointId) {
    this.dominantSpeaker = endpointId;
  }

  public String id() {
    return id;
  }

  public long octoConferenceId() {
    return octoConferenceId;
  }

  /** The current Octo configuration, or null while the conference has one bridge. */
  public OctoConfig octo() {
    return octo;
  }

  public int endpointCount() {
    return endpoints.size();
  }

  /** The endpoints now, as a snapshot. */
  public java.util.List<Endpoint> endpoints() {
    return java.util.List.copyOf(endpoints.values());
  }

  public Endpoint endpoint(String endpointId) {
    return endpoints.get(endpointId);
  }

  /** Adds a participant; a 409 when the id is taken, since reusing one would hijack its media. */
  Endpoint addEndpoint(String endpointId, String region, String channelToken) {
    Endpoint created = new Endpoint(endpointId, region, channelToken);
    Endpoint existing = endpoints.putIfAbsent(endpointId, created);
    if (existing != null) {
      throw new ControlApiException(
          409, "endpoint " + endpointId + " already exists in conference " + id);
    }
    return created;
  }

  Endpoint removeEndpoint(String endpointId) {
    return endpoints.remove(endpointId);
  }

  ConferenceInfo info() {
    List<EndpointInfo> local = new ArrayList<>();
    endpoints.values().forEach(e -> local.add(e.info()));
    local.sort((a, b) -> a.endpointId().compareTo(b.endpointId()));
    OctoConfig current = octo;
    List<String> relays = new ArrayList<>();
    List<RemoteEndpoint> remote = List.of();
    Integer keyId = null;
    Integer relayNumber = null;
    Map<String, Integer> relayNumbers = new HashMap<>();
    Integer previousKeyId = null;
    String keyCheck = null;
    if (current != null) {
      current.relays().stream().map(OctoRelay::relayId).sorted().forEach(relays::add);
      current.relays().forEach(r -> relayNumbers.put(r.relayId(), r.relayNumber()));
      remote = current.remoteEndpoints();
      keyId = current.key().keyId();
      relayNumber = current.localRelayNumber();
      previousKeyId = current.previousKey() == null ? null : current.previousKey().keyId();
      keyCheck = OctoKeyCheck.of(current.key());
    }
    return new ConferenceInfo(
        id,
        name,
        octoConferenceId,
        local,
        relays,
        remote,
        keyId,
        relayNumber,
        relayNumbers,
        previousKeyId,
        keyCheck);
  }
}
