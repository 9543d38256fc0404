package io.octopod.loadgen;

import io.netty.channel.EventLoopGroup;
import io.octopod.bridge.net.TransportFactory;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A scenario's endpoints connected to running bridges, and the measuring of one step: set the load
 * factor, let the bridge settle, then count a window. With two bridges each conference's
 * participants alternate between them and the bridges are given each other as Octo peers, as the
 * operator would.
 */
final class ScenarioRun implements AutoCloseable {

  private final Scenario scenario;
  private final List<BridgeNode> bridges;
  private final EventLoopGroup group = TransportFactory.newEventLoopGroup(1);
  private final ReceiveMeter meter = new ReceiveMeter();
  private final List<List<SimulatedEndpoint>> conferences = new ArrayList<>();
  private Pacer pacer;

  ScenarioRun(Scenario scenario, List<BridgeNode> bridges) {
    this.scenario = scenario;
    this.bridges = bridges;
  }

  /** Creates the conferences, allocates and connects every endpoint, and starts sending. */
  void connect(double factor) throws Exception {
    ExecutorService connecting = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> joins = new ArrayList<>();
      for (int c = 0; c < scenario.conferences(); c++) {
        String conference = scenario.name() + "-" + c;
        configure(conference, c);
        List<SimulatedEndpoint> endpoints = new ArrayList<>();
        for (int p = 0; p < scenario.participantsPerConference(); p++) {
          SimulatedEndpoint.Role role =
              p < scenario.sendersPerConference()
                  ? SimulatedEndpoint.Role.SENDER
                  : SimulatedEndpoint.Role.RECEIVER;
          SimulatedEndpoint e = new SimulatedEndpoint(endpointId(c, p), role, group, meter);
          endpoints.add(e);
          BridgeNode bridge = bridges.get(p % bridges.size());
          joins.add(
              connecting.submit(
                  () -> {
                    String answer =
                        bridge.allocate(
                            conference,
                            e.id,
                            e.offer(scenario.videoSlots(), scenario.audioSlots()));
                    e.connect(answer, Duration.ofSeconds(30));
                    return null;
                  }));
        }
        conferences.add(endpoints);
      }
      for (Future<?> join : joins) {
        join.get();
      }
    } finally {
      connecting.shutdownNow();
    }
    pacer = new Pacer(conferences, factor, group.next());
  }

  private String endpointId(int conference, int participant) {
    return "c" + conference + "-p" + participant;
  }

  private void configure(String conference, int index) throws IOException, InterruptedException {
    if (bridges.size() == 1) {
      bridges.get(0).call("PUT", "/colibri/conferences/" + conference, request(conference, index));
      return;
    }
    byte[] key = new byte[16];
    ThreadLocalRandom.current().nextBytes(key);
    Map<String, Object> octoKey =
        Map.of("keyId", 1, "key", Base64.getEncoder().encodeToString(key));
    for (int b = 0; b < bridges.size(); b++) {
      List<Map<String, Object>> relays = new ArrayList<>();
      List<Map<String, String>> remote = new ArrayList<>();
      for (int peer = 0; peer < bridges.size(); peer++) {
        if (peer == b) {
          continue;
        }
        BridgeNode other = bridges.get(peer);
        relays.add(
            Map.of(
                "relayId",
                other.relayId,
                "relayNumber",
                peer + 1,
                "address",
                "127.0.0.1:" + other.octoPort));
        for (int p = peer; p < scenario.participantsPerConference(); p += bridges.size()) {
          remote.add(Map.of("endpointId", endpointId(index, p), "relayId", other.relayId));
        }
      }
      Map<String, Object> octo = new LinkedHashMap<>();
      octo.put("localRelayNumber", b + 1);
      octo.put("key", octoKey);
      octo.put("relays", relays);
      octo.put("remoteEndpoints", remote);
      Map<String, Object> body = new LinkedHashMap<>(request(conference, index));
      body.put("octo", octo);
      bridges.get(b).call("PUT", "/colibri/conferences/" + conference, body);
    }
  }

  private static Map<String, Object> request(String conference, int index) {
    return Map.of("name", "bench/" + conference, "octoConferenceId", 1000 + index);
  }

  /** Runs at {@code factor}: waits {@code settle}, then measures a window of {@code window}. */
  StepResult measure(double factor, Duration settle, Duration window) throws InterruptedException {
    pacer.factor(factor);
    Thread.sleep(settle.toMillis());
    meter.takeWindow();
    long bridgeCpu0 = bridgeCpuNanos();
    long ownCpu0 = StepResult.loadgenCpuNanos();
    long sent0 = pacer.packetsSent();
    long sentBytes0 = pacer.bytesSent();
    long t0 = System.nanoTime();
    long wall0 = System.currentTimeMillis();
    Thread.sleep(window.toMillis());
    ReceiveMeter.Window w = meter.takeWindow();
    long t1 = System.nanoTime();
    long wall1 = System.currentTimeMillis();
    return StepResult.measured(
        factor,
        (t1 - t0) / 1e9,
        pacer.packetsSent() - sent0,
        pacer.bytesSent() - sentBytes0,
        w,
        (bridgeCpuNanos() - bridgeCpu0) / 1e9,
        (StepResult.loadgenCpuNanos() - ownCpu0) / 1e9,
        wall0,
        wall1);
  }

  private long bridgeCpuNanos() {
    long total = 0;
    for (BridgeNode b : bridges) {
      total += b.process.cpuNanos();
    }
    return total;
  }

  /** Keyframes, PLIs and NACKs answered so far, summed over every simulated sender. */
  Map<String, Long> senderFeedback() {
    long keyframes = 0;
    long plis = 0;
    long nacked = 0;
    long retransmitted = 0;
    for (List<SimulatedEndpoint> conference : conferences) {
      for (SimulatedEndpoint e : conference) {
        plis += e.pliReceived;
        nacked += e.nackedPackets;
        for (OutboundStream s : e.streams) {
          keyframes += s.keyframesSent;
          retransmitted += s.retransmissions;
        }
      }
    }
    return Map.of(
        "keyframesSent", keyframes,
        "pliReceived", plis,
        "nackedPackets", nacked,
        "retransmissions", retransmitted);
  }

  @Override
  public void close() {
    if (pacer != null) {
      pacer.close();
    }
    for (List<SimulatedEndpoint> conference : conferences) {
      conference.forEach(SimulatedEndpoint::close);
    }
    group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
  }
}
