package dev.kappa.server;

import dev.kappa.server.internal.config.ConfigValues;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Which views a {@link KappaServer} runs, besides those of every {@code
 * dev.kappa.engine.ViewProvider} on its class path: the providers in view jars, and the built-in
 * examples. View state lives under {@code <data>/views/}.
 *
 * <p>In a configuration file these are {@code views.dir}, {@code views.jars} (paths separated by
 * commas), {@code views.examples} ({@code true} or {@code false}) and {@code views.threads};
 * relative paths are resolved against the file's directory.
 *
 * @param directory a directory whose {@code *.jar} files (in name order) hold view providers, or
 *     null for {@code <data>/views.d} if that directory exists
 * @param jars more jars holding view providers, in order
 * @param examples whether the built-in example views run: {@code page-views-per-minute}, page views
 *     per page per minute on stream {@code clicks}; default false
 * @param threads threads shared by all views; default 2
 * @param deploy how new versions take over serving
 */
public record ViewSettings(
    Path directory, List<Path> jars, boolean examples, int threads, Deploy deploy) {

  /**
   * How a new version of a view takes over from the one serving.
   *
   * @param autoCutover whether a new version serves as soon as it has caught up (else it waits for
   *     a promote); default true
   * @param cutoverMaxLag how many records in all a new version may lag the log's durable end and
   *     still count as caught up; default 1,000
   * @param retiredGrace how long a retired version's state is kept, so that rolling back to it is
   *     instant; default one day
   */
  public record Deploy(boolean autoCutover, long cutoverMaxLag, Duration retiredGrace) {

    public static final Deploy DEFAULTS = new Deploy(true, 1_000, Duration.ofDays(1));

    public Deploy {
      ConfigValues.checkRange("views.cutoverMaxLag", cutoverMaxLag, 0, Long.MAX_VALUE);
      if (retiredGrace == null || retiredGrace.isNegative()) {
        throw new IllegalArgumentException("views.retiredGrace must not be negative");
      }
    }
  }

  /** Settings with the default {@link Deploy}. */
  public ViewSettings(Path directory, List<Path> jars, boolean examples, int threads) {
    this(directory, jars, examples, threads, Deploy.DEFAULTS);
  }

  /** The views directory's name inside the data directory, used when none is configured. */
  public static final String DEFAULT_DIRECTORY = "views.d";

  /** Where view state lives inside the data directory. */
  public static final String STATE_DIRECTORY = "views";

  public static final int DEFAULT_THREADS = 2;

  /** No jars, no examples, {@value #DEFAULT_THREADS} threads. */
  public static final ViewSettings DEFAULTS =
      new ViewSettings(null, List.of(), false, DEFAULT_THREADS, Deploy.DEFAULTS);

  /** The configuration keys, with what they set. */
  static final SortedMap<String, String> KEYS = describeKeys();

  public ViewSettings {
    jars = List.copyOf(jars);
    java.util.Objects.requireNonNull(deploy, "deploy");
    ConfigValues.checkRange("views.threads", threads, 1, 256);
  }

  /**
   * These settings with configuration key {@code key} set from {@code text}.
   *
   * @param base the directory relative paths are resolved against, or null to keep them relative
   * @throws IllegalArgumentException if the key is not one of {@link #KEYS} or the text does not
   *     parse, naming the key
   */
  ViewSettings with(String key, String text, Path base) {
    return switch (key) {
      case "views.dir" -> new ViewSettings(path(text, base), jars, examples, threads, deploy);
      case "views.jars" ->
          new ViewSettings(directory, paths(text, base), examples, threads, deploy);
      case "views.examples" -> new ViewSettings(directory, jars, bool(key, text), threads, deploy);
      case "views.threads" ->
          new ViewSettings(directory, jars, examples, ConfigValues.integer(key, text), deploy);
      case "views.autoCutover" ->
          withDeploy(new Deploy(bool(key, text), deploy.cutoverMaxLag(), deploy.retiredGrace()));
      case "views.cutoverMaxLag" ->
          withDeploy(
              new Deploy(
                  deploy.autoCutover(), ConfigValues.integer(key, text), deploy.retiredGrace()));
      case "views.retiredGrace" ->
          withDeploy(
              new Deploy(
                  deploy.autoCutover(), deploy.cutoverMaxLag(), ConfigValues.duration(key, text)));
      default -> throw new IllegalArgumentException("unknown view setting '" + key + "'");
    };
  }

  private ViewSettings withDeploy(Deploy deploy) {
    return new ViewSettings(directory, jars, examples, threads, deploy);
  }

  /** The views directory for the data directory {@code dataDir}. */
  public Path directoryIn(Path dataDir) {
    return directory != null ? directory : dataDir.resolve(DEFAULT_DIRECTORY);
  }

  private static Path path(String text, Path base) {
    Path path = Path.of(text.trim());
    return base == null ? path : base.resolve(path);
  }

  private static List<Path> paths(String text, Path base) {
    List<Path> paths = new ArrayList<>();
    for (String part : text.split(",")) {
      if (!part.isBlank()) {
        paths.add(path(part, base));
      }
    }
    return paths;
  }

  private static boolean bool(String key, String text) {
    return switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default ->
          throw new IllegalArgumentException(key + " must be true or false, was '" + text + "'");
    };
  }

  private static SortedMap<String, String> describeKeys() {
    SortedMap<String, String> keys = new TreeMap<>();
    keys.put("views.dir", "a directory of view jars (default: <data>/views.d if it exists)");
    keys.put("views.jars", "more view jars, separated by commas");
    keys.put("views.examples", "whether the built-in example views run");
    keys.put("views.threads", "threads shared by all views");
    keys.put(
        "views.autoCutover",
        "whether a new view version serves as soon as it has caught up (true) or waits for a"
            + " promote (false)");
    keys.put(
        "views.cutoverMaxLag",
        "records a new view version may lag, over all partitions, and still count as caught up");
    keys.put(
        "views.retiredGrace",
        "how long a retired view version's state is kept for an instant rollback (ISO-8601"
            + " duration or milliseconds)");
    return Collections.unmodifiableSortedMap(keys);
  }
}
