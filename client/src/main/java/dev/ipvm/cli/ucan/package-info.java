/**
 * Identities and the UCAN tokens they sign: {@code ipvm key} (Ed25519 keys, their did:key), {@code
 * ipvm invocation} and {@code ipvm delegation} (signed and inspected offline, authority checked as
 * an executor would), {@code ipvm delegation publish} and {@code ipvm revoke} (delegations put on,
 * and taken back through, the job's topics).
 */
package dev.ipvm.cli.ucan;
