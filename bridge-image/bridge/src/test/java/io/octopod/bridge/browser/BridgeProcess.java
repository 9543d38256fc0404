package io.octopod.bridge.browser;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A bridge in its own JVM, started from the test's class path with the environment a pod would give
 * it and every port left to the kernel; the ports are read from the line it prints when it listens.
 * Its output goes to {@code target/<relayId>.log}. Closing stops it (and kills it if it does not
 * stop within five seconds).
 */
final class BridgeProcess implements AutoCloseable {

  private static final Pattern LISTENING =
      Pattern.compile(
          "media udp [^:]+:(\\d+), octo udp [^:]+:(\\d+), bridge channel ws://[^:]+:(\\d+).*"
              + "control http://[^:]+:(\\d+)/");

  private final Process process;
  final int mediaPort;
  final int octoPort;
  final int publicPort;
  final int controlPort;

  private BridgeProcess(Process process, Matcher ports) {
    this.process = process;
    this.mediaPort = Integer.parseInt(ports.group(1));
    this.octoPort = Integer.parseInt(ports.group(2));
    this.publicPort = Integer.parseInt(ports.group(3));
    this.controlPort = Integer.parseInt(ports.group(4));
  }

  /**
   * A bridge whose drain timeout is 0, so that closing it (SIGTERM) stops it at once, as a test
   * expects, even with participants left.
   */
  static BridgeProcess start(String relayId, String region, String token) throws Exception {
    return start(relayId, region, token, Map.of("OCTOPOD_DRAIN_TIMEOUT_SECONDS", "0"));
  }

  /** A bridge with these environment variables besides the usual ones. */
  static BridgeProcess start(String relayId, String region, String token, Map<String, String> env)
      throws Exception {
    Path log = Path.of("target", relayId + ".log");
    Files.createDirectories(log.getParent());
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-cp",
                System.getProperty("java.class.path"),
                "io.octopod.bridge.BridgeMain")
            .redirectErrorStream(true);
    builder.environment().put("OCTOPOD_BIND_ADDRESS", "127.0.0.1");
    builder.environment().put("OCTOPOD_CONTROL_TOKEN", token);
    builder.environment().put("OCTOPOD_RELAY_ID", relayId);
    builder.environment().put("OCTOPOD_REGION", region);
    for (String port : new String[] {"MEDIA", "OCTO", "CONTROL", "PUBLIC"}) {
      builder.environment().put("OCTOPOD_" + port + "_PORT", "0");
    }
    builder.environment().putAll(env);
    Process process = builder.start();
    CompletableFuture<Matcher> listening = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                      new BufferedReader(
                          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                  var out = Files.newBufferedWriter(log)) {
                String line;
                while ((line = in.readLine()) != null) {
                  out.write(line);
                  out.newLine();
                  out.flush();
                  Matcher m = LISTENING.matcher(line);
                  if (m.find()) {
                    listening.complete(m);
                  }
                }
              } catch (IOException e) {
                listening.completeExceptionally(e);
              }
              listening.completeExceptionally(new IllegalStateException(relayId + " exited"));
            },
            "log-" + relayId);
    reader.setDaemon(true);
    reader.start();
    try {
      return new BridgeProcess(process, listening.get(60, TimeUnit.SECONDS));
    } catch (Exception e) {
      process.destroyForcibly();
      throw new IllegalStateException(relayId + " did not start; see " + log.toAbsolutePath(), e);
    }
  }

  /** Sends SIGTERM, as a kubelet deleting the pod does, and does not wait. */
  void terminate() {
    process.destroy();
  }

  /** The exit code, once the process ended within the wait; null if it still runs. */
  Integer exitCode(Duration wait) throws InterruptedException {
    return process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : null;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
