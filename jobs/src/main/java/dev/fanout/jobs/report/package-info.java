/**
 * {@code bench}'s HTML report: one self-contained file, inline CSS and SVG, no script, every string
 * escaped by {@code Html.esc}.
 */
package dev.fanout.jobs.report;
