package dev.kappa.server.internal.views;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kappa.engine.ViewStatus.PartitionLag;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When a candidate may take over: running, within the lag threshold, behind in no partition. */
class CutoverRuleTest {

  private static ServedView.Report report(ServedView.State state, PartitionLag... partitions) {
    return new ServedView.Report(state, null, List.of(partitions), 0, 0);
  }

  @Test
  void behind_caughtUpAndAheadOfServing_isEmpty() {
    ServedView.Report candidate =
        report(
            ServedView.State.RUNNING,
            new PartitionLag("a", 0, 0, 10, 10),
            new PartitionLag("a", 1, 0, 5, 6));
    ServedView.Report serving =
        report(
            ServedView.State.RUNNING,
            new PartitionLag("a", 0, 0, 9, 10),
            new PartitionLag("a", 1, 0, 5, 6));
    assertThat(CutoverRule.behind(candidate, serving, 1)).isEmpty();
    assertThat(CutoverRule.behind(candidate, null, 1)).isEmpty();
  }

  @Test
  void behind_lagOverTheThreshold_saysByHowMuch() {
    ServedView.Report candidate =
        report(
            ServedView.State.RUNNING,
            new PartitionLag("a", 0, 0, 8, 10),
            new PartitionLag("a", 1, 0, 5, 6));
    assertThat(CutoverRule.behind(candidate, null, 2))
        .contains("it lags by 3 records (threshold 2)");
    assertThat(CutoverRule.behind(candidate, null, 3)).isEmpty();
  }

  @Test
  void behind_aPartitionBehindTheServingBuild_namesIt_evenInAnotherSourceOrder() {
    ServedView.Report candidate =
        report(
            ServedView.State.RUNNING,
            new PartitionLag("b", 0, 0, 7, 7),
            new PartitionLag("a", 0, 0, 4, 4));
    ServedView.Report serving =
        report(
            ServedView.State.RUNNING,
            new PartitionLag("a", 0, 0, 5, 5),
            new PartitionLag("b", 0, 0, 7, 7));
    assertThat(CutoverRule.behind(candidate, serving, 100))
        .contains("a/0 is at 4, behind the serving build's 5");
  }

  @Test
  void behind_aCandidateThatIsNotRunning_cannotTakeOver() {
    assertThat(CutoverRule.behind(report(ServedView.State.WAITING), null, 100))
        .contains("it is WAITING");
    assertThat(CutoverRule.behind(report(ServedView.State.FAILED), null, 100))
        .contains("it is FAILED");
  }
}
