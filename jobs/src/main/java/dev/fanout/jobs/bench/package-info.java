/**
 * {@code bench}, the main job: the I/O and CPU workloads under every model in the build, medians of
 * interleaved runs, and the text report (tables, timelines, verdicts). Values are records: a {@link
 * dev.fanout.jobs.bench.BenchResult} holds {@link dev.fanout.jobs.bench.WorkloadResult}s, which
 * hold a {@link dev.fanout.jobs.bench.ModelResult} per model, whose {@link
 * dev.fanout.jobs.bench.RunResult}s hold every task's {@link dev.fanout.jobs.bench.TaskSpan}.
 */
package dev.fanout.jobs.bench;
