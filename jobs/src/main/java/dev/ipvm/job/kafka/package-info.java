/**
 * Kafka wiring of the job: (de)serializers of the records in {@link dev.ipvm.job.event}, topic
 * creation, and the broker's limits a record is held against before it is written.
 */
package dev.ipvm.job.kafka;
