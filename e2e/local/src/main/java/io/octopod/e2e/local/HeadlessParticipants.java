package io.octopod.e2e.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Headless Chromium participants with the fake camera and microphone (Debian's {@code chromium}),
 * each a plain browser process on a meeting page: no WebDriver, since nothing drives them once the
 * page is open. Closing kills each browser with its helper processes and removes its profile.
 */
public final class HeadlessParticipants implements AutoCloseable {

  /** The flags that work on this machine, as root (../shared/CHROMIUM.md). */
  private static final List<String> FLAGS =
      List.of(
          "--headless",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-quic",
          "--no-first-run",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          "--use-fake-device-for-media-stream",
          "--use-fake-ui-for-media-stream",
          "--allow-loopback-in-peer-connection",
          "--autoplay-policy=no-user-gesture-required");

  private record Browser(String name, Process process, Path profile) {}

  private final List<Browser> browsers = new ArrayList<>();
  private final Path logDirectory;

  public HeadlessParticipants(Path logDirectory) {
    this.logDirectory = logDirectory;
  }

  /** Opens {@code url} in a new headless browser; its output goes to {@code <name>.log}. */
  public synchronized void join(String name, String url) throws IOException {
    Path profile = Files.createTempDirectory("octopod-participant-");
    List<String> command = new ArrayList<>();
    command.add("/usr/bin/chromium");
    command.addAll(FLAGS);
    command.add("--user-data-dir=" + profile);
    command.add(url);
    Files.createDirectories(logDirectory);
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(logDirectory.resolve(name + ".log").toFile())
            .start();
    browsers.add(new Browser(name, process, profile));
  }

  public synchronized int count() {
    return browsers.size();
  }

  @Override
  public synchronized void close() {
    for (Browser b : browsers) {
      b.process().descendants().forEach(ProcessHandle::destroyForcibly);
      b.process().destroyForcibly();
      try {
        b.process().waitFor(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      deleteQuietly(b.profile());
    }
    browsers.clear();
  }

  private static void deleteQuietly(Path directory) {
    try (var files = Files.walk(directory)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // A profile left in /tmp is harmless.
    }
  }
}
