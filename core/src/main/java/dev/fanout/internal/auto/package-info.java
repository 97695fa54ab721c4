/**
 * The {@code auto} model: {@link dev.fanout.internal.auto.AutoEngine} runs a run's first tasks on
 * platform threads of their own (the {@code Sampler}), measures CPU time against wall time and how
 * often each thread is found asleep, lets the {@link dev.fanout.internal.auto.Classifier} name the
 * work (I/O-bound, CPU-bound, mixed) and pick a model and size, logs that {@link
 * dev.fanout.internal.auto.Decision} as one line, and runs the rest under the chosen engine.
 */
package dev.fanout.internal.auto;
