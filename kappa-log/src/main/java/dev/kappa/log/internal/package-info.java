/** Implementation of the embedded log: segments, indexes, group commit and recovery. */
package dev.kappa.log.internal;
