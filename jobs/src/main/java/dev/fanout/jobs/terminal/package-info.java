/**
 * What fanout's jobs draw on a terminal: the progress bar shared by {@code fetch} and {@code run}.
 */
package dev.fanout.jobs.terminal;
