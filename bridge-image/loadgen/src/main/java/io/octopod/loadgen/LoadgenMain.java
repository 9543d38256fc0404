package io.octopod.loadgen;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The load generator's command line.
 *
 * <pre>
 * bench --bridge-jar JAR [--bridge-cpus 0] [--out DIR] [--scenarios a,b] [--no-kernel]
 *       [--previous FILE]
 *     runs the scenarios and the kernel forwarder; writes DIR/result-STAMP.json, report-STAMP.md,
 *     throughput.png, latency.png, and (given a previous result) compare-STAMP.md
 * compare BEFORE.json AFTER.json
 *     prints the comparison; exit status 3 when a figure regressed beyond noise
 * </pre>
 */
public final class LoadgenMain {

  private LoadgenMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      usage();
      return;
    }
    switch (args[0]) {
      case "bench" -> bench(Arrays.copyOfRange(args, 1, args.length));
      case "compare" -> {
        if (args.length != 3) {
          usage();
          System.exit(2);
        }
        List<Comparison.Row> rows =
            Comparison.compare(
                BenchResult.read(Path.of(args[1])), BenchResult.read(Path.of(args[2])));
        System.out.print(Comparison.text(rows));
        if (rows.stream().anyMatch(Comparison.Row::regression)) {
          System.exit(3);
        }
      }
      default -> {
        usage();
        System.exit(2);
      }
    }
  }

  private static void usage() {
    System.err.println(
        "usage: loadgen bench --bridge-jar JAR [--bridge-cpus 0] [--out DIR] [--scenarios a,b]"
            + " [--no-kernel] [--previous FILE]\n       loadgen compare BEFORE.json AFTER.json");
  }

  private static void bench(String[] args) throws Exception {
    Path jar = null;
    String cpus = null;
    Path out = Path.of("target", "bench");
    List<String> only = null;
    boolean kernel = true;
    Path previous = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--bridge-jar" -> jar = Path.of(args[++i]);
        case "--bridge-cpus" -> cpus = args[++i];
        case "--out" -> out = Path.of(args[++i]);
        case "--scenarios" -> only = List.of(args[++i].split(","));
        case "--no-kernel" -> kernel = false;
        case "--previous" -> previous = Path.of(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (jar == null) {
      throw new IllegalArgumentException("--bridge-jar is required");
    }
    List<Scenario> scenarios = new ArrayList<>();
    for (Scenario s : Scenario.standard()) {
      if (only == null || only.contains(s.name())) {
        scenarios.add(s);
      }
    }
    List<String> forwarder =
        List.of("-cp", System.getProperty("java.class.path"), KernelForwarder.class.getName());
    BenchResult result =
        new Bench(BridgeNode.fromJar(jar), forwarder, cpus, out, Bench.Timing.standard())
            .run(scenarios, kernel);
    write(result, out, previous);
  }

  /** Writes the result file, the report, the plots, and the comparison with a previous run. */
  static Path write(BenchResult result, Path out, Path previous) throws Exception {
    Files.createDirectories(out);
    String stamp = result.startedAt().replaceAll("[^0-9T]", "").substring(0, 15);
    Path json = out.resolve("result-" + stamp + ".json");
    result.write(json);
    String report = Report.markdown(result);
    if (previous != null && Files.exists(previous)) {
      String comparison = Comparison.text(Comparison.compare(BenchResult.read(previous), result));
      Files.writeString(out.resolve("compare-" + stamp + ".md"), comparison);
      report += "\n## Against " + previous.getFileName() + "\n\n" + comparison;
    }
    Files.writeString(out.resolve("report-" + stamp + ".md"), report);
    Plots.write(result, out);
    Files.copy(json, out.resolve("latest.json"), StandardCopyOption.REPLACE_EXISTING);
    System.out.println(report);
    Bench.progress("result " + json + ", report " + out.resolve("report-" + stamp + ".md"));
    return json;
  }
}
