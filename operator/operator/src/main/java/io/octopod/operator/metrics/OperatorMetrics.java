package io.octopod.operator.metrics;

import com.sun.net.httpserver.HttpServer;
import io.octopod.operator.bridges.KnownBridge;
import io.octopod.operator.selection.BridgeState;
import io.octopod.operator.selection.SelectionOutcome;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;

/**
 * The operator's Prometheus metrics: reconciliations (count and latency per controller), bridge
 * assignments by selection outcome, and bridges by state. Each operator instance has its own
 * registry, so two instances in one JVM (the leader-election test) keep their own counts.
 */
public final class OperatorMetrics implements AutoCloseable {

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Counter reconciliations =
      Counter.builder()
          .name("octopod_operator_reconciliations_total")
          .help("Reconciliations run")
          .labelNames("controller")
          .register(registry);
  private final Histogram reconcileSeconds =
      Histogram.builder()
          .name("octopod_operator_reconcile_duration_seconds")
          .help("Time spent in one reconciliation")
          .labelNames("controller")
          .classicOnly()
          .classicUpperBounds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5)
          .register(registry);
  private final Counter assignments =
      Counter.builder()
          .name("octopod_operator_assignments_total")
          .help("Participants assigned to a bridge, by selection outcome")
          .labelNames("outcome")
          .register(registry);
  private final Gauge bridges =
      Gauge.builder()
          .name("octopod_operator_bridges")
          .help("Bridges in the directory, by state")
          .labelNames("state")
          .register(registry);
  private final Counter meshStateConflicts =
      Counter.builder()
          .name("octopod_operator_mesh_state_conflicts_total")
          .help(
              "Writes of a conference's stored mesh state (keys, relay numbers) refused because"
                  + " another replica wrote first; each is decided again on a fresh read")
          .register(registry);
  private HttpServer server;

  /** Runs one reconciliation of {@code controller}, counting it and timing it. */
  public <T> T timed(String controller, java.util.function.Supplier<T> reconciliation) {
    long started = System.nanoTime();
    try {
      return reconciliation.get();
    } finally {
      reconciled(controller, System.nanoTime() - started);
    }
  }

  public void reconciled(String controller, long nanos) {
    reconciliations.labelValues(controller).inc();
    reconcileSeconds.labelValues(controller).observe(nanos / 1e9);
  }

  public double reconciliations(String controller) {
    return reconciliations.labelValues(controller).get();
  }

  public void meshStateConflict() {
    meshStateConflicts.inc();
  }

  public double meshStateConflicts() {
    return meshStateConflicts.get();
  }

  public void assigned(SelectionOutcome outcome) {
    assignments.labelValues(outcome.name()).inc();
  }

  public void bridges(Collection<KnownBridge> all) {
    Map<BridgeState, Integer> counts = new EnumMap<>(BridgeState.class);
    for (BridgeState s : BridgeState.values()) {
      counts.put(s, 0);
    }
    all.forEach(b -> counts.merge(b.state(), 1, Integer::sum));
    counts.forEach((state, n) -> bridges.labelValues(state.name()).set(n));
  }

  public String scrape() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, registry.scrape());
    return out.toString(java.nio.charset.StandardCharsets.UTF_8);
  }

  /** Serves {@code GET /metrics} on the given address. */
  public int serve(String host, int port) throws IOException {
    server = HttpServer.create(new InetSocketAddress(host, port), 16);
    server.createContext(
        "/metrics",
        exchange -> {
          byte[] body = scrape().getBytes(java.nio.charset.StandardCharsets.UTF_8);
          exchange
              .getResponseHeaders()
              .set("Content-Type", PrometheusTextFormatWriter.CONTENT_TYPE);
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream os = exchange.getResponseBody()) {
            os.write(body);
          }
        });
    server.start();
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    if (server != null) {
      server.stop(0);
    }
  }
}
