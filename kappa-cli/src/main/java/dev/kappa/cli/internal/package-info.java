/** The commands of the {@code kappa} command line and their helpers; not a public API. */
package dev.kappa.cli.internal;
