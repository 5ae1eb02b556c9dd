package dev.kappa.bench.internal;

import java.time.Duration;

/**
 * How often and for how long each measurement runs.
 *
 * @param runs the runs per measurement; the reported value is their median
 * @param groupBudget the time one measurement (all its runs) may take
 */
public record RunPlan(int runs, Duration groupBudget) {

  /** The time one run may take. */
  public Duration perRun() {
    return groupBudget.dividedBy(runs);
  }
}
