/**
 * Receipts: the executor's signed statement of what an invocation gave ({@code ok} or a
 * named {@code error}), the effects it requested, and the metadata (Task ID, fuel, memo).
 */
package dev.ipvm.receipt;
