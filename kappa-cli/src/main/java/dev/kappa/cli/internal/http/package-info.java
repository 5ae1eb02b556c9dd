/** The CLI's client of a running Kappa server's HTTP API; not a public API. */
package dev.kappa.cli.internal.http;
