package dev.fanout.jobs.http;

import org.apache.hc.core5.http.ContentLengthStrategy;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpMessage;
import org.apache.hc.core5.http.ProtocolException;
import org.apache.hc.core5.http.impl.DefaultContentLengthStrategy;

/**
 * HttpClient's framing rule with one more check: a response whose {@code Content-Length} headers
 * disagree has no trustworthy length (RFC 9112 6.3: unrecoverable), so it fails instead of letting
 * one of them win.
 *
 * <p>Stateless and thread-safe.
 */
final class OneContentLength implements ContentLengthStrategy {
  static final OneContentLength INSTANCE = new OneContentLength();

  private OneContentLength() {}

  @Override
  public long determineLength(HttpMessage message) throws HttpException {
    Header[] lengths = message.getHeaders("Content-Length");
    for (int i = 1; i < lengths.length; i++) {
      if (!lengths[i].getValue().trim().equals(lengths[0].getValue().trim())) {
        throw new ProtocolException(
            "conflicting Content-Length headers ("
                + lengths[0].getValue()
                + " and "
                + lengths[i].getValue()
                + ")");
      }
    }
    return DefaultContentLengthStrategy.INSTANCE.determineLength(message);
  }
}
