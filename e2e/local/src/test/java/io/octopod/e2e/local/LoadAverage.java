package io.octopod.e2e.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The machine's load average, printed beside every time an end-to-end test reports: on shared
 * 2-core machines a figure means little without it.
 */
final class LoadAverage {

  private LoadAverage() {}

  static String now() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "unknown (" + e + ")";
    }
  }
}
