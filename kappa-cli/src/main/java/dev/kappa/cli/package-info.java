/** The {@code kappa} command line. Entry point: {@link dev.kappa.cli.Main}. */
package dev.kappa.cli;
