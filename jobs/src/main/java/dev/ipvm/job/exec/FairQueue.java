package dev.ipvm.job.exec;

import dev.ipvm.job.config.Fairness;
import dev.ipvm.job.event.Invoke;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The runs an executor instance has accepted, waiting or in flight, shared fairly among
 * tenants (the issuers of the invocations). Tenants with waiting work take turns for free
 * slots (round robin); no tenant holds more than {@link Shares#perTenantSlots} of them, so a
 * newcomer always finds a slot within one run of the others, however many runs one tenant has
 * queued; and no tenant queues more than {@link Shares#perTenantQueue} runs, nor all tenants
 * together more than {@link Shares#queuedBytes} bytes: past that a run is refused (the caller
 * answers it with {@code Overloaded}) instead of held.
 *
 * <p>Not thread-safe: the operator uses it from its task thread only.
 */
final class FairQueue {

  /**
   * How an executor instance shares its slots.
   *
   * @param slots runs in flight at once
   * @param perTenantSlots most of them one tenant may hold
   * @param perTenantQueue most runs one tenant may have waiting or in flight
   * @param queuedBytes most bytes of waiting runs, all tenants together
   * @param pool names the runs capped per process, with {@code perTenantInProcess}; empty: no cap
   * @param perTenantInProcess most runs one tenant may have in flight in this process, across
   *     instances of the same pool (CPU-bound runs: its share of the cores)
   */
  record Shares(int slots, int perTenantSlots, int perTenantQueue, long queuedBytes, String pool,
      int perTenantInProcess) implements java.io.Serializable {
    Shares(int slots, int perTenantSlots, int perTenantQueue, long queuedBytes) {
      this(slots, perTenantSlots, perTenantQueue, queuedBytes, "", 0);
    }

    /** The same, with a tenant's runs of {@code pool} also capped per process at its share of the cores. */
    Shares cpuBound(String pool, double share) {
      return new Shares(slots, perTenantSlots, perTenantQueue, queuedBytes, pool, ProcessShares.coresShare(share));
    }

    Shares {
      if (slots < 1 || perTenantSlots < 1 || perTenantSlots > slots || perTenantQueue < 1 || queuedBytes < 1) {
        throw new IllegalArgumentException("need 1 <= perTenantSlots <= slots, perTenantQueue >= 1 and queuedBytes "
            + ">= 1; got " + this);
      }
    }

    /** A tenant's share of {@code slots}: at least one; with two or more, one is always left to the others. */
    static Shares of(int slots, Fairness f) {
      int perTenant = (int) Math.max(1, Math.floor(slots * f.tenantShare()));
      if (slots > 1 && perTenant >= slots && f.tenantShare() < 1) {
        perTenant = slots - 1;
      }
      return new Shares(slots, perTenant, f.tenantQueue(), f.queuedBytes());
    }
  }

  /** What became of a run offered to the queue. */
  enum Admission {
    /** Waiting for a slot. */
    QUEUED,
    /** The same Task ID is already waiting or running: its result answers this one too. */
    DUPLICATE,
    /** Its tenant has {@link Shares#perTenantQueue} runs already. */
    TENANT_FULL,
    /** The waiting runs of all tenants hold {@link Shares#queuedBytes} already. */
    QUEUE_FULL
  }

  /** A run with its encoded size (what it costs to hold and to checkpoint). */
  record Entry(Invoke invoke, int bytes) {}

  private final Shares shares;
  /** Tenants with waiting runs, in turn order; a tenant is moved to the back after each turn. */
  private final LinkedHashMap<String, ArrayDeque<Entry>> waiting = new LinkedHashMap<>();
  private final Map<String, Entry> running = new HashMap<>();
  private final Map<String, Integer> runningPerTenant = new HashMap<>();
  private final Map<String, Integer> heldPerTenant = new HashMap<>();
  private final java.util.Set<String> known = new java.util.HashSet<>();
  private long waitingBytes;

  FairQueue(Shares shares) {
    this.shares = shares;
  }

  Admission offer(Invoke inv, int bytes) {
    String task = inv.taskId().toString();
    if (known.contains(task)) {
      return Admission.DUPLICATE;
    }
    if (heldPerTenant.getOrDefault(inv.tenant(), 0) >= shares.perTenantQueue()) {
      return Admission.TENANT_FULL;
    }
    if (waitingBytes + bytes > shares.queuedBytes() && waitingBytes > 0) {
      return Admission.QUEUE_FULL;
    }
    add(new Entry(inv, bytes));
    return Admission.QUEUED;
  }

  /**
   * Puts a run back after recovery, in the order {@link #all} gave (runs in flight first). No
   * limit applies: each held when the run was accepted.
   */
  void restore(Invoke inv, int bytes) {
    if (!known.contains(inv.taskId().toString())) {
      add(new Entry(inv, bytes));
    }
  }

  private void add(Entry e) {
    String tenant = e.invoke().tenant();
    waiting.computeIfAbsent(tenant, t -> new ArrayDeque<>()).addLast(e);
    known.add(e.invoke().taskId().toString());
    heldPerTenant.merge(tenant, 1, Integer::sum);
    waitingBytes += e.bytes();
  }

  /**
   * The next run to start, now marked as running, or null when every slot is taken or no
   * waiting tenant may take another.
   */
  Invoke next() {
    if (running.size() >= shares.slots()) {
      return null;
    }
    Iterator<Map.Entry<String, ArrayDeque<Entry>>> it = waiting.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<String, ArrayDeque<Entry>> turn = it.next();
      String tenant = turn.getKey();
      if (runningPerTenant.getOrDefault(tenant, 0) >= shares.perTenantSlots()) {
        continue;
      }
      if (shares.perTenantInProcess() > 0 && !ProcessShares.tryAcquire(processKey(tenant), shares.perTenantInProcess())) {
        continue; // its share of the cores is busy in another instance of this process
      }
      Entry e = turn.getValue().pollFirst();
      it.remove();
      if (!turn.getValue().isEmpty()) {
        waiting.put(tenant, turn.getValue()); // to the back of the line
      }
      waitingBytes -= e.bytes();
      running.put(e.invoke().taskId().toString(), e);
      runningPerTenant.merge(tenant, 1, Integer::sum);
      return e.invoke();
    }
    return null;
  }

  /** The run of {@code taskId} has ended; its slot is free. */
  void finished(String taskId) {
    Entry e = running.remove(taskId);
    if (e == null) {
      return;
    }
    String tenant = e.invoke().tenant();
    known.remove(taskId);
    if (shares.perTenantInProcess() > 0) {
      ProcessShares.release(processKey(tenant));
    }
    runningPerTenant.computeIfPresent(tenant, (t, n) -> n > 1 ? n - 1 : null);
    heldPerTenant.computeIfPresent(tenant, (t, n) -> n > 1 ? n - 1 : null);
  }

  private String processKey(String tenant) {
    return shares.pool() + "|" + tenant;
  }

  /** Gives back the process-wide places of the runs in flight (the operator is closing; they run again after recovery). */
  void releaseProcessShares() {
    if (shares.perTenantInProcess() > 0) {
      running.values().forEach(e -> ProcessShares.release(processKey(e.invoke().tenant())));
    }
  }

  /** Every run accepted and not finished: those in flight first, then the waiting ones in turn order. */
  List<Entry> all() {
    List<Entry> all = new ArrayList<>(running.values());
    waiting.values().forEach(all::addAll);
    return all;
  }

  int runningCount() {
    return running.size();
  }

  int waitingCount() {
    return known.size() - running.size();
  }

  long waitingBytes() {
    return waitingBytes;
  }

  int tenantsWaiting() {
    return waiting.size();
  }

  boolean isEmpty() {
    return known.isEmpty();
  }
}
