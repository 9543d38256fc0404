package io.octopod.bridge.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The machine's load average, printed beside every time a test reports: on shared 2-core machines a
 * figure means little without it. Lives in the bridge's test jar so that bridge, operator and
 * end-to-end tests share one copy.
 */
public final class LoadAverage {

  private LoadAverage() {}

  public static String now() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "unknown (" + e + ")";
    }
  }
}
