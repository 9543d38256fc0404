/**
 * JMH benchmarks of the bridge's hot paths. Run them with {@code make bench}; results and the
 * command that produced them go into {@code docs/benchmarks.md}.
 */
package io.octopod.benchmarks;
