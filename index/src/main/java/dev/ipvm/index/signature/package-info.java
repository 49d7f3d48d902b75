/**
 * Which Ed25519 verifier the index checks signatures with ({@code --verifier}): libsodium
 * ({@link dev.ipvm.index.signature.Libsodium}, native, about 1.6x BouncyCastle's rate on the 2-core
 * machine of BENCHMARKS.md) when it loads, else BouncyCastle ({@link dev.ipvm.index.signature.VerifierChoice}).
 * Only the index: native libraries in Flink's user-code classloader break on job restarts, so the
 * job keeps {@link dev.ipvm.ucan.SignatureVerifier#BOUNCY_CASTLE}. Depends on nothing else of the index.
 */
package dev.ipvm.index.signature;
