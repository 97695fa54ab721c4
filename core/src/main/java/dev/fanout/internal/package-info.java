/**
 * fanout's engines and their plumbing: not API, may change without notice.
 *
 * <p>Naming: an {@code XxxEngine} runs attempts for one {@link dev.fanout.Model}; a {@link
 * dev.fanout.internal.TaskRun} is one input's life from launch to outcome; the {@link
 * dev.fanout.internal.Dispatcher} is the one loop (on the caller's thread) that pulls inputs,
 * enforces limits and retries, and turns finished runs into outcomes and events.
 */
package dev.fanout.internal;
