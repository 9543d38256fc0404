package io.octopod.bridge.config;

import java.util.Map;

/**
 * Everything a bridge process is told at start-up. Values come from environment variables, which is
 * how a Kubernetes pod spec (and the operator's ConfigMap) hands them over; each has a default so
 * that a bare {@code java -jar octopod-bridge.jar} runs.
 *
 * @param bindAddress address every socket binds to
 * @param mediaPort the one UDP port shared by all WebRTC endpoints (0 picks a free port)
 * @param octoPort the one UDP port for Octo traffic between bridges (0 picks a free port)
 * @param controlPort private HTTP port for the operator's control API (0 picks a free port)
 * @param region the region this bridge serves, reported in stats
 * @param relayId this bridge's identity among Octo peers
 */
public record BridgeConfig(
    String bindAddress,
    int mediaPort,
    int octoPort,
    int controlPort,
    String region,
    String relayId) {

  public static final int DEFAULT_MEDIA_PORT = 10000;
  public static final int DEFAULT_OCTO_PORT = 4096;
  public static final int DEFAULT_CONTROL_PORT = 8080;

  public BridgeConfig {
    requirePort("mediaPort", mediaPort);
    requirePort("octoPort", octoPort);
    requirePort("controlPort", controlPort);
    if (region == null || region.isBlank()) {
      throw new IllegalArgumentException("region must not be blank");
    }
    if (relayId == null || relayId.isBlank()) {
      throw new IllegalArgumentException("relayId must not be blank");
    }
  }

  /** Reads {@code OCTOPOD_*} variables from the given environment, defaulting what is absent. */
  public static BridgeConfig fromEnvironment(Map<String, String> env) {
    String host = env.getOrDefault("HOSTNAME", "bridge-0");
    return new BridgeConfig(
        env.getOrDefault("OCTOPOD_BIND_ADDRESS", "0.0.0.0"),
        intValue(env, "OCTOPOD_MEDIA_PORT", DEFAULT_MEDIA_PORT),
        intValue(env, "OCTOPOD_OCTO_PORT", DEFAULT_OCTO_PORT),
        intValue(env, "OCTOPOD_CONTROL_PORT", DEFAULT_CONTROL_PORT),
        env.getOrDefault("OCTOPOD_REGION", "local"),
        env.getOrDefault("OCTOPOD_RELAY_ID", host));
  }

  private static int intValue(Map<String, String> env, String name, int defaultValue) {
    String raw = env.get(name);
    if (raw == null || raw.isBlank()) {
      return defaultValue;
    }
    try {
      return Integer.parseInt(raw.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be an integer, got '" + raw + "'", e);
    }
  }

  private static void requirePort(String name, int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(name + " must be within 0..65535, got " + port);
    }
  }
}
