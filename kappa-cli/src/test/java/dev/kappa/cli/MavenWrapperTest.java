package dev.kappa.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./mvnw} on a machine where the pinned Maven is not unpacked yet: it fetches it through the
 * {@code mvn} on the PATH (here a stand-in that packs a stub Maven), runs it, and leaves nothing in
 * the temporary directory.
 */
class MavenWrapperTest {

  @TempDir Path dir;

  @Test
  void firstRun_fetchesMaven_runsIt_andLeavesNoTemporaryDirectory() throws Exception {
    Path tmp = Files.createDirectories(dir.resolve("tmp"));
    Path bin = Files.createDirectories(dir.resolve("bin"));
    executable(
        bin.resolve("mvn"),
        """
        #!/usr/bin/env bash
        # Stands in for 'mvn dependency:copy': writes the Maven distribution archive, a stub.
        set -euo pipefail
        for arg in "$@"; do
          case "$arg" in -DoutputDirectory=*) out=${arg#-DoutputDirectory=} ;; esac
        done
        work=$(mktemp -d)
        mkdir -p "$work/apache-maven-3.9.11/bin"
        printf '#!/usr/bin/env bash\\necho "stub maven $*"\\n' > "$work/apache-maven-3.9.11/bin/mvn"
        chmod +x "$work/apache-maven-3.9.11/bin/mvn"
        tar -czf "$out/apache-maven-3.9.11-bin.tar.gz" -C "$work" apache-maven-3.9.11
        rm -rf "$work"
        """);
    ProcessBuilder wrapper =
        new ProcessBuilder(repositoryRoot().resolve("mvnw").toString(), "-v")
            .redirectErrorStream(true);
    wrapper.environment().put("PATH", bin + ":/usr/bin:/bin");
    wrapper.environment().put("TMPDIR", tmp.toString());
    wrapper.environment().put("MAVEN_USER_HOME", dir.resolve("m2").toString());
    wrapper.environment().put("JAVA_HOME", System.getProperty("java.home"));
    Process run = wrapper.start();
    String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(run.exitValue()).as(output).isZero();
    assertThat(output).contains("stub maven -v");
    assertThat(dir.resolve("m2/wrapper/dists/apache-maven-3.9.11/bin/mvn")).isExecutable();
    try (Stream<Path> left = Files.list(tmp)) {
      assertThat(left).as("left in TMPDIR").isEmpty();
    }
  }

  private static void executable(Path file, String text) throws IOException {
    Files.writeString(file, text);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private static Path repositoryRoot() {
    Path here = Path.of("").toAbsolutePath();
    while (!Files.exists(here.resolve("mvnw"))) {
      here = here.getParent();
    }
    return here;
  }
}
