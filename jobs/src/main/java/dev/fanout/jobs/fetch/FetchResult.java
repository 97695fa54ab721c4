package dev.fanout.jobs.fetch;

/**
 * What one fetched URL gave: a small value that travels between processes as JSON.
 *
 * @param url the URL as given
 * @param status the final HTTP status
 * @param bytes body bytes received
 * @param file the file name under {@code --out}, or null when bodies are not stored
 * @param redirects redirects followed
 * @param protocol the protocol of the final response: {@code HTTP/1.1}, {@code HTTP/2}
 */
public record FetchResult(
    String url, int status, long bytes, String file, int redirects, String protocol) {}
