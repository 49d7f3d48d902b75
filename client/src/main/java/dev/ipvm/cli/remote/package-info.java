/**
 * The commands that use a running IPVM one thing at a time: {@code ipvm put} (a block), {@code
 * ipvm run} (a Wasm function), {@code ipvm http} and {@code ipvm publish} (effects), each waiting
 * for its receipt, and {@code ipvm receipts} (the receipts topic, listed or followed).
 */
package dev.ipvm.cli.remote;
