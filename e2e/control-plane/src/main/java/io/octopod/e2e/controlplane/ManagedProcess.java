package io.octopod.e2e.controlplane;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A child process with its output in a log file, that is stopped like a kubelet stops a container:
 * SIGTERM, a grace period, then SIGKILL for it and everything it started. Every process is also
 * registered with a JVM shutdown hook, so that nothing outlives the test run even when a test fails
 * before its cleanup.
 */
public final class ManagedProcess implements AutoCloseable {

  private static final Set<ManagedProcess> LIVE = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> LIVE.forEach(p -> p.kill()), "managed-process-reaper"));
  }

  private final String name;
  private final Process process;
  private final Path log;

  private ManagedProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /**
   * Starts {@code command} with the given environment (and nothing inherited), logging to {@code
   * log}.
   */
  public static ManagedProcess start(
      String name,
      List<String> command,
      Map<String, String> environment,
      boolean inheritEnvironment,
      Path log)
      throws IOException {
    Files.createDirectories(log.getParent());
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    if (!inheritEnvironment) {
      builder.environment().keySet().retainAll(Set.of("PATH", "HOME", "LANG", "JAVA_HOME"));
    }
    builder.environment().putAll(environment);
    ManagedProcess managed = new ManagedProcess(name, builder.start(), log);
    LIVE.add(managed);
    managed.process.onExit().thenRun(() -> LIVE.remove(managed));
    return managed;
  }

  public String name() {
    return name;
  }

  public long pid() {
    return process.pid();
  }

  public Path log() {
    return log;
  }

  public boolean alive() {
    return process.isAlive();
  }

  public int exitCode() {
    return process.exitValue();
  }

  /** Resident memory in KiB from /proc, or -1 once the process is gone. */
  public long residentKib() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }

  /**
   * SIGTERM, then SIGKILL after {@code grace} if it has not exited; descendants are killed too.
   *
   * @return true when it exited within the grace period
   */
  public boolean stop(Duration grace) {
    if (!process.isAlive()) {
      return true;
    }
    process.destroy();
    boolean graceful;
    try {
      graceful = process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      graceful = false;
    }
    kill();
    return graceful;
  }

  /** SIGKILL for the process and every descendant. */
  public void kill() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Runs {@code action} once the process has exited, on a JDK thread. */
  public void waitForExitAsync(Runnable action) {
    process.onExit().thenRun(action);
  }

  /** Waits for the process to exit by itself. */
  public boolean waitForExit(Duration timeout) throws InterruptedException {
    return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    stop(Duration.ofSeconds(5));
  }
}
