/**
 * The Kafka contract shared by the job and its clients: topic roles and names, key conventions
 * and header names. No Kafka dependency: clients and the job bring their own.
 */
package dev.ipvm.topic;
