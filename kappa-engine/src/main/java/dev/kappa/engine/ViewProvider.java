package dev.kappa.engine;

import java.util.List;

/**
 * A source of views for a server to run: the service-provider interface through which a jar
 * contributes views. A provider is found with {@link java.util.ServiceLoader}: list its class in
 * {@code META-INF/services/dev.kappa.engine.ViewProvider} in the jar, give it a public no-argument
 * constructor, and put the jar on the server's class path or in its views directory.
 *
 * <p>The server calls {@link #views} once, when it starts, before any view runs. Source streams
 * need not exist yet: a view whose streams are missing waits for them. A provider that throws stops
 * the server from starting, with the provider named in the error, so it should not depend on
 * anything but the {@link ViewContext} (for example, pin an Avro reader schema with {@link
 * Decoders#avro} only if the stream's model is already registered).
 *
 * <p>Implementations need not be thread-safe: the server calls them from one thread.
 */
@FunctionalInterface
public interface ViewProvider {

  /**
   * The views to run. Each name and version pair ({@link View#id()}) must be unique across every
   * provider of a server.
   */
  List<View<?, ?>> views(ViewContext context);
}
