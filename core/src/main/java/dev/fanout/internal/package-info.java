/**
 * fanout's built-in engines and their plumbing: not API, not exported, may change without notice.
 * What an engine plugs into is {@link dev.fanout.spi}.
 *
 * <p>Naming: an {@code XxxEngine} runs attempts for one {@link dev.fanout.Model}; a {@link
 * dev.fanout.internal.DispatchedRun} is one input's life from launch to outcome (an engine sees it
 * as a {@link dev.fanout.spi.TaskRun}); the {@link dev.fanout.internal.Dispatcher} is the one loop
 * (on the caller's thread) that pulls inputs, enforces limits and retries, and turns finished runs
 * into outcomes and events.
 */
package dev.fanout.internal;
