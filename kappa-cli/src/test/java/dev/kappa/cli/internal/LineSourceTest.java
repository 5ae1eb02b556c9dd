package dev.kappa.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineSourceTest {

  @Test
  void next_splitsOnNewlinesAndDropsCarriageReturns() throws IOException {
    assertThat(lines("a\nbb\r\n\nccc")).containsExactly("a", "bb", "", "ccc");
    assertThat(lines("a\n")).containsExactly("a");
    assertThat(lines("")).isEmpty();
    assertThat(lines("\n")).containsExactly("");
  }

  @Test
  void next_lineLongerThanTheBuffer_isReturnedWhole() throws IOException {
    String longLine = "x".repeat(200_000);

    assertThat(lines(longLine + "\nshort\n" + longLine))
        .containsExactly(longLine, "short", longLine);
  }

  @Test
  void next_inputArrivingInTinyReads_givesTheSameLines() throws IOException {
    byte[] input = "one\r\ntwo\nthree".getBytes(StandardCharsets.UTF_8);
    InputStream trickle =
        new ByteArrayInputStream(input) {
          @Override
          public synchronized int read(byte[] b, int off, int len) {
            return super.read(b, off, Math.min(len, 1));
          }
        };

    assertThat(collect(new LineSource(trickle))).containsExactly("one", "two", "three");
  }

  @Test
  void lineNumber_countsEveryLineIncludingEmptyOnes() throws IOException {
    LineSource source = new LineSource(new ByteArrayInputStream("a\n\nb\n".getBytes()));
    source.next();
    source.next();
    byte[] third = source.next();

    assertThat(new String(third, StandardCharsets.UTF_8)).isEqualTo("b");
    assertThat(source.lineNumber()).isEqualTo(3);
  }

  @Test
  void next_keepsBytesThatAreNotUtf8() throws IOException {
    byte[] input = {(byte) 0xff, 0, (byte) 0xc3, '\n', 'z'};
    LineSource source = new LineSource(new ByteArrayInputStream(input));

    assertThat(source.next()).isEqualTo(Arrays.copyOf(input, 3));
    assertThat(source.next()).isEqualTo(new byte[] {'z'});
    assertThat(source.next()).isNull();
  }

  private static List<String> lines(String input) throws IOException {
    return collect(
        new LineSource(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8))));
  }

  private static List<String> collect(LineSource source) throws IOException {
    List<String> out = new ArrayList<>();
    for (byte[] line = source.next(); line != null; line = source.next()) {
      out.add(new String(line, StandardCharsets.UTF_8));
    }
    return out;
  }
}
