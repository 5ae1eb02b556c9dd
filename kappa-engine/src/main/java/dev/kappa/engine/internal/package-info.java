/** The engine's implementation: compiled pipelines, state stores, the write-back cache, runners. */
package dev.kappa.engine.internal;
