/**
 * JMH benchmarks of every {@link dev.fanout.Model}: per-task overhead, a fan-out of sleeping tasks,
 * the cost of the event stream, and HTTP against the project's own server. Run them with {@code
 * scripts/benchmarks}; {@code docs/BENCHMARKS.md} holds the figures measured on the project's
 * machine.
 *
 * <p>Conventions: every benchmark class takes the model as {@code @Param("model")} with the labels
 * of the registry (a test pins the list to {@link dev.fanout.Model#values()}); a fanout is built
 * once per trial in {@code @Setup}, so the figures are steady-state dispatch, not start-up; results
 * are checked after each invocation, so a run where tasks fail is an error, not a fast number.
 */
package dev.fanout.benchmarks;
