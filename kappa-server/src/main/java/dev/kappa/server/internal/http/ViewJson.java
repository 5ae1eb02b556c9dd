package dev.kappa.server.internal.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kappa.engine.RunningView;
import dev.kappa.engine.SideOutput;
import dev.kappa.engine.Source;
import dev.kappa.engine.View;
import dev.kappa.engine.ViewProgress;
import dev.kappa.engine.ViewStatus;
import dev.kappa.engine.Window;
import dev.kappa.engine.WindowSpec;
import dev.kappa.server.internal.deploy.Build;
import dev.kappa.server.internal.deploy.DeploymentEvents;
import dev.kappa.server.internal.views.ServedView;
import java.time.Instant;
import java.util.Locale;

/**
 * The JSON form of views: their status (summary and detail) and their side outputs; results are
 * {@link StateJson}'s. Times are epoch milliseconds; a watermark no partition has set yet is {@code
 * null}.
 *
 * <p>Thread-safe.
 */
final class ViewJson {

  private final JsonCodec json;
  private final ResultJson results;

  ViewJson(JsonCodec json) {
    this.json = json;
    this.results = new ResultJson(json);
  }

  /** A run in the list: identity, role, state, error, totals and progress. */
  ObjectNode summary(ServedView served, Build build) {
    View<?, ?> view = served.view();
    ServedView.Report report = served.report();
    ObjectNode node = json.object();
    node.put("id", view.id());
    node.put("name", view.name());
    node.put("version", view.version());
    node.put("build", served.build());
    node.put("role", role(build));
    node.put("background", served.running().map(RunningView::background).orElse(false));
    node.put("state", report.state().name());
    node.put("error", report.error());
    node.put("processed", report.processed());
    node.put("eventsPerSecond", finite(report.eventsPerSecond()));
    node.put("lag", report.lag());
    node.put("progress", report.fractionDone());
    node.put("etaSeconds", report.etaSeconds());
    return node;
  }

  /** What a build is to its view: serving, candidate, temporary, retired or deleted. */
  static String role(Build build) {
    return build.role();
  }

  /**
   * A build: its run in detail if it runs or ran since the server started (else its identity and,
   * if it should run, why it cannot), and what the deployment record says: status, start, end and
   * when.
   */
  ObjectNode build(String name, Build build, ServedView run, String unavailable) {
    ObjectNode node;
    if (run != null) {
      node = detail(run, build);
    } else {
      node = json.object();
      node.put("id", name + "@" + build.version());
      node.put("name", name);
      node.put("version", build.version());
      node.put("build", build.id());
      node.put("role", role(build));
      node.put("state", build.live() ? "FAILED" : "STOPPED");
      node.put("error", build.live() ? unavailable : null);
    }
    node.put("status", build.status().name());
    node.put("fingerprint", build.fingerprint());
    node.put("autoCutover", build.autoCutover());
    node.set("start", DeploymentEvents.offsets(build.start()));
    node.set("end", DeploymentEvents.offsets(build.end()));
    node.put("asOf", build.asOf() == null ? null : Instant.ofEpochMilli(build.asOf()).toString());
    node.put("deployedAt", build.deployedAt().toString());
    node.put("retiredAt", build.retiredAt() == null ? null : build.retiredAt().toString());
    return node;
  }

  /** A run in detail: the summary, its definition, and each source partition's progress. */
  ObjectNode detail(ServedView served, Build build) {
    View<?, ?> view = served.view();
    ObjectNode node = summary(served, build);
    node.put("origin", served.origin());
    ArrayNode sources = node.putArray("sources");
    view.sources().stream().map(Source::stream).distinct().forEach(sources::add);
    node.put("keyType", served.keyType().label());
    node.set("window", view.window().map(this::windowSpec).orElse(null));
    ArrayNode partitions = node.putArray("partitions");
    for (ViewStatus.PartitionLag p : served.report().partitions()) {
      partitions
          .addObject()
          .put("stream", p.stream())
          .put("partition", p.partition())
          .put("startOffset", p.startOffset())
          .put("committedOffset", p.committedOffset())
          .put("endOffset", p.endOffset())
          .put("lag", p.lag());
    }
    served
        .running()
        .ifPresent(
            running -> {
              ViewProgress progress = running.state().progress();
              putTime(node, "watermark", progress.watermark());
              node.put("late", progress.late());
              node.put("errors", progress.errors());
            });
    return node;
  }

  ObjectNode sideOutput(SideOutput record) {
    ObjectNode node = json.object();
    node.put("stream", record.stream());
    node.put("partition", record.partition());
    node.put("offset", record.offset());
    node.put("eventTime", record.eventTime());
    node.put("reason", record.reason());
    return node;
  }

  private ObjectNode windowSpec(WindowSpec spec) {
    ObjectNode node = json.object();
    node.put("type", spec.getClass().getSimpleName().toLowerCase(Locale.ROOT));
    switch (spec) {
      case WindowSpec.Tumbling t -> node.put("sizeMs", t.sizeMs());
      case WindowSpec.Hopping h -> node.put("sizeMs", h.sizeMs()).put("advanceMs", h.advanceMs());
      case WindowSpec.Session s -> node.put("gapMs", s.gapMs());
    }
    return node;
  }

  private static void putTime(ObjectNode node, String field, long time) {
    if (time == Long.MIN_VALUE) {
      node.putNull(field);
    } else {
      node.put(field, time);
    }
  }

  private static double finite(double value) {
    return Double.isFinite(value) ? value : 0;
  }

  /** {@link Window#GLOBAL}'s results carry no window. */
  static boolean windowed(View<?, ?> view) {
    return view.window().isPresent();
  }
}
