/** CloudEvents over HTTP, read with the CloudEvents SDK: structured, batch and binary mode. */
package dev.kappa.server.internal.cloudevents;
