package dev.ipvm.job.config;

import java.io.Serializable;

/**
 * How each executor instance (Wasm and effects alike) shares its slots and its queue among
 * tenants, the issuers of the invocations (keys {@code exec.tenant.*}, {@code exec.queue.bytes}).
 * A tenant flooding the job with long runs holds at most its share of the slots, so another
 * tenant's work starts within one run; its queue is bounded, and past it its invocations are
 * answered {@code Overloaded} at once.
 *
 * @param tenantShare the fraction of an instance's slots one tenant may hold (at least one
 *     slot; below 1, at least one slot is always left to the others)
 * @param tenantQueue most runs one tenant may have waiting or running on one instance
 * @param queuedBytes most bytes of waiting runs on one instance, all tenants together
 */
public record Fairness(double tenantShare, int tenantQueue, long queuedBytes) implements Serializable {
  public Fairness {
    if (!(tenantShare > 0 && tenantShare <= 1)) {
      throw new IllegalArgumentException("exec.tenant.share must be above 0 and at most 1, got " + tenantShare);
    }
    if (tenantQueue < 1 || queuedBytes < 1) {
      throw new IllegalArgumentException("exec.tenant.queue and exec.queue.bytes must be at least 1");
    }
  }
}
