package io.octopod.operator.bridges;

import io.octopod.operator.selection.BridgeInfo;
import io.octopod.operator.selection.BridgeState;
import io.octopod.protocol.control.BridgeStats;
import java.time.Instant;

/**
 * One bridge in the operator's directory: where it is, how to reach it, and what it last reported.
 *
 * @param relayId the bridge's name (its pod name)
 * @param namespace the pool's namespace
 * @param pool the BridgePool it belongs to
 * @param region the pool's region
 * @param podReady whether the pod passed its readiness probe
 * @param controlAddress host:port of its control API
 * @param octoAddress its advertised Octo address, host:port
 * @param mediaAddress its advertised media (WebRTC) address, host:port, or null
 * @param channelAddress host:port of its bridge channel (the public HTTP port) on the pod IP, where
 *     the focus relays the pages' channels (docs/bridge-channel.md), or null
 * @param token the pool's control-API token
 * @param overloadStress the pool's {@code spec.capacity.overloadStress}: at or above it, selection
 *     counts the bridge as overloaded
 * @param draining the operator asked it to drain (scale-down)
 * @param stats its last stats, or null before the first poll
 * @param statsAt when they were taken
 * @param failures consecutive failed polls
 */
public record KnownBridge(
    String relayId,
    String namespace,
    String pool,
    String region,
    boolean podReady,
    String controlAddress,
    String octoAddress,
    String mediaAddress,
    String channelAddress,
    String token,
    double overloadStress,
    boolean draining,
    BridgeStats stats,
    Instant statsAt,
    int failures) {

  /** Failed polls in a row after which a bridge counts as unhealthy. */
  static final int UNHEALTHY_AFTER = 2;

  public BridgeState state() {
    if (failures >= UNHEALTHY_AFTER) {
      return BridgeState.UNHEALTHY;
    }
    if (!podReady || stats == null) {
      // Not ready, or not polled yet: not chosen, but not reported as broken either.
      return BridgeState.NOT_READY;
    }
    if (draining || !"ready".equals(stats.state())) {
      return BridgeState.DRAINING;
    }
    return BridgeState.READY;
  }

  public int participants() {
    return stats == null ? 0 : stats.participants();
  }

  public double stress() {
    return stats == null ? 0 : Math.max(0, stats.stress());
  }

  /** The selection's view of this bridge. */
  public BridgeInfo info() {
    return new BridgeInfo(
        relayId,
        region,
        state(),
        stress(),
        participants(),
        statsAt == null ? Instant.EPOCH : statsAt,
        overloadStress);
  }

  public BridgeClient client() {
    return new BridgeClient(controlAddress, token);
  }

  KnownBridge withStats(BridgeStats newStats, Instant at) {
    return withPollState(podReady, draining, newStats, at, 0);
  }

  KnownBridge withFailure() {
    return withPollState(podReady, draining, stats, statsAt, failures + 1);
  }

  /** Reported lost and not answering: unhealthy now, without waiting for another failed poll. */
  KnownBridge dead() {
    return withPollState(podReady, draining, stats, statsAt, Math.max(failures, UNHEALTHY_AFTER));
  }

  KnownBridge withPodReady(boolean ready) {
    return withPollState(ready, draining, stats, statsAt, failures);
  }

  KnownBridge withDraining(boolean value) {
    return withPollState(podReady, value, stats, statsAt, failures);
  }

  /** The same bridge (identity, addresses, token, pool settings) in another state. */
  private KnownBridge withPollState(
      boolean ready, boolean drain, BridgeStats newStats, Instant at, int failed) {
    return new KnownBridge(
        relayId,
        namespace,
        pool,
        region,
        ready,
        controlAddress,
        octoAddress,
        mediaAddress,
        channelAddress,
        token,
        overloadStress,
        drain,
        newStats,
        at,
        failed);
  }

  /**
   * The same bridge with its pod-derived fields refreshed (the drain mark is on the pod too),
   * keeping what was polled.
   */
  KnownBridge refreshedFrom(KnownBridge fromPod) {
    return new KnownBridge(
        relayId,
        namespace,
        pool,
        region,
        fromPod.podReady,
        fromPod.controlAddress,
        fromPod.octoAddress,
        fromPod.mediaAddress,
        fromPod.channelAddress,
        fromPod.token,
        fromPod.overloadStress,
        fromPod.draining,
        stats,
        statsAt,
        failures);
  }
}
