package io.octopod.loadgen;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JVM the benchmark starts (a bridge, or the kernel forwarder), optionally pinned to CPUs with
 * {@code taskset}, its output written to a log file. It reports its CPU time and resident memory
 * from {@code /proc}. Stopping sends SIGTERM (so a flight recording is written) and kills it after
 * ten seconds; a shutdown hook stops whatever is still running when the load generator exits, so no
 * run leaves a process behind.
 */
final class ChildProcess implements AutoCloseable {

  private static final Set<ChildProcess> RUNNING = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> RUNNING.forEach(ChildProcess::close), "stop-children"));
  }

  /** Clock ticks per second of /proc/<pid>/stat's utime and stime (USER_HZ, 100 on Linux). */
  private static final long TICKS_PER_SECOND = 100;

  private final Process process;
  private final Matcher ready;
  final Path log;

  private ChildProcess(Process process, Matcher ready, Path log) {
    this.process = process;
    this.ready = ready;
    this.log = log;
  }

  /**
   * Starts {@code command} and waits until a line of its output matches {@code readyLine}.
   *
   * @param cpus a taskset CPU list ("0"), or null to leave it unpinned
   */
  static ChildProcess start(
      List<String> command, Map<String, String> env, String cpus, Pattern readyLine, Path log)
      throws IOException {
    List<String> full = new ArrayList<>();
    if (cpus != null) {
      full.addAll(List.of("taskset", "-c", cpus));
    }
    full.addAll(command);
    Files.createDirectories(log.toAbsolutePath().getParent());
    ProcessBuilder builder =
        new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(env);
    Process process = builder.start();
    // The output goes straight to the log; readiness is the first line there that matches.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline && process.isAlive()) {
      for (String line : Files.readAllLines(log)) {
        Matcher m = readyLine.matcher(line);
        if (m.find()) {
          ChildProcess child = new ChildProcess(process, m, log);
          RUNNING.add(child);
          return child;
        }
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    process.destroyForcibly();
    throw new IOException(command + " did not start; see " + log.toAbsolutePath());
  }

  /** A group of the line that said the process was ready (its ports). */
  String readyGroup(int group) {
    return ready.group(group);
  }

  long pid() {
    return process.pid();
  }

  /** User plus system CPU time so far, in nanoseconds, from /proc/<pid>/stat. */
  long cpuNanos() {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid()), "stat"));
      // Fields after the command name (which may hold spaces) start after its closing bracket.
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
      return ticks * (1_000_000_000L / TICKS_PER_SECOND);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** Resident memory (VmRSS) in bytes, or -1. */
  long residentBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      // gone
    }
    return -1;
  }

  @Override
  public void close() {
    RUNNING.remove(this);
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
