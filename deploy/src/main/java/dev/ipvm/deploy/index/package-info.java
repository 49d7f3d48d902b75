/**
 * The receipt index ({@code bin/ipvm index}, the index module) started as a JVM of its own beside a
 * stack: by {@code bin/ipvm dev}, living and dying with it, and by {@code bin/ipvm cluster up},
 * detached like the cluster's other processes. Its own JVM because the index's RocksDB and Flink's
 * share package names; this package only builds the command line and finds, starts and stops the
 * process (JDK only), so neither stack needs the index module on its classpath.
 */
package dev.ipvm.deploy.index;
