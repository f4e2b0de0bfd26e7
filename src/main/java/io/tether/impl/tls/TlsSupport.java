package io.tether.impl.tls;

import io.tether.impl.Logs;
import io.tether.TetherConfigException;
import io.tether.Endpoint;
import io.tether.TetherOptions;
import io.tether.TlsOptions;
import io.tether.impl.config.Key;
import io.tether.impl.config.Keys;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.ClientSSLOptions;
import io.vertx.core.net.JksOptions;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.PfxOptions;
import io.vertx.core.net.TrustOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLException;

import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The TLS side of a client: the {@link NetClientOptions} it connects with, and its trust and key material.
 * <p>
 * The trust and key files are read into memory, checked (a bad file or password fails the deployment with a
 * {@link TetherConfigException} naming the key), and handed to Vert.x as values rather than paths. Every
 * {@code tls.reloadInterval} they are read again; when their bytes changed and still load, the new material goes to
 * {@link NetClient#updateSSLOptions} and is used from the next connect. The open connection and the outbox are left
 * alone. Material that changed but does not load is logged once and ignored until it changes again.
 * <p>
 * Passwords come from the config or from the environment variable it names; they are never logged, and no message
 * built here contains one.
 */
public final class TlsSupport {

  private static final Logger log = LoggerFactory.getLogger(Logs.CLIENT);
  private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|.*:.*");

  private final Vertx vertx;
  private final TlsOptions options;
  private final Endpoint server;
  private final String trustPassword;
  private final String keyPassword;
  private Material current;
  private ClientSSLOptions sslOptions;
  private Material refused;
  private String lastProblem;
  private NetClient netClient;
  private long timer = -1;
  private boolean reloading;
  private long reloads;

  /** The bytes of the files in use; compared by content to tell a rotation. */
  private record Material(Buffer trust, Buffer keyStore, Buffer cert, Buffer key) {
  }

  private TlsSupport(Vertx vertx, TlsOptions options, Endpoint server, String trustPassword, String keyPassword) {
    this.vertx = vertx;
    this.options = options;
    this.server = server;
    this.trustPassword = trustPassword;
    this.keyPassword = keyPassword;
  }

  /**
   * Reads and checks the trust and key material of {@code options}, for a client with {@code tls.enabled} (one
   * without has no {@code TlsSupport}).
   *
   * @param server the server the client connects to: its host is the default SNI name, and logs name it
   * @param env    the environment, for {@code tls.*PasswordEnv}
   * @return a future failed with a {@link TetherConfigException} on a missing file, a bad password or bad material
   */
  public static Future<TlsSupport> load(Vertx vertx, TlsOptions options, Endpoint server, Map<String, String> env) {
    TlsSupport tls;
    try {
      tls = new TlsSupport(vertx, options, server,
        password(options.trustStorePassword(), Keys.TLS_TRUST_STORE_PASSWORD_ENV, options.trustStorePasswordEnv(), env),
        password(options.keyStorePassword(), Keys.TLS_KEY_STORE_PASSWORD_ENV, options.keyStorePasswordEnv(), env));
    } catch (TetherConfigException e) {
      return Future.failedFuture(e);
    }
    return tls.read().compose(tls::check).map(checked -> {
      tls.current = checked.material();
      tls.sslOptions = checked.ssl();
      log.info("TLS to {}: trust from {}, {}, host names {}, {}", server,
        options.trustStore() == null ? "the JVM" : options.trustStore(),
        options.keyStore() != null ? "client certificate from " + options.keyStore()
          : options.certFile() != null ? "client certificate from " + options.certFile() : "no client certificate",
        options.verifyHost() ? "verified" : "NOT verified", String.join(", ", options.protocols()));
      return tls;
    });
  }

  private static String password(String given, Key<String> envKey, String variable, Map<String, String> env) {
    if (variable == null) {
      return given;
    }
    String value = env.get(variable);
    if (value == null) {
      throw TetherConfigException.expected(envKey.name(), "the name of an environment variable that is set", variable);
    }
    return value;
  }

  /** The options to create the client's {@link NetClient} with: TLS when enabled. */
  public NetClientOptions netClientOptions() {
    NetClientOptions o = new NetClientOptions();
    if (sslOptions != null) {
      o.setSsl(true)
        .setHostnameVerificationAlgorithm(sslOptions.getHostnameVerificationAlgorithm())
        .setEnabledSecureTransportProtocols(sslOptions.getEnabledSecureTransportProtocols())
        .setTrustOptions(sslOptions.getTrustOptions())
        .setKeyCertOptions(sslOptions.getKeyCertOptions());
    }
    return o;
  }

  /** The SNI name for a connect: {@code tls.serverName}, else the host when it is a name; {@code null} for an IP. */
  public String serverName() {
    if (options.serverName() != null) {
      return options.serverName();
    }
    String host = server.host();
    return IP_LITERAL.matcher(host).matches() ? null : host;
  }

  /** Starts re-reading the files every {@code tls.reloadInterval} for {@code client}, on the caller's context. */
  public void watch(NetClient client) {
    this.netClient = client;
    long interval = options.reloadInterval();
    if (sslOptions != null && interval > 0 && hasFiles()) {
      timer = vertx.setPeriodic(interval, id -> {
        if (!reloading) {
          reload();
        }
      });
    }
  }

  private boolean hasFiles() {
    return options.trustStore() != null || options.keyStore() != null || options.certFile() != null;
  }

  /**
   * Reads the files again and, when their bytes changed and load, hands them to the client for its next connects.
   *
   * @return whether new material is now in use
   */
  public Future<Boolean> reload() {
    if (sslOptions == null || netClient == null) {
      return Future.succeededFuture(false);
    }
    reloading = true;
    return read()
      .compose(m -> {
        if (m.equals(current) || m.equals(refused)) {
          return Future.succeededFuture(false);
        }
        return check(m).compose(checked -> netClient.updateSSLOptions(checked.ssl(), true).map(updated -> {
          current = checked.material();
          sslOptions = checked.ssl();
          refused = null;
          lastProblem = null;
          reloads++;
          log.info("TLS material for {} reloaded; the next connect uses it", server);
          return true;
        })).recover(err -> {
          refused = m;
          return problem("TLS material for " + server + " changed but cannot be used, keeping the current one: "
            + err.getMessage());
        });
      }, err -> problem("TLS material for " + server + " cannot be read again, keeping the current one: "
        + err.getMessage()))
      .eventually(() -> {
        reloading = false;
        return Future.succeededFuture();
      });
  }

  private Future<Boolean> problem(String message) {
    if (!message.equals(lastProblem)) {
      lastProblem = message;
      log.warn(message);
    }
    return Future.succeededFuture(false);
  }

  /** How many times changed material was put in use. */
  public long reloads() {
    return reloads;
  }

  /** Stops re-reading the files. */
  public void close() {
    if (timer != -1) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }

  // ---- reading and checking

  private Future<Material> read() {
    return Future.all(
        file(Keys.TLS_TRUST_STORE, options.trustStore()),
        file(Keys.TLS_KEY_STORE, options.keyStore()),
        file(Keys.TLS_CERT_FILE, options.certFile()),
        file(Keys.TLS_KEY_FILE, options.keyFile()))
      .map(all -> new Material(all.resultAt(0), all.resultAt(1), all.resultAt(2), all.resultAt(3)));
  }

  private Future<Buffer> file(Key<String> key, String path) {
    if (path == null) {
      return Future.succeededFuture();
    }
    return vertx.fileSystem().readFile(path).recover(err -> Future.failedFuture(
      new TetherConfigException(key.name(), key.name() + ": cannot read \"" + path + "\": " + readProblem(err))));
  }

  private static String readProblem(Throwable err) {
    Throwable t = err;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    if (t instanceof NoSuchFileException) {
      return "no such file";
    }
    if (t instanceof AccessDeniedException) {
      return "permission denied";
    }
    return firstLine(t);
  }

  private record Checked(Material material, ClientSSLOptions ssl) {
  }

  /** Builds the TLS options from {@code m} and loads them once, off the event loop, to fail early and clearly. */
  private Future<Checked> check(Material m) {
    ClientSSLOptions ssl = new ClientSSLOptions()
      .setHostnameVerificationAlgorithm(options.verifyHost() ? "HTTPS" : "")
      .setEnabledSecureTransportProtocols(new LinkedHashSet<>(options.protocols()));
    TrustOptions trust = m.trust() == null ? null : trustOptions(m.trust());
    KeyCertOptions key = keyCertOptions(m);
    ssl.setTrustOptions(trust);
    ssl.setKeyCertOptions(key);
    return vertx.executeBlocking(() -> {
      if (trust != null) {
        try {
          trust.getTrustManagerFactory(vertx);
        } catch (Exception e) {
          throw unusable(Keys.TLS_TRUST_STORE.name(), options.trustStore(), options.trustStoreFormat(), e);
        }
      }
      if (key != null) {
        String keyName = (m.keyStore() != null ? Keys.TLS_KEY_STORE : Keys.TLS_KEY_FILE).name();
        String path = m.keyStore() != null ? options.keyStore() : options.keyFile();
        try {
          key.getKeyManagerFactory(vertx);
        } catch (Exception e) {
          throw unusable(keyName, path, m.keyStore() != null ? options.keyStoreFormat() : "pem", e);
        }
      }
      return new Checked(m, ssl);
    }, false);
  }

  private TrustOptions trustOptions(Buffer bytes) {
    switch (options.trustStoreFormat()) {
      case "pem":
        return new PemTrustOptions().addCertValue(bytes);
      case "jks":
        return new JksOptions().setValue(bytes).setPassword(trustPassword);
      default:
        return new PfxOptions().setValue(bytes).setPassword(trustPassword);
    }
  }

  private KeyCertOptions keyCertOptions(Material m) {
    if (m.keyStore() != null) {
      return "jks".equals(options.keyStoreFormat())
        ? new JksOptions().setValue(m.keyStore()).setPassword(keyPassword)
        : new PfxOptions().setValue(m.keyStore()).setPassword(keyPassword);
    }
    if (m.cert() != null) {
      return new PemKeyCertOptions().addCertValue(m.cert()).addKeyValue(m.key());
    }
    return null;
  }

  /** A load failure, without the password: only the exception's own first line, which the JDK keeps free of it. */
  private TetherConfigException unusable(String key, String path, String format, Exception e) {
    String message = hideSecrets(firstLine(e));
    return new TetherConfigException(key, key + ": cannot load \"" + path + "\" as " + format.toUpperCase(Locale.ROOT)
      + ": " + message);
  }

  private String hideSecrets(String message) {
    String out = message;
    for (String secret : secrets()) {
      out = out.replace(secret, TetherOptions.MASK);
    }
    return out;
  }

  private List<String> secrets() {
    List<String> out = new ArrayList<>();
    for (String s : new String[] {trustPassword, keyPassword}) {
      if (s != null && !s.isEmpty()) {
        out.add(s);
      }
    }
    return out;
  }

  /**
   * A TLS failure in plain words, for a status event's cause: what went wrong, then the JDK's own message.
   *
   * @return {@code null} when {@code t} is not a TLS failure
   */
  public static String describe(Throwable t) {
    // the deepest TLS exception says what failed; the outer ones only that something did
    SSLException ssl = null;
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof SSLException) {
        ssl = (SSLException) c;
      }
    }
    if (ssl == null) {
      return null;
    }
    String m = firstLine(ssl);
    String what;
    if (m.contains("PKIX") || m.contains("certification path")) {
      what = "the server's certificate is not trusted";
    } else if (m.contains("subject alternative") || m.contains("No name matching")) {
      what = "the server's certificate is not for this host";
    } else if (m.contains("bad_certificate") || m.contains("certificate_required") || m.contains("unknown_ca")) {
      what = "the server refused the client certificate";
    } else if (m.contains("protocol_version") || m.contains("No appropriate protocol")) {
      what = "no TLS version in common with the server";
    } else if (m.contains("certificate_expired") || m.contains("validity check failed")) {
      what = "a certificate has expired";
    } else if (m.contains("plaintext connection") || m.contains("not an SSL/TLS record")) {
      what = "the server does not speak TLS";
    } else {
      what = "TLS failed";
    }
    return "TLS handshake failed: " + what + " (" + m + ")";
  }

  private static String firstLine(Throwable t) {
    String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  @Override
  public String toString() {
    return "TlsSupport[" + (sslOptions == null ? "off" : "on, " + server) + "]";
  }
}
