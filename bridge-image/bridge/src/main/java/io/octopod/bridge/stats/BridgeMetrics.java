package io.octopod.bridge.stats;

import io.octopod.bridge.http.Reply;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.DoubleSupplier;

/**
 * The bridge's Prometheus metrics. Each bridge has its own registry, so that several bridges in one
 * JVM (tests, the load generator) don't collide. Values are read from the live objects when
 * scraped, so nothing on the packet path touches a metric.
 */
public final class BridgeMetrics {

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

  public BridgeMetrics gauge(String name, String help, DoubleSupplier value) {
    GaugeWithCallback.builder()
        .name(name)
        .help(help)
        .callback(callback -> callback.call(value.getAsDouble()))
        .register(registry);
    return this;
  }

  public BridgeMetrics counter(String name, String help, DoubleSupplier value) {
    CounterWithCallback.builder()
        .name(name)
        .help(help)
        .callback(callback -> callback.call(value.getAsDouble()))
        .register(registry);
    return this;
  }

  /** A counter with one label, one series per label value, all read when scraped. */
  public BridgeMetrics labelledCounter(
      String name,
      String help,
      String label,
      java.util.function.Supplier<java.util.Map<String, Long>> values) {
    CounterWithCallback.builder()
        .name(name)
        .help(help)
        .labelNames(label)
        .callback(callback -> values.get().forEach((k, v) -> callback.call(v, k)))
        .register(registry);
    return this;
  }

  /** The {@code /metrics} reply in the Prometheus text format. */
  public Reply scrape() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
    try {
      writer.write(out, registry.scrape());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Reply(200, PrometheusTextFormatWriter.CONTENT_TYPE, out.toByteArray());
  }
}
