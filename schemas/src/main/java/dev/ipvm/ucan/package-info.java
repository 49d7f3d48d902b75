/**
 * UCAN 1.0: Ed25519 signers and did:key principals, varsig headers, the signed envelope,
 * and the invocation and delegation payloads, including the Task ID that keys memoized work.
 */
package dev.ipvm.ucan;
