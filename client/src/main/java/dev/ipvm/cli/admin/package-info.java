/**
 * Commands that look after a deployment rather than submit work to it: {@code ipvm topic}
 * (create and list topics, e.g. one that {@code /kafka/publish} effects may write to), {@code
 * ipvm get} (a block back from the blocks topic, checked against its CID) and {@code ipvm status}
 * (the broker, the deployment's topics with their traffic, and the job in Flink).
 */
package dev.ipvm.cli.admin;
