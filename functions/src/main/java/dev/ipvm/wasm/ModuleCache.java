package dev.ipvm.wasm;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.ipvm.cid.Cid;
import java.util.function.Supplier;

/**
 * Loaded modules by CID, so a module is parsed, metered and compiled once per process. Bounded
 * both by count and by bytes: every entry weighs at least {@code maxBytes / maxModules}, so no
 * more than {@code maxModules} fit, and large modules count by their size.
 */
final class ModuleCache {
  private final Cache<Cid, LoadedModule> cache;

  ModuleCache(int maxModules, long maxBytes) {
    long floor = Math.max(1, maxBytes / maxModules);
    this.cache = Caffeine.newBuilder()
        .maximumWeight(maxBytes)
        .weigher((Cid cid, LoadedModule m) -> (int) Math.min(Integer.MAX_VALUE, Math.max(floor, m.size())))
        .build();
  }

  /** The loaded module for {@code cid}, loading it with {@code bytes} on a miss. */
  LoadedModule get(Cid cid, Supplier<LoadedModule> load) {
    return cache.get(cid, c -> load.get());
  }

  LoadedModule getIfPresent(Cid cid) {
    return cache.getIfPresent(cid);
  }

  long size() {
    cache.cleanUp();
    return cache.estimatedSize();
  }
}
