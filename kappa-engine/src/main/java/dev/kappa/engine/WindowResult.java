package dev.kappa.engine;

/**
 * A view's result for one key and window.
 *
 * @param closed whether the window has closed: every partition's watermark has passed its end, so
 *     no more events can change it ({@link Window#GLOBAL} never closes)
 */
public record WindowResult<K, R>(K key, Window window, R value, boolean closed) {}
