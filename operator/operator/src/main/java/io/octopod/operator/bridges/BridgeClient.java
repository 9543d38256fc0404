package io.octopod.operator.bridges;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.octopod.protocol.control.ApiError;
import io.octopod.protocol.control.BridgeStats;
import io.octopod.protocol.control.ConferenceInfo;
import io.octopod.protocol.control.ConferenceRequest;
import io.octopod.protocol.control.DrainRequest;
import io.octopod.protocol.control.EndpointAllocation;
import io.octopod.protocol.control.EndpointRequest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The operator's side of a bridge's control API (docs/control-api.md). Every call carries the
 * pool's bearer token and has a short timeout: a slow bridge must not stall reconciliation.
 */
public final class BridgeClient {

  /**
   * For every call but stats. A bridge's first allocation, on a JVM that has not run that code yet
   * and on a machine whose cores are all busy, took over 3 s (RegionsIT and EmulatedRegionsIT,
   * 2026-12-03, three Chromium pages and four bridges on 2 cores): with a 3 s timeout the join gave
   * up on the participant's own region and placed them across the world, while the bridge had in
   * fact created the endpoint. A frozen bridge does not need this timeout to be short: the stats
   * poll ({@link #STATS_TIMEOUT}) and a page's {@code lostBridge} keep new joins off it, so a long
   * timeout only costs a join sent to a bridge in the moment between its freeze and the next poll.
   */
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  /**
   * Stats are cheap for a live bridge (a few counters; milliseconds on loopback), and a stats call
   * is how the operator tells a live bridge from a frozen one, whose kernel still accepts the
   * connection but whose process never answers: a second is ample for a live bridge on a loaded
   * machine, and bounds how long a frozen one keeps the directory guessing.
   */
  static final Duration STATS_TIMEOUT = Duration.ofSeconds(1);

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .serializationInclusion(JsonInclude.Include.NON_NULL)
          .build();

  /** A refused or failed call, with the bridge's reason when it gave one. */
  public static final class BridgeCallException extends IOException {
    private final int status;

    BridgeCallException(int status, String message) {
      super(message);
      this.status = status;
    }

    /** The HTTP status, or 0 when the bridge could not be reached. */
    public int status() {
      return status;
    }
  }

  private final String baseUrl;
  private final String token;

  /**
   * @param controlAddress host:port of the bridge's control API
   */
  public BridgeClient(String controlAddress, String token) {
    this.baseUrl = "http://" + controlAddress;
    this.token = token;
  }

  public BridgeStats stats() throws IOException {
    return call("GET", "/colibri/stats", null, BridgeStats.class, STATS_TIMEOUT);
  }

  public ConferenceInfo putConference(String conferenceId, ConferenceRequest request)
      throws IOException {
    return call("PUT", "/colibri/conferences/" + conferenceId, request, ConferenceInfo.class);
  }

  /** Expires the conference; true when it existed. */
  public boolean expireConference(String conferenceId) throws IOException {
    try {
      call("DELETE", "/colibri/conferences/" + conferenceId, null, Void.class);
      return true;
    } catch (BridgeCallException e) {
      if (e.status() == 404) {
        return false;
      }
      throw e;
    }
  }

  public EndpointAllocation allocate(String conferenceId, EndpointRequest request)
      throws IOException {
    return call(
        "POST",
        "/colibri/conferences/" + conferenceId + "/endpoints",
        request,
        EndpointAllocation.class);
  }

  public void expireEndpoint(String conferenceId, String endpointId) throws IOException {
    call(
        "DELETE",
        "/colibri/conferences/" + conferenceId + "/endpoints/" + endpointId,
        null,
        Void.class);
  }

  public void drain(DrainRequest request) throws IOException {
    call("POST", "/colibri/drain", request, Void.class);
  }

  /** Calls a drain off: the bridge takes new participants again. */
  public void cancelDrain() throws IOException {
    call("DELETE", "/colibri/drain", null, Void.class);
  }

  private <T> T call(String method, String path, Object body, Class<T> type) throws IOException {
    return call(method, path, body, type, TIMEOUT);
  }

  private <T> T call(String method, String path, Object body, Class<T> type, Duration timeout)
      throws IOException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .timeout(timeout)
            .header("Authorization", "Bearer " + token)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    HttpResponse<byte[]> response;
    try {
      response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BridgeCallException(0, method + " " + path + " interrupted");
    } catch (IOException e) {
      throw new BridgeCallException(0, method + " " + baseUrl + path + " failed: " + e);
    }
    if (response.statusCode() >= 300) {
      String reason;
      try {
        reason = JSON.readValue(response.body(), ApiError.class).reason();
      } catch (IOException e) {
        reason = new String(response.body(), java.nio.charset.StandardCharsets.UTF_8);
      }
      throw new BridgeCallException(
          response.statusCode(),
          method + " " + path + " -> " + response.statusCode() + ": " + reason);
    }
    if (type == Void.class || response.body().length == 0) {
      return null;
    }
    return JSON.readValue(response.body(), type);
  }
}
