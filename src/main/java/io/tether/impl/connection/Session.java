package io.tether.impl.connection;

import io.tether.impl.Logs;
import io.tether.ConnectionState;
import io.tether.DeliveryMode;
import io.tether.Endpoint;
import io.tether.FailureCode;
import io.tether.TetherOptions;
import io.tether.impl.framing.FrameCodec;
import io.tether.impl.tls.TlsSupport;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleConsumer;
import java.util.function.LongSupplier;

/**
 * The one state machine of a client, on the event loop of the verticle that owns it: endpoints, backoff, reconnect,
 * reconfiguration, control actions and stop. Each socket gets a {@link Connection} of its own.
 * <p>
 * What the session is doing is its published {@link ConnectionState}; what it means to do is its {@link Intent}.
 * Every way a connection ends — a failed round of connects, a close by the server, a framing error, a heartbeat
 * timeout — goes through {@link #scheduleReconnect(String)}, which is idempotent. Endpoints are tried in order, one
 * backoff step per full round; every round starts again from the first endpoint. Backoff is reset only by a
 * successful connect.
 */
public final class Session implements Connection.Owner {

  /** The cause of a {@code DISCONNECTED} status when the server ended the connection. */
  public static final String CLOSED_BY_SERVER = Connection.CLOSED_BY_SERVER;

  private static final Logger log = LoggerFactory.getLogger(Logs.CLIENT);
  private static final long CLOSE_TIMEOUT_MS = 1000;

  /** What the session means to do when a connection ends. */
  private enum Intent {
    /** Reconnect with backoff. */
    RUN,
    /** Reconnect at once, once the connection being closed has ended. */
    RECONNECT_NOW,
    /** Stay down until the {@code reconnect} action: closed by the {@code close} action, or given up. */
    HALT,
    /** Undeployed: final. */
    STOP
  }

  private final Vertx vertx;
  private final Map<String, String> env;
  private LongSupplier epoch = () -> 0;
  /** With {@code singleton}: this node's name, in status events and stats; null without. */
  private String node;
  private OutboxStore store;
  private final Context context;
  private final Runnable onServerClose;
  private final EventBus bus;
  private final Outbound outbound;
  private final ClientStats stats = new ClientStats();
  private final Control control;
  private final String clientId = Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
  private final List<MessageConsumer<?>> consumers = new ArrayList<>();
  /** {@code <address>.credit}, in {@code credit} mode only (one of {@link #consumers} then). */
  private MessageConsumer<Object> creditConsumer;
  /** The configuration last asked for: a reconfiguration that waited for {@link #creditConsumer} applies only it. */
  private TetherOptions latest;
  /** The endpoints whose servers have sent something: a few at most. */
  private final List<Endpoint> heard = new ArrayList<>(1);
  private final List<Promise<Void>> closeWaiters = new ArrayList<>();

  private TetherOptions options;
  private List<Endpoint> endpoints;
  private Backoff backoff;
  private FrameCodec encoder;
  private TlsSupport tls;
  private DoubleConsumer rttListener = ms -> { };
  private Runnable onGiveUp = () -> { };
  private Dialer dialer;

  private ConnectionState state;
  private Intent intent = Intent.RUN;
  private Endpoint endpoint;
  private int endpointIndex;
  private int retries;
  private long reconnectTimer = -1;
  /** The connect under way; a connect that completes when it is no longer this one is dropped. */
  private Object attempt;
  private Connection connection;
  private boolean paused;

  /**
   * @param onServerClose run after the {@code DISCONNECTED} status when the server ended the connection and
   *                      {@code exitOnClose} is set
   */
  public Session(Vertx vertx, Context context, TetherOptions options, Map<String, String> env, Runnable onServerClose) {
    this.vertx = vertx;
    this.env = env;
    this.context = context;
    this.onServerClose = onServerClose;
    this.bus = vertx.eventBus();
    derive(options);
    this.outbound = new Outbound(vertx, options, encoder);
    this.control = new Control(this);
  }

  private void derive(TetherOptions o) {
    options = o;
    endpoints = o.endpointList();
    endpoint = endpoints.get(0);
    endpointIndex = 0;
    backoff = new Backoff(o.reconnect(), () -> ThreadLocalRandom.current().nextDouble());
    encoder = new FrameCodec(o.framing(), (buf, from, to) -> true);
  }

  /** Connects with the TLS options and material of {@code tls}, reloaded as it says; call before {@link #start()}. */
  public Session tls(TlsSupport tls) {
    this.tls = tls;
    return this;
  }

  /** Called with each answer's latency, from the request's write to the answer's end, in ms. */
  public Session onAnswer(DoubleConsumer listener) {
    outbound.onAnswer(listener);
    return this;
  }

  /**
   * With {@code singleton}: the lease this client writes under, asked before every write; the cluster's epoch of its
   * ownership, for {@code ${epoch}} in handshake steps and in status events and stats; and this node's name, their
   * {@code owner}. Call before {@link #start()}.
   */
  public Session lease(Fence fence, LongSupplier epoch, String node) {
    outbound.fence(fence);
    this.epoch = epoch;
    this.node = node;
    return this;
  }

  /** With {@code outbox.cluster}: messages of {@code <address>.out} are held in {@code store}; before {@link #start()}. */
  public Session store(OutboxStore store) {
    this.store = store;
    outbound.store(store);
    return this;
  }

  /** Called with each round-trip time measured with {@code ping.expect}, in ms. */
  public Session onRtt(DoubleConsumer listener) {
    this.rttListener = listener;
    return this;
  }

  /** Run after the {@code GAVE_UP} status when {@code reconnect.exitOnGiveUp} is set. */
  public Session onGiveUp(Runnable hook) {
    this.onGiveUp = hook;
    return this;
  }

  /**
   * Takes over what earlier owners left in the cluster's outbox, if there is one; then registers the event-bus
   * consumers and starts the first connect; completes once it is under way.
   */
  public Future<Void> start() {
    if (store == null) {
      return begin();
    }
    return store.inherit().compose(left -> {
      if (intent == Intent.STOP) {
        // fenced or closed while it read the cluster's outbox: what that holds stays there, for the next owner
        return Future.succeededFuture();
      }
      if (!left.isEmpty()) {
        log.info("Taking over {} messages of the cluster's outbox of {}", left.size(), options.getAddress());
      }
      outbound.inherit(left);
      return begin();
    });
  }

  private Future<Void> begin() {
    if (intent == Intent.STOP) {
      // fenced or closed before it began
      return Future.succeededFuture();
    }
    dialer = new Dialer(vertx, tls, options);
    String address = options.getAddress();
    consumers.add(bus.consumer(address + ".out", outbound::accept));
    consumers.add(bus.consumer(address + ".request", outbound::acceptRequest));
    consumers.add(bus.consumer(address + ".stats", msg -> msg.reply(stats())));
    consumers.add(bus.consumer(address + ".control", control::handle));
    registerCredit(options);
    List<Future<Void>> registered = new ArrayList<>();
    consumers.forEach(c -> registered.add(c.completion()));
    return Future.all(registered).onSuccess(v -> connect()).mapEmpty();
  }

  /**
   * Applies a new configuration while running: endpoints, pings, heartbeats, framing, backoff, outbox and delivery.
   * The connection is closed (cause {@code reconfigured}) and opened again at once with the new settings; what waits
   * in the outbox is kept, framed again, and written first. The address, TLS, metrics and health and the cluster
   * role need a restart ({@link TetherOptions#restartKeyChanged}).
   */
  public void reconfigure(TetherOptions next) {
    if (intent == Intent.STOP) {
      return;
    }
    latest = next;
    Future<Void> registered = registerCredit(next);
    if (registered.isComplete()) {
      apply(next);
      return;
    }
    // a consumer on another node gives credit only once its node knows of the address: the connection waits
    registered.onComplete(ar -> {
      if (latest == next && intent != Intent.STOP) {
        apply(next);
      }
    });
  }

  /**
   * {@code <address>.credit} is registered only in {@code credit} mode, where it is read: each consumer costs a
   * client some 400 bytes of heap, which a gateway of thousands of clients multiplies. Registers or unregisters it
   * as {@code o} asks; completes once it is registered.
   */
  private Future<Void> registerCredit(TetherOptions o) {
    boolean wanted = o.delivery().mode() == DeliveryMode.CREDIT;
    if (wanted && creditConsumer == null) {
      creditConsumer = bus.consumer(o.getAddress() + ".credit", this::credit);
      consumers.add(creditConsumer);
    } else if (!wanted && creditConsumer != null) {
      consumers.remove(creditConsumer);
      creditConsumer.unregister();
      creditConsumer = null;
    }
    return creditConsumer == null ? Future.succeededFuture() : creditConsumer.completion();
  }

  private void apply(TetherOptions next) {
    derive(next);
    outbound.reconfigure(next, encoder);
    dialer.reconfigure(next);
    retries = 0;
    if (connection != null) {
      if (intent == Intent.RUN) {
        intent = Intent.RECONNECT_NOW;
      }
      connection.close("reconfigured");
      return;
    }
    dialer.retire();
    if (intent != Intent.HALT) {
      cancelReconnect();
      connect();
    }
  }

  // ---- connection lifecycle

  private void connect() {
    if (intent == Intent.HALT || intent == Intent.STOP) {
      return;
    }
    endpoint = endpoints.get(endpointIndex);
    Endpoint target = endpoint;
    Object token = new Object();
    attempt = token;
    setState(ConnectionState.CONNECTING, status());
    dialer.connect(target).onComplete(ar -> {
      if (token != attempt) {
        // configured anew, closed or stopped meanwhile
        if (ar.succeeded()) {
          ar.result().close();
        }
        return;
      }
      attempt = null;
      if (ar.succeeded()) {
        connected(target, ar.result());
      } else if (endpointIndex + 1 < endpoints.size()) {
        log.debug("Could not connect to {}: {}; trying the next endpoint", target, describe(ar.cause()));
        endpointIndex++;
        connect();
      } else {
        endpointIndex = 0;
        scheduleReconnect(describe(ar.cause()));
      }
    });
  }

  private void connected(Endpoint target, NetSocket so) {
    endpointIndex = 0;
    stats.connects++;
    String id = clientId + "-" + stats.connects;
    connection = new Connection(vertx, context, so, id, target, options, heard.contains(target), stats, outbound,
      encoder, rttListener, env, epoch, this);
    if (!options.getHandshake().isEmpty()) {
      setState(ConnectionState.HANDSHAKING, status().put("connection", id));
    }
    connection.start(paused);
  }

  @Override
  public void ready(Connection c) {
    if (c != connection) {
      return;
    }
    // a connection counts as made once its handshake has passed: a server that refuses it keeps the backoff growing
    retries = 0;
    setState(ConnectionState.CONNECTED, status().put("connection", c.id()));
  }

  @Override
  public void heard(Connection c) {
    if (!heard.contains(endpoint)) {
      heard.add(endpoint);
    }
  }

  @Override
  public void ended(Connection c, boolean byServer, JsonObject event) {
    if (c != connection) {
      return;
    }
    connection = null;
    dialer.retire();
    if (intent == Intent.STOP) {
      return;
    }
    setState(ConnectionState.DISCONNECTED, status().mergeIn(event));
    if (!closeWaiters.isEmpty()) {
      setState(ConnectionState.CLOSED, status());
      List<Promise<Void>> waiters = new ArrayList<>(closeWaiters);
      closeWaiters.clear();
      waiters.forEach(Promise::complete);
    }
    if (intent == Intent.HALT) {
      return;
    }
    if (byServer && options.isExitOnClose()) {
      intent = Intent.STOP;
      onServerClose.run();
      return;
    }
    endpointIndex = 0;
    if (intent == Intent.RECONNECT_NOW) {
      intent = Intent.RUN;
      connect();
    } else {
      scheduleReconnect(event.getString("cause"));
    }
  }

  /**
   * The one road into reconnect: after a failed round of connects, a close, a framing error or a heartbeat timeout.
   * Does nothing when a retry is already scheduled or the session is stopped, closed or has given up.
   */
  private void scheduleReconnect(String cause) {
    if (intent != Intent.RUN || reconnectTimer != -1) {
      return;
    }
    int max = options.reconnect().maxAttempts();
    if (max >= 0 && retries >= max) {
      giveUp(cause);
      return;
    }
    retries++;
    long delay = backoff.delay(retries);
    JsonObject event = status().put("delayMs", delay);
    if (cause != null) {
      event.put("cause", cause);
    }
    setState(ConnectionState.BACKING_OFF, event);
    log.debug("Reconnecting to {} in {} ms (attempt {}): {}", endpoint, delay, retries, cause);
    reconnectTimer = vertx.setTimer(delay, id -> {
      reconnectTimer = -1;
      connect();
    });
  }

  private void giveUp(String cause) {
    log.warn("Gave up on {} after {} attempts{}", endpointNames(), retries, cause == null ? "" : ": " + cause);
    intent = Intent.HALT;
    JsonObject event = status();
    if (cause != null) {
      event.put("cause", cause);
    }
    setState(ConnectionState.GAVE_UP, event);
    outbound.refuse(FailureCode.CLOSED, "the client gave up on " + endpointNames());
    if (options.reconnect().exitOnGiveUp()) {
      intent = Intent.STOP;
      onGiveUp.run();
    }
  }

  /**
   * Undeploys gracefully: stops reconnecting, writes what is queued for at most {@code shutdown.drainTimeout},
   * fails the rest with {@code CLOSED} (published to {@code <address>.dead}), closes the socket, publishes
   * {@code CLOSED} and unregisters every consumer. No timer of the session outlives it.
   */
  public Future<Void> close() {
    if (intent == Intent.STOP && state == ConnectionState.CLOSED) {
      return Future.succeededFuture();
    }
    intent = Intent.STOP;
    attempt = null;
    cancelReconnect();
    long drain = connection == null || outbound.isEmpty() ? 0 : options.shutdown().drainTimeout();
    Future<Void> drained = drain == 0 ? Future.succeededFuture() : Deadline.within(vertx, outbound.drained(), drain, () -> { });
    return drained.transform(ar -> {
      if (store == null) {
        outbound.refuse(FailureCode.CLOSED, "the client was closed");
      } else {
        outbound.handOver("the client was closed; the next owner of the connection writes what the cluster holds");
      }
      setState(ConnectionState.CLOSED, status());
      List<Future<?>> done = new ArrayList<>();
      consumers.forEach(c -> done.add(c.unregister()));
      consumers.clear();
      creditConsumer = null;
      if (connection != null) {
        // Vert.x flushes a socket before closing it: a peer that does not read would hold the close forever
        done.add(within(connection.close("the client was closed"), "closing the connection to " + endpoint));
        connection = null;
      }
      if (dialer != null) {
        done.add(within(dialer.close(), "closing the client of " + endpoint));
      }
      return Future.join(done).mapEmpty();
    });
  }

  /**
   * The lease is gone (a pause, a split of the cluster, another owner): closes the connection at once with nothing
   * more written, and stops, as {@link #close()} does but without draining. What the cluster's outbox holds stays
   * there for the next owner; the rest fails with {@code CLOSED}. Publishes {@code DISCONNECTED} with the cause.
   */
  public Future<Void> fenced(String cause) {
    if (intent == Intent.STOP) {
      return Future.succeededFuture();
    }
    intent = Intent.STOP;
    attempt = null;
    cancelReconnect();
    outbound.handOver("this node no longer holds the connection (" + cause + "); send it again");
    setState(ConnectionState.DISCONNECTED, status().put("cause", cause));
    List<Future<?>> done = new ArrayList<>();
    consumers.forEach(c -> done.add(c.unregister()));
    consumers.clear();
    creditConsumer = null;
    if (connection != null) {
      done.add(within(connection.close(cause), "closing the connection to " + endpoint));
      connection = null;
    }
    if (dialer != null) {
      done.add(within(dialer.close(), "closing the client of " + endpoint));
    }
    return Future.join(done).mapEmpty();
  }

  private Future<Void> within(Future<Void> f, String what) {
    return Deadline.within(vertx, f, CLOSE_TIMEOUT_MS,
      () -> log.warn("Gave up waiting after {} ms for {}: the peer is not reading", CLOSE_TIMEOUT_MS, what));
  }

  private void cancelReconnect() {
    if (reconnectTimer != -1) {
      vertx.cancelTimer(reconnectTimer);
      reconnectTimer = -1;
    }
  }

  private void setState(ConnectionState next, JsonObject event) {
    state = next;
    event.put("state", next.name());
    bus.publish(options.getAddress() + ".status", event);
  }

  private JsonObject status() {
    JsonObject status = new JsonObject().put("client", clientId).put("endpoint", endpoint.toString())
      .put("attempt", retries);
    return node == null ? status : status.put("owner", node).put("epoch", epoch.getAsLong());
  }

  private String endpointNames() {
    return endpoints.size() == 1 ? endpoints.get(0).toString() : endpoints.toString();
  }

  /** A failure in a few words: the TLS reason when there is one, else the message. */
  static String describe(Throwable t) {
    String tlsFailure = TlsSupport.describe(t);
    if (tlsFailure != null) {
      return tlsFailure;
    }
    String m = t.getMessage();
    return m == null ? t.getClass().getSimpleName() : m;
  }

  // ---- control actions (see Control)

  /** The {@code reconnect} action: at once, skipping the backoff; also after {@code close} or giving up. */
  void reconnectNow() {
    if (intent == Intent.STOP) {
      return;
    }
    if (intent == Intent.HALT) {
      intent = Intent.RUN;
      retries = 0;
      outbound.reopen();
    }
    if (connection != null) {
      intent = Intent.RECONNECT_NOW;
      connection.close("reconnect requested");
    } else if (attempt == null) {
      cancelReconnect();
      endpointIndex = 0;
      connect();
    }
  }

  /** The {@code pause} and {@code resume} actions: reading stops, on this connection and the next ones. */
  void pause(boolean pause) {
    paused = pause;
    if (connection != null) {
      if (pause) {
        connection.inbound().pause();
      } else {
        connection.inbound().resume();
      }
    }
  }

  /**
   * {@code <address>.credit} in credit mode: a number of frames the consumers took, as a number or its digits. Anything
   * else gives nothing, and says so in one line and, to a request, as a {@code BAD_BODY} failure: a consumer whose
   * grants all go wrong stops the client after one window, and the line is how its author learns why.
   */
  private void credit(io.vertx.core.eventbus.Message<Object> msg) {
    long n = creditIn(msg.body());
    if (n <= 0) {
      String why = "A credit on " + msg.address() + " must be a whole number of frames above 0, not "
        + shown(msg.body()) + "; it gave nothing";
      log.warn(why);
      msg.fail(FailureCode.BAD_BODY.code(), why);
      return;
    }
    if (connection != null) {
      connection.inbound().grant((int) Math.min(n, Integer.MAX_VALUE));
    }
  }

  /** The frames a credit's body gives, or 0 when it is not a whole number above 0. */
  private static long creditIn(Object body) {
    if (body instanceof Number number) {
      double d = number.doubleValue();
      return d >= 1 && d == Math.rint(d) ? (long) Math.min(d, Long.MAX_VALUE) : 0;
    }
    if (body instanceof String text && text.trim().matches("\\d{1,18}")) {
      return Long.parseLong(text.trim());
    }
    return 0;
  }

  /** A body as a line can show it: its text on one line, cut short ({@link Logs#escaped}), and its type. */
  private static String shown(Object body) {
    if (body == null) {
      return "a null body";
    }
    String text = Logs.escaped(String.valueOf(body));
    if (body instanceof String) {
      text = "\"" + text + "\"";
    }
    String type = body instanceof Buffer ? "Buffer" : body.getClass().getSimpleName();
    return text + " (" + type + ")";
  }

  /** Completes when nothing is queued or being written. */
  Future<Void> drained() {
    return outbound.drained();
  }

  /** The {@code close} action: closes the connection and stays down until the {@code reconnect} action. */
  Future<Void> halt() {
    if (intent == Intent.HALT && state == ConnectionState.CLOSED) {
      return Future.succeededFuture();
    }
    intent = Intent.HALT;
    attempt = null;
    cancelReconnect();
    outbound.refuse(FailureCode.CLOSED, "the client was closed by a close action");
    if (connection == null) {
      setState(ConnectionState.CLOSED, status());
      return Future.succeededFuture();
    }
    Promise<Void> closed = Promise.promise();
    closeWaiters.add(closed);
    connection.close("closed by a close action");
    return closed.future();
  }

  // ---- stats

  /** The session's pending timers: reconnect, ping, heartbeat and outbox expiry. */
  public int timers() {
    return (reconnectTimer == -1 ? 0 : 1) + (connection == null ? 0 : connection.timers()) + outbound.timers();
  }

  /** The counters, for the meters and the logger. */
  public ClientStats counters() {
    return stats;
  }

  /** The snapshot answered on {@code <address>.stats}. */
  public JsonObject stats() {
    JsonObject snapshot = outbound.putStats(stats.toJson(state, endpoint, connection, paused).put("timers", timers()));
    return node == null ? snapshot : snapshot.put("owner", node).put("node", node).put("epoch", epoch.getAsLong());
  }
}
