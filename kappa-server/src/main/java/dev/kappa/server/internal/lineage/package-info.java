/**
 * Lineage and catalog of views: for every build of a view version, which definition produced it and
 * which stream partitions, offset ranges and schema versions it read; as a graph and as OpenLineage
 * run events.
 */
package dev.kappa.server.internal.lineage;
