package dev.kappa.server;

import dev.kappa.server.internal.config.ConfigFiles;
import dev.kappa.server.internal.config.ConfigValues;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * Settings of a {@link KappaServer}. Build with {@link #builder()} or {@link #load(Path)}; every
 * setting but the data directory has a default, and {@link Builder#build()} fails fast, naming the
 * setting, when a value is out of range.
 *
 * <p>In a configuration file (a {@code .properties} file, or YAML where nested maps join their keys
 * with dots) the settings are named by {@link #KEYS}: {@code data}, {@code host}, {@code port},
 * {@code maxBodyBytes}, {@code maxRecordBytes}, {@code maxEventsPerRequest}, {@code
 * json.maxNestingDepth}, {@code json.maxStringLength}, {@code json.maxNumberLength}, {@code
 * idleTimeout}, {@code idempotency.window} and {@code idempotency.maxEntries}. Sizes are bytes,
 * optionally with a {@code KiB}, {@code MiB} or {@code GiB} suffix; durations are ISO-8601 ({@code
 * PT30S}) or milliseconds. Unknown keys are rejected, so a typo cannot silently leave a default in
 * force. The views a server runs are set by the {@code views.*} keys of {@link ViewSettings}.
 *
 * @param dataDir the log's data directory; created if missing
 * @param host the address to listen on; default {@code 127.0.0.1}
 * @param port the port to listen on, 0 for any free port; default 8080
 * @param maxBodyBytes the largest request body accepted; larger ones get 413 without being read
 *     whole; default 16 MiB
 * @param maxRecordBytes the largest encoded record the log accepts; default 1 MiB
 * @param maxEventsPerRequest the most events one ingest request may hold; more are refused whole
 *     with 413 {@code too_many_events}; default 100,000
 * @param jsonMaxNestingDepth how deeply JSON input may nest; default 64
 * @param jsonMaxStringLength the longest JSON string accepted, in characters; default 1 MiB
 * @param jsonMaxNumberLength the longest JSON number accepted, in characters; default 1000
 * @param idleTimeout how long a connection may stay silent, such as a client that stalls while
 *     sending its body, before it is closed; default 30 s
 * @param idempotencyWindow how long event ids and {@code Idempotency-Key}s are remembered; default
 *     24 h
 * @param idempotencyMaxEntries the most ids remembered per stream; default 1,000,000
 * @param clock the source of the time; the log's append times come from it too
 * @param views which views run in the server
 * @param queries the caps on on-demand queries ({@code queries.*} keys of {@link QuerySettings})
 */
public record ServerConfig(
    Path dataDir,
    String host,
    int port,
    long maxBodyBytes,
    int maxRecordBytes,
    int maxEventsPerRequest,
    int jsonMaxNestingDepth,
    int jsonMaxStringLength,
    int jsonMaxNumberLength,
    Duration idleTimeout,
    Duration idempotencyWindow,
    int idempotencyMaxEntries,
    Clock clock,
    ViewSettings views,
    QuerySettings queries) {

  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 8080;
  public static final long DEFAULT_MAX_BODY_BYTES = 16L << 20;
  public static final int DEFAULT_MAX_RECORD_BYTES = 1 << 20;
  public static final int DEFAULT_MAX_EVENTS_PER_REQUEST = 100_000;
  public static final int DEFAULT_JSON_MAX_NESTING_DEPTH = 64;
  public static final int DEFAULT_JSON_MAX_STRING_LENGTH = 1 << 20;
  public static final int DEFAULT_JSON_MAX_NUMBER_LENGTH = 1000;
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);
  public static final Duration DEFAULT_IDEMPOTENCY_WINDOW = Duration.ofHours(24);
  public static final int DEFAULT_IDEMPOTENCY_MAX_ENTRIES = 1_000_000;

  /** The largest body limit: bodies are held in memory while they are validated. */
  public static final long MAX_BODY_BYTES_LIMIT = 1L << 30;

  /** Every key a configuration file may use, sorted, with what sets it. */
  public static final SortedMap<String, String> KEYS = describeKeys();

  public ServerConfig {
    Objects.requireNonNull(dataDir, "dataDir is required: where the log keeps its data");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    Objects.requireNonNull(idempotencyWindow, "idempotencyWindow");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(views, "views");
    Objects.requireNonNull(queries, "queries");
    if (host.isBlank()) {
      throw new IllegalArgumentException("host must not be blank");
    }
    ConfigValues.checkRange("port", port, 0, 65_535);
    ConfigValues.checkRange("maxBodyBytes", maxBodyBytes, 1024, MAX_BODY_BYTES_LIMIT);
    ConfigValues.checkRange("maxRecordBytes", maxRecordBytes, 16, MAX_BODY_BYTES_LIMIT);
    ConfigValues.checkRange("maxEventsPerRequest", maxEventsPerRequest, 1, 10_000_000);
    ConfigValues.checkRange("json.maxNestingDepth", jsonMaxNestingDepth, 1, 10_000);
    ConfigValues.checkRange("json.maxStringLength", jsonMaxStringLength, 1, Integer.MAX_VALUE);
    ConfigValues.checkRange("json.maxNumberLength", jsonMaxNumberLength, 1, 100_000);
    ConfigValues.checkPositive("idleTimeout", idleTimeout);
    ConfigValues.checkPositive("idempotency.window", idempotencyWindow);
    ConfigValues.checkRange("idempotency.maxEntries", idempotencyMaxEntries, 1, Integer.MAX_VALUE);
  }

  /** A builder with every default set and no data directory. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder holding the defaults overridden by the settings in {@code file}, ready for command
   * line flags to override in turn. A relative {@code data} path is resolved against the file's
   * directory.
   *
   * @throws IllegalArgumentException if the file is unreadable, malformed, has an unknown key or a
   *     value that does not parse, naming the file and the key
   */
  public static Builder load(Path file) {
    Map<String, String> values = ConfigFiles.read(file);
    Builder builder = new Builder();
    Path base = file.toAbsolutePath().getParent();
    values.forEach(
        (key, value) -> {
          try {
            if (key.equals("data")) {
              builder.dataDir(base.resolve(value.trim()));
            } else if (ViewSettings.KEYS.containsKey(key)) {
              builder.views(builder.views.with(key, value, base));
            } else {
              builder.set(key, value);
            }
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
          }
        });
    return builder;
  }

  /** A builder holding this configuration's values. */
  public Builder toBuilder() {
    return new Builder()
        .dataDir(dataDir)
        .host(host)
        .port(port)
        .maxBodyBytes(maxBodyBytes)
        .maxRecordBytes(maxRecordBytes)
        .maxEventsPerRequest(maxEventsPerRequest)
        .jsonMaxNestingDepth(jsonMaxNestingDepth)
        .jsonMaxStringLength(jsonMaxStringLength)
        .jsonMaxNumberLength(jsonMaxNumberLength)
        .idleTimeout(idleTimeout)
        .idempotencyWindow(idempotencyWindow)
        .idempotencyMaxEntries(idempotencyMaxEntries)
        .clock(clock)
        .views(views)
        .queries(queries);
  }

  private static SortedMap<String, String> describeKeys() {
    SortedMap<String, String> keys = new TreeMap<>();
    keys.put("data", "the data directory");
    keys.put("host", "the address to listen on");
    keys.put("port", "the port to listen on, 0 for any free port");
    keys.put("maxBodyBytes", "the largest request body accepted");
    keys.put("maxRecordBytes", "the largest encoded record accepted");
    keys.put("maxEventsPerRequest", "the most events one ingest request may hold");
    keys.put("json.maxNestingDepth", "how deeply JSON input may nest");
    keys.put("json.maxStringLength", "the longest JSON string accepted");
    keys.put("json.maxNumberLength", "the longest JSON number accepted");
    keys.put("idleTimeout", "how long a silent connection is kept open");
    keys.put("idempotency.window", "how long event ids are remembered");
    keys.put("idempotency.maxEntries", "the most event ids remembered per stream");
    keys.putAll(ViewSettings.KEYS);
    keys.putAll(QuerySettings.KEYS);
    return java.util.Collections.unmodifiableSortedMap(keys);
  }

  /**
   * Collects settings; nothing is checked until {@link #build()}, so flags may override file values
   * in any order. Not thread-safe.
   */
  public static final class Builder {

    private static final Map<String, BiConsumer<Builder, String>> SETTERS =
        Map.ofEntries(
            Map.entry("data", (b, v) -> b.dataDir(Path.of(v.trim()))),
            Map.entry("host", (b, v) -> b.host(v.trim())),
            Map.entry("port", (b, v) -> b.port(ConfigValues.integer("port", v))),
            Map.entry(
                "maxBodyBytes", (b, v) -> b.maxBodyBytes(ConfigValues.size("maxBodyBytes", v))),
            Map.entry(
                "maxRecordBytes",
                (b, v) -> b.maxRecordBytes(ConfigValues.intSize("maxRecordBytes", v))),
            Map.entry(
                "maxEventsPerRequest",
                (b, v) -> b.maxEventsPerRequest(ConfigValues.integer("maxEventsPerRequest", v))),
            Map.entry(
                "json.maxNestingDepth",
                (b, v) -> b.jsonMaxNestingDepth(ConfigValues.integer("json.maxNestingDepth", v))),
            Map.entry(
                "json.maxStringLength",
                (b, v) -> b.jsonMaxStringLength(ConfigValues.intSize("json.maxStringLength", v))),
            Map.entry(
                "json.maxNumberLength",
                (b, v) -> b.jsonMaxNumberLength(ConfigValues.integer("json.maxNumberLength", v))),
            Map.entry(
                "idleTimeout", (b, v) -> b.idleTimeout(ConfigValues.duration("idleTimeout", v))),
            Map.entry(
                "idempotency.window",
                (b, v) -> b.idempotencyWindow(ConfigValues.duration("idempotency.window", v))),
            Map.entry(
                "idempotency.maxEntries",
                (b, v) ->
                    b.idempotencyMaxEntries(ConfigValues.integer("idempotency.maxEntries", v))));

    private Path dataDir;
    private String host = DEFAULT_HOST;
    private int port = DEFAULT_PORT;
    private long maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
    private int maxRecordBytes = DEFAULT_MAX_RECORD_BYTES;
    private int maxEventsPerRequest = DEFAULT_MAX_EVENTS_PER_REQUEST;
    private int jsonMaxNestingDepth = DEFAULT_JSON_MAX_NESTING_DEPTH;
    private int jsonMaxStringLength = DEFAULT_JSON_MAX_STRING_LENGTH;
    private int jsonMaxNumberLength = DEFAULT_JSON_MAX_NUMBER_LENGTH;
    private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
    private Duration idempotencyWindow = DEFAULT_IDEMPOTENCY_WINDOW;
    private int idempotencyMaxEntries = DEFAULT_IDEMPOTENCY_MAX_ENTRIES;
    private Clock clock = Clock.systemUTC();
    private ViewSettings views = ViewSettings.DEFAULTS;
    private QuerySettings queries = QuerySettings.DEFAULTS;

    private Builder() {}

    /**
     * Sets the setting a configuration key names from its text, as a {@code --set key=value} flag
     * would. A relative {@code data} path is resolved against the working directory.
     *
     * @throws IllegalArgumentException if the key is unknown or the value does not parse
     */
    public Builder set(String key, String value) {
      if (ViewSettings.KEYS.containsKey(key) && value != null) {
        return views(views.with(key, value, null));
      }
      if (QuerySettings.KEYS.containsKey(key) && value != null) {
        return queries(queries.with(key, value));
      }
      BiConsumer<Builder, String> setter = SETTERS.get(key);
      if (setter == null) {
        throw new IllegalArgumentException(
            "unknown setting '" + key + "'; known settings: " + String.join(", ", KEYS.keySet()));
      }
      if (value == null) {
        throw new IllegalArgumentException("setting '" + key + "' has no value");
      }
      setter.accept(this, value);
      return this;
    }

    public Builder dataDir(Path dataDir) {
      this.dataDir = dataDir;
      return this;
    }

    /** Whether a data directory was set, the one setting {@link #build()} cannot default. */
    public boolean hasDataDir() {
      return dataDir != null;
    }

    public Builder host(String host) {
      this.host = host;
      return this;
    }

    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public Builder maxBodyBytes(long maxBodyBytes) {
      this.maxBodyBytes = maxBodyBytes;
      return this;
    }

    public Builder maxRecordBytes(int maxRecordBytes) {
      this.maxRecordBytes = maxRecordBytes;
      return this;
    }

    public Builder maxEventsPerRequest(int maxEventsPerRequest) {
      this.maxEventsPerRequest = maxEventsPerRequest;
      return this;
    }

    public Builder jsonMaxNestingDepth(int jsonMaxNestingDepth) {
      this.jsonMaxNestingDepth = jsonMaxNestingDepth;
      return this;
    }

    public Builder jsonMaxStringLength(int jsonMaxStringLength) {
      this.jsonMaxStringLength = jsonMaxStringLength;
      return this;
    }

    public Builder jsonMaxNumberLength(int jsonMaxNumberLength) {
      this.jsonMaxNumberLength = jsonMaxNumberLength;
      return this;
    }

    public Builder idleTimeout(Duration idleTimeout) {
      this.idleTimeout = idleTimeout;
      return this;
    }

    public Builder idempotencyWindow(Duration idempotencyWindow) {
      this.idempotencyWindow = idempotencyWindow;
      return this;
    }

    public Builder idempotencyMaxEntries(int idempotencyMaxEntries) {
      this.idempotencyMaxEntries = idempotencyMaxEntries;
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    public Builder views(ViewSettings views) {
      this.views = views;
      return this;
    }

    public Builder queries(QuerySettings queries) {
      this.queries = queries;
      return this;
    }

    /** The view settings so far, to change one of them. */
    public ViewSettings views() {
      return views;
    }

    /**
     * @throws NullPointerException if no data directory was set
     * @throws IllegalArgumentException naming the first setting that is out of range
     */
    public ServerConfig build() {
      return new ServerConfig(
          dataDir,
          host,
          port,
          maxBodyBytes,
          maxRecordBytes,
          maxEventsPerRequest,
          jsonMaxNestingDepth,
          jsonMaxStringLength,
          jsonMaxNumberLength,
          idleTimeout,
          idempotencyWindow,
          idempotencyMaxEntries,
          clock,
          views,
          queries);
    }
  }
}
