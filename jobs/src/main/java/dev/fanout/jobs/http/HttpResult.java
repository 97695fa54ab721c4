package dev.fanout.jobs.http;

/**
 * A completed GET: the URL finally answered (after redirects), its status and the body's size.
 *
 * @param url the URL that answered, after redirects
 * @param status the HTTP status (2xx)
 * @param bytes body bytes received
 * @param redirects redirects followed
 */
public record HttpResult(String url, int status, long bytes, int redirects) {}
