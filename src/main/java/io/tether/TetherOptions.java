package io.tether;

import io.tether.impl.ConfigReader;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The configuration of one {@link ClientVerticle}: where to connect, how to ping, reconnect, frame and queue.
 * <p>
 * It reads and writes the JSON of a client's config ({@link #TetherOptions(JsonObject)}, {@link #toJson()}).
 * Reading is strict: an unknown key, a value of the wrong type or out of range throws a
 * {@link TetherConfigException} that names the key in dotted form, the value and what was expected.
 * The setters check their input the same way.
 * <p>
 * The passwords ({@link #SECRET_KEYS}) are never shown: {@link #toString()} masks them, and an error about one of
 * them does not repeat its value. {@link #toJson()} is the configuration itself and carries them as given; do not log it.
 */
public class TetherOptions {

  public static final String DEFAULT_HOST = "localhost";
  public static final int DEFAULT_PORT = 9001;
  public static final String DEFAULT_ADDRESS = "tether";
  public static final long DEFAULT_PING_INTERVAL = 2000;
  public static final String DEFAULT_PING_PAYLOAD = "Ping";
  public static final int DEFAULT_CONNECT_TIMEOUT = 5000;
  public static final long DEFAULT_RECONNECT_INITIAL_DELAY = 500;
  public static final long DEFAULT_RECONNECT_MAX_DELAY = 30000;
  public static final double DEFAULT_RECONNECT_MULTIPLIER = 2.0;
  public static final double DEFAULT_RECONNECT_JITTER = 0.2;
  public static final int DEFAULT_RECONNECT_MAX_ATTEMPTS = -1;
  public static final boolean DEFAULT_EXIT_ON_CLOSE = false;
  public static final boolean DEFAULT_SINGLETON = false;
  public static final FramingMode DEFAULT_FRAMING_MODE = FramingMode.RAW;
  public static final String DEFAULT_FRAMING_DELIMITER = "\n";
  public static final int DEFAULT_FRAMING_MAX_FRAME_SIZE = 65536;
  public static final int DEFAULT_OUTBOX_CAPACITY = 1000;
  public static final long DEFAULT_OUTBOX_TTL = 25000;
  public static final OverflowPolicy DEFAULT_OUTBOX_OVERFLOW = OverflowPolicy.REJECT;
  /** {@code heartbeat.timeout} of -1: three ping intervals (no timeout when pings are off). */
  public static final long DEFAULT_HEARTBEAT_TIMEOUT = -1;
  public static final long DEFAULT_SHUTDOWN_DRAIN_TIMEOUT = 2000;
  public static final DeliveryMode DEFAULT_DELIVERY_MODE = DeliveryMode.PUBLISH;
  public static final int DEFAULT_DELIVERY_WINDOW = 256;
  public static final int DEFAULT_DELIVERY_BATCH = 1;
  public static final boolean DEFAULT_DELIVERY_HEADERS = true;
  public static final long DEFAULT_CONFIG_SCAN_PERIOD = 0;

  public static final boolean DEFAULT_TLS_ENABLED = false;
  public static final boolean DEFAULT_TLS_VERIFY_HOST = true;
  public static final List<String> DEFAULT_TLS_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
  public static final long DEFAULT_TLS_RELOAD_INTERVAL = 60000;
  public static final boolean DEFAULT_METRICS_ENABLED = false;
  public static final String DEFAULT_METRICS_HOST = "127.0.0.1";
  public static final int DEFAULT_METRICS_PORT = 9464;
  public static final boolean DEFAULT_HEALTH_ENABLED = false;

  /** The TLS protocol versions {@code tls.protocols} may list. */
  public static final List<String> TLS_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2", "TLSv1.1", "TLSv1");

  /** The formats of trust and key stores: {@code pem} (trust only), {@code jks}, {@code pkcs12}. */
  public static final List<String> STORE_TYPES = List.of("pem", "jks", "pkcs12");

  /** The keys whose values are secrets: never shown in {@link #toString()} or in an error. */
  public static final Set<String> SECRET_KEYS = Set.of("tls.trustStorePassword", "tls.keyStorePassword");

  /** What {@link #toString()} shows in place of a secret that is set. */
  public static final String MASK = "****";

  /** The groups of nested keys. */
  public static final Set<String> GROUPS = Set.of("ping", "reconnect", "framing", "outbox", "heartbeat", "shutdown",
    "delivery", "tls", "metrics", "health", "config");

  /**
   * Every key of a client's config in dotted form, with its JSON type ({@code String}, {@code Long} for whole
   * numbers, {@code Double}, {@code Boolean}) and what a valid value is.
   */
  public static final Map<String, Key> KEYS;

  /** A configuration key: its JSON type and what a valid value looks like. */
  public record Key(Class<?> type, String expected) {
  }

  static {
    Map<String, Key> keys = new LinkedHashMap<>();
    keys.put("host", new Key(String.class, "a non-empty host name"));
    keys.put("port", new Key(Long.class, "an integer from 1 to 65535"));
    keys.put("endpoints", new Key(JsonArray.class, "a list of \"host:port\" strings"));
    keys.put("address", new Key(String.class, "a non-empty event-bus address"));
    keys.put("ping.interval", new Key(Long.class, "a number of ms >= 0 (0 turns pings off)"));
    keys.put("ping.payload", new Key(String.class, "a string"));
    keys.put("ping.expect", new Key(String.class, "a non-empty string, or null for none"));
    keys.put("heartbeat.timeout", new Key(Long.class, "a number of ms >= 0 (0 off), or -1 for three ping intervals"));
    keys.put("connectTimeout", new Key(Long.class, "a number of ms >= 1"));
    keys.put("reconnect.initialDelay", new Key(Long.class, "a number of ms >= 0"));
    keys.put("reconnect.maxDelay", new Key(Long.class, "a number of ms >= 0"));
    keys.put("reconnect.multiplier", new Key(Double.class, "a number >= 1.0"));
    keys.put("reconnect.jitter", new Key(Double.class, "a number from 0 to 1"));
    keys.put("reconnect.maxAttempts", new Key(Long.class, "an integer >= -1 (-1 forever, 0 never reconnect)"));
    keys.put("exitOnClose", new Key(Boolean.class, "true or false"));
    keys.put("singleton", new Key(Boolean.class, "true or false"));
    keys.put("config.scanPeriod", new Key(Long.class, "a number of ms >= 0 (0 never reads the file again)"));
    keys.put("framing.mode", new Key(String.class, "one of raw, line, length"));
    keys.put("framing.delimiter", new Key(String.class, "a non-empty string"));
    keys.put("framing.maxFrameSize", new Key(Long.class, "an integer from 1 to 2147483647"));
    keys.put("outbox.capacity", new Key(Long.class, "an integer >= 0"));
    keys.put("outbox.ttl", new Key(Long.class, "a number of ms >= 0 (0 means no limit)"));
    keys.put("outbox.overflow", new Key(String.class, "one of reject, drop-oldest"));
    keys.put("shutdown.drainTimeout", new Key(Long.class, "a number of ms >= 0"));
    keys.put("delivery.mode", new Key(String.class, "one of publish, request"));
    keys.put("delivery.window", new Key(Long.class, "an integer >= 1"));
    keys.put("delivery.batch", new Key(Long.class, "an integer >= 1 (1 is a message per frame)"));
    keys.put("delivery.headers", new Key(Boolean.class, "true or false"));
    keys.put("tls.enabled", new Key(Boolean.class, "true or false"));
    keys.put("tls.trustStore", new Key(String.class, "the path of a PEM, JKS or PKCS12 file, or null for the JVM's trust"));
    keys.put("tls.trustStoreType", new Key(String.class, "one of pem, jks, pkcs12, or null to tell it from the file name"));
    keys.put("tls.trustStorePassword", new Key(String.class, "a string, or null"));
    keys.put("tls.trustStorePasswordEnv", new Key(String.class, "the name of an environment variable, or null"));
    keys.put("tls.keyStore", new Key(String.class, "the path of a JKS or PKCS12 file, or null"));
    keys.put("tls.keyStoreType", new Key(String.class, "one of jks, pkcs12, or null to tell it from the file name"));
    keys.put("tls.keyStorePassword", new Key(String.class, "a string, or null"));
    keys.put("tls.keyStorePasswordEnv", new Key(String.class, "the name of an environment variable, or null"));
    keys.put("tls.certFile", new Key(String.class, "the path of a PEM certificate chain, or null"));
    keys.put("tls.keyFile", new Key(String.class, "the path of a PEM private key, or null"));
    keys.put("tls.verifyHost", new Key(Boolean.class, "true or false"));
    keys.put("tls.serverName", new Key(String.class, "a host name for SNI, or null"));
    keys.put("tls.protocols", new Key(JsonArray.class, "a non-empty list of TLSv1.3, TLSv1.2, TLSv1.1, TLSv1"));
    keys.put("tls.reloadInterval", new Key(Long.class, "a number of ms >= 0 (0 turns reloading off)"));
    keys.put("metrics.enabled", new Key(Boolean.class, "true or false"));
    keys.put("metrics.host", new Key(String.class, "a non-empty host name or address to bind"));
    keys.put("metrics.port", new Key(Long.class, "an integer from 0 to 65535"));
    keys.put("health.enabled", new Key(Boolean.class, "true or false"));
    KEYS = Collections.unmodifiableMap(keys);
  }

  private String host;
  private int port;
  private List<Endpoint> endpoints;
  private String pingExpect;
  private long heartbeatTimeout;
  private OverflowPolicy outboxOverflow;
  private long shutdownDrainTimeout;
  private DeliveryMode deliveryMode;
  private int deliveryWindow;
  private int deliveryBatch;
  private boolean deliveryHeaders;
  private String address;
  private long pingInterval;
  private String pingPayload;
  private int connectTimeout;
  private long reconnectInitialDelay;
  private long reconnectMaxDelay;
  private double reconnectMultiplier;
  private double reconnectJitter;
  private int reconnectMaxAttempts;
  private boolean exitOnClose;
  private boolean singleton;
  private long configScanPeriod;
  private FramingMode framingMode;
  private String framingDelimiter;
  private int maxFrameSize;
  private int outboxCapacity;
  private long outboxTtl;
  private boolean tlsEnabled;
  private String tlsTrustStore;
  private String tlsTrustStoreType;
  private String tlsTrustStorePassword;
  private String tlsTrustStorePasswordEnv;
  private String tlsKeyStore;
  private String tlsKeyStoreType;
  private String tlsKeyStorePassword;
  private String tlsKeyStorePasswordEnv;
  private String tlsCertFile;
  private String tlsKeyFile;
  private boolean tlsVerifyHost;
  private String tlsServerName;
  private List<String> tlsProtocols;
  private long tlsReloadInterval;
  private boolean metricsEnabled;
  private String metricsHost;
  private int metricsPort;
  private boolean healthEnabled;

  /** The defaults. */
  public TetherOptions() {
    host = DEFAULT_HOST;
    port = DEFAULT_PORT;
    address = DEFAULT_ADDRESS;
    pingInterval = DEFAULT_PING_INTERVAL;
    pingPayload = DEFAULT_PING_PAYLOAD;
    connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    reconnectInitialDelay = DEFAULT_RECONNECT_INITIAL_DELAY;
    reconnectMaxDelay = DEFAULT_RECONNECT_MAX_DELAY;
    reconnectMultiplier = DEFAULT_RECONNECT_MULTIPLIER;
    reconnectJitter = DEFAULT_RECONNECT_JITTER;
    reconnectMaxAttempts = DEFAULT_RECONNECT_MAX_ATTEMPTS;
    exitOnClose = DEFAULT_EXIT_ON_CLOSE;
    singleton = DEFAULT_SINGLETON;
    configScanPeriod = DEFAULT_CONFIG_SCAN_PERIOD;
    framingMode = DEFAULT_FRAMING_MODE;
    framingDelimiter = DEFAULT_FRAMING_DELIMITER;
    maxFrameSize = DEFAULT_FRAMING_MAX_FRAME_SIZE;
    outboxCapacity = DEFAULT_OUTBOX_CAPACITY;
    outboxTtl = DEFAULT_OUTBOX_TTL;
    endpoints = List.of();
    heartbeatTimeout = DEFAULT_HEARTBEAT_TIMEOUT;
    outboxOverflow = DEFAULT_OUTBOX_OVERFLOW;
    shutdownDrainTimeout = DEFAULT_SHUTDOWN_DRAIN_TIMEOUT;
    deliveryMode = DEFAULT_DELIVERY_MODE;
    deliveryWindow = DEFAULT_DELIVERY_WINDOW;
    deliveryBatch = DEFAULT_DELIVERY_BATCH;
    deliveryHeaders = DEFAULT_DELIVERY_HEADERS;
    tlsEnabled = DEFAULT_TLS_ENABLED;
    tlsVerifyHost = DEFAULT_TLS_VERIFY_HOST;
    tlsProtocols = DEFAULT_TLS_PROTOCOLS;
    tlsReloadInterval = DEFAULT_TLS_RELOAD_INTERVAL;
    metricsEnabled = DEFAULT_METRICS_ENABLED;
    metricsHost = DEFAULT_METRICS_HOST;
    metricsPort = DEFAULT_METRICS_PORT;
    healthEnabled = DEFAULT_HEALTH_ENABLED;
  }

  /** A copy. */
  public TetherOptions(TetherOptions other) {
    this(other.toJson());
  }

  /**
   * The defaults overridden by {@code json}, read strictly.
   *
   * @throws TetherConfigException on an unknown key, a wrong type or a value out of range
   */
  public TetherOptions(JsonObject json) {
    this();
    ConfigReader r = new ConfigReader(json, GROUPS, KEYS.keySet());
    if (r.has("host")) setHost(r.string("host", expected("host")));
    if (r.has("port")) setPort(r.integer("port", expected("port")));
    if (r.has("address")) setAddress(r.string("address", expected("address")));
    if (r.has("ping.interval")) setPingInterval(r.whole("ping.interval", expected("ping.interval")));
    if (r.has("ping.payload")) setPingPayload(r.string("ping.payload", expected("ping.payload")));
    if (r.has("connectTimeout")) setConnectTimeout(r.integer("connectTimeout", expected("connectTimeout")));
    if (r.has("reconnect.initialDelay")) setReconnectInitialDelay(r.whole("reconnect.initialDelay", expected("reconnect.initialDelay")));
    if (r.has("reconnect.maxDelay")) setReconnectMaxDelay(r.whole("reconnect.maxDelay", expected("reconnect.maxDelay")));
    if (r.has("reconnect.multiplier")) setReconnectMultiplier(r.number("reconnect.multiplier", expected("reconnect.multiplier")));
    if (r.has("reconnect.jitter")) setReconnectJitter(r.number("reconnect.jitter", expected("reconnect.jitter")));
    if (r.has("reconnect.maxAttempts")) setReconnectMaxAttempts(r.integer("reconnect.maxAttempts", expected("reconnect.maxAttempts")));
    if (r.has("exitOnClose")) setExitOnClose(r.bool("exitOnClose", expected("exitOnClose")));
    if (r.has("singleton")) setSingleton(r.bool("singleton", expected("singleton")));
    if (r.has("config.scanPeriod")) setConfigScanPeriod(r.whole("config.scanPeriod", expected("config.scanPeriod")));
    if (r.has("framing.mode")) setFramingMode(parseMode(r.string("framing.mode", expected("framing.mode"))));
    if (r.has("framing.delimiter")) setFramingDelimiter(r.string("framing.delimiter", expected("framing.delimiter")));
    if (r.has("framing.maxFrameSize")) setMaxFrameSize(r.integer("framing.maxFrameSize", expected("framing.maxFrameSize")));
    if (r.has("outbox.capacity")) setOutboxCapacity(r.integer("outbox.capacity", expected("outbox.capacity")));
    if (r.has("outbox.ttl")) setOutboxTtl(r.whole("outbox.ttl", expected("outbox.ttl")));
    if (r.has("outbox.overflow")) setOutboxOverflow(OverflowPolicy.parse(r.string("outbox.overflow", expected("outbox.overflow"))));
    if (r.has("endpoints")) setEndpoints(parseEndpoints(r.array("endpoints", expected("endpoints"))));
    if (r.has("ping.expect")) setPingExpect(r.string("ping.expect", expected("ping.expect")));
    if (r.has("heartbeat.timeout")) setHeartbeatTimeout(r.whole("heartbeat.timeout", expected("heartbeat.timeout")));
    if (r.has("shutdown.drainTimeout")) setShutdownDrainTimeout(r.whole("shutdown.drainTimeout", expected("shutdown.drainTimeout")));
    if (r.has("delivery.mode")) setDeliveryMode(DeliveryMode.parse(r.string("delivery.mode", expected("delivery.mode"))));
    if (r.has("delivery.window")) setDeliveryWindow(r.integer("delivery.window", expected("delivery.window")));
    if (r.has("delivery.batch")) setDeliveryBatch(r.integer("delivery.batch", expected("delivery.batch")));
    if (r.has("delivery.headers")) setDeliveryHeaders(r.bool("delivery.headers", expected("delivery.headers")));
    if (r.has("tls.enabled")) setTlsEnabled(r.bool("tls.enabled", expected("tls.enabled")));
    if (r.has("tls.trustStore")) setTlsTrustStore(r.string("tls.trustStore", expected("tls.trustStore")));
    if (r.has("tls.trustStoreType")) setTlsTrustStoreType(r.string("tls.trustStoreType", expected("tls.trustStoreType")));
    if (r.has("tls.trustStorePassword")) setTlsTrustStorePassword(secret(r, "tls.trustStorePassword"));
    if (r.has("tls.trustStorePasswordEnv")) setTlsTrustStorePasswordEnv(r.string("tls.trustStorePasswordEnv", expected("tls.trustStorePasswordEnv")));
    if (r.has("tls.keyStore")) setTlsKeyStore(r.string("tls.keyStore", expected("tls.keyStore")));
    if (r.has("tls.keyStoreType")) setTlsKeyStoreType(r.string("tls.keyStoreType", expected("tls.keyStoreType")));
    if (r.has("tls.keyStorePassword")) setTlsKeyStorePassword(secret(r, "tls.keyStorePassword"));
    if (r.has("tls.keyStorePasswordEnv")) setTlsKeyStorePasswordEnv(r.string("tls.keyStorePasswordEnv", expected("tls.keyStorePasswordEnv")));
    if (r.has("tls.certFile")) setTlsCertFile(r.string("tls.certFile", expected("tls.certFile")));
    if (r.has("tls.keyFile")) setTlsKeyFile(r.string("tls.keyFile", expected("tls.keyFile")));
    if (r.has("tls.verifyHost")) setTlsVerifyHost(r.bool("tls.verifyHost", expected("tls.verifyHost")));
    if (r.has("tls.serverName")) setTlsServerName(r.string("tls.serverName", expected("tls.serverName")));
    if (r.has("tls.protocols")) setTlsProtocols(strings("tls.protocols", r.array("tls.protocols", expected("tls.protocols"))));
    if (r.has("tls.reloadInterval")) setTlsReloadInterval(r.whole("tls.reloadInterval", expected("tls.reloadInterval")));
    if (r.has("metrics.enabled")) setMetricsEnabled(r.bool("metrics.enabled", expected("metrics.enabled")));
    if (r.has("metrics.host")) setMetricsHost(r.string("metrics.host", expected("metrics.host")));
    if (r.has("metrics.port")) setMetricsPort(r.integer("metrics.port", expected("metrics.port")));
    if (r.has("health.enabled")) setHealthEnabled(r.bool("health.enabled", expected("health.enabled")));
    validate();
  }

  /** A secret string: an error about it does not repeat the value. */
  private static String secret(ConfigReader r, String key) {
    try {
      return r.string(key, expected(key));
    } catch (TetherConfigException e) {
      throw hidden(key);
    }
  }

  private static TetherConfigException hidden(String key) {
    return new TetherConfigException(key, key + ": expected " + expected(key) + ", got a value that is not shown");
  }

  private static List<String> strings(String key, JsonArray array) {
    if (array == null) {
      return null;
    }
    List<String> out = new ArrayList<>();
    for (Object o : array) {
      if (!(o instanceof String)) {
        throw bad(key, array);
      }
      out.add((String) o);
    }
    return out;
  }

  private static String expected(String key) {
    return KEYS.get(key).expected();
  }

  private static List<Endpoint> parseEndpoints(JsonArray list) {
    List<Endpoint> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      out.add(Endpoint.parse("endpoints[" + i + "]", list.getValue(i)));
    }
    return out;
  }

  private static FramingMode parseMode(String mode) {
    if (mode != null) {
      for (FramingMode m : FramingMode.values()) {
        if (m.configName().equals(mode.toLowerCase(Locale.ROOT))) {
          return m;
        }
      }
    }
    throw TetherConfigException.expected("framing.mode", expected("framing.mode"), mode);
  }

  /**
   * Checks the rules that span several keys.
   *
   * @throws TetherConfigException naming the key that breaks a rule
   */
  public TetherOptions validate() {
    if (reconnectMaxDelay < reconnectInitialDelay) {
      throw TetherConfigException.expected("reconnect.maxDelay",
        "a number of ms >= reconnect.initialDelay (" + reconnectInitialDelay + ")", reconnectMaxDelay);
    }
    int overhead = framingOverhead();
    if (maxFrameSize <= overhead && framingMode != FramingMode.RAW) {
      throw TetherConfigException.expected("framing.maxFrameSize",
        "an integer > " + overhead + " (the " + framingMode.configName() + " framing's own bytes)", maxFrameSize);
    }
    if (tlsKeyStore != null && tlsCertFile != null) {
      throw TetherConfigException.expected("tls.certFile",
        "null when tls.keyStore is set (the client certificate comes from one or the other)", tlsCertFile);
    }
    if (tlsCertFile != null && tlsKeyFile == null) {
      throw TetherConfigException.expected("tls.keyFile", "the path of a PEM private key, with tls.certFile", null);
    }
    if (tlsKeyFile != null && tlsCertFile == null) {
      throw TetherConfigException.expected("tls.certFile", "the path of a PEM certificate chain, with tls.keyFile", null);
    }
    if (tlsTrustStorePassword != null && tlsTrustStorePasswordEnv != null) {
      throw TetherConfigException.expected("tls.trustStorePasswordEnv",
        "null when tls.trustStorePassword is set (one or the other)", tlsTrustStorePasswordEnv);
    }
    if (tlsKeyStorePassword != null && tlsKeyStorePasswordEnv != null) {
      throw TetherConfigException.expected("tls.keyStorePasswordEnv",
        "null when tls.keyStorePassword is set (one or the other)", tlsKeyStorePasswordEnv);
    }
    if (tlsTrustStore != null) {
      tlsTrustStoreFormat();
    }
    if (tlsKeyStore != null) {
      tlsKeyStoreFormat();
    }
    return this;
  }

  /**
   * The format of {@code tls.trustStore}: {@code tls.trustStoreType}, else told from the file name
   * ({@code .pem .crt .cer} PEM, {@code .jks} JKS, {@code .p12 .pfx} PKCS12).
   */
  public String tlsTrustStoreFormat() {
    return storeFormat("tls.trustStoreType", tlsTrustStoreType, tlsTrustStore, true);
  }

  /** The format of {@code tls.keyStore}: {@code tls.keyStoreType}, else told from the file name. */
  public String tlsKeyStoreFormat() {
    return storeFormat("tls.keyStoreType", tlsKeyStoreType, tlsKeyStore, false);
  }

  private static String storeFormat(String typeKey, String type, String path, boolean pem) {
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
    throw TetherConfigException.expected(typeKey, expected(typeKey) + " (the type of \"" + path
      + "\" cannot be told from its name)", null);
  }

  /** The bytes framing adds to each message: the delimiter, the 4-byte prefix, or nothing. */
  public int framingOverhead() {
    switch (framingMode) {
      case LINE:
        return framingDelimiter.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
      case LENGTH:
        return 4;
      default:
        return 0;
    }
  }

  /** The nested JSON form, with every key; {@code new TetherOptions(o.toJson())} equals {@code o}. */
  public JsonObject toJson() {
    return new JsonObject()
      .put("host", host)
      .put("port", port)
      .put("address", address)
      .put("ping", new JsonObject().put("interval", pingInterval).put("payload", pingPayload).put("expect", pingExpect))
      .put("connectTimeout", connectTimeout)
      .put("reconnect", new JsonObject()
        .put("initialDelay", reconnectInitialDelay)
        .put("maxDelay", reconnectMaxDelay)
        .put("multiplier", reconnectMultiplier)
        .put("jitter", reconnectJitter)
        .put("maxAttempts", reconnectMaxAttempts))
      .put("exitOnClose", exitOnClose)
      .put("singleton", singleton)
      .put("config", new JsonObject().put("scanPeriod", configScanPeriod))
      .put("framing", new JsonObject()
        .put("mode", framingMode.configName())
        .put("delimiter", framingDelimiter)
        .put("maxFrameSize", maxFrameSize))
      .put("outbox", new JsonObject().put("capacity", outboxCapacity).put("ttl", outboxTtl)
        .put("overflow", outboxOverflow.configName()))
      .put("endpoints", new JsonArray(endpoints.stream().map(Endpoint::toString).collect(Collectors.toList())))
      .put("heartbeat", new JsonObject().put("timeout", heartbeatTimeout))
      .put("shutdown", new JsonObject().put("drainTimeout", shutdownDrainTimeout))
      .put("delivery", new JsonObject().put("mode", deliveryMode.configName()).put("window", deliveryWindow)
        .put("batch", deliveryBatch).put("headers", deliveryHeaders))
      .put("tls", new JsonObject()
        .put("enabled", tlsEnabled)
        .put("trustStore", tlsTrustStore)
        .put("trustStoreType", tlsTrustStoreType)
        .put("trustStorePassword", tlsTrustStorePassword)
        .put("trustStorePasswordEnv", tlsTrustStorePasswordEnv)
        .put("keyStore", tlsKeyStore)
        .put("keyStoreType", tlsKeyStoreType)
        .put("keyStorePassword", tlsKeyStorePassword)
        .put("keyStorePasswordEnv", tlsKeyStorePasswordEnv)
        .put("certFile", tlsCertFile)
        .put("keyFile", tlsKeyFile)
        .put("verifyHost", tlsVerifyHost)
        .put("serverName", tlsServerName)
        .put("protocols", new JsonArray(new ArrayList<>(tlsProtocols)))
        .put("reloadInterval", tlsReloadInterval))
      .put("metrics", new JsonObject().put("enabled", metricsEnabled).put("host", metricsHost).put("port", metricsPort))
      .put("health", new JsonObject().put("enabled", healthEnabled));
  }

  /** {@link #toJson()} with every secret that is set replaced by {@link #MASK}: the form to show or log. */
  public JsonObject toMaskedJson() {
    JsonObject json = toJson();
    JsonObject tls = json.getJsonObject("tls");
    for (String key : SECRET_KEYS) {
      String field = key.substring("tls.".length());
      if (tls.getValue(field) != null) {
        tls.put(field, MASK);
      }
    }
    return json;
  }

  private static TetherConfigException bad(String key, Object value) {
    return TetherConfigException.expected(key, expected(key), value);
  }

  public String getHost() {
    return host;
  }

  public TetherOptions setHost(String host) {
    if (host == null || host.isBlank()) {
      throw bad("host", host);
    }
    this.host = host;
    return this;
  }

  public int getPort() {
    return port;
  }

  public TetherOptions setPort(int port) {
    if (port < 1 || port > 65535) {
      throw bad("port", port);
    }
    this.port = port;
    return this;
  }

  /** {@code host:port}. */
  public String endpoint() {
    return host + ":" + port;
  }

  /** The endpoints tried in order: {@code endpoints} when given, else {@code host:port}. */
  public List<Endpoint> endpointList() {
    return endpoints.isEmpty() ? List.of(new Endpoint(host, port)) : endpoints;
  }

  public List<Endpoint> getEndpoints() {
    return endpoints;
  }

  /** Endpoints tried in order, one backoff step per full round; empty to use {@code host} and {@code port}. */
  public TetherOptions setEndpoints(List<Endpoint> endpoints) {
    if (endpoints == null) {
      throw bad("endpoints", null);
    }
    this.endpoints = List.copyOf(endpoints);
    return this;
  }

  public String getPingExpect() {
    return pingExpect;
  }

  /** The frame, or the prefix of a frame, that answers a ping; each gives a round-trip time. Null: none. */
  public TetherOptions setPingExpect(String pingExpect) {
    if (pingExpect != null && pingExpect.isEmpty()) {
      throw bad("ping.expect", pingExpect);
    }
    this.pingExpect = pingExpect;
    return this;
  }

  public long getHeartbeatTimeout() {
    return heartbeatTimeout;
  }

  public TetherOptions setHeartbeatTimeout(long heartbeatTimeout) {
    if (heartbeatTimeout < -1) {
      throw bad("heartbeat.timeout", heartbeatTimeout);
    }
    this.heartbeatTimeout = heartbeatTimeout;
    return this;
  }

  /** The heartbeat timeout in force: the configured one, or three ping intervals for -1; 0 when off. */
  public long effectiveHeartbeatTimeout() {
    return heartbeatTimeout == -1 ? 3 * pingInterval : heartbeatTimeout;
  }

  public OverflowPolicy getOutboxOverflow() {
    return outboxOverflow;
  }

  public TetherOptions setOutboxOverflow(OverflowPolicy outboxOverflow) {
    if (outboxOverflow == null) {
      throw bad("outbox.overflow", null);
    }
    this.outboxOverflow = outboxOverflow;
    return this;
  }

  public long getShutdownDrainTimeout() {
    return shutdownDrainTimeout;
  }

  public TetherOptions setShutdownDrainTimeout(long shutdownDrainTimeout) {
    if (shutdownDrainTimeout < 0) {
      throw bad("shutdown.drainTimeout", shutdownDrainTimeout);
    }
    this.shutdownDrainTimeout = shutdownDrainTimeout;
    return this;
  }

  public String getAddress() {
    return address;
  }

  public TetherOptions setAddress(String address) {
    if (address == null || address.isBlank()) {
      throw bad("address", address);
    }
    this.address = address;
    return this;
  }

  public long getPingInterval() {
    return pingInterval;
  }

  public TetherOptions setPingInterval(long pingInterval) {
    if (pingInterval < 0) {
      throw bad("ping.interval", pingInterval);
    }
    this.pingInterval = pingInterval;
    return this;
  }

  public String getPingPayload() {
    return pingPayload;
  }

  public TetherOptions setPingPayload(String pingPayload) {
    if (pingPayload == null) {
      throw bad("ping.payload", null);
    }
    this.pingPayload = pingPayload;
    return this;
  }

  public int getConnectTimeout() {
    return connectTimeout;
  }

  public TetherOptions setConnectTimeout(int connectTimeout) {
    if (connectTimeout < 1) {
      throw bad("connectTimeout", connectTimeout);
    }
    this.connectTimeout = connectTimeout;
    return this;
  }

  public long getReconnectInitialDelay() {
    return reconnectInitialDelay;
  }

  public TetherOptions setReconnectInitialDelay(long reconnectInitialDelay) {
    if (reconnectInitialDelay < 0) {
      throw bad("reconnect.initialDelay", reconnectInitialDelay);
    }
    this.reconnectInitialDelay = reconnectInitialDelay;
    return this;
  }

  public long getReconnectMaxDelay() {
    return reconnectMaxDelay;
  }

  public TetherOptions setReconnectMaxDelay(long reconnectMaxDelay) {
    if (reconnectMaxDelay < 0) {
      throw bad("reconnect.maxDelay", reconnectMaxDelay);
    }
    this.reconnectMaxDelay = reconnectMaxDelay;
    return this;
  }

  public double getReconnectMultiplier() {
    return reconnectMultiplier;
  }

  public TetherOptions setReconnectMultiplier(double reconnectMultiplier) {
    if (!(reconnectMultiplier >= 1.0) || Double.isInfinite(reconnectMultiplier)) {
      throw bad("reconnect.multiplier", reconnectMultiplier);
    }
    this.reconnectMultiplier = reconnectMultiplier;
    return this;
  }

  public double getReconnectJitter() {
    return reconnectJitter;
  }

  public TetherOptions setReconnectJitter(double reconnectJitter) {
    if (!(reconnectJitter >= 0.0 && reconnectJitter <= 1.0)) {
      throw bad("reconnect.jitter", reconnectJitter);
    }
    this.reconnectJitter = reconnectJitter;
    return this;
  }

  public int getReconnectMaxAttempts() {
    return reconnectMaxAttempts;
  }

  public TetherOptions setReconnectMaxAttempts(int reconnectMaxAttempts) {
    if (reconnectMaxAttempts < -1) {
      throw bad("reconnect.maxAttempts", reconnectMaxAttempts);
    }
    this.reconnectMaxAttempts = reconnectMaxAttempts;
    return this;
  }

  public boolean isExitOnClose() {
    return exitOnClose;
  }

  public TetherOptions setExitOnClose(boolean exitOnClose) {
    this.exitOnClose = exitOnClose;
    return this;
  }

  /**
   * Whether this client's connection is held by one node of the cluster at a time: the clients deployed with the
   * same {@code address} share a cluster-wide lock, the one that holds it connects and the others stand by.
   */
  public long getConfigScanPeriod() {
    return configScanPeriod;
  }

  /** How often the config file ({@code TETHER_CONF}) is read again for changes applied while running; 0 never. */
  public TetherOptions setConfigScanPeriod(long configScanPeriod) {
    if (configScanPeriod < 0) {
      throw bad("config.scanPeriod", configScanPeriod);
    }
    this.configScanPeriod = configScanPeriod;
    return this;
  }

  /**
   * The keys whose change needs a restart: the event-bus address, the cluster role, TLS, metrics and health, and
   * the scanning itself. Every other key can change while the client runs.
   */
  public static final List<String> RESTART_KEYS = List.of("address", "singleton", "tls", "metrics", "health",
    "config");

  /** The first of {@link #RESTART_KEYS} whose value differs in {@code other}, or null. */
  public String restartKeyChanged(TetherOptions other) {
    JsonObject mine = toJson();
    JsonObject theirs = other.toJson();
    for (String key : RESTART_KEYS) {
      if (!java.util.Objects.equals(mine.getValue(key), theirs.getValue(key))) {
        return key;
      }
    }
    return null;
  }

  public boolean isSingleton() {
    return singleton;
  }

  public TetherOptions setSingleton(boolean singleton) {
    this.singleton = singleton;
    return this;
  }

  public FramingMode getFramingMode() {
    return framingMode;
  }

  public TetherOptions setFramingMode(FramingMode framingMode) {
    if (framingMode == null) {
      throw bad("framing.mode", null);
    }
    this.framingMode = framingMode;
    return this;
  }

  public String getFramingDelimiter() {
    return framingDelimiter;
  }

  public TetherOptions setFramingDelimiter(String framingDelimiter) {
    if (framingDelimiter == null || framingDelimiter.isEmpty()) {
      throw bad("framing.delimiter", framingDelimiter);
    }
    this.framingDelimiter = framingDelimiter;
    return this;
  }

  public int getMaxFrameSize() {
    return maxFrameSize;
  }

  public TetherOptions setMaxFrameSize(int maxFrameSize) {
    if (maxFrameSize < 1) {
      throw bad("framing.maxFrameSize", maxFrameSize);
    }
    this.maxFrameSize = maxFrameSize;
    return this;
  }

  public int getOutboxCapacity() {
    return outboxCapacity;
  }

  public TetherOptions setOutboxCapacity(int outboxCapacity) {
    if (outboxCapacity < 0) {
      throw bad("outbox.capacity", outboxCapacity);
    }
    this.outboxCapacity = outboxCapacity;
    return this;
  }

  public long getOutboxTtl() {
    return outboxTtl;
  }

  public TetherOptions setOutboxTtl(long outboxTtl) {
    if (outboxTtl < 0) {
      throw bad("outbox.ttl", outboxTtl);
    }
    this.outboxTtl = outboxTtl;
    return this;
  }

  public DeliveryMode getDeliveryMode() {
    return deliveryMode;
  }

  public TetherOptions setDeliveryMode(DeliveryMode deliveryMode) {
    if (deliveryMode == null) {
      throw bad("delivery.mode", null);
    }
    this.deliveryMode = deliveryMode;
    return this;
  }

  public int getDeliveryWindow() {
    return deliveryWindow;
  }

  /** In {@code request} mode, how many frames may be unanswered before the client stops reading. */
  public TetherOptions setDeliveryWindow(int deliveryWindow) {
    if (deliveryWindow < 1) {
      throw bad("delivery.window", deliveryWindow);
    }
    this.deliveryWindow = deliveryWindow;
    return this;
  }

  public int getDeliveryBatch() {
    return deliveryBatch;
  }

  /** Up to this many frames in one event-bus message, flushed at the end of each read; 1 for a message per frame. */
  public TetherOptions setDeliveryBatch(int deliveryBatch) {
    if (deliveryBatch < 1) {
      throw bad("delivery.batch", deliveryBatch);
    }
    this.deliveryBatch = deliveryBatch;
    return this;
  }

  public boolean isDeliveryHeaders() {
    return deliveryHeaders;
  }

  /** Whether inbound messages carry the {@code connection}, {@code seq} (and {@code frames}) headers. */
  public TetherOptions setDeliveryHeaders(boolean deliveryHeaders) {
    this.deliveryHeaders = deliveryHeaders;
    return this;
  }

  public boolean isTlsEnabled() {
    return tlsEnabled;
  }

  public TetherOptions setTlsEnabled(boolean tlsEnabled) {
    this.tlsEnabled = tlsEnabled;
    return this;
  }

  public String getTlsTrustStore() {
    return tlsTrustStore;
  }

  /** A PEM file of CA certificates, a JKS or a PKCS12 trust store; {@code null} trusts what the JVM trusts. */
  public TetherOptions setTlsTrustStore(String tlsTrustStore) {
    this.tlsTrustStore = path("tls.trustStore", tlsTrustStore);
    return this;
  }

  public String getTlsTrustStoreType() {
    return tlsTrustStoreType;
  }

  public TetherOptions setTlsTrustStoreType(String tlsTrustStoreType) {
    this.tlsTrustStoreType = storeType("tls.trustStoreType", tlsTrustStoreType, STORE_TYPES);
    return this;
  }

  public String getTlsTrustStorePassword() {
    return tlsTrustStorePassword;
  }

  public TetherOptions setTlsTrustStorePassword(String tlsTrustStorePassword) {
    this.tlsTrustStorePassword = tlsTrustStorePassword;
    return this;
  }

  public String getTlsTrustStorePasswordEnv() {
    return tlsTrustStorePasswordEnv;
  }

  /** The environment variable that holds the trust store's password. */
  public TetherOptions setTlsTrustStorePasswordEnv(String tlsTrustStorePasswordEnv) {
    this.tlsTrustStorePasswordEnv = envName("tls.trustStorePasswordEnv", tlsTrustStorePasswordEnv);
    return this;
  }

  public String getTlsKeyStore() {
    return tlsKeyStore;
  }

  /** A JKS or PKCS12 file with the client's private key and certificate chain, for mutual TLS. */
  public TetherOptions setTlsKeyStore(String tlsKeyStore) {
    this.tlsKeyStore = path("tls.keyStore", tlsKeyStore);
    return this;
  }

  public String getTlsKeyStoreType() {
    return tlsKeyStoreType;
  }

  public TetherOptions setTlsKeyStoreType(String tlsKeyStoreType) {
    this.tlsKeyStoreType = storeType("tls.keyStoreType", tlsKeyStoreType, List.of("jks", "pkcs12"));
    return this;
  }

  public String getTlsKeyStorePassword() {
    return tlsKeyStorePassword;
  }

  public TetherOptions setTlsKeyStorePassword(String tlsKeyStorePassword) {
    this.tlsKeyStorePassword = tlsKeyStorePassword;
    return this;
  }

  public String getTlsKeyStorePasswordEnv() {
    return tlsKeyStorePasswordEnv;
  }

  /** The environment variable that holds the key store's password. */
  public TetherOptions setTlsKeyStorePasswordEnv(String tlsKeyStorePasswordEnv) {
    this.tlsKeyStorePasswordEnv = envName("tls.keyStorePasswordEnv", tlsKeyStorePasswordEnv);
    return this;
  }

  public String getTlsCertFile() {
    return tlsCertFile;
  }

  /** The client's certificate chain as PEM, with {@link #setTlsKeyFile}: mutual TLS without a key store. */
  public TetherOptions setTlsCertFile(String tlsCertFile) {
    this.tlsCertFile = path("tls.certFile", tlsCertFile);
    return this;
  }

  public String getTlsKeyFile() {
    return tlsKeyFile;
  }

  /** The client's private key as unencrypted PEM (PKCS#8 or PKCS#1). */
  public TetherOptions setTlsKeyFile(String tlsKeyFile) {
    this.tlsKeyFile = path("tls.keyFile", tlsKeyFile);
    return this;
  }

  public boolean isTlsVerifyHost() {
    return tlsVerifyHost;
  }

  /** Whether the server's certificate must name {@code host} (HTTPS host-name verification). */
  public TetherOptions setTlsVerifyHost(boolean tlsVerifyHost) {
    this.tlsVerifyHost = tlsVerifyHost;
    return this;
  }

  public String getTlsServerName() {
    return tlsServerName;
  }

  /** The name sent in the SNI extension; {@code null} sends {@code host} when it is a name. */
  public TetherOptions setTlsServerName(String tlsServerName) {
    if (tlsServerName != null && (tlsServerName.isBlank() || tlsServerName.chars().anyMatch(Character::isWhitespace))) {
      throw bad("tls.serverName", tlsServerName);
    }
    this.tlsServerName = tlsServerName;
    return this;
  }

  public List<String> getTlsProtocols() {
    return tlsProtocols;
  }

  public TetherOptions setTlsProtocols(List<String> tlsProtocols) {
    if (tlsProtocols == null || tlsProtocols.isEmpty() || !TLS_PROTOCOLS.containsAll(tlsProtocols)) {
      throw bad("tls.protocols", tlsProtocols == null ? null : new JsonArray(new ArrayList<>(tlsProtocols)));
    }
    this.tlsProtocols = List.copyOf(tlsProtocols);
    return this;
  }

  public long getTlsReloadInterval() {
    return tlsReloadInterval;
  }

  /** How often the trust and key files are read again; a change is used from the next connect. */
  public TetherOptions setTlsReloadInterval(long tlsReloadInterval) {
    if (tlsReloadInterval < 0) {
      throw bad("tls.reloadInterval", tlsReloadInterval);
    }
    this.tlsReloadInterval = tlsReloadInterval;
    return this;
  }

  public boolean isMetricsEnabled() {
    return metricsEnabled;
  }

  /** Tether's meters for this client, and {@code /metrics} on {@code metrics.host:metrics.port}. */
  public TetherOptions setMetricsEnabled(boolean metricsEnabled) {
    this.metricsEnabled = metricsEnabled;
    return this;
  }

  public String getMetricsHost() {
    return metricsHost;
  }

  public TetherOptions setMetricsHost(String metricsHost) {
    if (metricsHost == null || metricsHost.isBlank()) {
      throw bad("metrics.host", metricsHost);
    }
    this.metricsHost = metricsHost;
    return this;
  }

  public int getMetricsPort() {
    return metricsPort;
  }

  public TetherOptions setMetricsPort(int metricsPort) {
    if (metricsPort < 0 || metricsPort > 65535) {
      throw bad("metrics.port", metricsPort);
    }
    this.metricsPort = metricsPort;
    return this;
  }

  public boolean isHealthEnabled() {
    return healthEnabled;
  }

  /** Readiness and liveness on {@code /health/ready} and {@code /health/live} of the metrics server, and on the event bus. */
  public TetherOptions setHealthEnabled(boolean healthEnabled) {
    this.healthEnabled = healthEnabled;
    return this;
  }

  private static String path(String key, String path) {
    if (path != null && path.isBlank()) {
      throw bad(key, path);
    }
    return path;
  }

  private static String storeType(String key, String type, List<String> allowed) {
    if (type == null) {
      return null;
    }
    String t = type.toLowerCase(Locale.ROOT);
    if (t.equals("p12") || t.equals("pfx")) {
      t = "pkcs12";
    }
    if (!allowed.contains(t)) {
      throw bad(key, type);
    }
    return t;
  }

  private static String envName(String key, String name) {
    if (name != null && !name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw bad(key, name);
    }
    return name;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TetherOptions && toJson().equals(((TetherOptions) o).toJson());
  }

  @Override
  public int hashCode() {
    return toJson().hashCode();
  }

  @Override
  public String toString() {
    return "TetherOptions" + toMaskedJson().encode();
  }
}
