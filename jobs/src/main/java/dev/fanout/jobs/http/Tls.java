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
}
