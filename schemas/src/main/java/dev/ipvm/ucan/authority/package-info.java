/**
 * Whether an executor may run a UCAN 1.0 invocation: {@link dev.ipvm.ucan.authority.Validator}
 * checks the invocation and its proof chain as the invocation, delegation and core specs say,
 * and answers a {@link dev.ipvm.ucan.authority.Verdict}: the chain, or a
 * {@link dev.ipvm.ucan.authority.Failure} whose name error receipts carry. Tested against the
 * official {@code ucan-wg/spec} 1.0.0 fixtures.
 */
package dev.ipvm.ucan.authority;
