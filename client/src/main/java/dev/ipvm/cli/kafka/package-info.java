/**
 * Talking to a running IPVM over Kafka: the clients, set up so that a missing broker or topic
 * fails within seconds with one line saying what to do ({@link dev.ipvm.cli.kafka.Kafka}, {@link
 * dev.ipvm.cli.kafka.KafkaOptions}); one signed invocation submitted and its receipt awaited,
 * checked and printed ({@link dev.ipvm.cli.kafka.Submission}, with {@link
 * dev.ipvm.cli.kafka.SubmitOptions} and, for effects, {@link dev.ipvm.cli.kafka.EffectNonce}); and
 * a receipt record checked against the invocation it answers ({@link
 * dev.ipvm.cli.kafka.CheckedReceipt}).
 */
package dev.ipvm.cli.kafka;
