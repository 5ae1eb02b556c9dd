package dev.kappa.server.internal.metrics;

import dev.kappa.log.Log;
import dev.kappa.log.StreamInfo;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The server's meters, exposed in the Prometheus text format:
 *
 * <ul>
 *   <li>{@code kappa_ingest_events_total{stream,outcome}}, outcome one of {@code appended}, {@code
 *       duplicate}, {@code deadletter}, {@code rejected};
 *   <li>{@code kappa_ingest_requests_total{status}}, by HTTP status;
 *   <li>{@code kappa_http_errors_total{code}}, by error code;
 *   <li>{@code kappa_stream_size_bytes{stream}} and {@code kappa_stream_records{stream}}, read from
 *       the log once per scrape;
 *   <li>the JVM's memory, GC, threads, class loading and processor.
 * </ul>
 *
 * <p>Thread-safe. {@link #close()} releases the GC listeners.
 */
public final class ServerMetrics implements AutoCloseable {

  /** The media type of {@link #scrape()}. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final JvmGcMetrics gcMetrics = new JvmGcMetrics();
  private final Log log;

  /** The streams' state at the last scrape; the stream gauges read it. */
  private final Map<String, StreamInfo> streams = new ConcurrentHashMap<>();

  private final Map<CounterKey, Counter> counters = new ConcurrentHashMap<>();

  public ServerMetrics(Log log) {
    this.log = log;
    new JvmMemoryMetrics().bindTo(registry);
    gcMetrics.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
  }

  /** Counts events of one ingest request by what happened to them. */
  public void ingestEvents(String stream, String outcome, int count) {
    if (count > 0) {
      counter(
              "kappa.ingest.events",
              "Events received by ingest requests, by outcome",
              "stream",
              stream,
              "outcome",
              outcome)
          .increment(count);
    }
  }

  /** Counts one ingest request by the status it was answered with. */
  public void ingestRequest(int status) {
    counter(
            "kappa.ingest.requests",
            "Ingest requests, by HTTP status",
            "status",
            Integer.toString(status))
        .increment();
  }

  /** Counts one error response by its code. */
  public void httpError(String code) {
    counter("kappa.http.errors", "Error responses, by error code", "code", code).increment();
  }

  /** The counter of view state reads answered directly by Jetty, before Javalin's routing. */
  public Counter directStateReads() {
    return counter("kappa.http.state.direct", "View state reads answered before Javalin's routing");
  }

  /**
   * The counter with this name and tags, registered on first use. Cached because building and
   * registering a meter id on every request costs more than the increment it serves.
   */
  private Counter counter(String name, String description, String... tags) {
    return counters.computeIfAbsent(
        new CounterKey(name, List.of(tags)),
        key -> Counter.builder(name).description(description).tags(tags).register(registry));
  }

  private record CounterKey(String name, List<String> tags) {}

  /** The current values in the Prometheus text format. */
  public String scrape() {
    refreshStreams();
    return registry.scrape();
  }

  private void refreshStreams() {
    for (StreamInfo info : log.listStreams()) {
      String name = info.name();
      if (streams.put(name, info) == null) {
        Gauge.builder("kappa.stream.size", streams, s -> sizeOf(s.get(name)))
            .description("Bytes of segment files of a stream, over all partitions")
            .baseUnit("bytes")
            .tag("stream", name)
            .strongReference(true)
            .register(registry);
        Gauge.builder("kappa.stream.records", streams, s -> recordsOf(s.get(name)))
            .description("Records retained in a stream, over all partitions")
            .tag("stream", name)
            .strongReference(true)
            .register(registry);
      }
    }
  }

  private static double sizeOf(StreamInfo info) {
    return info == null ? Double.NaN : info.sizeBytes();
  }

  private static double recordsOf(StreamInfo info) {
    return info == null ? Double.NaN : info.recordCount();
  }

  @Override
  public void close() {
    gcMetrics.close();
    registry.close();
  }
}
