package dev.ipvm.wasm;

import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.types.DataSegment;
import com.dylibso.chicory.wasm.types.MemoryLimits;

/**
 * A linear memory whose maximum is the smaller of the module's own and the task's cap, and
 * which remembers when the cap (not the module's maximum) refused a {@code memory.grow}: that
 * is how a trap after a failed grow is told apart as {@link WasmError#MEMORY_LIMIT}.
 *
 * <p>The module's declared initial size is kept as is (replacing a module's limits breaks
 * modules); an initial size above the cap is refused before the module runs.
 */
final class CappedMemory implements Memory {
  private final Memory delegate;
  private final int capPages;
  private volatile boolean refusedByCap;

  private CappedMemory(Memory delegate, int capPages) {
    this.delegate = delegate;
    this.capPages = capPages;
  }

  /** @throws MemoryCapExceeded when the module's initial memory is already above the cap */
  static CappedMemory create(MemoryLimits declared, int capPages) {
    if (declared.shared()) {
      throw new IllegalArgumentException("shared memories are not allowed");
    }
    if (declared.initialPages() > capPages) {
      throw new MemoryCapExceeded("the module declares " + declared.initialPages()
          + " pages of initial memory, above the cap of " + capPages + " pages ("
          + capPages * Limits.PAGE + " bytes)");
    }
    int max = Math.min(declared.maximumPages(), capPages);
    return new CappedMemory(new ByteArrayMemory(new MemoryLimits(declared.initialPages(), max)), capPages);
  }

  boolean refusedByCap() {
    return refusedByCap;
  }

  int capPages() {
    return capPages;
  }

  @Override
  public int grow(int size) {
    int result = delegate.grow(size);
    if (result < 0 && (long) delegate.pages() + size > capPages) {
      refusedByCap = true;
    }
    return result;
  }

  @Override public int pages() { return delegate.pages(); }
  @Override public int initialPages() { return delegate.initialPages(); }
  @Override public int maximumPages() { return delegate.maximumPages(); }
  @Override public boolean shared() { return delegate.shared(); }
  @Override public Object lock(int address) { return delegate.lock(address); }
  @Override public int waitOn(int address, int expected, long timeout) { return delegate.waitOn(address, expected, timeout); }
  @Override public int waitOn(int address, long expected, long timeout) { return delegate.waitOn(address, expected, timeout); }
  @Override public int notify(int address, int maxThreads) { return delegate.notify(address, maxThreads); }
  @Override public void initialize(Instance instance, DataSegment[] segments) { delegate.initialize(instance, segments); }
  @Override public void initPassiveSegment(int segmentId, int dest, int offset, int size) { delegate.initPassiveSegment(segmentId, dest, offset, size); }
  @Override public void write(int addr, byte[] data, int offset, int size) { delegate.write(addr, data, offset, size); }
  @Override public byte read(int addr) { return delegate.read(addr); }
  @Override public byte[] readBytes(int addr, int len) { return delegate.readBytes(addr, len); }
  @Override public void writeI32(int addr, int data) { delegate.writeI32(addr, data); }
  @Override public int readInt(int addr) { return delegate.readInt(addr); }
  @Override public void writeLong(int addr, long data) { delegate.writeLong(addr, data); }
  @Override public long readLong(int addr) { return delegate.readLong(addr); }
  @Override public void writeShort(int addr, short data) { delegate.writeShort(addr, data); }
  @Override public short readShort(int addr) { return delegate.readShort(addr); }
  @Override public long readU16(int addr) { return delegate.readU16(addr); }
  @Override public void writeByte(int addr, byte data) { delegate.writeByte(addr, data); }
  @Override public void writeF32(int addr, float data) { delegate.writeF32(addr, data); }
  @Override public long readF32(int addr) { return delegate.readF32(addr); }
  @Override public float readFloat(int addr) { return delegate.readFloat(addr); }
  @Override public void writeF64(int addr, double data) { delegate.writeF64(addr, data); }
  @Override public double readDouble(int addr) { return delegate.readDouble(addr); }
  @Override public long readF64(int addr) { return delegate.readF64(addr); }
  @Override public void zero() { delegate.zero(); }
  @Override public void fill(byte value, int fromIndex, int toIndex) { delegate.fill(value, fromIndex, toIndex); }
  @Override public void drop(int segment) { delegate.drop(segment); }
  // ByteArrayMemory's own versions of these are faster than the interface defaults
  @Override public void copy(int dest, int src, int size) { delegate.copy(dest, src, size); }
  @Override public void initialize(Instance instance, DataSegment[] segments, int memIdx) { delegate.initialize(instance, segments, memIdx); }

  /** The module's initial memory is above the cap. */
  static final class MemoryCapExceeded extends RuntimeException {
    MemoryCapExceeded(String message) {
      super(message);
    }
  }
}
