package dev.kappa.engine;

import dev.kappa.engine.internal.DefinitionFingerprint;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A named, versioned computation over streams: sources, stateless steps, a key, an optional
 * event-time window and an aggregation. Its state is one result per key and window.
 *
 * <pre>{@code
 * View<String, Long> pageViews =
 *     View.named("page-views").version(1)
 *         .from("clicks", Decoders.json())
 *         .keyBy(click -> click.get("page").asText(), Serdes.string())
 *         .window(WindowSpec.tumbling(Duration.ofMinutes(1)))
 *         .aggregate(Aggregations.count());
 * }</pre>
 *
 * <p>A new {@link #version()} is a new computation with its own state, rebuilt from the log. Views
 * are immutable and thread-safe if their functions are.
 *
 * <p><b>Definition identity:</b> {@link #fingerprint()} hashes everything that defines the
 * computation: name, version, options, source streams and decoders, steps, join, key function and
 * serde, window, and the aggregation or processor with its parameters. A function counts by the
 * bytecode of the class that defines it (a lambda's enclosing class) and by the values it captures.
 * The same code gives the same fingerprint in every run, so a deployed version whose fingerprint
 * has changed is a different computation under an old version number; the server refuses it and it
 * needs a new version. See {@code docs/views.md}, "Definition identity", for the exact rules and
 * what they cannot see.
 *
 * @param <K> the key type
 * @param <R> the result type
 */
public final class View<K, R> {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");

  private final String name;
  private final int version;
  private final ViewOptions options;
  private final List<Source> sources;
  private final Join join;
  private final List<Step> postSteps;
  private final Function<Object, Object> key;
  private final Serde<K> keySerde;
  private final WindowSpec window;
  private final Aggregation<Object, Object, R> aggregation;
  private final ProcessorSpec processor;

  /** Guards the one computation of {@link #fingerprint}, which reads class files. */
  private final Object fingerprintLock = new Object();

  /** Null until {@link #fingerprint()} is first called. */
  private volatile String fingerprint;

  private View(
      Builder builder,
      Upstream upstream,
      Function<Object, Object> key,
      Serde<K> keySerde,
      WindowSpec window,
      Aggregation<Object, Object, R> aggregation,
      ProcessorSpec processor) {
    this.name = builder.name;
    this.version = builder.version;
    this.options = builder.options();
    this.sources = upstream.sources();
    this.join = upstream.join();
    this.postSteps = upstream.postSteps();
    if (join != null && processor != null) {
      throw new IllegalArgumentException("a view cannot both join and use a processor");
    }
    this.key = key;
    this.keySerde = keySerde;
    this.window = window;
    this.aggregation = aggregation;
    this.processor = processor;
  }

  /**
   * Starts a view definition.
   *
   * @param name letters, digits, {@code .}, {@code _} and {@code -}, starting with a letter or
   *     digit, at most 200 characters
   */
  public static Builder named(String name) {
    Objects.requireNonNull(name, "name");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "invalid view name '"
              + name
              + "': use letters, digits, '.', '_' and '-', start with a letter or digit, at most"
              + " 200 characters");
    }
    return new Builder(name);
  }

  public String name() {
    return name;
  }

  public int version() {
    return version;
  }

  /** {@code name@version}, the identity of this computation's state. */
  public String id() {
    return name + "@" + version;
  }

  public ViewOptions options() {
    return options;
  }

  public List<Source> sources() {
    return sources;
  }

  /** The join between the left and right sources, or empty. */
  public Optional<Join> join() {
    return Optional.ofNullable(join);
  }

  /** The steps after the join (empty without a join). */
  public List<Step> postSteps() {
    return postSteps;
  }

  /** The key function, with erased types. */
  public Function<Object, Object> key() {
    return key;
  }

  public Serde<K> keySerde() {
    return keySerde;
  }

  /** The window, or empty for one result per key over all time. */
  public Optional<WindowSpec> window() {
    return Optional.ofNullable(window);
  }

  /**
   * The aggregation, with erased input and accumulator types. For a {@linkplain #processor()
   * processor} view, an adapter whose accumulator is the processor's state, so state reads work
   * alike.
   */
  public Aggregation<Object, Object, R> aggregation() {
    return aggregation;
  }

  /** The processor of a view built with {@link KeyedStream#process}, or empty. */
  public Optional<ProcessorSpec> processor() {
    return Optional.ofNullable(processor);
  }

  /**
   * The identity of this definition: a lowercase hex SHA-256 that is equal for equal definitions in
   * any run of the same code and changes when the name, version, options, a source stream, the
   * window, the key serde, the join, the aggregation or its parameters, or the code or captured
   * values of any function change. Computed once, on first call, and cached; thread-safe.
   */
  public String fingerprint() {
    String computed = fingerprint;
    if (computed == null) {
      synchronized (fingerprintLock) {
        computed = fingerprint;
        if (computed == null) {
          computed = DefinitionFingerprint.of(parts());
          fingerprint = computed;
        }
      }
    }
    return computed;
  }

  /** The definition's parts, in a fixed order and by name, as the fingerprint reads them. */
  private LinkedHashMap<String, Object> parts() {
    LinkedHashMap<String, Object> parts = new LinkedHashMap<>();
    parts.put("name", name);
    parts.put("version", version);
    parts.put("options", options);
    parts.put("sources", sources);
    parts.put("join", join);
    parts.put("postSteps", postSteps);
    parts.put("key", key);
    parts.put("keySerde", keySerde);
    parts.put("window", window);
    parts.put("aggregation", aggregation);
    parts.put("processor", processor);
    return parts;
  }

  @Override
  public String toString() {
    return "View[" + id() + ", sources=" + sources.stream().map(Source::stream).toList() + "]";
  }

  /** Collects a view's name, version and options, then its sources. Not thread-safe. */
  public static final class Builder {

    private final String name;
    private int version = 1;
    private Duration allowedLateness = ViewOptions.DEFAULTS.allowedLateness();
    private Duration closedWindowRetention = ViewOptions.DEFAULTS.closedWindowRetention();
    private ViewOptions.ErrorPolicy onError = ViewOptions.DEFAULTS.onError();

    private Builder(String name) {
      this.name = name;
    }

    /** The code version, 1 or more (default 1). */
    public Builder version(int version) {
      if (version < 1) {
        throw new IllegalArgumentException("view version must be at least 1, was " + version);
      }
      this.version = version;
      return this;
    }

    public Builder allowedLateness(Duration lateness) {
      this.allowedLateness = Objects.requireNonNull(lateness, "lateness");
      return this;
    }

    /** How long closed windows are kept; forever by default. */
    public Builder closedWindowRetention(Duration retention) {
      this.closedWindowRetention = Objects.requireNonNull(retention, "retention");
      return this;
    }

    public Builder onError(ViewOptions.ErrorPolicy policy) {
      this.onError = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** The records of {@code stream}, decoded. */
    public <T> EventStream<T> from(String stream, Decoder<T> decoder) {
      return new EventStream<>(this, Upstream.of(List.of(new Source(stream, decoder, List.of()))));
    }

    /**
     * A table view of {@code stream}: the latest value per record key, where a record with an empty
     * value deletes its key (a tombstone). "Latest" is by {@link Origin} order, so it does not
     * depend on how partitions interleave.
     */
    public <K, V> View<K, V> table(
        String stream,
        Decoder<K> keyDecoder,
        Serde<K> keySerde,
        Decoder<V> valueDecoder,
        Serde<V> valueSerde) {
      Decoder<TableRow<K, V>> rows = TableRow.decoder(keyDecoder, valueDecoder);
      return from(stream, rows)
          .keyBy(TableRow::key, keySerde)
          .aggregate(TableRow.latest(valueSerde));
    }

    ViewOptions options() {
      return new ViewOptions(allowedLateness, closedWindowRetention, onError);
    }

    <K, R> View<K, R> build(
        Upstream upstream,
        Function<Object, Object> key,
        Serde<K> keySerde,
        WindowSpec window,
        Aggregation<Object, Object, R> aggregation,
        ProcessorSpec processor) {
      return new View<>(this, upstream, key, keySerde, window, aggregation, processor);
    }
  }
}
