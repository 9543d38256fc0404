package io.octopod.bridge.conference;

import io.octopod.protocol.control.ConferenceInfo;
import io.octopod.protocol.control.ConferenceRequest;
import io.octopod.protocol.control.ControlApiException;
import io.octopod.protocol.control.EndpointRequest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * The conferences and endpoints on this bridge, as the control API changes them. Thread-safe: the
 * control API's threads and the media threads read it concurrently.
 */
public final class ConferenceRegistry {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Map<String, Conference> conferences = new ConcurrentHashMap<>();

  /** The same conferences by the numeric id Octo headers carry. */
  private final Map<Long, Conference> byOctoId = new ConcurrentHashMap<>();

  private final BooleanSupplier acceptingEndpoints;
  private final java.util.List<java.util.function.Consumer<Endpoint>> removalListeners =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  /**
   * @param acceptingEndpoints false while the bridge drains: allocations are then refused
   */
  public ConferenceRegistry(BooleanSupplier acceptingEndpoints) {
    this.acceptingEndpoints = acceptingEndpoints;
  }

  private final java.util.List<java.util.function.Consumer<Conference>> creationListeners =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  /** Called with every conference when it is created, before any endpoint joins it. */
  public void onConferenceCreated(java.util.function.Consumer<Conference> listener) {
    creationListeners.add(listener);
  }

  /** Called with every endpoint that leaves, by expiry of itself or of its conference. */
  public void onEndpointRemoved(java.util.function.Consumer<Endpoint> listener) {
    removalListeners.add(listener);
  }

  private void removed(Endpoint endpoint) {
    removalListeners.forEach(l -> l.accept(endpoint));
  }

  /** Creates the conference, or updates its name and Octo configuration. */
  public ConferenceInfo createOrUpdate(String conferenceId, ConferenceRequest request) {
    request.validate();
    Conference conference =
        conferences.compute(
            conferenceId,
            (id, existing) -> {
              if (existing == null) {
                Conference created =
                    new Conference(id, request.name(), request.octoConferenceId(), request.octo());
                creationListeners.forEach(l -> l.accept(created));
                return created;
              }
              existing.update(request.name(), request.octoConferenceId(), request.octo());
              return existing;
            });
    byOctoId.put(conference.octoConferenceId(), conference);
    return conference.info();
  }

  /** Removes the conference and all its endpoints; a 404 when there is none. */
  public void expire(String conferenceId) {
    Conference removed = conferences.remove(conferenceId);
    if (removed == null) {
      throw notFound(conferenceId);
    }
    byOctoId.remove(removed.octoConferenceId(), removed);
    removed.endpoints().forEach(this::removed);
  }

  public ConferenceInfo info(String conferenceId) {
    return require(conferenceId).info();
  }

  /** Adds a participant; refused with 503 while draining and 409 for a reused id. */
  public Endpoint allocate(String conferenceId, EndpointRequest request) {
    request.validate();
    if (!acceptingEndpoints.getAsBoolean()) {
      throw new ControlApiException(503, "bridge is draining and takes no new endpoints");
    }
    Endpoint endpoint =
        require(conferenceId).addEndpoint(request.endpointId(), request.region(), newToken());
    endpoint.displayName(request.displayName());
    return endpoint;
  }

  public Endpoint endpoint(String conferenceId, String endpointId) {
    Endpoint endpoint = require(conferenceId).endpoint(endpointId);
    if (endpoint == null) {
      throw new ControlApiException(
          404, "no endpoint " + endpointId + " in conference " + conferenceId);
    }
    return endpoint;
  }

  public void expireEndpoint(String conferenceId, String endpointId) {
    Endpoint removed = require(conferenceId).removeEndpoint(endpointId);
    if (removed == null) {
      throw new ControlApiException(
          404, "no endpoint " + endpointId + " in conference " + conferenceId);
    }
    removed(removed);
  }

  public Conference conference(String conferenceId) {
    return conferences.get(conferenceId);
  }

  /** The conference an Octo header names, or null. */
  public Conference byOctoId(long octoConferenceId) {
    return byOctoId.get(octoConferenceId);
  }

  public int conferenceCount() {
    return conferences.size();
  }

  public int endpointCount() {
    int total = 0;
    for (Conference conference : conferences.values()) {
      total += conference.endpointCount();
    }
    return total;
  }

  /** The conferences now, as a snapshot. */
  public List<Conference> conferencesNow() {
    return List.copyOf(conferences.values());
  }

  /** Every conference, ordered by id so that stats are stable to read and to diff. */
  public List<ConferenceInfo> infos() {
    List<ConferenceInfo> infos = new ArrayList<>();
    conferences.values().forEach(c -> infos.add(c.info()));
    infos.sort((a, b) -> a.conferenceId().compareTo(b.conferenceId()));
    return infos;
  }

  private Conference require(String conferenceId) {
    Conference conference = conferences.get(conferenceId);
    if (conference == null) {
      throw notFound(conferenceId);
    }
    return conference;
  }

  private static ControlApiException notFound(String conferenceId) {
    return new ControlApiException(404, "no conference " + conferenceId);
  }

  private static String newToken() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
