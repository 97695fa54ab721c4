package dev.fanout.jobs.http;

/**
 * A completed GET: the URL finally answered (after redirects), its status and the body's size.
 *
 * @param url the URL that answered, after redirects, without credentials
 * @param status the HTTP status (2xx)
 * @param bytes body bytes received (decoded, with {@code --compressed})
 * @param redirects redirects followed
 * @param protocol the protocol of the final response: {@code HTTP/1.1}, {@code HTTP/1.0} or {@code
 *     HTTP/2}
 */
public record HttpResult(String url, int status, long bytes, int redirects, String protocol) {}
