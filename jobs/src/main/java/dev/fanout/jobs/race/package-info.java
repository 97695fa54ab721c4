/**
 * {@code fanout race}: lost updates made visible. {@link dev.fanout.jobs.race.RaceTask} increments
 * its JVM's counter; {@link dev.fanout.jobs.race.Race} runs the tasks and merges the counts of
 * every JVM that ran some.
 */
package dev.fanout.jobs.race;
