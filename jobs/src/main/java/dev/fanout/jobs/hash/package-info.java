/**
 * {@code fanout hash}: a {@code sha256sum}-compatible hasher. {@link dev.fanout.jobs.hash.FileTree}
 * walks in the caller, {@link dev.fanout.jobs.hash.Sha256File} hashes one path on any model (only
 * the path crosses a process boundary), {@link dev.fanout.jobs.hash.HashJob} ties them together.
 */
package dev.fanout.jobs.hash;
