/** Ingest: validation against canonical models, event time, idempotency, dead letters, append. */
package dev.kappa.server.internal.ingest;
