package dev.kappa.server.internal.lineage;

import java.time.Instant;
import java.util.List;

/**
 * The lineage of one build of a view version: the definition that produced it and what it read.
 *
 * @param view the view's name
 * @param build the build, numbered per view from 1
 * @param version the view version it runs
 * @param role serving, candidate, temporary, retired or deleted
 * @param status the deployment record's status: BUILDING, SERVING, RETIRED or DELETED
 * @param state its run's state (WAITING, RUNNING, FINISHED, FAILED, STOPPED), or null if it has no
 *     run in this server process
 * @param fingerprint the fingerprint of the definition it was deployed with
 * @param origin where that definition was loaded from, or null if it is not loaded now
 * @param deployedAt when it was created
 * @param retiredAt when it stopped: its retirement, else its deletion (a temporary build dropped
 *     while it ran); null while it runs
 * @param inputs what it read, by stream name
 * @param outputs the streams it writes: none today, since views keep their results in their state
 *     and are queried there; kept so that views built on views appear as soon as views can write
 */
public record BuildLineage(
    String view,
    long build,
    int version,
    String role,
    String status,
    String state,
    String fingerprint,
    String origin,
    Instant deployedAt,
    Instant retiredAt,
    List<InputLineage> inputs,
    List<String> outputs) {

  public BuildLineage {
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
  }

  /** Its node id in the graph: {@code view:name@version#build}. */
  public String nodeId() {
    return "view:" + view + "@" + version + "#" + build;
  }

  /** Whether it runs: building or serving. */
  public boolean live() {
    return status.equals("BUILDING") || status.equals("SERVING");
  }
}
