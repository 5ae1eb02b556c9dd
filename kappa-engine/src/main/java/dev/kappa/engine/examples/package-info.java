/**
 * Example views, used by the demo, the docs and the benchmarks: page views per page per minute on a
 * clickstream, and Nexmark-style auction views.
 */
package dev.kappa.engine.examples;
