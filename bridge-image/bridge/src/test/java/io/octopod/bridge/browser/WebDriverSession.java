package io.octopod.bridge.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Headless Chromium driven through chromedriver's W3C WebDriver API with plain HTTP calls (no
 * Selenium). Flags from CHROMIUM.md: fake camera and microphone, media permission granted, real
 * host candidates. Closing quits the browser and stops chromedriver.
 */
public final class WebDriverSession implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final Process driver;
  private final String base;
  private final String sessionId;
  private final Path profile;

  private WebDriverSession(Process driver, String base, String sessionId, Path profile) {
    this.driver = driver;
    this.base = base;
    this.sessionId = sessionId;
    this.profile = profile;
  }

  public static WebDriverSession start() throws IOException, InterruptedException {
    return start(List.of());
  }

  /** Starts Chromium with the usual flags plus {@code extraArgs}. */
  public static WebDriverSession start(List<String> extraArgs)
      throws IOException, InterruptedException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Path profile = Files.createTempDirectory("octopod-chromium-");
    Process driver =
        new ProcessBuilder("/usr/bin/chromedriver", "--port=" + port, "--allowed-ips=127.0.0.1")
            .redirectErrorStream(true)
            .redirectOutput(profile.resolve("chromedriver.log").toFile())
            .start();
    String base = "http://127.0.0.1:" + port;
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (true) {
      try {
        HTTP.send(
            HttpRequest.newBuilder(URI.create(base + "/status")).build(),
            HttpResponse.BodyHandlers.ofString());
        break;
      } catch (IOException e) {
        if (System.nanoTime() > deadline) {
          driver.destroyForcibly();
          throw new IOException("chromedriver did not start", e);
        }
        Thread.sleep(50);
      }
    }
    List<String> args = new java.util.ArrayList<>(extraArgs);
    args.addAll(
        List.of(
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--user-data-dir=" + profile.resolve("data"),
            "--use-fake-device-for-media-stream",
            "--use-fake-ui-for-media-stream",
            "--allow-loopback-in-peer-connection"));
    Map<String, Object> caps =
        Map.of(
            "capabilities",
            Map.of(
                "alwaysMatch",
                Map.of(
                    "browserName",
                    "chrome",
                    "goog:chromeOptions",
                    Map.of("binary", "/usr/bin/chromium", "args", args))));
    JsonNode created = post(base + "/session", caps);
    String sessionId = created.at("/value/sessionId").asText();
    if (sessionId.isEmpty()) {
      driver.destroyForcibly();
      throw new IOException("no WebDriver session: " + created);
    }
    return new WebDriverSession(driver, base, sessionId, profile);
  }

  public void navigate(String url) throws IOException, InterruptedException {
    post(base + "/session/" + sessionId + "/url", Map.of("url", url));
  }

  /** Runs an async script (the last argument is the callback) and returns its value. */
  public JsonNode executeAsync(String script, Object... args)
      throws IOException, InterruptedException {
    post(base + "/session/" + sessionId + "/timeouts", Map.of("script", 60_000));
    JsonNode result =
        post(
            base + "/session/" + sessionId + "/execute/async",
            Map.of("script", script, "args", List.of(args)));
    if (result.at("/value/error").isTextual()) {
      throw new IOException("script failed: " + result.at("/value/message").asText());
    }
    return result.get("value");
  }

  /** Resizes the browser window (CSS pixels), e.g. to a phone's size. */
  public void windowSize(int width, int height) throws IOException, InterruptedException {
    post(base + "/session/" + sessionId + "/window/rect", Map.of("width", width, "height", height));
  }

  /** A PNG screenshot of the page. */
  public byte[] screenshot() throws IOException, InterruptedException {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(base + "/session/" + sessionId + "/screenshot"))
                .timeout(Duration.ofSeconds(30))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return java.util.Base64.getDecoder()
        .decode(JSON.readTree(response.body()).get("value").asText());
  }

  private static JsonNode post(String url, Object body) throws IOException, InterruptedException {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(90))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(response.body());
  }

  @Override
  public void close() {
    try {
      HTTP.send(
          HttpRequest.newBuilder(URI.create(base + "/session/" + sessionId))
              .DELETE()
              .timeout(Duration.ofSeconds(10))
              .build(),
          HttpResponse.BodyHandlers.discarding());
    } catch (IOException | InterruptedException e) {
      // the driver is killed below either way
    }
    driver.descendants().forEach(ProcessHandle::destroyForcibly);
    driver.destroyForcibly();
  }
}
