/**
 * Who signs a command's invocations and on whose authority: the user's key ({@code --key}, else
 * {@code $IPVM_HOME/user.pem}, created on first use: {@link dev.ipvm.cli.signing.UserKey}) and the
 * delegations named with {@code --proof} ({@link dev.ipvm.cli.signing.ProofFiles}), which give the
 * invocation its subject and {@code prf} and travel with it ({@link
 * dev.ipvm.cli.signing.ProofOptions}).
 */
package dev.ipvm.cli.signing;
