/**
 * The commands that need neither a key nor a broker: {@code ipvm dag} (IPLD between codecs, and
 * CIDs) and {@code ipvm wasm} (a module run or inspected with the runtime the job uses).
 */
package dev.ipvm.cli.local;
