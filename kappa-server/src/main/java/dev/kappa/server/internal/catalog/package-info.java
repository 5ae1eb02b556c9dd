/** The stream catalog: creating and describing streams, their log settings and their models. */
package dev.kappa.server.internal.catalog;
