/** The OpenAPI document, generated from the same route table the server registers. */
package dev.kappa.server.internal.openapi;
