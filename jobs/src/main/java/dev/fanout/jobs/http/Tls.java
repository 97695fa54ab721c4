package dev.fanout.jobs.http;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.Locale;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The TLS trust of a run, the same for both clients: the system's certificate authorities plus
 * those of {@code --cacert}; host names always checked unless {@code -k}. And the one-line message
 * for a certificate that fails, which is never retried.
 *
 * <p>Stateless and thread-safe.
 */
final class Tls {
  private Tls() {}

  /**
   * The trust manager for {@code s}: the system's authorities plus {@code --cacert}'s. Not used
   * with {@code -k}.
   *
   * @throws IllegalArgumentException when the PEM text holds no certificate
   */
  static X509TrustManager trustManager(HttpSettings s) throws GeneralSecurityException {
    TrustManagerFactory system =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    system.init((KeyStore) null);
    if (s.caCertPem() == null) {
      return (X509TrustManager) system.getTrustManagers()[0];
    }
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    try {
      store.load(null, null);
    } catch (java.io.IOException e) {
      throw new GeneralSecurityException(e);
    }
    int i = 0;
    for (X509Certificate c :
        ((X509TrustManager) system.getTrustManagers()[0]).getAcceptedIssuers()) {
      store.setCertificateEntry("system-" + i++, c);
    }
    for (Certificate c : certificates(s.caCertPem())) {
      store.setCertificateEntry("cacert-" + i++, c);
    }
    TrustManagerFactory both =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    both.init(store);
    return (X509TrustManager) both.getTrustManagers()[0];
  }

  /**
   * The certificates in PEM text.
   *
   * @throws IllegalArgumentException when there is none, naming what to give instead
   */
  static Collection<? extends Certificate> certificates(String pem) {
    try {
      Collection<? extends Certificate> all =
          CertificateFactory.getInstance("X.509")
              .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.UTF_8)));
      if (all.isEmpty()) {
        throw new CertificateException("no certificate in it");
      }
      return all;
    } catch (CertificateException e) {
      throw new IllegalArgumentException(
          "--cacert: not a PEM certificate file ("
              + e.getMessage()
              + "): give the CA's certificate, '-----BEGIN CERTIFICATE-----' and all",
          e);
    }
  }

  /** Whether {@code e} (or a cause) is a TLS failure: a certificate, a host name, a handshake. */
  static boolean isTlsFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SSLException || t instanceof CertificateException) {
        return true;
      }
    }
    return false;
  }

  /** The one line for a TLS failure reaching {@code host} for {@code url}: not retried. */
  static HttpException failure(Throwable e, String url, String host) {
    String all = chain(e).toLowerCase(Locale.ROOT);
    String what;
    if (all.contains("subject alternative")
        || all.contains("doesn't match")
        || all.contains("no name matching")
        || e instanceof SSLPeerUnverifiedException) {
      what =
          "the certificate is for another host name, not '"
              + host
              + "' (someone may be impersonating it; check the URL's host)";
    } else if (all.contains("pkix")
        || all.contains("certification path")
        || all.contains("unable to find valid")) {
      what =
          "the certificate is not signed by a trusted authority"
              + " (for a private CA, give its certificate with --cacert FILE)";
    } else if (all.contains("expired") || all.contains("not yet valid")) {
      what = "the certificate has expired or is not yet valid";
    } else if (e instanceof SSLHandshakeException || all.contains("handshake")) {
      what = "the TLS handshake failed (" + firstLine(e) + ")";
    } else {
      what = "TLS failed (" + firstLine(e) + ")";
    }
    return new HttpException(
        "TLS error for " + url + ": " + what + "; -k skips all checks", false, e);
  }

  private static String chain(Throwable e) {
    StringBuilder b = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      b.append(t.getClass().getName()).append(": ").append(t.getMessage()).append(" | ");
    }
    return b.toString();
  }

  private static String firstLine(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    String m = String.valueOf(root.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  /**
   * The Netty client TLS context for {@code settings} (for {@link NettyHttpClient}): ALPN offering
   * h2 then http/1.1 unless {@code --http1.1}, the trust of {@link #trustManager}, endpoint
   * identification {@code HTTPS} unless {@code -k}. Slow (it loads the trust store and the TLS
   * engine's classes): never call it on an event loop.
   */
  static io.netty.handler.ssl.SslContext nettyContext(HttpSettings settings)
      throws javax.net.ssl.SSLException {
    io.netty.handler.ssl.SslContextBuilder b = io.netty.handler.ssl.SslContextBuilder.forClient();
    if (!settings.http11()) {
      b.applicationProtocolConfig(
          new io.netty.handler.ssl.ApplicationProtocolConfig(
              io.netty.handler.ssl.ApplicationProtocolConfig.Protocol.ALPN,
              io.netty.handler.ssl.ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
              io.netty.handler.ssl.ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
              io.netty.handler.ssl.ApplicationProtocolNames.HTTP_2,
              io.netty.handler.ssl.ApplicationProtocolNames.HTTP_1_1));
    }
    if (settings.insecure()) {
      b.trustManager(io.netty.handler.ssl.util.InsecureTrustManagerFactory.INSTANCE)
          .endpointIdentificationAlgorithm(null);
    } else {
      try {
        b.trustManager(Tls.trustManager(settings)).endpointIdentificationAlgorithm("HTTPS");
      } catch (java.security.GeneralSecurityException e) {
        throw new javax.net.ssl.SSLException("cannot set up TLS: " + e.getMessage(), e);
      }
    }
    io.netty.handler.ssl.SslContext context = b.build();
    // load the TLS engine's classes here, off the loop: the first handshake would otherwise
    // hold the loop (and every other request on it) while the JVM loads them
    javax.net.ssl.SSLEngine engine =
        context.newEngine(io.netty.buffer.ByteBufAllocator.DEFAULT, "localhost", 443);
    try {
      engine.beginHandshake();
      engine.wrap(
          java.nio.ByteBuffer.allocate(0),
          java.nio.ByteBuffer.allocate(engine.getSession().getPacketBufferSize()));
    } finally {
      engine.closeOutbound();
      io.netty.util.ReferenceCountUtil.release(engine);
    }
    return context;
  }
}
