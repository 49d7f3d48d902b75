package dev.ipvm.bench.all;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time spent during a phase, per record: by this JVM (the job, the load generator and the
 * anchors' consumers) and by the broker's. Unlike wall time, CPU time is only counted while a
 * process runs, so it moves less with other work on a shared machine.
 *
 * @param jvmMs this JVM's CPU milliseconds per record
 * @param brokerMs the broker's CPU milliseconds per record
 */
record Cpu(double jvmMs, double brokerMs) {
  /** CPU nanoseconds so far: this JVM's and the broker's. */
  record Mark(long jvm, long broker) {}

  static Mark mark(long brokerPid) {
    long self = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    return new Mark(self, processCpuNanos(brokerPid));
  }

  static Cpu since(Mark start, long brokerPid, int records) {
    Mark end = mark(brokerPid);
    return new Cpu((end.jvm() - start.jvm()) / 1e6 / records, (end.broker() - start.broker()) / 1e6 / records);
  }

  /** utime + stime of a process from /proc (in clock ticks of 10 ms, the Linux default USER_HZ). */
  private static long processCpuNanos(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L; // fields 14 and 15 of stat
    } catch (java.io.IOException | RuntimeException e) {
      return 0;
    }
  }
}
