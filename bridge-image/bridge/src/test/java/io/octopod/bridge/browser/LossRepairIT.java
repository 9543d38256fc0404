package io.octopod.bridge.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.octopod.bridge.Bridge;
import io.octopod.bridge.config.BridgeConfig;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Loss repair with real browsers: a sender and a receiver through the bridge, 5% random loss on the
 * bridge → receiver path (a userspace relay, since this kernel has no netem). With repair on, the
 * receiver NACKs and the bridge answers from its cache with RTX; the same run with repair off is
 * the baseline for freezes.
 */
class LossRepairIT {

  private static final String TOKEN = "loss-repair-it-token-0123456789";
  private static final Duration MEASURED = Duration.ofSeconds(15);

  /** What the receiver saw during one run. */
  private record Run(
      long nacks,
      long retransmitted,
      long freezes,
      double freezeSeconds,
      long frames,
      long lost,
      long bridgeResent,
      long relayDropped) {}

  private static Run run(boolean repair) throws Exception {
    BridgeConfig config =
        BridgeConfig.loopback("local", "bridge-loss", TOKEN).withRepairLoss(repair);
    try (MeetingPage page = MeetingPage.serve(1, 1);
        Bridge bridge = Bridge.start(config);
        WebDriverSession sender = WebDriverSession.start();
        WebDriverSession receiver = WebDriverSession.start();
        ImpairmentRelay relay =
            ImpairmentRelay.start(
                new InetSocketAddress("127.0.0.1", bridge.mediaPort()),
                new ImpairmentRelay.Impairment(0.05, 0, 0))) {
      BridgeApi api = new BridgeApi(bridge, TOKEN);
      api.call(
          "PUT",
          "/colibri/conferences/lossy",
          Map.of("name", "local/lossy", "octoConferenceId", 11));
      sender.navigate(page.url());
      receiver.navigate(page.url());
      api.join("lossy", "sender", sender);
      api.join("lossy", "receiver", receiver, answer -> relay.redirect(answer, bridge.mediaPort()));

      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      JsonNode start = null;
      while (System.nanoTime() < deadline) {
        JsonNode q = MeetingPage.videoQuality(receiver);
        if (q.size() > 0 && q.get(0).get("frames").asLong() > 20) {
          start = q.get(0);
          break;
        }
        Thread.sleep(300);
      }
      assertTrue(start != null, "the receiver decodes the sender's video through the relay");
      Thread.sleep(MEASURED.toMillis());
      JsonNode end = MeetingPage.videoQuality(receiver).get(0);
      JsonNode info = api.call("GET", "/colibri/conferences/lossy/endpoints/receiver", null);
      Run result =
          new Run(
              end.get("nackCount").asLong() - start.get("nackCount").asLong(),
              end.get("retransmitted").asLong() - start.get("retransmitted").asLong(),
              end.get("freezeCount").asLong() - start.get("freezeCount").asLong(),
              end.get("totalFreezesDuration").asDouble()
                  - start.get("totalFreezesDuration").asDouble(),
              end.get("frames").asLong() - start.get("frames").asLong(),
              end.get("packetsLost").asLong() - start.get("packetsLost").asLong(),
              info.get("repair").get("retransmissions").asLong(),
              relay.dropped());
      System.out.println(
          "loss repair " + (repair ? "on" : "off") + ": " + result + "; receiver " + end);
      return result;
    }
  }

  @Test
  void nackAndRtxRepairFivePercentLossAndFreezeLessThanWithoutRepair() throws Exception {
    Run repaired = run(true);
    Run unrepaired = run(false);
    System.out.printf(
        "over %d s with 5%% loss: freezes %d (%.1f s frozen) with repair, %d (%.1f s) without;"
            + " %d NACKs and %d retransmissions received with repair%n",
        MEASURED.toSeconds(),
        repaired.freezes(),
        repaired.freezeSeconds(),
        unrepaired.freezes(),
        unrepaired.freezeSeconds(),
        repaired.nacks(),
        repaired.retransmitted());
    assertTrue(repaired.relayDropped() > 20, "the relay dropped packets: " + repaired);
    assertTrue(repaired.nacks() > 0, "the receiver NACKed: " + repaired);
    assertTrue(repaired.bridgeResent() > 0, "the bridge resent from its cache: " + repaired);
    assertTrue(repaired.retransmitted() > 0, "retransmissions arrived: " + repaired);
    assertEquals(0, unrepaired.bridgeResent(), "no resends with repair off");
    assertTrue(
        repaired.freezeSeconds() <= unrepaired.freezeSeconds(),
        "repair freezes no more than no repair: " + repaired + " vs " + unrepaired);
    assertTrue(
        repaired.frames() >= unrepaired.frames(),
        "and decodes at least as many frames: " + repaired + " vs " + unrepaired);
  }
}
