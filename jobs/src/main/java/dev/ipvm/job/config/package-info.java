/**
 * The job's one typed configuration ({@link dev.ipvm.job.config.JobConfig}), read from a
 * properties file and {@code --set KEY=VALUE}, with its parts: effects, fairness, authority.
 * The bottom layer of the job: it depends on no other job package.
 */
package dev.ipvm.job.config;
