package dev.airgap.bundle.registry;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.SequenceInputStream;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * The one place that turns a failed connection into a sentence a user can act on: which host,
 * what was tried, and the setting that changes it. A TLS/plain-HTTP mismatch or a certificate that
 * does not verify is a settings problem that another try cannot fix ({@link #isSettingsMismatch}).
 * The JDK's exception text never reaches the user; the exception stays attached as the cause for
 * {@code --debug}.
 */
public final class ConnectionFailures {
  private final RegistrySettings settings;
  private final SettingNames names;
  private final Duration timeout;

  /**
   * @param names how the user changes {@code settings}
   * @param timeout the idle timeout in force, to say how long was waited
   */
  public ConnectionFailures(RegistrySettings settings, SettingNames names, Duration timeout) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.names = Objects.requireNonNull(names, "names");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
  }

  /** Whether the failure comes from how the connection is set up, so retrying cannot help. */
  public static boolean isSettingsMismatch(IOException e) {
    return e instanceof PlainHttpToTlsServer || cause(e, SSLException.class).isPresent();
  }

  /**
   * The exception for a failure to talk to {@code uri} while {@code doing} ("pull manifest h/r:t"):
   * a {@link ConnectionSettingsException} when a setting is the cause, else a {@link RegistryException}.
   */
  public RegistryException failure(String doing, IOException e, URI uri) {
    String message = doing + " failed: " + describe(e, uri);
    return isSettingsMismatch(e) ? new ConnectionSettingsException(message, e) : new RegistryException(message, 0, null, e);
  }

  /** A sentence for a failure to talk to {@code uri}: what happened at which host, and what to change. */
  public String describe(IOException e, URI uri) {
    String host = hostOf(uri);
    if (e instanceof PlainHttpToTlsServer) {
      return host + " speaks TLS (https), but plain HTTP was tried; " + names.plainHttp(false);
    }
    Optional<SSLException> tls = cause(e, SSLException.class);
    if (tls.isPresent()) {
      return describeTls(tls.get(), host);
    }
    if (cause(e, HttpConnectTimeoutException.class).isPresent()) {
      return host + " accepted no connection within " + seconds(timeout) + "; check the host name and port, that"
          + " the registry runs, and the network path to it, or allow longer with --timeout";
    }
    if (cause(e, HttpTimeoutException.class).isPresent() || cause(e, SocketTimeoutException.class).isPresent()) {
      return host + " sent nothing for " + seconds(timeout) + " (connection, answer or transfer stalled);"
          + " check the network path to it, or allow longer with --timeout";
    }
    if (cause(e, ConnectException.class).isPresent()) {
      return "could not connect to " + host + " over " + uri.getScheme()
          + "; check the host name and port, that the registry runs, and any firewall in between";
    }
    String message = Objects.requireNonNullElse(e.getMessage(), "");
    return "the connection to " + host + " failed (" + e.getClass().getSimpleName()
        + (message.isEmpty() ? "" : ": " + message) + ")";
  }

  private String describeTls(SSLException tls, String host) {
    Optional<CertPathValidatorException> invalid = cause(tls, CertPathValidatorException.class);
    if (invalid.isPresent() && (invalid.get().getReason() == CertPathValidatorException.BasicReason.EXPIRED
        || invalid.get().getReason() == CertPathValidatorException.BasicReason.NOT_YET_VALID)) {
      return "the TLS certificate of " + host + " has expired or is not yet valid (or this machine's clock is"
          + " wrong); renew the certificate, or " + names.tlsVerifyOff() + " for a test registry";
    }
    if (invalid.isPresent() || cause(tls, CertPathBuilderException.class).isPresent()) {
      return "the TLS certificate of " + host + " is not signed by a CA this machine trusts; " + names.caFile()
          + " (or, for a test registry only, " + names.tlsVerifyOff() + ")";
    }
    if (cause(tls, CertificateException.class).isPresent()) {
      // What is left after the chain checked out is the host-name check.
      return "the TLS certificate of " + host + " does not list the name " + stripPort(host)
          + "; connect by a name the certificate lists, or " + names.tlsVerifyOff() + " for a test registry";
    }
    if (!(tls instanceof SSLHandshakeException)) {
      // A record that is not TLS at all: what a plain-HTTP server sends back to a TLS hello.
      return host + " did not answer in TLS (https) but, most likely, in plain HTTP; if it serves plain HTTP, "
          + names.plainHttp(true) + " (credentials are then never sent to it)";
    }
    return "the TLS handshake with " + host + " failed (no protocol version or cipher in common, or the"
        + " server refused the connection); check that " + host + " serves TLS on this port";
  }

  private static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }

  private String hostOf(URI uri) {
    if (uri == null || uri.getHost() == null) {
      return settings.host();
    }
    return uri.getPort() == -1 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
  }

  private static String stripPort(String host) {
    int colon = host.lastIndexOf(':');
    return colon > 0 && !host.endsWith("]") ? host.substring(0, colon) : host;
  }

  private static <T extends Throwable> Optional<T> cause(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return Optional.of(type.cast(t));
      }
    }
    return Optional.empty();
  }

  /**
   * A TLS server's answer to a plain-HTTP request. Go's servers (distribution, Harbor, Quay's
   * front) answer it with a fixed, header-less 400 instead of a registry error, which is how it is
   * recognised.
   */
  static final class PlainHttpToTlsServer extends IOException {
    private static final long serialVersionUID = 1L;
    /** What Go's net/http writes when a TLS listener receives plain HTTP. */
    static final String GO_ANSWER = "Client sent an HTTP request to an HTTPS server.";

    PlainHttpToTlsServer(URI uri) {
      super("plain HTTP request to the TLS server at " + uri.getHost());
    }

    /**
     * The answer itself, unless it is Go's reply to plain HTTP on a TLS port: a 400 without any
     * header (a registry's own 400 always has a JSON body and its Content-Type) and that sentence.
     */
    static Response check(Response response) throws IOException {
      if (response.status() != 400 || response.header("Content-Type").isPresent()) {
        return response;
      }
      byte[] start = response.body().readNBytes(GO_ANSWER.length());
      if (new String(start, StandardCharsets.US_ASCII).equals(GO_ANSWER)) {
        response.close();
        throw new PlainHttpToTlsServer(response.uri());
      }
      return new Response(response.status(), response.headers(),
          new SequenceInputStream(new ByteArrayInputStream(start), response.body()), response.uri());
    }
  }
}
