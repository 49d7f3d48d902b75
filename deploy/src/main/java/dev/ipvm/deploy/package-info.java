/**
 * The local stack, started from Maven jars without Docker. {@link dev.ipvm.deploy.LocalBroker}
 * runs a real Kafka KRaft broker as a child JVM with its own classpath (Kafka's server classes
 * never reach the caller's), its data in one directory that survives restarts.
 *
 * <p>This package uses only the JDK: it is a compile dependency of the Flink job and of the CLI's
 * tests.
 */
package dev.ipvm.deploy;
