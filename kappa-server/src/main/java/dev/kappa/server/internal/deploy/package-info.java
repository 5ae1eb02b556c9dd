/** Deployments of view versions: the record of builds, cutovers and rollbacks kept on the log. */
package dev.kappa.server.internal.deploy;
