/**
 * {@code fanout cpu}: the source article's CPU-bound demo ({@link
 * dev.fanout.jobs.cpu.SumOfSquares}, which {@code bench} reuses as its CPU workload), and {@link
 * dev.fanout.jobs.cpu.BatchMeter}, the event-based meter the CPU-bound commands print their
 * summaries from.
 */
package dev.fanout.jobs.cpu;
