/** Reading server settings from configuration files and parsing their values. */
package dev.kappa.server.internal.config;
