/**
 * The UCAN 1.0 policy language (delegation spec, "Policy"): the statements of a delegation's
 * {@code pol} that an invocation's {@code args} must satisfy. {@link dev.ipvm.ucan.policy.Policy}
 * parses and evaluates them; selectors, {@code like} globs and the comparisons follow the spec's
 * text and the official fixtures ({@code ucan-wg/spec fixtures/1.0.0/policy.json}). Where the
 * spec leaves a choice open, the class that makes it says which it made and why.
 */
package dev.ipvm.ucan.policy;
