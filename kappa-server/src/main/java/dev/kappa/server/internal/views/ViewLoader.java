package dev.kappa.server.internal.views;

import dev.kappa.engine.View;
import dev.kappa.engine.ViewContext;
import dev.kappa.engine.ViewProvider;
import dev.kappa.engine.examples.PageViews;
import dev.kappa.server.ViewLoadException;
import dev.kappa.server.ViewSettings;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Finds the views a server runs, in this order: the {@link ViewProvider}s on the class path (found
 * with {@link ServiceLoader}), the built-in examples if enabled, then the providers in each view
 * jar: the {@code *.jar} files of the views directory in name order, then the jars named one by
 * one. The examples are two versions of {@code page-views-per-minute}; only version 1 is deployed
 * at start, so that deploying version 2 shows a rebuild from the log and a cutover. Each jar gets
 * its own {@link URLClassLoader} whose parent is the server's class loader, so a jar holds only its
 * views and their own libraries; a provider class found again (on the class path or in an earlier
 * jar) is used once.
 *
 * <p>Every failure is a {@link ViewLoadException} naming the jar or provider: a missing or
 * unreadable jar, a jar without a provider, a provider that cannot be loaded or throws, or two
 * views with one {@link View#id() id}.
 *
 * <p>Stateless; not meant for concurrent use of one result.
 */
public final class ViewLoader {

  /** The stream the built-in page-view example reads. */
  public static final String EXAMPLE_STREAM = "clicks";

  private static final String EXAMPLE = "built-in example";

  private static final String SERVICES = "META-INF/services/" + ViewProvider.class.getName();

  private ViewLoader() {}

  /**
   * The views and the class loaders of their jars, which stay open while the views run.
   *
   * @param views in the order found
   * @param loaders one per jar, to close once the views have stopped
   */
  public record Loaded(List<DefinedView> views, List<URLClassLoader> loaders)
      implements AutoCloseable {

    public Loaded {
      views = List.copyOf(views);
      loaders = List.copyOf(loaders);
    }

    @Override
    public void close() {
      for (URLClassLoader loader : loaders) {
        try {
          loader.close();
        } catch (IOException e) {
          // Nothing is written through a class loader; a failed close only leaks a file handle.
        }
      }
    }
  }

  /**
   * Loads the views {@code settings} ask for.
   *
   * @param dataDir the data directory, whose {@code views.d} is the default views directory
   * @param classPath the class loader whose providers are on "the class path"
   * @throws ViewLoadException naming what failed
   */
  public static Loaded load(
      ViewSettings settings, Path dataDir, ViewContext context, ClassLoader classPath) {
    Map<String, DefinedView> views = new LinkedHashMap<>();
    Set<String> seen = new HashSet<>();
    ServiceLoader<ViewProvider> onClassPath = ServiceLoader.load(ViewProvider.class, classPath);
    for (ViewProvider provider : newProviders(onClassPath, seen, "the class path")) {
      addAll(views, provider, context, "class path");
    }
    if (settings.examples()) {
      add(views, new DefinedView(PageViews.perPagePerMinute(EXAMPLE_STREAM), EXAMPLE));
      // Defined but not deployed at start: deploying it shows reprocessing (kappa demo does).
      add(views, new DefinedView(PageViews.humansOnly(EXAMPLE_STREAM), EXAMPLE, false));
    }
    List<URLClassLoader> loaders = new ArrayList<>();
    try {
      for (Path jar : jars(settings, dataDir)) {
        URLClassLoader loader =
            new URLClassLoader("kappa-views:" + jar, new URL[] {url(jar)}, classPath);
        loaders.add(loader);
        if (loader.findResource(SERVICES) == null) {
          throw new ViewLoadException(
              "view jar " + jar + " holds no view provider: list its class in " + SERVICES);
        }
        ServiceLoader<ViewProvider> inJar = ServiceLoader.load(ViewProvider.class, loader);
        for (ViewProvider provider : newProviders(inJar, seen, "jar " + jar)) {
          addAll(views, provider, context, "jar " + jar);
        }
      }
    } catch (RuntimeException | Error e) {
      new Loaded(List.of(), loaders).close();
      throw e;
    }
    return new Loaded(List.copyOf(views.values()), loaders);
  }

  /** The jars of the views directory (a configured one must exist) and then the named jars. */
  static List<Path> jars(ViewSettings settings, Path dataDir) {
    List<Path> jars = new ArrayList<>();
    Path directory = settings.directoryIn(dataDir);
    if (Files.isDirectory(directory)) {
      try (Stream<Path> files = Files.list(directory)) {
        files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().forEach(jars::add);
      } catch (IOException e) {
        throw new ViewLoadException("cannot list the views directory " + directory + ": " + e, e);
      }
    } else if (settings.directory() != null) {
      throw new ViewLoadException(
          "the views directory " + directory + " does not exist (views.dir, --views-dir)");
    }
    jars.addAll(settings.jars());
    for (Path jar : jars) {
      checkJar(jar);
    }
    return jars;
  }

  private static void checkJar(Path jar) {
    if (!Files.isRegularFile(jar)) {
      throw new ViewLoadException("view jar " + jar + " does not exist or is not a file");
    }
    try (JarFile file = new JarFile(jar.toFile())) {
      file.size();
    } catch (IOException e) {
      throw new ViewLoadException(
          "view jar " + jar + " is not a readable jar: " + e.getMessage(), e);
    }
  }

  private static URL url(Path jar) {
    try {
      return jar.toAbsolutePath().toUri().toURL();
    } catch (MalformedURLException e) {
      throw new ViewLoadException("view jar " + jar + " has no URL: " + e.getMessage(), e);
    }
  }

  /**
   * The providers {@code loader} finds whose classes are not in {@code seen}, instantiated, and
   * their class names added to {@code seen}. A jar's loader also finds the class path's providers
   * (its parent's), which are skipped here without being instantiated again.
   */
  private static List<ViewProvider> newProviders(
      ServiceLoader<ViewProvider> loader, Set<String> seen, String where) {
    List<ViewProvider> providers = new ArrayList<>();
    try {
      for (ServiceLoader.Provider<ViewProvider> provider : loader.stream().toList()) {
        if (seen.add(provider.type().getName())) {
          providers.add(provider.get());
        }
      }
    } catch (ServiceConfigurationError | LinkageError e) {
      throw new ViewLoadException(
          "a view provider in " + where + " cannot be loaded: " + e.getMessage(), e);
    }
    return providers;
  }

  private static void addAll(
      Map<String, DefinedView> views, ViewProvider provider, ViewContext context, String where) {
    String origin = where + " (provider " + provider.getClass().getName() + ")";
    List<View<?, ?>> defined;
    try {
      defined = provider.views(context);
    } catch (RuntimeException | LinkageError e) {
      throw new ViewLoadException("view provider in " + origin + " failed: " + e, e);
    }
    if (defined == null) {
      throw new ViewLoadException("view provider in " + origin + " returned null, not a list");
    }
    for (View<?, ?> view : defined) {
      if (view == null) {
        throw new ViewLoadException("view provider in " + origin + " returned a null view");
      }
      add(views, new DefinedView(view, origin));
    }
  }

  private static void add(Map<String, DefinedView> views, DefinedView view) {
    DefinedView clash = views.putIfAbsent(view.view().id(), view);
    if (clash != null) {
      throw new ViewLoadException(
          "two views are "
              + view.view().id()
              + ": one from "
              + clash.origin()
              + ", one from "
              + view.origin()
              + "; give one another name or version");
    }
  }
}
