package io.octopod.bridge.config;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

/**
 * Everything a bridge process is told at start-up. Values come from environment variables, which is
 * how a Kubernetes pod spec (and the operator's ConfigMap) hands them over; each has a default so
 * that a bare {@code java -jar octopod-bridge.jar} runs.
 *
 * @param bindAddress address the media, Octo and bridge channel sockets bind to
 * @param controlBindAddress address the control API binds to: the pod IP in a cluster ({@code
 *     OCTOPOD_CONTROL_BIND_ADDRESS}, else {@code OCTOPOD_POD_IP} when the bind address is the
 *     wildcard), so a bridge on the host network does not offer it on every address of its node
 * @param mediaPort the one UDP port shared by all WebRTC endpoints (0 picks a free port)
 * @param octoPort the one UDP port for Octo traffic between bridges (0 picks a free port)
 * @param controlPort private HTTP port for the operator's control API (0 picks a free port)
 * @param region the region this bridge serves, reported in stats
 * @param relayId this bridge's identity among Octo peers
 * @param controlToken the bearer token the control API requires
 * @param controlTokenGenerated true when no token was configured and one was made up at start-up (a
 *     bare developer run); the process then prints it
 * @param maxParticipants the capacity that stress is measured against
 * @param maxPacketRate the packet rate (in + out, per second) the bridge is sized for; the other
 *     half of stress
 * @param drainTimeout how long a drain waits for participants to leave
 * @param advertisedHost the address clients are told to use (the pod IP in a cluster)
 * @param publicPort the bridge's public HTTP port (bridge channel)
 * @param receiverMaxBitrate each receiver's video budget in bit/s, the fixed cap used until the
 *     bridge estimates bandwidth per receiver
 * @param repairLoss whether the bridge answers NACKs from its packet cache and NACKs senders'
 *     losses ({@code OCTOPOD_REPAIR_LOSS}, on by default; off only to measure what repair is worth)
 * @param endpointTimeout how long an endpoint may stay unconnected after its allocation, or go
 *     without a consent check once connected, before the bridge removes it ({@code
 *     OCTOPOD_ENDPOINT_TIMEOUT_MILLIS}, 30 s by default as RFC 7675's consent timeout)
 */
public record BridgeConfig(
    String bindAddress,
    String controlBindAddress,
    int mediaPort,
    int octoPort,
    int controlPort,
    String region,
    String relayId,
    String controlToken,
    boolean controlTokenGenerated,
    int maxParticipants,
    int maxPacketRate,
    Duration drainTimeout,
    String advertisedHost,
    int publicPort,
    long receiverMaxBitrate,
    boolean repairLoss,
    Duration endpointTimeout) {

  public static final int DEFAULT_MEDIA_PORT = 10000;
  public static final int DEFAULT_OCTO_PORT = 4096;
  public static final int DEFAULT_CONTROL_PORT = 8080;
  public static final int DEFAULT_PUBLIC_PORT = 8443;
  public static final int DEFAULT_MAX_PARTICIPANTS = 200;
  public static final int DEFAULT_MAX_PACKET_RATE = 100_000;
  public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofMinutes(5);
  public static final long DEFAULT_RECEIVER_MAX_BITRATE = 6_000_000;
  public static final Duration DEFAULT_ENDPOINT_TIMEOUT = Duration.ofSeconds(30);

  public BridgeConfig {
    if (bindAddress == null || controlBindAddress == null) {
      throw new IllegalArgumentException("bind addresses must be set");
    }
    requirePort("mediaPort", mediaPort);
    requirePort("octoPort", octoPort);
    requirePort("controlPort", controlPort);
    if (region == null || region.isBlank()) {
      throw new IllegalArgumentException("region must not be blank");
    }
    if (relayId == null || relayId.isBlank()) {
      throw new IllegalArgumentException("relayId must not be blank");
    }
    requirePort("publicPort", publicPort);
    if (controlToken == null || controlToken.length() < 16) {
      throw new IllegalArgumentException("the control token must be at least 16 characters");
    }
    if (maxParticipants < 1) {
      throw new IllegalArgumentException("maxParticipants must be 1 or more");
    }
    if (maxPacketRate < 1) {
      throw new IllegalArgumentException("maxPacketRate must be 1 or more");
    }
    if (receiverMaxBitrate < 0) {
      throw new IllegalArgumentException("receiverMaxBitrate must not be negative");
    }
    if (drainTimeout == null || drainTimeout.isNegative()) {
      throw new IllegalArgumentException("drainTimeout must not be negative");
    }
    if (endpointTimeout == null || endpointTimeout.toMillis() < 100) {
      throw new IllegalArgumentException("endpointTimeout must be 100 ms or more");
    }
  }

  /** A loopback configuration on free ports, for tests and tools. */
  public static BridgeConfig loopback(String region, String relayId, String controlToken) {
    return new BridgeConfig(
        "127.0.0.1",
        "127.0.0.1",
        0,
        0,
        0,
        region,
        relayId,
        controlToken,
        false,
        DEFAULT_MAX_PARTICIPANTS,
        DEFAULT_MAX_PACKET_RATE,
        DEFAULT_DRAIN_TIMEOUT,
        "127.0.0.1",
        0,
        DEFAULT_RECEIVER_MAX_BITRATE,
        true,
        DEFAULT_ENDPOINT_TIMEOUT);
  }

  /** The same configuration with another drain timeout. */
  public BridgeConfig withDrainTimeout(Duration timeout) {
    return new BridgeConfig(
        bindAddress,
        controlBindAddress,
        mediaPort,
        octoPort,
        controlPort,
        region,
        relayId,
        controlToken,
        controlTokenGenerated,
        maxParticipants,
        maxPacketRate,
        timeout,
        advertisedHost,
        publicPort,
        receiverMaxBitrate,
        repairLoss,
        endpointTimeout);
  }

  /** The same configuration with another capacity. */
  public BridgeConfig withMaxParticipants(int max) {
    return new BridgeConfig(
        bindAddress,
        controlBindAddress,
        mediaPort,
        octoPort,
        controlPort,
        region,
        relayId,
        controlToken,
        controlTokenGenerated,
        max,
        maxPacketRate,
        drainTimeout,
        advertisedHost,
        publicPort,
        receiverMaxBitrate,
        repairLoss,
        endpointTimeout);
  }

  /** The same configuration with loss repair on or off. */
  public BridgeConfig withRepairLoss(boolean repair) {
    return new BridgeConfig(
        bindAddress,
        controlBindAddress,
        mediaPort,
        octoPort,
        controlPort,
        region,
        relayId,
        controlToken,
        controlTokenGenerated,
        maxParticipants,
        maxPacketRate,
        drainTimeout,
        advertisedHost,
        publicPort,
        receiverMaxBitrate,
        repair,
        endpointTimeout);
  }

  /** The same configuration with another endpoint timeout. */
  public BridgeConfig withEndpointTimeout(Duration timeout) {
    return new BridgeConfig(
        bindAddress,
        controlBindAddress,
        mediaPort,
        octoPort,
        controlPort,
        region,
        relayId,
        controlToken,
        controlTokenGenerated,
        maxParticipants,
        maxPacketRate,
        drainTimeout,
        advertisedHost,
        publicPort,
        receiverMaxBitrate,
        repairLoss,
        timeout);
  }

  /** Reads {@code OCTOPOD_*} variables from the given environment, defaulting what is absent. */
  public static BridgeConfig fromEnvironment(Map<String, String> env) {
    String host = env.getOrDefault("HOSTNAME", "bridge-0");
    String bind = env.getOrDefault("OCTOPOD_BIND_ADDRESS", "0.0.0.0");
    String token = env.get("OCTOPOD_CONTROL_TOKEN");
    boolean generated = token == null || token.isBlank();
    if (generated) {
      token = randomToken();
    }
    String advertised = env.get("OCTOPOD_ADVERTISED_HOST");
    if (advertised == null || advertised.isBlank()) {
      advertised = env.getOrDefault("OCTOPOD_POD_IP", bind);
    }
    String controlBind = env.get("OCTOPOD_CONTROL_BIND_ADDRESS");
    if (controlBind == null || controlBind.isBlank()) {
      String podIp = env.get("OCTOPOD_POD_IP");
      boolean wildcard = bind.equals("0.0.0.0") || bind.equals("::");
      controlBind = wildcard && podIp != null && !podIp.isBlank() ? podIp : bind;
    }
    return new BridgeConfig(
        bind,
        controlBind.trim(),
        intValue(env, "OCTOPOD_MEDIA_PORT", DEFAULT_MEDIA_PORT),
        intValue(env, "OCTOPOD_OCTO_PORT", DEFAULT_OCTO_PORT),
        intValue(env, "OCTOPOD_CONTROL_PORT", DEFAULT_CONTROL_PORT),
        env.getOrDefault("OCTOPOD_REGION", "local"),
        env.getOrDefault("OCTOPOD_RELAY_ID", host),
        token.trim(),
        generated,
        intValue(env, "OCTOPOD_MAX_PARTICIPANTS", DEFAULT_MAX_PARTICIPANTS),
        intValue(env, "OCTOPOD_MAX_PACKET_RATE", DEFAULT_MAX_PACKET_RATE),
        Duration.ofSeconds(
            intValue(
                env, "OCTOPOD_DRAIN_TIMEOUT_SECONDS", (int) DEFAULT_DRAIN_TIMEOUT.toSeconds())),
        advertised,
        intValue(env, "OCTOPOD_PUBLIC_PORT", DEFAULT_PUBLIC_PORT),
        intValue(env, "OCTOPOD_RECEIVER_MAX_BITRATE", (int) DEFAULT_RECEIVER_MAX_BITRATE),
        !"false".equalsIgnoreCase(env.getOrDefault("OCTOPOD_REPAIR_LOSS", "true").trim()),
        Duration.ofMillis(
            intValue(
                env,
                "OCTOPOD_ENDPOINT_TIMEOUT_MILLIS",
                (int) DEFAULT_ENDPOINT_TIMEOUT.toMillis())));
  }

  private static String randomToken() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Tokens are secrets: never print them. */
  @Override
  public String toString() {
    return "BridgeConfig[relayId="
        + relayId
        + ", region="
        + region
        + ", bind="
        + bindAddress
        + ", media="
        + mediaPort
        + ", octo="
        + octoPort
        + ", control="
        + controlPort
        + "]";
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
