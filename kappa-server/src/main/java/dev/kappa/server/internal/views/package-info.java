/**
 * The views a server runs: loading them from providers and jars, and starting them when their
 * streams exist.
 */
package dev.kappa.server.internal.views;
