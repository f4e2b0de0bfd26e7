package io.tether.impl.config;

import io.tether.AnswerRule;
import io.tether.ConfigOptions;
import io.tether.DeliveryMode;
import io.tether.Endpoint;
import io.tether.FramingMode;
import io.tether.FramingOptions;
import io.tether.HandshakeStep;
import io.tether.HealthOptions;
import io.tether.HeartbeatOptions;
import io.tether.InboundOptions;
import io.tether.LeaseOptions;
import io.tether.MetricsOptions;
import io.tether.OutboxOptions;
import io.tether.OverflowPolicy;
import io.tether.PingOptions;
import io.tether.ReconnectOptions;
import io.tether.RequestMatch;
import io.tether.RequestOptions;
import io.tether.ShutdownOptions;
import io.tether.TetherOptions;
import io.tether.TlsOptions;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

import static io.tether.impl.config.Check.INTEGER;
import static io.tether.impl.config.Check.MS;
import static io.tether.impl.config.Check.MS_INT;
import static io.tether.impl.config.Check.NUMBER;
import static io.tether.impl.config.Check.bool;
import static io.tether.impl.config.Check.envName;
import static io.tether.impl.config.Check.nonBlank;
import static io.tether.impl.config.Check.nonEmpty;
import static io.tether.impl.config.Check.path;
import static io.tether.impl.config.Check.string;

/**
 * Every key of a client's configuration, one row each: its dotted name, default, check (type, valid values and the
 * words of its errors), whether it is a secret or needs a restart, and where its value lives. Reading, writing,
 * copying, masking, the keys that need a restart, the typing of plain strings and the README's key table all come
 * from this table.
 * <p>
 * The options classes call it from their setters and constructors, never from their static fields: their
 * {@code DEFAULT_*} constants are read here while this class is initialized.
 */
public final class Keys {

  private static final List<Group<?>> GROUPS = new ArrayList<>();

  public static final Group<TetherOptions> TOP = group("", o -> o, Rules::top, false);
  public static final Key<String> HOST = TOP.key("host", TetherOptions.DEFAULT_HOST, nonBlank("host name"),
    TetherOptions::getHost, TetherOptions::setHost);
  public static final Key<Integer> PORT = TOP.key("port", TetherOptions.DEFAULT_PORT, INTEGER.between(1, 65535),
    TetherOptions::getPort, TetherOptions::setPort);
  public static final Key<List<Endpoint>> ENDPOINTS = TOP.key("endpoints", TetherOptions.DEFAULT_ENDPOINTS,
    Check.endpoints(), TetherOptions::getEndpoints, TetherOptions::setEndpoints);
  public static final Key<String> ADDRESS = TOP.restartKey("address", TetherOptions.DEFAULT_ADDRESS,
    nonBlank("event-bus address"), TetherOptions::getAddress, TetherOptions::setAddress);
  public static final Key<Integer> CONNECT_TIMEOUT = TOP.key("connectTimeout", TetherOptions.DEFAULT_CONNECT_TIMEOUT,
    MS_INT.atLeast(1), TetherOptions::getConnectTimeout, TetherOptions::setConnectTimeout);
  public static final Key<Boolean> EXIT_ON_CLOSE = TOP.key("exitOnClose", TetherOptions.DEFAULT_EXIT_ON_CLOSE, bool(),
    TetherOptions::isExitOnClose, TetherOptions::setExitOnClose);
  public static final Key<Boolean> SINGLETON = TOP.restartKey("singleton", TetherOptions.DEFAULT_SINGLETON, bool(),
    TetherOptions::isSingleton, TetherOptions::setSingleton);

  public static final Key<List<AnswerRule>> ANSWERS = TOP.key("answers", TetherOptions.DEFAULT_ANSWERS,
    Check.records(Type.records(AnswerRule::parse, AnswerRule::toJson), "a list of {\"match\": REGEX, \"reply\": TEXT}"),
    TetherOptions::getAnswers, TetherOptions::setAnswers);
  public static final Key<List<HandshakeStep>> HANDSHAKE = TOP.key("handshake", TetherOptions.DEFAULT_HANDSHAKE,
    Check.records(Type.records(HandshakeStep::parse, HandshakeStep::toJson),
      "a list of {\"send\": TEXT} and {\"expect\": REGEX, \"timeout\": MS} steps"),
    TetherOptions::getHandshake, TetherOptions::setHandshake);

  public static final Group<PingOptions> PING = group("ping", TetherOptions::ping, null, false);
  public static final Key<Long> PING_INTERVAL = PING.key("interval", PingOptions.DEFAULT_INTERVAL,
    MS.atLeast(0).note("0 turns pings off"), PingOptions::interval, PingOptions::setInterval);
  public static final Key<String> PING_PAYLOAD = PING.key("payload", PingOptions.DEFAULT_PAYLOAD, string(),
    PingOptions::payload, PingOptions::setPayload);
  public static final Key<String> PING_EXPECT = PING.key("expect", PingOptions.DEFAULT_EXPECT,
    nonEmpty("string").orNull("for none"), PingOptions::expect, PingOptions::setExpect);

  public static final Key<String> PING_EXPECT_REGEX = PING.key("expectRegex", PingOptions.DEFAULT_EXPECT_REGEX,
    Check.regex(0).orNull("for none"), PingOptions::expectRegex, PingOptions::setExpectRegex);

  public static final Group<HeartbeatOptions> HEARTBEAT = group("heartbeat", TetherOptions::heartbeat, null, false);
  public static final Key<Long> HEARTBEAT_TIMEOUT = HEARTBEAT.key("timeout", HeartbeatOptions.DEFAULT_TIMEOUT,
    MS.atLeast(0).note("0 off").or(-1L, "for three ping intervals"), HeartbeatOptions::timeout,
    HeartbeatOptions::setTimeout);

  public static final Group<ReconnectOptions> RECONNECT = group("reconnect", TetherOptions::reconnect,
    Rules::reconnect, false);
  public static final Key<Long> RECONNECT_INITIAL_DELAY = RECONNECT.key("initialDelay",
    ReconnectOptions.DEFAULT_INITIAL_DELAY, MS.atLeast(0), ReconnectOptions::initialDelay,
    ReconnectOptions::setInitialDelay);
  public static final Key<Long> RECONNECT_MAX_DELAY = RECONNECT.key("maxDelay", ReconnectOptions.DEFAULT_MAX_DELAY,
    MS.atLeast(0), ReconnectOptions::maxDelay, ReconnectOptions::setMaxDelay);
  public static final Key<Double> RECONNECT_MULTIPLIER = RECONNECT.key("multiplier",
    ReconnectOptions.DEFAULT_MULTIPLIER, NUMBER.atLeast(1.0), ReconnectOptions::multiplier,
    ReconnectOptions::setMultiplier);
  public static final Key<Double> RECONNECT_JITTER = RECONNECT.key("jitter", ReconnectOptions.DEFAULT_JITTER,
    NUMBER.between(0, 1), ReconnectOptions::jitter, ReconnectOptions::setJitter);
  public static final Key<Integer> RECONNECT_MAX_ATTEMPTS = RECONNECT.key("maxAttempts",
    ReconnectOptions.DEFAULT_MAX_ATTEMPTS, INTEGER.atLeast(-1).note("-1 forever, 0 never reconnect"),
    ReconnectOptions::maxAttempts, ReconnectOptions::setMaxAttempts);
  public static final Key<Boolean> RECONNECT_EXIT_ON_GIVE_UP = RECONNECT.key("exitOnGiveUp",
    ReconnectOptions.DEFAULT_EXIT_ON_GIVE_UP, bool(), ReconnectOptions::exitOnGiveUp, ReconnectOptions::setExitOnGiveUp);

  public static final Group<ConfigOptions> CONFIG = group("config", TetherOptions::config, null, true);
  public static final Key<Long> CONFIG_SCAN_PERIOD = CONFIG.key("scanPeriod", ConfigOptions.DEFAULT_SCAN_PERIOD,
    MS.atLeast(0).note("0 never reads the file again"), ConfigOptions::scanPeriod, ConfigOptions::setScanPeriod);

  public static final Group<FramingOptions> FRAMING = group("framing", TetherOptions::framing, Rules::framing, false);
  public static final Key<FramingMode> FRAMING_MODE = FRAMING.key("mode", FramingOptions.DEFAULT_MODE,
    Check.oneOf(FramingMode.values(), FramingMode::configName), FramingOptions::mode, FramingOptions::setMode);
  public static final Key<String> FRAMING_DELIMITER = FRAMING.key("delimiter", FramingOptions.DEFAULT_DELIMITER,
    nonEmpty("string"), FramingOptions::delimiter, FramingOptions::setDelimiter);
  public static final Key<Integer> FRAMING_MAX_FRAME_SIZE = FRAMING.key("maxFrameSize",
    FramingOptions.DEFAULT_MAX_FRAME_SIZE, INTEGER.between(1, Integer.MAX_VALUE), FramingOptions::maxFrameSize,
    FramingOptions::setMaxFrameSize);

  public static final Group<OutboxOptions> OUTBOX = group("outbox", TetherOptions::outbox, null, false);
  public static final Key<Integer> OUTBOX_CAPACITY = OUTBOX.key("capacity", OutboxOptions.DEFAULT_CAPACITY,
    INTEGER.atLeast(0), OutboxOptions::capacity, OutboxOptions::setCapacity);
  public static final Key<Long> OUTBOX_TTL = OUTBOX.key("ttl", OutboxOptions.DEFAULT_TTL,
    MS.atLeast(0).note("0 means no limit"), OutboxOptions::ttl, OutboxOptions::setTtl);
  public static final Key<OverflowPolicy> OUTBOX_OVERFLOW = OUTBOX.key("overflow", OutboxOptions.DEFAULT_OVERFLOW,
    Check.oneOf(OverflowPolicy.values(), OverflowPolicy::configName), OutboxOptions::overflow,
    OutboxOptions::setOverflow);
  public static final Key<Boolean> OUTBOX_CLUSTER = OUTBOX.restartKey("cluster", OutboxOptions.DEFAULT_CLUSTER, bool(),
    OutboxOptions::cluster, OutboxOptions::setCluster);

  public static final Group<LeaseOptions> LEASE = group("lease", TetherOptions::lease, null, true);
  public static final Key<Long> LEASE_TTL = LEASE.key("ttl", LeaseOptions.DEFAULT_TTL, MS.atLeast(100),
    LeaseOptions::ttl, LeaseOptions::setTtl);

  public static final Group<ShutdownOptions> SHUTDOWN = group("shutdown", TetherOptions::shutdown, null, false);
  public static final Key<Long> SHUTDOWN_DRAIN_TIMEOUT = SHUTDOWN.key("drainTimeout",
    ShutdownOptions.DEFAULT_DRAIN_TIMEOUT, MS.atLeast(0), ShutdownOptions::drainTimeout,
    ShutdownOptions::setDrainTimeout);

  public static final Group<InboundOptions> DELIVERY = group("delivery", TetherOptions::delivery, null, false);
  public static final Key<DeliveryMode> DELIVERY_MODE = DELIVERY.key("mode", InboundOptions.DEFAULT_MODE,
    Check.oneOf(DeliveryMode.values(), DeliveryMode::configName), InboundOptions::mode, InboundOptions::setMode);
  public static final Key<Integer> DELIVERY_WINDOW = DELIVERY.key("window", InboundOptions.DEFAULT_WINDOW,
    INTEGER.atLeast(1), InboundOptions::window, InboundOptions::setWindow);
  public static final Key<Integer> DELIVERY_BATCH = DELIVERY.key("batch", InboundOptions.DEFAULT_BATCH,
    INTEGER.atLeast(1).note("1 is a message per frame"), InboundOptions::batch, InboundOptions::setBatch);
  public static final Key<Boolean> DELIVERY_HEADERS = DELIVERY.key("headers", InboundOptions.DEFAULT_HEADERS, bool(),
    InboundOptions::headers, InboundOptions::setHeaders);

  public static final Group<RequestOptions> REQUEST = group("request", TetherOptions::request, Rules::request, false);
  public static final Key<RequestMatch> REQUEST_MATCH = REQUEST.key("match", RequestOptions.DEFAULT_MATCH,
    Check.oneOf(RequestMatch.values(), RequestMatch::configName), RequestOptions::match, RequestOptions::setMatch);
  public static final Key<String> REQUEST_ID = REQUEST.key("id", RequestOptions.DEFAULT_ID,
    Check.regex(1).orNull("for none"), RequestOptions::id, RequestOptions::setId);
  public static final Key<String> REQUEST_REPLY_END = REQUEST.key("replyEnd", RequestOptions.DEFAULT_REPLY_END,
    Check.regex(0).orNull("for answers of one frame"), RequestOptions::replyEnd, RequestOptions::setReplyEnd);
  public static final Key<String> REQUEST_ANSWER = REQUEST.key("answer", RequestOptions.DEFAULT_ANSWER,
    Check.className("an io.tether.AnswerReader").orNull("for none"), RequestOptions::answer,
    RequestOptions::setAnswer);
  public static final Key<Long> REQUEST_TIMEOUT = REQUEST.key("timeout", RequestOptions.DEFAULT_TIMEOUT,
    MS.atLeast(1), RequestOptions::timeout, RequestOptions::setTimeout);
  public static final Key<Integer> REQUEST_MAX_IN_FLIGHT = REQUEST.key("maxInFlight",
    RequestOptions.DEFAULT_MAX_IN_FLIGHT, INTEGER.atLeast(1), RequestOptions::maxInFlight,
    RequestOptions::setMaxInFlight);
  public static final Key<Boolean> REQUEST_LOG = REQUEST.key("log", RequestOptions.DEFAULT_LOG, bool(),
    RequestOptions::log, RequestOptions::setLog);

  public static final Group<TlsOptions> TLS = group("tls", TetherOptions::tls, Rules::tls, true);
  public static final Key<Boolean> TLS_ENABLED = TLS.key("enabled", TlsOptions.DEFAULT_ENABLED, bool(),
    TlsOptions::enabled, TlsOptions::setEnabled);
  public static final Key<String> TLS_TRUST_STORE = TLS.key("trustStore", null,
    path("a PEM, JKS or PKCS12 file").orNull("for the JVM's trust"), TlsOptions::trustStore, TlsOptions::setTrustStore);
  public static final Key<String> TLS_TRUST_STORE_TYPE = TLS.key("trustStoreType", null,
    storeType(TlsOptions.TRUST_STORE_TYPES), TlsOptions::trustStoreType, TlsOptions::setTrustStoreType);
  public static final Key<String> TLS_TRUST_STORE_PASSWORD = TLS.secret("trustStorePassword", null,
    string().orNull(), TlsOptions::trustStorePassword, TlsOptions::setTrustStorePassword);
  public static final Key<String> TLS_TRUST_STORE_PASSWORD_ENV = TLS.key("trustStorePasswordEnv", null,
    envName().orNull(), TlsOptions::trustStorePasswordEnv, TlsOptions::setTrustStorePasswordEnv);
  public static final Key<String> TLS_KEY_STORE = TLS.key("keyStore", null, path("a JKS or PKCS12 file").orNull(),
    TlsOptions::keyStore, TlsOptions::setKeyStore);
  public static final Key<String> TLS_KEY_STORE_TYPE = TLS.key("keyStoreType", null,
    storeType(TlsOptions.KEY_STORE_TYPES), TlsOptions::keyStoreType, TlsOptions::setKeyStoreType);
  public static final Key<String> TLS_KEY_STORE_PASSWORD = TLS.secret("keyStorePassword", null, string().orNull(),
    TlsOptions::keyStorePassword, TlsOptions::setKeyStorePassword);
  public static final Key<String> TLS_KEY_STORE_PASSWORD_ENV = TLS.key("keyStorePasswordEnv", null,
    envName().orNull(), TlsOptions::keyStorePasswordEnv, TlsOptions::setKeyStorePasswordEnv);
  public static final Key<String> TLS_CERT_FILE = TLS.key("certFile", null, path("a PEM certificate chain").orNull(),
    TlsOptions::certFile, TlsOptions::setCertFile);
  public static final Key<String> TLS_KEY_FILE = TLS.key("keyFile", null, path("a PEM private key").orNull(),
    TlsOptions::keyFile, TlsOptions::setKeyFile);
  public static final Key<Boolean> TLS_VERIFY_HOST = TLS.key("verifyHost", TlsOptions.DEFAULT_VERIFY_HOST, bool(),
    TlsOptions::verifyHost, TlsOptions::setVerifyHost);
  public static final Key<String> TLS_SERVER_NAME = TLS.key("serverName", null,
    Check.text("a host name for SNI", s -> !s.isBlank() && s.chars().noneMatch(Character::isWhitespace)).orNull(),
    TlsOptions::serverName, TlsOptions::setServerName);
  public static final Key<List<String>> TLS_PROTOCOLS = TLS.key("protocols", TlsOptions.DEFAULT_PROTOCOLS,
    Check.someOf(TlsOptions.PROTOCOLS), TlsOptions::protocols, TlsOptions::setProtocols);
  public static final Key<Long> TLS_RELOAD_INTERVAL = TLS.key("reloadInterval", TlsOptions.DEFAULT_RELOAD_INTERVAL,
    MS.atLeast(0).note("0 turns reloading off"), TlsOptions::reloadInterval, TlsOptions::setReloadInterval);

  public static final Group<MetricsOptions> METRICS = group("metrics", TetherOptions::metrics, null, true);
  public static final Key<Boolean> METRICS_ENABLED = METRICS.key("enabled", MetricsOptions.DEFAULT_ENABLED, bool(),
    MetricsOptions::enabled, MetricsOptions::setEnabled);
  public static final Key<String> METRICS_HOST = METRICS.key("host", MetricsOptions.DEFAULT_HOST,
    nonBlank("host name or address to bind"), MetricsOptions::host, MetricsOptions::setHost);
  public static final Key<Integer> METRICS_PORT = METRICS.key("port", MetricsOptions.DEFAULT_PORT,
    INTEGER.between(0, 65535), MetricsOptions::port, MetricsOptions::setPort);

  public static final Group<HealthOptions> HEALTH = group("health", TetherOptions::health, null, true);
  public static final Key<Boolean> HEALTH_ENABLED = HEALTH.key("enabled", HealthOptions.DEFAULT_ENABLED, bool(),
    HealthOptions::enabled, HealthOptions::setEnabled);

  /** Every key, in the order of this table. */
  public static final List<Key<?>> ALL;

  private static final Map<String, Key<?>> BY_NAME = new LinkedHashMap<>();

  static {
    List<Key<?>> all = new ArrayList<>();
    GROUPS.forEach(g -> all.addAll(g.keys()));
    all.forEach(k -> BY_NAME.put(k.name(), k));
    ALL = Collections.unmodifiableList(all);
  }

  private Keys() {
  }

  private static <G> Group<G> group(String name, Function<TetherOptions, G> in, Consumer<G> rules, boolean restart) {
    Group<G> g = new Group<>(name, in, rules, restart);
    GROUPS.add(g);
    return g;
  }

  /** A store type: one of {@code types} in any case, {@code p12} and {@code pfx} for {@code pkcs12}, or null. */
  private static Check<String> storeType(List<String> types) {
    return Check.oneOfNames(types, t -> t.equals("p12") || t.equals("pfx") ? "pkcs12" : t)
      .orNull("to tell it from the file name");
  }

  /** The groups, the top level first. */
  public static List<Group<?>> groups() {
    return Collections.unmodifiableList(GROUPS);
  }

  /** The key of this dotted name, or null. */
  public static Key<?> find(String name) {
    return BY_NAME.get(name);
  }

  /**
   * Reads a client's configuration into {@code target} strictly, then checks the rules across keys.
   *
   * @throws io.tether.TetherConfigException on an unknown key, a wrong type, a value out of range or a broken rule
   */
  public static void read(JsonObject json, TetherOptions target) {
    ConfigReader reader = new ConfigReader(json, ALL);
    GROUPS.forEach(g -> g.read(reader, target));
    validate(target);
  }

  /** The nested JSON of a client's configuration; with {@code masked}, a secret that is set reads {@code ****}. */
  public static JsonObject write(TetherOptions source, boolean masked) {
    JsonObject json = new JsonObject();
    GROUPS.forEach(g -> g.writeInto(source, json, masked));
    return json;
  }

  /** Copies every value of {@code from} to {@code to}. */
  public static void copy(TetherOptions from, TetherOptions to) {
    GROUPS.forEach(g -> g.copy(from, to));
  }

  /** Checks the rules across keys of every group. */
  public static void validate(TetherOptions target) {
    GROUPS.forEach(g -> g.validate(target));
  }

  /** The first key that needs a restart and differs between {@code a} and {@code b}, or null. */
  public static Key<?> restartKeyChanged(TetherOptions a, TetherOptions b) {
    for (Group<?> g : GROUPS) {
      Key<?> changed = g.restartKeyChanged(a, b);
      if (changed != null) {
        return changed;
      }
    }
    return null;
  }
}
