package dev.kappa.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kappa.log.LogRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ViewProcessorTest {

  private static LogRecord record(int partition, long offset, long time, String value) {
    return new LogRecord(
        partition, offset, time, time, null, value.getBytes(StandardCharsets.UTF_8), List.of());
  }

  @Test
  void tumblingCount_countsPerKeyAndWindow_andRoutesLateEvents() {
    View<String, Long> view =
        View.named("counts")
            .from("clicks", Decoders.utf8())
            .keyBy(v -> v, Serdes.string())
            .window(WindowSpec.tumbling(Duration.ofSeconds(10)))
            .aggregate(Aggregations.count());
    ViewProcessor<String, Long> processor = ViewProcessor.inMemory(view, Map.of("clicks", 1));
    processor.process("clicks", record(0, 0, 1_000, "a"));
    processor.process("clicks", record(0, 1, 2_000, "a"));
    processor.process("clicks", record(0, 2, 12_000, "b"));
    processor.process("clicks", record(0, 3, 3_000, "a")); // window [0,10s) closed at 12s
    ViewState<String, Long> state = processor.state();
    assertThat(state.windows("a"))
        .containsExactly(new WindowResult<>("a", new Window(0, 10_000), 2L, true));
    assertThat(state.windows("b"))
        .containsExactly(new WindowResult<>("b", new Window(10_000, 20_000), 1L, false));
    assertThat(state.sideOutput(SideOutput.Kind.LATE, 10))
        .singleElement()
        .satisfies(late -> assertThat(late.offset()).isEqualTo(3));
    assertThat(state.progress().processed()).isEqualTo(4);
    assertThat(state.progress().late()).isEqualTo(1);
  }
}
