/** Profiles of benchmark runs: flame graphs drawn from JFR recordings. */
package dev.ipvm.bench.profile;
