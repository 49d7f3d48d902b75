package dev.ipvm.wasm;

import java.util.Objects;
import java.util.Set;

/**
 * The runtime's configuration, one object per process. Every field has a documented default
 * ({@link #DEFAULT}); {@link #builder()} changes what differs.
 *
 * @param engine {@link Engine#COMPILER} (default) or the interpreter
 * @param defaults limits of a task that asks for none ({@link Limits#DEFAULT})
 * @param maxima caps on what a task may ask for ({@link Limits#MAXIMUM})
 * @param maxModuleBytes largest module accepted (default 16 MiB)
 * @param cacheMaxModules loaded modules kept, by count (default 256; compiled classes use metaspace)
 * @param cacheMaxBytes loaded modules kept, by their Wasm bytes (default 256 MiB)
 * @param threadStackBytes stack of each execution thread (default 16 MiB): deep but bounded recursion
 * @param hostModules import modules the runtime provides; empty by default (no imports at all).
 *     {@value #WASI} enables WASI preview1 made deterministic: a fixed clock at the epoch, a
 *     seeded random, no files, no environment, no network, output discarded.
 */
public record RuntimeConfig(Engine engine, Limits defaults, Limits maxima, int maxModuleBytes,
    int cacheMaxModules, long cacheMaxBytes, long threadStackBytes, Set<String> hostModules) {

  public static final String WASI = "wasi_snapshot_preview1";

  public static final RuntimeConfig DEFAULT = new RuntimeConfig(Engine.COMPILER, Limits.DEFAULT,
      Limits.MAXIMUM, 16 << 20, 256, 256L << 20, 16L << 20, Set.of());

  public RuntimeConfig {
    Objects.requireNonNull(engine, "engine");
    hostModules = Set.copyOf(hostModules);
    for (String m : hostModules) {
      if (!m.equals(WASI)) {
        throw new IllegalArgumentException("unknown host module '" + m + "' (available: " + WASI + ")");
      }
    }
    if (maxModuleBytes <= 0 || cacheMaxModules <= 0 || cacheMaxBytes <= 0 || threadStackBytes <= 0) {
      throw new IllegalArgumentException("sizes must be positive");
    }
    defaults = defaults.cappedBy(maxima);
  }

  public static Builder builder() {
    return new Builder(DEFAULT);
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Changes some fields of a configuration. */
  public static final class Builder {
    private Engine engine;
    private Limits defaults;
    private Limits maxima;
    private int maxModuleBytes;
    private int cacheMaxModules;
    private long cacheMaxBytes;
    private long threadStackBytes;
    private Set<String> hostModules;

    private Builder(RuntimeConfig c) {
      engine = c.engine;
      defaults = c.defaults;
      maxima = c.maxima;
      maxModuleBytes = c.maxModuleBytes;
      cacheMaxModules = c.cacheMaxModules;
      cacheMaxBytes = c.cacheMaxBytes;
      threadStackBytes = c.threadStackBytes;
      hostModules = c.hostModules;
    }

    public Builder engine(Engine v) { engine = v; return this; }
    public Builder defaults(Limits v) { defaults = v; return this; }
    public Builder maxima(Limits v) { maxima = v; return this; }
    public Builder maxModuleBytes(int v) { maxModuleBytes = v; return this; }
    public Builder cacheMaxModules(int v) { cacheMaxModules = v; return this; }
    public Builder cacheMaxBytes(long v) { cacheMaxBytes = v; return this; }
    public Builder threadStackBytes(long v) { threadStackBytes = v; return this; }
    public Builder hostModules(Set<String> v) { hostModules = v; return this; }

    public RuntimeConfig build() {
      return new RuntimeConfig(engine, defaults, maxima, maxModuleBytes, cacheMaxModules,
          cacheMaxBytes, threadStackBytes, hostModules);
    }
  }
}
