package dev.kappa.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's Java example runs, and the README shows exactly the code run here. */
class ReadmeExampleTest {

  @TempDir Path dir;

  private static final String EXAMPLE =
      """
      try (Log log = EmbeddedLog.open(Path.of("data"))) {
        log.createStream(StreamConfig.of("clicks", 4));
        AppendResult acked = log.append("clicks", 0, List.of(NewRecord.ofUtf8("{\\"page\\":\\"/\\"}"))).join();
        ReadResult records = log.read("clicks", 0, 0, 1 << 20);
        records.forEach(r -> System.out.println(r.offset() + " " + StandardCharsets.UTF_8.decode(r.value())));
      }
      """;

  @Test
  void readme_showsTheExampleThatRunsHere() throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"));
    assertThat(readme).contains("```java\n" + EXAMPLE + "```");
  }

  @Test
  void example_appendsAndReadsBack() {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8);
    // The example's body, with "data" replaced by a temporary directory and System.out by a
    // capture.
    try (Log log = EmbeddedLog.open(dir.resolve("data"))) {
      log.createStream(StreamConfig.of("clicks", 4));
      AppendResult acked =
          log.append("clicks", 0, List.of(NewRecord.ofUtf8("{\"page\":\"/\"}"))).join();
      ReadResult records = log.read("clicks", 0, 0, 1 << 20);
      records.forEach(
          r -> out.println(r.offset() + " " + StandardCharsets.UTF_8.decode(r.value())));
      assertThat(acked.baseOffset()).isZero();
    }
    assertThat(captured.toString(StandardCharsets.UTF_8)).isEqualTo("0 {\"page\":\"/\"}\n");
  }
}
