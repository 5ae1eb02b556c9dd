/**
 * Executable architecture rules over the production classes of every Kappa module, each rule proven
 * able to fail against a deliberately violating fixture.
 */
package dev.kappa.architecture;
