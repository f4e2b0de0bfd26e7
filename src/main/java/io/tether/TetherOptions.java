package io.tether;

import io.tether.impl.config.Key;
import io.tether.impl.config.Keys;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * The configuration of one {@link ClientVerticle}: where to connect, at the top level, and one group for each JSON
 * group of keys: {@link #ping()}, {@link #heartbeat()}, {@link #reconnect()}, {@link #framing()}, {@link #outbox()},
 * {@link #shutdown()}, {@link #delivery()}, {@link #lease()}, {@link #tls()}, {@link #metrics()}, {@link #health()}
 * and {@link #config()}. Each accessor returns the live group, whose fluent setters change these options:
 * {@code options.reconnect().setMaxDelay(5000)}.
 * <p>
 * It reads and writes the JSON of a client's config ({@link #TetherOptions(JsonObject)}, {@link #toJson()}).
 * Reading is strict: an unknown key, a value of the wrong type or out of range throws a
 * {@link TetherConfigException} that names the key in dotted form, the value and what was expected.
 * The setters check their input the same way.
 * <p>
 * The passwords ({@code tls.trustStorePassword}, {@code tls.keyStorePassword}) are never shown: {@link #toString()}
 * masks them, and an error about one of them does not repeat its value. {@link #toJson()} is the configuration itself
 * and carries them as given; do not log it.
 */
public class TetherOptions {

  public static final String DEFAULT_HOST = "localhost";
  public static final int DEFAULT_PORT = 9001;
  /** No list: {@code host:port} is the one endpoint. */
  public static final List<Endpoint> DEFAULT_ENDPOINTS = List.of();
  public static final String DEFAULT_ADDRESS = "tether";
  public static final int DEFAULT_CONNECT_TIMEOUT = 5000;
  public static final boolean DEFAULT_EXIT_ON_CLOSE = false;
  public static final boolean DEFAULT_SINGLETON = false;
  /** No rule: the client answers nothing by itself. */
  public static final List<AnswerRule> DEFAULT_ANSWERS = List.of();
  /** No step: a connection is {@code CONNECTED} as soon as it is open. */
  public static final List<HandshakeStep> DEFAULT_HANDSHAKE = List.of();

  /** What {@link #toString()} shows in place of a secret that is set. */
  public static final String MASK = "****";

  private String host = DEFAULT_HOST;
  private int port = DEFAULT_PORT;
  private List<Endpoint> endpoints = DEFAULT_ENDPOINTS;
  private String address = DEFAULT_ADDRESS;
  private int connectTimeout = DEFAULT_CONNECT_TIMEOUT;
  private boolean exitOnClose = DEFAULT_EXIT_ON_CLOSE;
  private boolean singleton = DEFAULT_SINGLETON;
  private List<AnswerRule> answers = DEFAULT_ANSWERS;
  private List<HandshakeStep> handshake = DEFAULT_HANDSHAKE;

  private final PingOptions ping = new PingOptions();
  private final HeartbeatOptions heartbeat = new HeartbeatOptions();
  private final ReconnectOptions reconnect = new ReconnectOptions();
  private final FramingOptions framing = new FramingOptions();
  private final OutboxOptions outbox = new OutboxOptions();
  private final ShutdownOptions shutdown = new ShutdownOptions();
  private final InboundOptions delivery = new InboundOptions();
  private final RequestOptions request = new RequestOptions();
  private final LeaseOptions lease = new LeaseOptions();
  private final TlsOptions tls = new TlsOptions();
  private final MetricsOptions metrics = new MetricsOptions();
  private final HealthOptions health = new HealthOptions();
  private final ConfigOptions config = new ConfigOptions();

  /** The defaults. */
  public TetherOptions() {
  }

  /** A copy, groups included. */
  public TetherOptions(TetherOptions other) {
    Keys.copy(other, this);
  }

  /**
   * The defaults overridden by {@code json}, read strictly.
   *
   * @throws TetherConfigException on an unknown key, a wrong type, a value out of range or keys that do not go
   *                               together
   */
  public TetherOptions(JsonObject json) {
    Keys.read(json, this);
  }

  /**
   * Checks the rules that span several keys: {@code reconnect.maxDelay} at least {@code reconnect.initialDelay},
   * room for the framing's own bytes in {@code framing.maxFrameSize}, and TLS keys that go together.
   *
   * @throws TetherConfigException naming the key that breaks a rule
   */
  public TetherOptions validate() {
    Keys.validate(this);
    return this;
  }

  /**
   * The first key whose change needs a restart (the event-bus address, the cluster role, TLS, metrics and health,
   * and the scanning itself) and whose value differs in {@code other}, in dotted form; null when there is none.
   * Every other key can change while the client runs.
   */
  public String restartKeyChanged(TetherOptions other) {
    Key<?> changed = Keys.restartKeyChanged(this, other);
    return changed == null ? null : changed.name();
  }

  /** The nested JSON form, with every key; {@code new TetherOptions(o.toJson())} equals {@code o}. */
  public JsonObject toJson() {
    return Keys.write(this, false);
  }

  /** {@link #toJson()} with every secret that is set replaced by {@link #MASK}: the form to show or log. */
  public JsonObject toMaskedJson() {
    return Keys.write(this, true);
  }

  // ---- the groups

  public PingOptions ping() {
    return ping;
  }

  public HeartbeatOptions heartbeat() {
    return heartbeat;
  }

  public ReconnectOptions reconnect() {
    return reconnect;
  }

  public FramingOptions framing() {
    return framing;
  }

  public OutboxOptions outbox() {
    return outbox;
  }

  public ShutdownOptions shutdown() {
    return shutdown;
  }

  /** The {@code delivery} group (see {@link InboundOptions} for why it is not called {@code DeliveryOptions}). */
  public InboundOptions delivery() {
    return delivery;
  }

  /** The {@code request} group: how the answers of {@code <address>.request} are found. */
  public RequestOptions request() {
    return request;
  }

  /** The {@code lease} group: the claim of a {@code singleton} client on its connection. */
  public LeaseOptions lease() {
    return lease;
  }

  public TlsOptions tls() {
    return tls;
  }

  public MetricsOptions metrics() {
    return metrics;
  }

  public HealthOptions health() {
    return health;
  }

  public ConfigOptions config() {
    return config;
  }

  // ---- the top level

  /** {@code host}: the server's host name or address. */
  public String getHost() {
    return host;
  }

  public TetherOptions setHost(String host) {
    this.host = Keys.HOST.check(host);
    return this;
  }

  /** {@code port}: the server's port. */
  public int getPort() {
    return port;
  }

  public TetherOptions setPort(int port) {
    this.port = Keys.PORT.check(port);
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

  /** {@code endpoints}: the servers tried in order instead of {@code host:port}; empty for none. */
  public List<Endpoint> getEndpoints() {
    return endpoints;
  }

  /** Endpoints tried in order, one backoff step per full round; empty to use {@code host} and {@code port}. */
  public TetherOptions setEndpoints(List<Endpoint> endpoints) {
    this.endpoints = List.copyOf(Keys.ENDPOINTS.check(endpoints));
    return this;
  }

  /** {@code address}: the prefix of this client's event-bus addresses. */
  public String getAddress() {
    return address;
  }

  public TetherOptions setAddress(String address) {
    this.address = Keys.ADDRESS.check(address);
    return this;
  }

  /** {@code connectTimeout}: ms for each connect attempt. */
  public int getConnectTimeout() {
    return connectTimeout;
  }

  public TetherOptions setConnectTimeout(int connectTimeout) {
    this.connectTimeout = Keys.CONNECT_TIMEOUT.check(connectTimeout);
    return this;
  }

  /** {@code exitOnClose}: the seed's behaviour; when the server ends the connection, the process ends. */
  public boolean isExitOnClose() {
    return exitOnClose;
  }

  public TetherOptions setExitOnClose(boolean exitOnClose) {
    this.exitOnClose = exitOnClose;
    return this;
  }

  /** {@code answers}: the frames the client answers by itself, at once, ahead of queued traffic. */
  public List<AnswerRule> getAnswers() {
    return answers;
  }

  public TetherOptions setAnswers(List<AnswerRule> answers) {
    this.answers = List.copyOf(Keys.ANSWERS.check(answers));
    return this;
  }

  /** {@code handshake}: the steps run on every new connection before it is {@code CONNECTED}. */
  public List<HandshakeStep> getHandshake() {
    return handshake;
  }

  public TetherOptions setHandshake(List<HandshakeStep> handshake) {
    this.handshake = List.copyOf(Keys.HANDSHAKE.check(handshake));
    return this;
  }

  /**
   * {@code singleton}: whether this client's connection is held by one node of the cluster at a time: the clients
   * deployed with the same {@code address} share a cluster-wide lease ({@link #lease()}), the one that holds it
   * connects and the others stand by.
   */
  public boolean isSingleton() {
    return singleton;
  }

  public TetherOptions setSingleton(boolean singleton) {
    this.singleton = singleton;
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
    return "TetherOptions" + toMaskedJson().encode();
  }
}
