package dev.kappa.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventBatcherTest {

  private static EventBatcher batcher(String input, IngestFormat format, int max, long bytes) {
    return new EventBatcher(
        new LineSource(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8))),
        format,
        max,
        bytes);
  }

  private static List<EventBatch> all(EventBatcher batcher) throws Exception {
    List<EventBatch> batches = new ArrayList<>();
    for (EventBatch b = batcher.next(); b != null; b = batcher.next()) {
      batches.add(b);
    }
    return batches;
  }

  private static String body(EventBatch batch, IngestFormat format) {
    return new String(format.body(batch.events()), StandardCharsets.UTF_8);
  }

  @Test
  void ndjson_cutsBatchesByCountSkippingBlankLinesAndKeepingLineNumbers() throws Exception {
    List<EventBatch> batches =
        all(
            batcher(
                "{\"a\":1}\n\n{\"a\":2}\r\n \t\n{\"a\":3}\n{\"a\":4}",
                IngestFormat.NDJSON,
                3,
                1 << 20));

    assertThat(batches).extracting(EventBatch::number).containsExactly(0, 1);
    assertThat(batches.get(0).lineNumbers()).containsExactly(1, 3, 5);
    assertThat(batches.get(1).lineNumbers()).containsExactly(6);
    assertThat(body(batches.get(0), IngestFormat.NDJSON))
        .isEqualTo("{\"a\":1}\n{\"a\":2}\n{\"a\":3}\n");
    assertThat(batches.get(0).lineOf(1)).isEqualTo(3);
    assertThat(batches.get(0).lineOf(3)).isEqualTo(-1);
  }

  @Test
  void ndjson_closesABatchOnceItReachesTheByteLimit() throws Exception {
    List<EventBatch> batches = all(batcher("aaaa\nbbbb\ncccc\n", IngestFormat.NDJSON, 100, 8));

    assertThat(batches).extracting(EventBatch::size).containsExactly(2, 1);
  }

  @Test
  void json_sendsOneEventPerBatchWhateverTheBatchSize() throws Exception {
    List<EventBatch> batches =
        all(batcher("{\"a\":1}\n{\"a\":2}\n", IngestFormat.JSON, 100, 1 << 20));

    assertThat(batches).extracting(EventBatch::size).containsExactly(1, 1);
    assertThat(body(batches.get(1), IngestFormat.JSON)).isEqualTo("{\"a\":2}");
  }

  @Test
  void cloudEventsBatch_isAJsonArrayOfTheLines() throws Exception {
    List<EventBatch> batches =
        all(
            batcher(
                "{\"id\":\"1\"}\n{\"id\":\"2\"}\n", IngestFormat.CLOUDEVENTS_BATCH, 10, 1 << 20));

    assertThat(body(batches.getFirst(), IngestFormat.CLOUDEVENTS_BATCH))
        .isEqualTo("[{\"id\":\"1\"},{\"id\":\"2\"}]");
  }

  @Test
  void cloudEventsBatch_lineWithTwoValues_failsNamingTheLine() {
    EventBatcher batcher = batcher("{}\n{} {}\n", IngestFormat.CLOUDEVENTS_BATCH, 10, 1 << 20);

    assertThatThrownBy(batcher::next).hasMessage("line 2: more than one JSON value");
  }

  @Test
  void formatOf_acceptsTheMediaTypesIgnoringCase() {
    assertThat(IngestFormat.of("Application/X-NDJSON")).isEqualTo(IngestFormat.NDJSON);
    assertThat(IngestFormat.of("application/json")).isEqualTo(IngestFormat.JSON);
  }
}
