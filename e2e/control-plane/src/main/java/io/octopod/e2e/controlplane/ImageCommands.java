package io.octopod.e2e.controlplane;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the process kubelet turns a container image into a local command. An image is matched by the
 * longest registered prefix of its name (so {@code octopod/bridge:0.1} matches {@code
 * octopod/bridge}). A command and its extra environment may use {@code ${podIP}}, {@code ${hostIP}}
 * and {@code ${podName}}: a process shares the host's network, so where a container would bind
 * 0.0.0.0 in its own network namespace, a process must bind its pod address instead.
 */
public final class ImageCommands {

  /** The test HTTP server of this module, for the harness's own tests. */
  public static final String TEST_HTTP_IMAGE = "octopod/test-http";

  /** What an image runs as. */
  public record Command(List<String> argv, Map<String, String> environment) {}

  private final Map<String, Command> byPrefix = new LinkedHashMap<>();

  public static ImageCommands defaults() {
    ImageCommands images = new ImageCommands();
    images.register(
        TEST_HTTP_IMAGE,
        List.of(
            javaBinary(),
            "-cp",
            System.getProperty("java.class.path"),
            "io.octopod.e2e.controlplane.testapp.TestHttpServer"),
        Map.of("BIND_ADDRESS", "${podIP}"));
    return images;
  }

  /** Registers the bridge image: {@code java -jar <bridge jar>}, bound to the pod address. */
  public ImageCommands withBridge(Path bridgeJar) {
    return register(
        "octopod/bridge",
        List.of(javaBinary(), "-Xmx256m", "-jar", bridgeJar.toString()),
        Map.of("OCTOPOD_BIND_ADDRESS", "${podIP}"));
  }

  /**
   * Registers the operator image: {@code java -jar <operator jar>}, its focus and metrics bound to
   * the pod address. It reaches the API server as its pod's ServiceAccount (see {@link
   * ServiceAccountProjection}).
   */
  public ImageCommands withOperator(Path operatorJar) {
    return register(
        "octopod/operator",
        List.of(javaBinary(), "-Xmx256m", "-jar", operatorJar.toString()),
        Map.of("FOCUS_BIND_ADDRESS", "${podIP}", "METRICS_BIND_ADDRESS", "${podIP}"));
  }

  public ImageCommands register(
      String imagePrefix, List<String> argv, Map<String, String> environment) {
    byPrefix.put(imagePrefix, new Command(List.copyOf(argv), Map.copyOf(environment)));
    return this;
  }

  /** The command for an image, with the placeholders filled in; null when the image is unknown. */
  public Command resolve(String image, Map<String, String> placeholders) {
    String best = null;
    for (String prefix : byPrefix.keySet()) {
      if (image.startsWith(prefix) && (best == null || prefix.length() > best.length())) {
        best = prefix;
      }
    }
    if (best == null) {
      return null;
    }
    Command command = byPrefix.get(best);
    List<String> argv = new ArrayList<>();
    command.argv().forEach(a -> argv.add(fill(a, placeholders)));
    Map<String, String> env = new LinkedHashMap<>();
    command.environment().forEach((k, v) -> env.put(k, fill(v, placeholders)));
    return new Command(argv, env);
  }

  private static String fill(String text, Map<String, String> placeholders) {
    String out = text;
    for (Map.Entry<String, String> e : placeholders.entrySet()) {
      out = out.replace("${" + e.getKey() + "}", e.getValue());
    }
    return out;
  }

  static String javaBinary() {
    return ProcessHandle.current().info().command().orElse("java");
  }
}
