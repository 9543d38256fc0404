package io.octopod.protocol.pcap;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the real-traffic captures: {@code testdata/} at the repository root (committed), or the
 * directory named by the {@code octopod.testdata} system property.
 */
public final class SharedTestData {

  private SharedTestData() {}

  public static Path chromium(String fileName) {
    String configured = System.getProperty("octopod.testdata");
    if (configured != null) {
      Path path = Path.of(configured, "chromium", fileName);
      if (Files.isRegularFile(path)) {
        return path;
      }
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("testdata").resolve("chromium").resolve(fileName);
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "testdata/chromium/"
            + fileName
            + " was not found above "
            + Path.of("").toAbsolutePath()
            + " or in -Doctopod.testdata; the real-traffic tests need it");
  }
}
