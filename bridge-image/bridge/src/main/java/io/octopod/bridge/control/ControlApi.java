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
 * The routes of the control API (see {@code docs/control-api.md}). Probes and metrics are open,
 * because kubelets and scrapers carry no token; everything that reads or changes conferences needs
 * the bearer token.
 */
public final class ControlApi {

  /** Lets the reply that asked for the exit reach the caller before the sockets close. */
  private static final long EXIT_DELAY_MILLIS = 250;

  private final ConferenceRegistry registry;
  private final Drain drain;
  private final Duration drainTimeout;
  private final Supplier<Object> stats;
  private final Supplier<Reply> metrics;
  private final OfferAnswerer answerer;
  private final Runnable exit;
  private final String bridgeChannelBase;

  /**
   * @param stats builds the {@code /colibri/stats} body
   * @param metrics builds the {@code /metrics} reply
   * @param exit stops the process, when a drain asked for it
   * @param bridgeChannelBase the bridge channel's WebSocket URL up to the conference id
   */
  public ControlApi(
      ConferenceRegistry registry,
      Drain drain,
      Duration drainTimeout,
      Supplier<Object> stats,
      Supplier<Reply> metrics,
      OfferAnswerer answerer,
      Runnable exit,
      String bridgeChannelBase) {
    this.registry = registry;
    this.drain = drain;
    this.drainTimeout = drainTimeout;
    this.stats = stats;
    this.metrics = metrics;
    this.answerer = answerer;
    this.exit = exit;
    this.bridgeChannelBase = bridgeChannelBase;
  }

  public List<Route> routes() {
    String conference = "/colibri/conferences/{conferenceId}";
    String endpoint = conference + "/endpoints/{endpointId}";
    return List.of(
        Route.open("GET", "/about/health", r -> health()),
        Route.open("GET", "/about/drain", r -> drainForPreStop()),
        Route.open("GET", "/metrics", r -> CompletableFuture.completedFuture(metrics.get())),
        Route.authenticated("GET", "/colibri/stats", r -> Json.done(200, stats.get())),
        Route.authenticated("POST", "/colibri/drain", this::startDrain),
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

  /**
   * The pod's preStop hook: drain, and answer once the bridge is empty or the drain timeout passed.
   * The kubelet sends SIGTERM after the hook returns, so this never exits the process itself.
   */
  private CompletionStage<Reply> drainForPreStop() {
    return drain
        .start(drainTimeout, false)
        .thenApply(emptied -> Json.reply(200, Map.of("drained", true, "emptied", emptied)));
  }

  private CompletionStage<Reply> startDrain(ApiRequest request) {
    DrainRequest body =
        request.body().length == 0
            ? new DrainRequest(null, false)
            : Json.read(request.body(), DrainRequest.class);
    body.validate();
    Duration timeout =
        body.timeoutSeconds() == null ? drainTimeout : Duration.ofSeconds(body.timeoutSeconds());
    CompletableFuture<Boolean> done = drain.start(timeout, body.exitWhenDone());
    if (body.exitWhenDone()) {
      // Exit on a thread of its own, a moment later: the drain may already be complete, and this
      // runs on the HTTP event loop, which must first send the 202 and can't wait on itself.
      done.thenRun(
          () -> {
            Thread exiting =
                new Thread(
                    () -> {
                      try {
                        Thread.sleep(EXIT_DELAY_MILLIS);
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                      }
                      exit.run();
                    },
                    "bridge-exit");
            exiting.start();
          });
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
