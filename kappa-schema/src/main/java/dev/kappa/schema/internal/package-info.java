/** Implementation of the schema registry, the value codec and JSON conversion. */
package dev.kappa.schema.internal;
