/** Kafka wiring of the job: the records it reads and writes, their serializers, and topic creation. */
package dev.ipvm.job.kafka;
