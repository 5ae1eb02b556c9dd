package dev.kappa.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kappa.log.AppendResult;
import dev.kappa.log.Log;
import dev.kappa.log.LogRecord;
import dev.kappa.log.NewRecord;
import dev.kappa.log.ReadResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Moves {@link Input}s in and out of a real {@link Log}: appends them at the offsets they name, and
 * reads a stream back as inputs, so that a reference can fold over exactly what the log holds.
 * Stateless.
 */
final class LogInputs {

  private static final int READ_BYTES = 256 << 10;

  private LogInputs() {}

  /** A record for {@code payload}: its key, its encoded value and {@code time} as event time. */
  static NewRecord record(Payload payload, long time) {
    return NewRecord.of(payload.key().getBytes(StandardCharsets.UTF_8), payload.encode(), time);
  }

  /**
   * Appends {@code inputs}, all of one partition and in offset order, as one batch, and waits until
   * it is durable.
   *
   * @throws AssertionError if the log put them at other offsets than the inputs name
   */
  static AppendResult append(Log log, List<Input> inputs) {
    int partition = inputs.getFirst().partition();
    List<NewRecord> records = new ArrayList<>();
    for (Input input : inputs) {
      records.add(record(input.payload(), input.time()));
    }
    AppendResult result;
    try {
      result = log.append(Input.STREAM, partition, records).get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("append to partition " + partition + " failed", e);
    }
    assertThat(result.baseOffset())
        .as("base offset of an append to partition %d", partition)
        .isEqualTo(inputs.getFirst().offset());
    return result;
  }

  /** Appends every input of {@code partitions}, in batches of up to {@code batch}. */
  static void appendAll(Log log, List<List<Input>> partitions, int batch) {
    for (List<Input> inputs : partitions) {
      for (int from = 0; from < inputs.size(); from += batch) {
        append(log, inputs.subList(from, Math.min(inputs.size(), from + batch)));
      }
    }
  }

  /** Every durable record of {@link Input#STREAM}, as inputs, by partition. */
  static List<List<Input>> read(Log log) {
    int partitions = log.describeStream(Input.STREAM).partitions().size();
    long[] ends = new long[partitions];
    for (int p = 0; p < partitions; p++) {
      ends[p] = log.partition(Input.STREAM, p).durableEnd();
    }
    return read(log, ends);
  }

  /** The records of {@link Input#STREAM} before {@code ends[p]} in each partition, as inputs. */
  static List<List<Input>> read(Log log, long[] ends) {
    List<List<Input>> all = new ArrayList<>();
    for (int p = 0; p < ends.length; p++) {
      List<Input> inputs = new ArrayList<>();
      for (long offset = 0; offset < ends[p]; ) {
        ReadResult result = log.read(Input.STREAM, p, offset, READ_BYTES);
        assertThat(result.recordCount())
            .as("records at %d of partition %d", offset, p)
            .isPositive();
        for (LogRecord record : result.records()) {
          if (record.offset() < ends[p]) {
            inputs.add(input(record));
          }
        }
        offset = result.nextOffset();
      }
      all.add(inputs);
    }
    return all;
  }

  private static Input input(LogRecord record) {
    return new Input(
        record.partition(),
        record.offset(),
        record.eventTime(),
        Payload.parse(record.valueAsString()),
        null);
  }

  /** The total number of inputs. */
  static long count(List<List<Input>> partitions) {
    return partitions.stream().mapToLong(List::size).sum();
  }
}
