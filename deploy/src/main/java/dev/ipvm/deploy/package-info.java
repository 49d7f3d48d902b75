/**
 * The local stack, started from Maven jars without Docker. {@link dev.ipvm.deploy.LocalBroker}
 * runs a real Kafka KRaft broker as a child JVM with its own classpath (Kafka's server classes
 * never reach the caller's), its data in one directory that survives restarts. It may supervise
 * the broker (restart it when it dies) and run it detached (it outlives a {@code kill -9} of its
 * parent and is adopted by the next one).
 *
 * <p>The parts: {@code BrokerFiles} (the data directory's settings, storage and logs), {@code
 * BrokerProcess} (one broker JVM, spawned or adopted), {@code BrokerMain} (the child's main
 * class), {@code BrokerLock} (file locks saying which process runs and which owns a directory's
 * broker), {@code Orphans} (adopting or stopping a broker whose owner died) and {@code
 * BrokerSupervisor} (restarts with a backoff).
 *
 * <p>This package uses only the JDK: it is a compile dependency of the Flink job and of the CLI's
 * tests.
 */
package dev.ipvm.deploy;
