/**
 * The embedded event log: streams of partitions of records at dense offsets, durable on
 * acknowledgement and recovered after a crash. Entry point: {@link dev.kappa.log.EmbeddedLog}.
 */
package dev.kappa.log;
