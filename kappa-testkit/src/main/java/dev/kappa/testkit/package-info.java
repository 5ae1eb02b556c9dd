/**
 * Testing views without threads or files: {@link dev.kappa.testkit.ViewTestDriver} feeds records to
 * a view synchronously, {@link dev.kappa.testkit.InMemoryLog} is a {@link dev.kappa.log.Log} in
 * memory, and {@link dev.kappa.testkit.ManualClock} is a clock that moves only when told to.
 */
package dev.kappa.testkit;
