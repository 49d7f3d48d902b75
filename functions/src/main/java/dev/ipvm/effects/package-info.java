/**
 * Running effects, the impure half of IPVM, safely. Pure tasks may be memoized and retried
 * freely; an effect touches the outside world, so this package bounds what it can reach and how
 * it is repeated: a {@link dev.ipvm.effects.DestinationPolicy} (an allow list of hosts and ports,
 * with special-purpose ranges such as loopback and private denied unless an operator allows
 * them) checked before every request and every redirect hop; an {@code Idempotency-Key} (the
 * Task ID) on every attempt, so a server can recognise a retry; retries only for failures that
 * are safe to repeat, with capped, jittered backoff; and caps on time, redirects and response
 * size.
 *
 * <p>Plain Java (no Flink): the job calls {@link dev.ipvm.effects.HttpEffect#run} from an async
 * operator's thread pool, one blocking call per effect task, and turns the
 * {@link dev.ipvm.effects.HttpEffect.Result} into a receipt.
 */
package dev.ipvm.effects;
