package io.octopod.bridge.control;

import io.octopod.bridge.conference.ConferenceRegistry;
import io.octopod.bridge.conference.Drain;
import io.octopod.bridge.conference.Endpoint;
import io.octopod.bridge.conference.ReceiverConstraints;
import io.octopod.bridge.http.ApiRequest;
import io.octopod.bridge.http.Json;
import io.octopod.bridge.http.Reply;
import io.octopod.bridge.http.Route;
import io.octopod.protocol.control.ConferenceRequest;
import io.octopod.protocol.control.ControlApiException;
import io.octopod.protocol.control.DrainRequest;
import io.octopod.protocol.control.EndpointAllocation;
import io.octopod.protocol.control.EndpointRequest;
import io.octopod.protocol.control.EndpointUpdate;
import io.octopod.protocol.control.Identifiers;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The routes of the control API (see {@code docs/control-api.md}). Only the health probe and the
 * metrics are open, because kubelets and scrapers carry no token; every other path needs the bearer
 * token, draining included (the kubelet drains a bridge with SIGTERM, not with a request).
 */
public final class ControlApi {

  private final ConferenceRegistry registry;
  private final Drain drain;
  private final DrainThenExit drainThenExit;
  private final Duration drainTimeout;
  private final Supplier<Object> stats;
  private final Supplier<Reply> metrics;
  private final OfferAnswerer answerer;
  private final String bridgeChannelBase;

  /**
   * @param stats builds the {@code /colibri/stats} body
   * @param metrics builds the {@code /metrics} reply
   * @param drainThenExit drains and stops the process, when a drain asks for it
   * @param bridgeChannelBase the bridge channel's WebSocket URL up to the conference id
   */
  public ControlApi(
      ConferenceRegistry registry,
      Drain drain,
      Duration drainTimeout,
      Supplier<Object> stats,
      Supplier<Reply> metrics,
      OfferAnswerer answerer,
      DrainThenExit drainThenExit,
      String bridgeChannelBase) {
    this.registry = registry;
    this.drain = drain;
    this.drainTimeout = drainTimeout;
    this.stats = stats;
    this.metrics = metrics;
    this.answerer = answerer;
    this.drainThenExit = drainThenExit;
    this.bridgeChannelBase = bridgeChannelBase;
  }

  public List<Route> routes() {
    String conference = "/colibri/conferences/{conferenceId}";
    String endpoint = conference + "/endpoints/{endpointId}";
    return List.of(
        Route.open("GET", "/about/health", r -> health()),
        Route.open("GET", "/metrics", r -> CompletableFuture.completedFuture(metrics.get())),
        Route.authenticated("GET", "/colibri/stats", r -> Json.done(200, stats.get())),
        Route.authenticated("POST", "/colibri/drain", this::startDrain),
        Route.authenticated("DELETE", "/colibri/drain", r -> cancelDrain()),
        Route.authenticated("PUT", conference, this::putConference),
        Route.authenticated("GET", conference, r -> Json.done(200, registry.info(conferenceId(r)))),
        Route.authenticated("DELETE", conference, this::expireConference),
        Route.authenticated("POST", conference + "/endpoints", this::allocate),
        Route.authenticated(
            "GET",
            endpoint,
            r -> Json.done(200, registry.endpoint(conferenceId(r), endpointId(r)).info())),
        Route.authenticated("PATCH", endpoint, this::updateEndpoint),
        Route.authenticated("DELETE", endpoint, this::expireEndpoint));
  }

  private CompletionStage<Reply> health() {
    boolean stopping = drain.exitRequested() && registry.endpointCount() == 0;
    if (stopping) {
      return Json.done(503, Map.of("healthy", false, "state", "shutting-down"));
    }
    return Json.done(
        200, Map.of("healthy", true, "state", drain.draining() ? "draining" : "ready"));
  }

  private CompletionStage<Reply> startDrain(ApiRequest request) {
    DrainRequest body =
        request.body().length == 0
            ? new DrainRequest(null, false)
            : Json.read(request.body(), DrainRequest.class);
    body.validate();
    Duration timeout =
        body.timeoutSeconds() == null ? drainTimeout : Duration.ofSeconds(body.timeoutSeconds());
    if (body.exitWhenDone()) {
      drainThenExit.start(timeout);
    } else {
      drain.start(timeout, false);
    }
    return Json.done(
        202,
        Map.of(
            "state",
            "draining",
            "participants",
            registry.endpointCount(),
            "timeoutSeconds",
            timeout.toSeconds()));
  }

  /** Calls a drain off (the pool grew back); one that ends in the process stopping stays. */
  private CompletionStage<Reply> cancelDrain() {
    return switch (drain.cancel()) {
      case CANCELLED, NOT_DRAINING -> Json.done(200, Map.of("state", "ready"));
      case STOPPING ->
          throw new ControlApiException(
              409, "the bridge is stopping; its drain can't be called off");
    };
  }

  private CompletionStage<Reply> putConference(ApiRequest request) {
    ConferenceRequest body = Json.read(request.body(), ConferenceRequest.class);
    return Json.done(200, registry.createOrUpdate(conferenceId(request), body));
  }

  private CompletionStage<Reply> expireConference(ApiRequest request) {
    registry.expire(conferenceId(request));
    return CompletableFuture.completedFuture(Reply.empty(204));
  }

  private CompletionStage<Reply> allocate(ApiRequest request) {
    String conferenceId = conferenceId(request);
    EndpointRequest body = Json.read(request.body(), EndpointRequest.class);
    Endpoint endpoint = registry.allocate(conferenceId, body);
    String answer = null;
    if (body.offer() != null) {
      try {
        answer = answerer.answer(registry.conference(conferenceId), endpoint, body.offer(), false);
        endpoint.state(Endpoint.State.CONNECTING);
      } catch (RuntimeException e) {
        // A refused offer must not leave a half-made participant that counts against the bridge.
        registry.expireEndpoint(conferenceId, endpoint.id());
        throw e;
      }
    }
    return Json.done(201, allocation(conferenceId, endpoint, answer));
  }

  private CompletionStage<Reply> updateEndpoint(ApiRequest request) {
    String conferenceId = conferenceId(request);
    Endpoint endpoint = registry.endpoint(conferenceId, endpointId(request));
    EndpointUpdate body = Json.read(request.body(), EndpointUpdate.class);
    body.validate();
    ReceiverConstraints constraints = endpoint.constraints();
    if (body.maxHeight() != null) {
      constraints = constraints.withMaxHeight(body.maxHeight());
    }
    if (body.lastN() != null) {
      constraints = constraints.withLastN(body.lastN());
    }
    if (body.onStage() != null) {
      constraints = constraints.withOnStage(body.onStage().isEmpty() ? null : body.onStage());
    }
    if (body.maxBitrate() != null) {
      constraints = constraints.withMaxBitrate(body.maxBitrate());
    }
    endpoint.constraints(constraints);
    String answer = null;
    if (body.offer() != null || body.restartIce()) {
      answer =
          answerer.answer(
              registry.conference(conferenceId), endpoint, body.offer(), body.restartIce());
      if (endpoint.state() == Endpoint.State.RESERVED) {
        endpoint.state(Endpoint.State.CONNECTING);
      }
    }
    return Json.done(200, allocation(conferenceId, endpoint, answer));
  }

  private CompletionStage<Reply> expireEndpoint(ApiRequest request) {
    registry.expireEndpoint(conferenceId(request), endpointId(request));
    return CompletableFuture.completedFuture(Reply.empty(204));
  }

  private EndpointAllocation allocation(String conferenceId, Endpoint endpoint, String answer) {
    return new EndpointAllocation(
        endpoint.id(),
        answer,
        new EndpointAllocation.BridgeChannel(
            bridgeChannelBase + "/" + conferenceId + "/" + endpoint.id(), endpoint.channelToken()));
  }

  private static String conferenceId(ApiRequest request) {
    return Identifiers.require("conferenceId", request.param("conferenceId"));
  }

  private static String endpointId(ApiRequest request) {
    return Identifiers.require("endpointId", request.param("endpointId"));
  }
}
