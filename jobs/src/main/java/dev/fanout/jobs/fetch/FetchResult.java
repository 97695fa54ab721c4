package dev.fanout.jobs.fetch;

/**
 * What one fetched URL gave: a small value that travels between processes as JSON.
 *
 * @param url the URL as given
 * @param status the final HTTP status
 * @param bytes body bytes received
 * @param file the file name under {@code --out}, or null when bodies are not stored
 * @param redirects redirects followed
 */
public record FetchResult(String url, int status, long bytes, String file, int redirects) {}
