package io.octopod.e2e.controlplane;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code helm} binary, built from its Go module by scripts/helm-binary.sh on first use,
 * run in the repository so that chart and values paths are relative to it.
 */
public final class Helm {

  /** What a command printed, and how it ended. */
  public record Run(int exit, String output) {}

  private final Path repo;
  private final Path binary;

  private Helm(Path repo, Path binary) {
    this.repo = repo;
    this.binary = binary;
  }

  /** Builds helm if it is missing (76 s the first time) and returns it. */
  public static Helm build(Path repo) throws IOException, InterruptedException {
    Run built = command(repo, List.of(repo.resolve("scripts/helm-binary.sh").toString()));
    if (built.exit() != 0) {
      throw new IOException("scripts/helm-binary.sh failed:\n" + built.output());
    }
    return new Helm(repo, Path.of(System.getProperty("user.home"), ".cache/octopod/bin/helm"));
  }

  public Run run(String... args) throws IOException, InterruptedException {
    List<String> argv = new ArrayList<>(List.of(binary.toString()));
    argv.addAll(List.of(args));
    return command(repo, argv);
  }

  /** Runs helm; when it fails, throws with its output. */
  public String succeed(String... args) throws IOException, InterruptedException {
    Run run = run(args);
    if (run.exit() != 0) {
      throw new IOException("helm " + String.join(" ", args) + " failed:\n" + run.output());
    }
    return run.output();
  }

  /** Runs a command in {@code directory}, at most 10 minutes, returning what it printed. */
  public static Run command(Path directory, List<String> argv)
      throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(argv).directory(directory.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(600, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("timed out: " + String.join(" ", argv));
    }
    return new Run(p.exitValue(), out);
  }
}
