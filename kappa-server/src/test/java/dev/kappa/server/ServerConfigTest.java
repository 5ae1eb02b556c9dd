package dev.kappa.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerConfigTest {

  @TempDir Path dir;

  @Test
  void builder_hasTheDocumentedDefaults() {
    ServerConfig config = ServerConfig.builder().dataDir(dir).build();
    assertThat(config.host()).isEqualTo("127.0.0.1");
    assertThat(config.port()).isEqualTo(8080);
    assertThat(config.maxBodyBytes()).isEqualTo(16L * 1024 * 1024);
    assertThat(config.maxRecordBytes()).isEqualTo(1024 * 1024);
    assertThat(config.maxEventsPerRequest()).isEqualTo(100_000);
    assertThat(config.jsonMaxNestingDepth()).isEqualTo(64);
    assertThat(config.jsonMaxStringLength()).isEqualTo(1024 * 1024);
    assertThat(config.jsonMaxNumberLength()).isEqualTo(1000);
    assertThat(config.idleTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.idempotencyWindow()).isEqualTo(Duration.ofHours(24));
    assertThat(config.idempotencyMaxEntries()).isEqualTo(1_000_000);
  }

  @Test
  void build_withoutDataDir_failsNamingIt() {
    assertThatThrownBy(() -> ServerConfig.builder().build())
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("dataDir");
  }

  @Test
  void hasDataDir_isTrueOnlyOnceADataDirIsSet() {
    ServerConfig.Builder builder = ServerConfig.builder().port(0);
    assertThat(builder.hasDataDir()).isFalse();
    assertThat(builder.dataDir(dir).hasDataDir()).isTrue();
    assertThat(ServerConfig.builder().set("data", dir.toString()).hasDataDir()).isTrue();
  }

  @Test
  void build_outOfRangeValues_failNamingTheSetting() {
    assertFails(ServerConfig.builder().dataDir(dir).port(70_000), "port");
    assertFails(ServerConfig.builder().dataDir(dir).maxBodyBytes(10), "maxBodyBytes");
    assertFails(ServerConfig.builder().dataDir(dir).maxRecordBytes(8), "maxRecordBytes");
    assertFails(ServerConfig.builder().dataDir(dir).maxEventsPerRequest(0), "maxEventsPerRequest");
    assertFails(ServerConfig.builder().dataDir(dir).jsonMaxNestingDepth(0), "json.maxNestingDepth");
    assertFails(ServerConfig.builder().dataDir(dir).idleTimeout(Duration.ZERO), "idleTimeout");
    assertFails(
        ServerConfig.builder().dataDir(dir).idempotencyWindow(Duration.ofSeconds(-1)),
        "idempotency.window");
    assertFails(
        ServerConfig.builder().dataDir(dir).idempotencyMaxEntries(0), "idempotency.maxEntries");
    assertFails(ServerConfig.builder().dataDir(dir).host(" "), "host");
  }

  private static void assertFails(ServerConfig.Builder builder, String setting) {
    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(setting);
  }

  @Test
  void load_properties_readsEveryKey() throws IOException {
    Path file = dir.resolve("kappa.properties");
    Files.writeString(
        file,
        """
        data=store
        host=0.0.0.0
        port=9090
        maxBodyBytes=8MiB
        maxRecordBytes=65536
        maxEventsPerRequest=500
        json.maxNestingDepth=32
        json.maxStringLength=1KiB
        json.maxNumberLength=50
        idleTimeout=PT5S
        idempotency.window=60000
        idempotency.maxEntries=10
        """);
    ServerConfig config = ServerConfig.load(file).build();
    assertThat(config.dataDir()).isEqualTo(dir.toAbsolutePath().resolve("store"));
    assertThat(config.host()).isEqualTo("0.0.0.0");
    assertThat(config.port()).isEqualTo(9090);
    assertThat(config.maxBodyBytes()).isEqualTo(8L << 20);
    assertThat(config.maxRecordBytes()).isEqualTo(65_536);
    assertThat(config.maxEventsPerRequest()).isEqualTo(500);
    assertThat(config.jsonMaxNestingDepth()).isEqualTo(32);
    assertThat(config.jsonMaxStringLength()).isEqualTo(1024);
    assertThat(config.jsonMaxNumberLength()).isEqualTo(50);
    assertThat(config.idleTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.idempotencyWindow()).isEqualTo(Duration.ofMinutes(1));
    assertThat(config.idempotencyMaxEntries()).isEqualTo(10);
  }

  @Test
  void load_yaml_joinsNestedKeysWithDots_andFlagsOverrideIt() throws IOException {
    Path file = dir.resolve("kappa.yaml");
    Files.writeString(
        file,
        """
        data: /var/lib/kappa
        port: 7000
        json:
          maxNestingDepth: 16
        idempotency:
          window: PT2H
          maxEntries: 5000
        """);
    ServerConfig config = ServerConfig.load(file).port(7001).set("idleTimeout", "1500").build();
    assertThat(config.dataDir()).isEqualTo(Path.of("/var/lib/kappa"));
    assertThat(config.port()).isEqualTo(7001);
    assertThat(config.jsonMaxNestingDepth()).isEqualTo(16);
    assertThat(config.idempotencyWindow()).isEqualTo(Duration.ofHours(2));
    assertThat(config.idempotencyMaxEntries()).isEqualTo(5000);
    assertThat(config.idleTimeout()).isEqualTo(Duration.ofMillis(1500));
  }

  @Test
  void load_unknownKey_failsNamingItAndTheKnownKeys() throws IOException {
    Path file = dir.resolve("kappa.properties");
    Files.writeString(file, "data=x\nmaxBodyByte=1\n");
    assertThatThrownBy(() -> ServerConfig.load(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxBodyByte")
        .hasMessageContaining("maxBodyBytes")
        .hasMessageContaining(file.toString());
  }

  @Test
  void load_badValues_failNamingTheKey() throws IOException {
    Path file = dir.resolve("kappa.yml");
    Files.writeString(file, "idleTimeout: soon\n");
    assertThatThrownBy(() -> ServerConfig.load(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("idleTimeout")
        .hasMessageContaining("soon");
    Files.writeString(file, "maxBodyBytes: 12 parsecs\n");
    assertThatThrownBy(() -> ServerConfig.load(file)).hasMessageContaining("maxBodyBytes");
    Files.writeString(file, "port: [1, 2]\n");
    assertThatThrownBy(() -> ServerConfig.load(file)).hasMessageContaining("port");
  }

  @Test
  void load_otherExtensions_areRefused() throws IOException {
    Path file = dir.resolve("kappa.toml");
    Files.writeString(file, "port = 1\n");
    assertThatThrownBy(() -> ServerConfig.load(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(".yaml");
  }

  @Test
  void everyDocumentedKey_canBeSet() {
    ServerConfig.Builder builder = ServerConfig.builder();
    for (String key : ServerConfig.KEYS.keySet()) {
      String value =
          switch (key) {
            case "data" -> dir.toString();
            case "host" -> "localhost";
            case "idleTimeout", "idempotency.window" -> "PT1S";
            case "maxBodyBytes", "maxRecordBytes", "json.maxStringLength" -> "4KiB";
            case "views.dir", "views.jars" -> dir.resolve("views").toString();
            case "views.examples", "views.autoCutover" -> "true";
            case "views.retiredGrace" -> "PT1H";
            default -> "7";
          };
      builder.set(key, value);
    }
    ServerConfig config = builder.build();
    assertThat(config.port()).isEqualTo(7);
    assertThat(config.jsonMaxNestingDepth()).isEqualTo(7);
    assertThat(config.maxRecordBytes()).isEqualTo(4096);
    assertThat(config.views())
        .isEqualTo(
            new ViewSettings(
                dir.resolve("views"),
                List.of(dir.resolve("views")),
                true,
                7,
                new ViewSettings.Deploy(true, 7, java.time.Duration.ofHours(1))));
  }

  @Test
  void load_viewKeys_resolvePathsAgainstTheFile_andFlagsReplaceTheJarList() throws IOException {
    Path file = dir.resolve("kappa.yaml");
    Files.writeString(
        file,
        """
        data: store
        views:
          dir: plugins
          jars: a.jar, /opt/b.jar
          examples: true
          threads: 3
        """);
    ServerConfig config = ServerConfig.load(file).build();
    Path base = dir.toAbsolutePath();
    assertThat(config.views())
        .isEqualTo(
            new ViewSettings(
                base.resolve("plugins"),
                List.of(base.resolve("a.jar"), Path.of("/opt/b.jar")),
                true,
                3));
    ServerConfig flags = ServerConfig.load(file).set("views.jars", "c.jar").build();
    assertThat(flags.views().jars()).containsExactly(Path.of("c.jar"));
  }

  @Test
  void viewSettings_badValues_failNamingTheKey() {
    assertThatThrownBy(() -> ServerConfig.builder().set("views.examples", "yes"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("views.examples")
        .hasMessageContaining("yes");
    assertThatThrownBy(() -> ServerConfig.builder().set("views.threads", "0"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("views.threads");
  }

  @Test
  void viewSettings_default_toNoJarsNoExamples_andTheViewsDirectoryInTheData() {
    ServerConfig config = ServerConfig.builder().dataDir(dir).build();
    assertThat(config.views()).isEqualTo(ViewSettings.DEFAULTS);
    assertThat(config.views().directoryIn(dir)).isEqualTo(dir.resolve("views.d"));
  }

  @Test
  void toBuilder_roundTrips() {
    ServerConfig config =
        ServerConfig.builder().dataDir(dir).port(1234).maxEventsPerRequest(9).build();
    assertThat(config.toBuilder().build()).isEqualTo(config);
  }
}
