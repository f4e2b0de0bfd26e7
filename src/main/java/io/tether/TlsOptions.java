package io.tether;

import io.tether.impl.config.Keys;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Locale;

/**
 * The {@code tls} group: whether the client connects with TLS, what it trusts, the client certificate for mutual
 * TLS (a key store, or a PEM certificate and key), host-name verification, SNI, the protocol versions, and how often
 * the files are read again.
 * <p>
 * The passwords are secrets: {@link #toString()} masks them and an error about one does not repeat it.
 * {@link #toJson()} carries them as given; do not log it.
 */
public class TlsOptions extends OptionGroup {

  /** The TLS protocol versions {@code tls.protocols} may list. */
  public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2", "TLSv1.1", "TLSv1");
  /** The formats of a trust store: {@code pem}, {@code jks}, {@code pkcs12}. */
  public static final List<String> TRUST_STORE_TYPES = List.of("pem", "jks", "pkcs12");
  /** The formats of a key store: {@code jks}, {@code pkcs12}. */
  public static final List<String> KEY_STORE_TYPES = List.of("jks", "pkcs12");

  public static final boolean DEFAULT_ENABLED = false;
  public static final boolean DEFAULT_VERIFY_HOST = true;
  public static final List<String> DEFAULT_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
  public static final long DEFAULT_RELOAD_INTERVAL = 60000;

  private boolean enabled = DEFAULT_ENABLED;
  private String trustStore;
  private String trustStoreType;
  private String trustStorePassword;
  private String trustStorePasswordEnv;
  private String keyStore;
  private String keyStoreType;
  private String keyStorePassword;
  private String keyStorePasswordEnv;
  private String certFile;
  private String keyFile;
  private boolean verifyHost = DEFAULT_VERIFY_HOST;
  private String serverName;
  private List<String> protocols = DEFAULT_PROTOCOLS;
  private long reloadInterval = DEFAULT_RELOAD_INTERVAL;

  /** The defaults: no TLS. */
  public TlsOptions() {
  }

  /** A copy. */
  public TlsOptions(TlsOptions other) {
    Keys.TLS.copy(other, this);
  }

  /**
   * The defaults overridden by {@code json}, the group's own object ({@code {"enabled": true}}), read strictly.
   *
   * @throws TetherConfigException on an unknown key, a wrong type, a value out of range, or keys that do not go
   *                               together (a key store and PEM files; a password and its variable)
   */
  public TlsOptions(JsonObject json) {
    Keys.TLS.read(json, this);
  }

  @Override
  JsonObject json(boolean masked) {
    return Keys.TLS.write(this, masked);
  }

  /** {@code tls.enabled}. */
  public boolean enabled() {
    return enabled;
  }

  public TlsOptions setEnabled(boolean enabled) {
    this.enabled = enabled;
    return this;
  }

  /** {@code tls.trustStore}: a PEM file of CA certificates, a JKS or a PKCS12 store; null trusts what the JVM trusts. */
  public String trustStore() {
    return trustStore;
  }

  public TlsOptions setTrustStore(String trustStore) {
    this.trustStore = Keys.TLS_TRUST_STORE.check(trustStore);
    return this;
  }

  /** {@code tls.trustStoreType}: {@code pem}, {@code jks} or {@code pkcs12}; null tells it from the file name. */
  public String trustStoreType() {
    return trustStoreType;
  }

  public TlsOptions setTrustStoreType(String trustStoreType) {
    this.trustStoreType = Keys.TLS_TRUST_STORE_TYPE.check(trustStoreType);
    return this;
  }

  /** {@code tls.trustStorePassword} (a secret). */
  public String trustStorePassword() {
    return trustStorePassword;
  }

  public TlsOptions setTrustStorePassword(String trustStorePassword) {
    this.trustStorePassword = trustStorePassword;
    return this;
  }

  /** {@code tls.trustStorePasswordEnv}: the environment variable that holds the trust store's password. */
  public String trustStorePasswordEnv() {
    return trustStorePasswordEnv;
  }

  public TlsOptions setTrustStorePasswordEnv(String trustStorePasswordEnv) {
    this.trustStorePasswordEnv = Keys.TLS_TRUST_STORE_PASSWORD_ENV.check(trustStorePasswordEnv);
    return this;
  }

  /** {@code tls.keyStore}: a JKS or PKCS12 file with the client's key and certificate chain, for mutual TLS. */
  public String keyStore() {
    return keyStore;
  }

  public TlsOptions setKeyStore(String keyStore) {
    this.keyStore = Keys.TLS_KEY_STORE.check(keyStore);
    return this;
  }

  /** {@code tls.keyStoreType}: {@code jks} or {@code pkcs12}; null tells it from the file name. */
  public String keyStoreType() {
    return keyStoreType;
  }

  public TlsOptions setKeyStoreType(String keyStoreType) {
    this.keyStoreType = Keys.TLS_KEY_STORE_TYPE.check(keyStoreType);
    return this;
  }

  /** {@code tls.keyStorePassword} (a secret). */
  public String keyStorePassword() {
    return keyStorePassword;
  }

  public TlsOptions setKeyStorePassword(String keyStorePassword) {
    this.keyStorePassword = keyStorePassword;
    return this;
  }

  /** {@code tls.keyStorePasswordEnv}: the environment variable that holds the key store's password. */
  public String keyStorePasswordEnv() {
    return keyStorePasswordEnv;
  }

  public TlsOptions setKeyStorePasswordEnv(String keyStorePasswordEnv) {
    this.keyStorePasswordEnv = Keys.TLS_KEY_STORE_PASSWORD_ENV.check(keyStorePasswordEnv);
    return this;
  }

  /** {@code tls.certFile}: the client's certificate chain as PEM, with {@link #keyFile()}: mutual TLS without a key store. */
  public String certFile() {
    return certFile;
  }

  public TlsOptions setCertFile(String certFile) {
    this.certFile = Keys.TLS_CERT_FILE.check(certFile);
    return this;
  }

  /** {@code tls.keyFile}: the client's private key as unencrypted PEM (PKCS#8 or PKCS#1). */
  public String keyFile() {
    return keyFile;
  }

  public TlsOptions setKeyFile(String keyFile) {
    this.keyFile = Keys.TLS_KEY_FILE.check(keyFile);
    return this;
  }

  /** {@code tls.verifyHost}: whether the server's certificate must name the host (HTTPS host-name verification). */
  public boolean verifyHost() {
    return verifyHost;
  }

  public TlsOptions setVerifyHost(boolean verifyHost) {
    this.verifyHost = verifyHost;
    return this;
  }

  /** {@code tls.serverName}: the name sent in the SNI extension; null sends the host when it is a name. */
  public String serverName() {
    return serverName;
  }

  public TlsOptions setServerName(String serverName) {
    this.serverName = Keys.TLS_SERVER_NAME.check(serverName);
    return this;
  }

  /** {@code tls.protocols}: the versions offered, among {@link #PROTOCOLS}. */
  public List<String> protocols() {
    return protocols;
  }

  public TlsOptions setProtocols(List<String> protocols) {
    this.protocols = List.copyOf(Keys.TLS_PROTOCOLS.check(protocols));
    return this;
  }

  /** {@code tls.reloadInterval}: ms between reads of the trust and key files; a change is used from the next connect. */
  public long reloadInterval() {
    return reloadInterval;
  }

  public TlsOptions setReloadInterval(long reloadInterval) {
    this.reloadInterval = Keys.TLS_RELOAD_INTERVAL.check(reloadInterval);
    return this;
  }

  /**
   * The format of {@link #trustStore()}: {@link #trustStoreType()}, else told from the file name
   * ({@code .pem .crt .cer} PEM, {@code .jks} JKS, {@code .p12 .pfx} PKCS12).
   *
   * @throws TetherConfigException naming {@code tls.trustStoreType} when the name does not tell
   */
  public String trustStoreFormat() {
    return format(Keys.TLS_TRUST_STORE_TYPE.name(), Keys.TLS_TRUST_STORE_TYPE.expected(), trustStoreType, trustStore, true);
  }

  /**
   * The format of {@link #keyStore()}: {@link #keyStoreType()}, else told from the file name.
   *
   * @throws TetherConfigException naming {@code tls.keyStoreType} when the name does not tell
   */
  public String keyStoreFormat() {
    return format(Keys.TLS_KEY_STORE_TYPE.name(), Keys.TLS_KEY_STORE_TYPE.expected(), keyStoreType, keyStore, false);
  }

  private static String format(String typeKey, String expected, String type, String path, boolean pem) {
    if (type != null) {
      return type;
    }
    String name = path == null ? "" : path.toLowerCase(Locale.ROOT);
    if (pem && (name.endsWith(".pem") || name.endsWith(".crt") || name.endsWith(".cer"))) {
      return "pem";
    }
    if (name.endsWith(".jks")) {
      return "jks";
    }
    if (name.endsWith(".p12") || name.endsWith(".pfx")) {
      return "pkcs12";
    }
    throw TetherConfigException.expected(typeKey, expected + " (the type of \"" + path
      + "\" cannot be told from its name)", null);
  }
}
