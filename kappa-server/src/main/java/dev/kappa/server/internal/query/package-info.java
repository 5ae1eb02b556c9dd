/**
 * On-demand queries: an ad-hoc aggregation over one stream and an event-time range, run as a
 * bounded replay through the view engine's own code ({@code ViewProcessor}) and then discarded.
 */
package dev.kappa.server.internal.query;
