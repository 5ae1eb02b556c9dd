package dev.kappa.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kappa.engine.ViewProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * View providers in jars: named with {@code views.jars} or dropped into the views directory, each
 * loaded through its own class loader and its own service file; and every way loading them fails,
 * each stopping the server's start with a message naming the jar or provider.
 */
class ViewJarsTest {

  @TempDir Path dir;

  @Test
  void namedJar_providerListedOnlyInTheJar_runsItsViewAndServesItsState() {
    Path jar = jar("values.jar", JarViewProvider.class, true);
    try (TestServer server = TestServer.start(dir, b -> b.views(jars(jar)))) {
      JsonNode status = server.get("/views/jar-values/versions/1").json();
      assertThat(status.get("origin").asText())
          .isEqualTo("jar " + jar + " (provider " + JarViewProvider.class.getName() + ")");
      assertThat(status.get("state").asText()).isEqualTo("WAITING");

      server.schemalessStream(JarViewProvider.STREAM, 2);
      String body = "1\n2\n2\n3\n3\n3\n";
      assertThat(server.post("/streams/jar-input/events", "application/x-ndjson", body).status())
          .isEqualTo(200);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  server.get("/views/jar-values/versions/1").json().get("processed").asLong() == 6);
      JsonNode state = server.get("/views/jar-values/state?key=3").json();
      assertThat(state.at("/results/0/value").asLong()).isEqualTo(3);
      JsonNode scan = server.get("/views/jar-values/state").json();
      assertThat(scan.get("results"))
          .extracting(r -> r.get("key").asText() + "=" + r.get("value").asLong())
          .containsExactly("1=1", "2=2", "3=3");
    }
  }

  @Test
  void viewsDirectory_inTheDataDirectory_isLoadedByDefault() throws IOException {
    Path views = Files.createDirectories(dir.resolve("data").resolve("views.d"));
    Path jar = jar("values.jar", JarViewProvider.class, true);
    Files.move(jar, views.resolve("values.jar"));
    Files.writeString(views.resolve("README.txt"), "not a jar, ignored");
    try (TestServer server = TestServer.start(dir)) {
      assertThat(server.get("/views/jar-values").status()).isEqualTo(200);
    }
  }

  @Test
  void missingJar_failsTheStartNamingIt_andReleasesTheDataDirectory() {
    Path missing = dir.resolve("nowhere.jar");
    assertThatThrownBy(() -> TestServer.start(dir, b -> b.views(jars(missing))))
        .isInstanceOf(ViewLoadException.class)
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("does not exist");
    try (TestServer server = TestServer.start(dir)) {
      assertThat(server.serves()).isTrue();
    }
  }

  @Test
  void configuredViewsDirectory_thatDoesNotExist_failsTheStart() {
    Path missing = dir.resolve("plugins");
    assertThatThrownBy(
            () ->
                TestServer.start(dir, b -> b.views(new ViewSettings(missing, List.of(), false, 1))))
        .isInstanceOf(ViewLoadException.class)
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("views.dir");
  }

  @Test
  void jarWithoutAServiceFile_failsTheStartSayingWhereToListTheProvider() {
    Path jar = jar("bare.jar", JarViewProvider.class, false);
    assertThatThrownBy(() -> TestServer.start(dir, b -> b.views(jars(jar))))
        .isInstanceOf(ViewLoadException.class)
        .hasMessageContaining(jar.toString())
        .hasMessageContaining("META-INF/services/dev.kappa.engine.ViewProvider");
  }

  @Test
  void fileThatIsNotAJar_failsTheStart() throws IOException {
    Path notJar = Files.writeString(dir.resolve("text.jar"), "plain text");
    assertThatThrownBy(() -> TestServer.start(dir, b -> b.views(jars(notJar))))
        .isInstanceOf(ViewLoadException.class)
        .hasMessageContaining("is not a readable jar");
  }

  @Test
  void providerThatThrows_failsTheStartNamingTheProviderAndItsJar() {
    Path jar = jar("throws.jar", ThrowingViewProvider.class, true);
    assertThatThrownBy(() -> TestServer.start(dir, b -> b.views(jars(jar))))
        .isInstanceOf(ViewLoadException.class)
        .hasMessageContaining(ThrowingViewProvider.class.getName())
        .hasMessageContaining(jar.toString())
        .hasMessageContaining("no views today");
    try (TestServer server = TestServer.start(dir)) {
      assertThat(server.serves()).isTrue();
    }
  }

  @Test
  void twoViewsWithOneNameAndVersion_failTheStartNamingBothOrigins() {
    Path jar = jar("clash.jar", ClashingViewProvider.class, true);
    assertThatThrownBy(() -> TestServer.start(dir, b -> b.views(jars(jar))))
        .isInstanceOf(ViewLoadException.class)
        .hasMessageContaining("two views are test-waiting@1")
        .hasMessageContaining(TestViewProvider.class.getName())
        .hasMessageContaining(ClashingViewProvider.class.getName());
  }

  private static ViewSettings jars(Path... jars) {
    return new ViewSettings(null, List.of(jars), false, 1);
  }

  /**
   * A jar in the test directory holding {@code provider}'s compiled class and, if {@code listed}, a
   * service file naming it.
   */
  private Path jar(String name, Class<? extends ViewProvider> provider, boolean listed) {
    Path jar = dir.resolve(name);
    String classFile = provider.getName().replace('.', '/') + ".class";
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file);
        InputStream bytes = provider.getClassLoader().getResourceAsStream(classFile)) {
      out.putNextEntry(new JarEntry(classFile));
      bytes.transferTo(out);
      out.closeEntry();
      if (listed) {
        out.putNextEntry(new JarEntry("META-INF/services/" + ViewProvider.class.getName()));
        out.write((provider.getName() + "\n").getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return jar;
  }
}
