package io.tether;

import io.tether.impl.ConfigReader;
import io.vertx.core.json.JsonObject;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The configuration of one {@link ClientVerticle}: where to connect, how to ping, reconnect, frame and queue.
 * <p>
 * It reads and writes the JSON of a client's config ({@link #TetherOptions(JsonObject)}, {@link #toJson()}).
 * Reading is strict: an unknown key, a value of the wrong type or out of range throws a
 * {@link TetherConfigException} that names the key in dotted form, the value and what was expected.
 * The setters check their input the same way.
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

  /** The groups of nested keys. */
  public static final Set<String> GROUPS = Set.of("ping", "reconnect", "framing", "outbox");

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
    keys.put("address", new Key(String.class, "a non-empty event-bus address"));
    keys.put("ping.interval", new Key(Long.class, "a number of ms >= 0 (0 turns pings off)"));
    keys.put("ping.payload", new Key(String.class, "a string"));
    keys.put("connectTimeout", new Key(Long.class, "a number of ms >= 1"));
    keys.put("reconnect.initialDelay", new Key(Long.class, "a number of ms >= 0"));
    keys.put("reconnect.maxDelay", new Key(Long.class, "a number of ms >= 0"));
    keys.put("reconnect.multiplier", new Key(Double.class, "a number >= 1.0"));
    keys.put("reconnect.jitter", new Key(Double.class, "a number from 0 to 1"));
    keys.put("reconnect.maxAttempts", new Key(Long.class, "an integer >= -1 (-1 forever, 0 never reconnect)"));
    keys.put("exitOnClose", new Key(Boolean.class, "true or false"));
    keys.put("singleton", new Key(Boolean.class, "true or false"));
    keys.put("framing.mode", new Key(String.class, "one of raw, line, length"));
    keys.put("framing.delimiter", new Key(String.class, "a non-empty string"));
    keys.put("framing.maxFrameSize", new Key(Long.class, "an integer from 1 to 2147483647"));
    keys.put("outbox.capacity", new Key(Long.class, "an integer >= 0"));
    keys.put("outbox.ttl", new Key(Long.class, "a number of ms >= 0 (0 means no limit)"));
    KEYS = Collections.unmodifiableMap(keys);
  }

  private String host;
  private int port;
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
  private FramingMode framingMode;
  private String framingDelimiter;
  private int maxFrameSize;
  private int outboxCapacity;
  private long outboxTtl;

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
    framingMode = DEFAULT_FRAMING_MODE;
    framingDelimiter = DEFAULT_FRAMING_DELIMITER;
    maxFrameSize = DEFAULT_FRAMING_MAX_FRAME_SIZE;
    outboxCapacity = DEFAULT_OUTBOX_CAPACITY;
    outboxTtl = DEFAULT_OUTBOX_TTL;
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
    if (r.has("framing.mode")) setFramingMode(parseMode(r.string("framing.mode", expected("framing.mode"))));
    if (r.has("framing.delimiter")) setFramingDelimiter(r.string("framing.delimiter", expected("framing.delimiter")));
    if (r.has("framing.maxFrameSize")) setMaxFrameSize(r.integer("framing.maxFrameSize", expected("framing.maxFrameSize")));
    if (r.has("outbox.capacity")) setOutboxCapacity(r.integer("outbox.capacity", expected("outbox.capacity")));
    if (r.has("outbox.ttl")) setOutboxTtl(r.whole("outbox.ttl", expected("outbox.ttl")));
    validate();
  }

  private static String expected(String key) {
    return KEYS.get(key).expected();
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
    return this;
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
      .put("ping", new JsonObject().put("interval", pingInterval).put("payload", pingPayload))
      .put("connectTimeout", connectTimeout)
      .put("reconnect", new JsonObject()
        .put("initialDelay", reconnectInitialDelay)
        .put("maxDelay", reconnectMaxDelay)
        .put("multiplier", reconnectMultiplier)
        .put("jitter", reconnectJitter)
        .put("maxAttempts", reconnectMaxAttempts))
      .put("exitOnClose", exitOnClose)
      .put("singleton", singleton)
      .put("framing", new JsonObject()
        .put("mode", framingMode.configName())
        .put("delimiter", framingDelimiter)
        .put("maxFrameSize", maxFrameSize))
      .put("outbox", new JsonObject().put("capacity", outboxCapacity).put("ttl", outboxTtl));
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
    return "TetherOptions" + toJson().encode();
  }
}
