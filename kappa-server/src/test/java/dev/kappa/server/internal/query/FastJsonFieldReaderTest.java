package dev.kappa.server.internal.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kappa.log.LogRecord;
import dev.kappa.log.RecordView;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The byte scanner reads the same fields as the Jackson-based reader, for random events with
 * nesting, arrays, escapes, odd spacing and odd numbers; the seed is printed on failure.
 */
class FastJsonFieldReaderTest {

  private static final List<String> PATHS = List.of("a", "geo.city", "n", "geo", "s.t.u");

  @Test
  void readsWhatTheFullParserReads_forRandomEvents() {
    long seed = new Random().nextLong();
    Random random = new Random(seed);
    FastJsonFieldReader fast = new FastJsonFieldReader(PATHS);
    JsonFieldReader full = new JsonFieldReader(PATHS);
    for (int i = 0; i < 20_000; i++) {
      String json = object(random, 0);
      RecordView record = record(json);
      assertThat(Arrays.asList(fast.read(record)))
          .as("seed %d, event %s", seed, json)
          .isEqualTo(Arrays.asList(full.read(record)));
    }
  }

  @Test
  void aValueThatIsNotAnObject_failsAsTheFullParserDoes() {
    FastJsonFieldReader fast = new FastJsonFieldReader(PATHS);
    assertThatThrownBy(() -> fast.read(record("[1,2]"))).isInstanceOf(RuntimeException.class);
    assertThatThrownBy(() -> fast.read(record("not json"))).isInstanceOf(RuntimeException.class);
  }

  private static String object(Random r, int depth) {
    StringBuilder s = new StringBuilder("{");
    int members = r.nextInt(5);
    for (int m = 0; m < members; m++) {
      s.append(m == 0 ? "" : ",").append(space(r)).append('"').append(key(r)).append('"');
      s.append(space(r)).append(':').append(space(r)).append(value(r, depth));
    }
    return s.append(space(r)).append('}').toString();
  }

  private static String key(Random r) {
    String[] keys = {"a", "geo", "city", "n", "s", "t", "u", "x", "a\\u0062", "é"};
    return keys[r.nextInt(keys.length)];
  }

  private static String value(Random r, int depth) {
    return switch (r.nextInt(depth < 3 ? 9 : 7)) {
      case 0 -> "\"v" + r.nextInt(5) + "\"";
      case 1 -> "\"q\\\"x\\\\" + r.nextInt(3) + "\"";
      case 2 -> Integer.toString(r.nextInt(2000) - 1000);
      case 3 -> r.nextInt(100) + "." + r.nextInt(100);
      case 4 -> r.nextBoolean() ? "1.5e3" : "-0.25E-2";
      case 5 -> r.nextBoolean() ? "true" : r.nextBoolean() ? "false" : "null";
      case 6 -> "\"ünï " + r.nextInt(3) + "\"";
      case 7 -> "[" + value(r, depth + 1) + "," + object(r, depth + 1) + "]";
      default -> object(r, depth + 1);
    };
  }

  private static String space(Random r) {
    return r.nextInt(4) == 0 ? " \n\t" : "";
  }

  private static RecordView record(String json) {
    return RecordView.of(
        new LogRecord(0, 0, 0, 0, null, json.getBytes(StandardCharsets.UTF_8), List.of()));
  }
}
