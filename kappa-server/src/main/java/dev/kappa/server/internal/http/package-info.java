/** The HTTP API: its route table, handlers, request bodies and error responses. */
package dev.kappa.server.internal.http;
