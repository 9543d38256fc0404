package io.octopod.loadgen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.octopod.protocol.control.EndpointAllocation;
import io.octopod.protocol.control.EndpointRequest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A bridge under test: the shaded bridge jar in its own JVM on loopback (every port chosen by the
 * kernel, read back from the line it prints), optionally pinned to a CPU and recording a flight
 * recording, and the control-API calls the focus would make to it.
 */
final class BridgeNode implements AutoCloseable {

  static final String TOKEN = "loadgen-token-0123456789abcdef";
  private static final Pattern LISTENING =
      Pattern.compile(
          "media udp [^:]+:(\\d+), octo udp [^:]+:(\\d+), bridge channel ws://[^:]+:(\\d+).*"
              + "control http://[^:]+:(\\d+)/");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  final String relayId;
  final ChildProcess process;
  final int octoPort;
  final int controlPort;
  final Path flightRecording;

  private BridgeNode(String relayId, ChildProcess process, Path flightRecording) {
    this.relayId = relayId;
    this.process = process;
    this.octoPort = Integer.parseInt(process.readyGroup(2));
    this.controlPort = Integer.parseInt(process.readyGroup(4));
    this.flightRecording = flightRecording;
  }

  /** How to launch the bridge's main class from its shaded jar (what `make bench` measures). */
  static List<String> fromJar(Path jar) {
    return List.of("-jar", jar.toAbsolutePath().toString());
  }

  /** How to launch it from this JVM's own class path (tests, where the jar may be stale). */
  static List<String> fromClassPath() {
    return List.of("-cp", System.getProperty("java.class.path"), "io.octopod.bridge.BridgeMain");
  }

  /**
   * Starts a bridge.
   *
   * @param launch {@link #fromJar} or {@link #fromClassPath}
   * @param cpus the taskset CPU list, or null
   * @param jfcSettings a flight recorder settings file, or null for no recording
   */
  static BridgeNode start(
      String relayId, List<String> launch, String cpus, Path jfcSettings, Path outDir)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx1g");
    Path recording = null;
    if (jfcSettings != null) {
      recording = outDir.resolve(relayId + ".jfr").toAbsolutePath();
      command.add(
          "-XX:StartFlightRecording=settings="
              + jfcSettings.toAbsolutePath()
              + ",filename="
              + recording
              + ",dumponexit=true");
    }
    command.addAll(launch);
    Map<String, String> env =
        Map.of(
            "OCTOPOD_BIND_ADDRESS", "127.0.0.1",
            "OCTOPOD_CONTROL_TOKEN", TOKEN,
            "OCTOPOD_RELAY_ID", relayId,
            "OCTOPOD_REGION", "bench",
            "OCTOPOD_MAX_PARTICIPANTS", "10000",
            "OCTOPOD_MEDIA_PORT", "0",
            "OCTOPOD_OCTO_PORT", "0",
            "OCTOPOD_CONTROL_PORT", "0",
            "OCTOPOD_PUBLIC_PORT", "0",
            // Stopping a bench bridge (SIGTERM) ends it at once, participants or not, so that
            // the flight recording is dumped before the kill that follows 10 s later.
            "OCTOPOD_DRAIN_TIMEOUT_SECONDS", "0");
    ChildProcess p =
        ChildProcess.start(command, env, cpus, LISTENING, outDir.resolve(relayId + ".log"));
    return new BridgeNode(relayId, p, recording);
  }

  /**
   * Calls the control API with a JSON body (empty for none); an error status is an exception.
   * Returns the reply's JSON, or null for an empty reply.
   */
  JsonNode call(String method, String path, Object body) throws IOException, InterruptedException {
    String json = body == null ? "" : JSON.writeValueAsString(body);
    HttpResponse<String> reply =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + controlPort + path))
                .timeout(Duration.ofSeconds(30))
                .headers("Authorization", "Bearer " + TOKEN, "Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (reply.statusCode() >= 300) {
      throw new IOException(method + " " + path + ": " + reply.statusCode() + " " + reply.body());
    }
    return reply.body().isEmpty() ? null : JSON.readTree(reply.body());
  }

  /** Allocates an endpoint with its offer, as the focus does; returns the bridge's answer. */
  String allocate(String conference, String endpointId, String offer)
      throws IOException, InterruptedException {
    JsonNode reply =
        call(
            "POST",
            "/colibri/conferences/" + conference + "/endpoints",
            new EndpointRequest(endpointId, null, offer));
    return JSON.treeToValue(reply, EndpointAllocation.class).answer();
  }

  @Override
  public void close() {
    process.close();
  }
}
