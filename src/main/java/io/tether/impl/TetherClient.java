package io.tether.impl;

import io.tether.ClientVerticle;
import io.tether.ConnectionState;
import io.tether.DeliveryMode;
import io.tether.Endpoint;
import io.tether.FailureCode;
import io.tether.TetherException;
import io.tether.TetherOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleConsumer;

/**
 * One logical connection to a server, on the event loop of the verticle that owns it.
 * <p>
 * Every way a connection ends — a failed connect, a close by the server, a framing error, a heartbeat timeout —
 * goes through {@link #scheduleReconnect(String)}, which is idempotent. Endpoints are tried in order, one backoff
 * step per full round; every round starts again from the first endpoint. Backoff is reset only by a successful
 * connect. Liveness is measured from reads only: Tether's own pings never hide a silent peer.
 */
public final class TetherClient {

  /** The cause of a {@code DISCONNECTED} status when the server ended the connection. */
  public static final String CLOSED_BY_SERVER = "closed by server";
  /** The cause of a {@code DISCONNECTED} status when nothing was received for {@code heartbeat.timeout}. */
  public static final String HEARTBEAT_TIMEOUT = "heartbeat timeout";

  private static final Logger log = LoggerFactory.getLogger(ClientVerticle.class);
  private static final int MAX_PENDING_PINGS = 64;
  private static final long CLOSE_TIMEOUT_MS = 1000;

  private final Vertx vertx;
  private TetherOptions options;
  private final Runnable onServerClose;
  private final EventBus eventBus;
  private final String inAddress;
  private final String statusAddress;
  private final String pingAddress;
  private final Outbound outbound;
  // derived from the options, again at each reconfiguration
  private List<Endpoint> endpoints;
  private Backoff backoff;
  private FrameCodec encoder;
  private byte[] pingExpect;
  private long heartbeatTimeout;
  private boolean requestMode;
  private int batchSize;
  private boolean headers;
  private final String clientId = Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
  private final List<MessageConsumer<?>> consumers = new ArrayList<>();
  private final ArrayDeque<Long> pendingPings = new ArrayDeque<>();
  private final DeliveryOptions noHeaders = new DeliveryOptions();
  private final DeliveryOptions withHeaders = new DeliveryOptions();

  private NetClient netClient;
  /** The client of the connection a reconfiguration closes, closed in turn once that connection has closed. */
  private NetClient retiring;
  /** Counts reconfigurations: a connect begun under an older configuration is dropped when it completes. */
  private int generation;
  private TlsSupport tls;
  private DoubleConsumer rttListener = ms -> { };
  private NetSocket socket;
  private FrameCodec decoder;
  private ConnectionState state;
  private Endpoint endpoint;
  private int endpointIndex;
  /** Undeployed: final. */
  private boolean stopped;
  /** Closed by the {@code close} action, or given up: no reconnect until the {@code reconnect} action. */
  private boolean halted;
  private boolean paused;
  /** Reading stopped because {@code delivery.window} frames are unanswered. */
  private boolean windowFull;
  private int unanswered;
  private long deliveryFailures;
  private Buffer batch;
  private int batchFrames;
  private long batchFirstSeq;
  private boolean reconnectNow;
  /** Completed once the {@code close} action's connection has closed. */
  private Promise<Void> closing;
  /** The connection is trusted with the outbox: it has sent something, or liveness is not checked. */
  private boolean verified;
  private String closeCause;
  private long reconnectTimer = -1;
  private long pingTimer = -1;
  private long heartbeatTimer = -1;
  private long lastReadNanos;
  private int retries;

  private String connectionId;
  private long frameSeq;
  private Long connectedSince;
  private long connects;
  private long framesIn;
  private long bytesIn;
  private long heartbeatTimeouts;
  private Double lastRttMs;
  private double maxRttMs;
  private double sumRttMs;
  private long rttSamples;

  /**
   * @param onServerClose run after the {@code DISCONNECTED} status when the server ended the connection and
   *                      {@code exitOnClose} is set
   */
  public TetherClient(Vertx vertx, TetherOptions options, Runnable onServerClose) {
    this.vertx = vertx;
    this.options = options;
    this.onServerClose = onServerClose;
    this.eventBus = vertx.eventBus();
    String address = options.getAddress();
    this.inAddress = address + ".in";
    this.statusAddress = address + ".status";
    this.pingAddress = address + ".ping";
    derive(options);
    this.outbound = new Outbound(vertx, options, encoder);
  }

  private void derive(TetherOptions o) {
    options = o;
    endpoints = o.endpointList();
    endpoint = endpoints.get(0);
    endpointIndex = 0;
    backoff = new Backoff(o, () -> ThreadLocalRandom.current().nextDouble());
    encoder = new FrameCodec(o, (buf, from, to) -> { });
    requestMode = o.getDeliveryMode() == DeliveryMode.REQUEST;
    batchSize = o.getDeliveryBatch();
    headers = o.isDeliveryHeaders();
    pingExpect = o.getPingExpect() == null ? null : o.getPingExpect().getBytes(StandardCharsets.UTF_8);
    heartbeatTimeout = o.effectiveHeartbeatTimeout();
  }

  /**
   * Applies a new configuration while running: endpoints, pings, heartbeats, framing, backoff, outbox and delivery.
   * The connection is closed gracefully (cause {@code reconfigured}) and opened again at once with the new settings;
   * what waits in the outbox is kept, framed again, and written first. The address, TLS, metrics and health and the
   * cluster role need a restart ({@link TetherOptions#restartKeyChanged}).
   */
  public void reconfigure(TetherOptions next) {
    if (stopped) {
      return;
    }
    generation++;
    derive(next);
    outbound.reconfigure(next, encoder);
    retiring = netClient;
    netClient = vertx.createNetClient(netClientOptions());
    if (tls != null) {
      tls.watch(netClient);
    }
    retries = 0;
    if (socket != null) {
      reconnectNow = true;
      closeCause = "reconfigured";
      socket.close();
      return;
    }
    retireClient();
    if (!halted && state != ConnectionState.CONNECTING) {
      cancelReconnect();
      connect();
    }
    // a connect under way completes under the old generation and is dropped: see connect()
  }

  private void retireClient() {
    if (retiring != null) {
      retiring.close();
      retiring = null;
    }
  }

  /** Connects with the TLS options and material of {@code tls}, reloaded as it says; call before {@link #start()}. */
  public TetherClient tls(TlsSupport tls) {
    this.tls = tls;
    return this;
  }

  /** Called with each round-trip time measured with {@code ping.expect}, in ms. */
  public TetherClient onRtt(DoubleConsumer listener) {
    this.rttListener = listener;
    return this;
  }

  /** Registers the event-bus consumers, then starts the first connect; completes once it is under way. */
  public Future<Void> start() {
    netClient = vertx.createNetClient(netClientOptions());
    if (tls != null) {
      tls.watch(netClient);
    }
    String address = options.getAddress();
    consumers.add(eventBus.consumer(address + ".out", outbound::accept));
    consumers.add(eventBus.consumer(address + ".stats", msg -> msg.reply(stats())));
    consumers.add(eventBus.consumer(address + ".control", this::onControl));
    List<Future<Void>> registered = new ArrayList<>();
    consumers.forEach(c -> registered.add(c.completion()));
    return Future.all(registered).onSuccess(v -> connect()).mapEmpty();
  }

  private NetClientOptions netClientOptions() {
    NetClientOptions clientOptions = tls == null
      ? new NetClientOptions() : tls.netClientOptions();
    clientOptions.setConnectTimeout(options.getConnectTimeout());
    if (writeTimeout()) {
      // A peer that takes no byte for heartbeat.timeout, pings included, is closed by Netty itself: a close of
      // ours would wait for the unwritten bytes and never complete.
      clientOptions.setWriteIdleTimeout((int) Math.min(Integer.MAX_VALUE, heartbeatTimeout))
        .setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
    }
    return clientOptions;
  }

  // ---- connection lifecycle

  private void connect() {
    if (stopped || halted) {
      return;
    }
    endpoint = endpoints.get(endpointIndex);
    Endpoint target = endpoint;
    int started = generation;
    setState(ConnectionState.CONNECTING, status());
    netClient.connect(target.port(), target.host(), tls == null ? null : tls.serverName()).onComplete(ar -> {
      if (started != generation) {
        // configured anew meanwhile: this connect is of the old configuration
        if (ar.succeeded()) {
          ar.result().close();
        }
        retireClient();
        if (!stopped && !halted) {
          connect();
        }
      } else if (stopped || halted) {
        if (ar.succeeded()) {
          ar.result().close();
        }
      } else if (ar.succeeded()) {
        connected(ar.result());
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

  private void connected(NetSocket so) {
    socket = so;
    retries = 0;
    endpointIndex = 0;
    connects++;
    connectionId = clientId + "-" + connects;
    frameSeq = 0;
    closeCause = null;
    pendingPings.clear();
    windowFull = false;
    unanswered = 0;
    batch = null;
    connectedSince = System.currentTimeMillis();
    lastReadNanos = System.nanoTime();
    decoder = new FrameCodec(options, this::onFrame);
    so.handler(this::onData);
    so.exceptionHandler(t -> {
      if (closeCause == null) {
        closeCause = describe(t);
      }
    });
    so.closeHandler(v -> onClosed(so));
    if (paused) {
      so.pause();
    }
    setState(ConnectionState.CONNECTED, status().put("connection", connectionId));
    if (options.getPingInterval() > 0) {
      ping();
      pingTimer = vertx.setPeriodic(options.getPingInterval(), id -> ping());
    }
    if (heartbeatTimeout > 0) {
      armHeartbeat(heartbeatTimeout);
    }
    // With pings and heartbeats on, queued messages wait for the first byte from the server: a half-open peer
    // (a stopped process whose kernel still accepts connections) gets pings, never the outbox.
    verified = heartbeatTimeout == 0 || options.getPingInterval() == 0;
    if (verified) {
      outbound.attach(so);
    }
  }

  private void onClosed(NetSocket so) {
    if (so != socket) {
      return;
    }
    socket = null;
    connectedSince = null;
    outbound.detach();
    cancelConnectionTimers();
    retireClient();
    if (stopped) {
      return;
    }
    long unwrittenMs = (System.nanoTime() - outbound.lastWriteNanos()) / 1_000_000;
    if (closeCause == null && writeTimeout() && unwrittenMs >= heartbeatTimeout) {
      closeCause = "write timeout: the server took nothing for " + unwrittenMs + " ms";
    }
    boolean byServer = closeCause == null;
    String cause = byServer ? CLOSED_BY_SERVER : closeCause;
    int partial = decoder.pendingBytes();
    JsonObject event = status();
    if (byServer && partial > 0) {
      cause = CLOSED_BY_SERVER + " in the middle of a frame (" + partial + " bytes discarded)";
      event.put("partialBytes", partial);
    }
    setState(ConnectionState.DISCONNECTED, event.put("cause", cause));
    if (closing != null) {
      setState(ConnectionState.CLOSED, status());
      closing.complete();
      closing = null;
    }
    if (halted) {
      return;
    }
    if (byServer && options.isExitOnClose()) {
      stopped = true;
      onServerClose.run();
      return;
    }
    endpointIndex = 0;
    if (reconnectNow) {
      reconnectNow = false;
      connect();
    } else {
      scheduleReconnect(cause);
    }
  }

  /**
   * The one road into reconnect: after a failed round of connects, a close, a framing error or a heartbeat timeout.
   * Does nothing when a retry is already scheduled or the client is stopped, closed or has given up.
   */
  private void scheduleReconnect(String cause) {
    if (stopped || halted || reconnectTimer != -1) {
      return;
    }
    int max = options.getReconnectMaxAttempts();
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
    log.warn("Gave up on {} after {} reconnect attempts: {}", endpoints, retries, cause);
    halted = true;
    JsonObject event = status();
    if (cause != null) {
      event.put("cause", cause);
    }
    setState(ConnectionState.GAVE_UP, event);
    outbound.refuse(FailureCode.CLOSED, "the client gave up on " + endpointNames());
  }

  /**
   * Undeploys gracefully: stops reconnecting, writes what is queued for at most {@code shutdown.drainTimeout},
   * fails the rest with {@code CLOSED} (published to {@code <address>.dead}), closes the socket, publishes
   * {@code CLOSED} and unregisters every consumer. No timer of the client outlives it.
   */
  public Future<Void> close() {
    if (stopped && state == ConnectionState.CLOSED) {
      return Future.succeededFuture();
    }
    stopped = true;
    cancelReconnect();
    if (pingTimer != -1) {
      vertx.cancelTimer(pingTimer);
      pingTimer = -1;
    }
    return drainWithin(socket == null ? 0 : options.getShutdownDrainTimeout())
      .transform(ar -> {
        cancelConnectionTimers();
        outbound.refuse(FailureCode.CLOSED, "the client was closed");
        setState(ConnectionState.CLOSED, status());
        List<Future<?>> done = new ArrayList<>();
        consumers.forEach(c -> done.add(c.unregister()));
        consumers.clear();
        if (socket != null) {
          // Vert.x flushes a socket before closing it: a peer that does not read would hold the close forever
          done.add(within(socket.close(), CLOSE_TIMEOUT_MS, "closing the connection to " + endpoint));
          socket = null;
        }
        if (netClient != null) {
          done.add(within(netClient.close(), CLOSE_TIMEOUT_MS, "closing the client of " + endpoint));
        }
        return Future.join(done).mapEmpty();
      });
  }

  private Future<Void> within(Future<Void> f, long timeoutMs, String what) {
    Promise<Void> done = Promise.promise();
    long timer = vertx.setTimer(timeoutMs, id -> {
      if (done.tryComplete()) {
        log.warn("Gave up waiting after {} ms for {}: the peer is not reading", timeoutMs, what);
      }
    });
    f.onComplete(ar -> {
      vertx.cancelTimer(timer);
      done.tryComplete();
    });
    return done.future();
  }

  private Future<Void> drainWithin(long timeout) {
    if (timeout <= 0 || outbound.isEmpty()) {
      return Future.succeededFuture();
    }
    Promise<Void> done = Promise.promise();
    long timer = vertx.setTimer(timeout, id -> done.tryComplete());
    outbound.drained().onComplete(ar -> {
      vertx.cancelTimer(timer);
      done.tryComplete();
    });
    return done.future();
  }

  private void cancelReconnect() {
    if (reconnectTimer != -1) {
      vertx.cancelTimer(reconnectTimer);
      reconnectTimer = -1;
    }
  }

  private void cancelConnectionTimers() {
    if (pingTimer != -1) {
      vertx.cancelTimer(pingTimer);
      pingTimer = -1;
    }
    if (heartbeatTimer != -1) {
      vertx.cancelTimer(heartbeatTimer);
      heartbeatTimer = -1;
    }
  }

  private void setState(ConnectionState next, JsonObject event) {
    state = next;
    event.put("state", next.name());
    eventBus.publish(statusAddress, event);
  }

  private JsonObject status() {
    return new JsonObject().put("endpoint", endpoint.toString()).put("attempt", retries);
  }

  private String endpointNames() {
    return endpoints.size() == 1 ? endpoints.get(0).toString() : endpoints.toString();
  }

  private static String describe(Throwable t) {
    String tlsFailure = TlsSupport.describe(t);
    if (tlsFailure != null) {
      return tlsFailure;
    }
    String m = t.getMessage();
    return m == null ? t.getClass().getSimpleName() : m;
  }

  // ---- liveness

  /** Writes that make no progress for heartbeat.timeout close the connection, when pings keep writes flowing. */
  private boolean writeTimeout() {
    return heartbeatTimeout > 0 && options.getPingInterval() > 0;
  }

  private void armHeartbeat(long delayMs) {
    heartbeatTimer = vertx.setTimer(Math.max(1, delayMs), id -> {
      heartbeatTimer = -1;
      if (socket == null) {
        return;
      }
      long silentMs = (System.nanoTime() - lastReadNanos) / 1_000_000;
      if (paused || windowFull || silentMs < heartbeatTimeout) {
        armHeartbeat(paused || windowFull ? heartbeatTimeout : heartbeatTimeout - silentMs);
        return;
      }
      heartbeatTimeouts++;
      log.warn("Closing the connection to {}: nothing received for {} ms (heartbeat.timeout {})", endpoint, silentMs,
        heartbeatTimeout);
      closeCause = HEARTBEAT_TIMEOUT;
      socket.close();
    });
  }

  private void ping() {
    Buffer frame = encoder.encode(Buffer.buffer(options.getPingPayload()));
    if (frame == null) {
      log.warn("ping.payload contains framing.delimiter; ping not sent");
      return;
    }
    if (socket == null) {
      return;
    }
    eventBus.publish(pingAddress, frame);
    if (outbound.writePing(socket, frame) && pingExpect != null) {
      if (pendingPings.size() == MAX_PENDING_PINGS) {
        pendingPings.pollFirst();
      }
      pendingPings.addLast(System.nanoTime());
    }
  }

  private void measureRtt(Buffer buf, int from, int to) {
    if (pendingPings.isEmpty() || to - from < pingExpect.length) {
      return;
    }
    for (int i = 0; i < pingExpect.length; i++) {
      if (buf.getByte(from + i) != pingExpect[i]) {
        return;
      }
    }
    double rtt = (System.nanoTime() - pendingPings.pollFirst()) / 1_000_000.0;
    lastRttMs = Math.round(rtt * 1000) / 1000.0;
    maxRttMs = Math.max(maxRttMs, lastRttMs);
    sumRttMs += lastRttMs;
    rttSamples++;
    rttListener.accept(rtt);
  }

  // ---- inbound

  private void onData(Buffer chunk) {
    lastReadNanos = System.nanoTime();
    if (!verified) {
      verified = true;
      outbound.attach(socket);
    }
    bytesIn += chunk.length();
    try {
      decoder.decode(chunk);
    } catch (TetherException e) {
      log.warn("Closing the connection to {}: {}", endpoint, e.getMessage());
      closeCause = e.getMessage();
      socket.close();
    } finally {
      if (batch != null) {
        // a batch never waits for more than what one read brought
        deliver(batch, batchFirstSeq, batchFrames);
        batch = null;
      }
    }
  }

  private void onFrame(Buffer buf, int from, int to) {
    framesIn++;
    long seq = ++frameSeq;
    if (pingExpect != null) {
      measureRtt(buf, from, to);
    }
    if (batchSize == 1) {
      deliver(buf.slice(from, to), seq, 1);
      return;
    }
    if (batch == null) {
      batch = Buffer.buffer(Math.min(batchSize, 64) * (to - from + 4));
      batchFrames = 0;
      batchFirstSeq = seq;
    }
    batch.appendInt(to - from).appendBuffer(buf, from, to - from);
    if (++batchFrames == batchSize) {
      deliver(batch, batchFirstSeq, batchFrames);
      batch = null;
    }
  }

  private void deliver(Buffer body, long firstSeq, int frames) {
    DeliveryOptions delivery = noHeaders;
    if (headers) {
      // the message takes its headers as it is created: one options object serves every frame
      delivery = withHeaders.setHeaders(new FrameHeaders(connectionId, firstSeq, batchSize > 1 ? frames : -1));
    }
    if (!requestMode) {
      eventBus.publish(inAddress, body, delivery);
      return;
    }
    NetSocket so = socket;
    unanswered += frames;
    eventBus.request(inAddress, body, delivery).onComplete(ar -> {
      if (so != socket) {
        return;
      }
      unanswered -= frames;
      if (ar.failed()) {
        deliveryFailures += frames;
        log.debug("A frame of {} was not answered: {}", endpoint, ar.cause().getMessage());
      }
      if (windowFull && unanswered < options.getDeliveryWindow()) {
        windowFull = false;
        if (!paused) {
          lastReadNanos = System.nanoTime();
          so.resume();
        }
      }
    });
    if (!windowFull && unanswered >= options.getDeliveryWindow()) {
      windowFull = true;
      so.pause();
    }
  }

  // ---- control

  private void onControl(Message<Object> msg) {
    Object body = msg.body();
    String action = body instanceof JsonObject ? ((JsonObject) body).getString("action") : null;
    if (action == null) {
      msg.fail(FailureCode.BAD_BODY.code(), FailureCode.BAD_BODY.message(
        "expected {\"action\": \"reconnect|pause|resume|drain|close\"}"));
      return;
    }
    switch (action) {
      case "reconnect":
        reconnectAction();
        break;
      case "pause":
        paused = true;
        if (socket != null) {
          socket.pause();
        }
        break;
      case "resume":
        paused = false;
        if (socket != null && !windowFull) {
          lastReadNanos = System.nanoTime();
          socket.resume();
        }
        break;
      case "drain":
        outbound.drained().onComplete(ar -> msg.reply(stats()));
        return;
      case "close":
        closeAction().onComplete(ar -> msg.reply(stats()));
        return;
      default:
        msg.fail(FailureCode.BAD_BODY.code(), FailureCode.BAD_BODY.message("unknown action \"" + action
          + "\" (expected reconnect, pause, resume, drain or close)"));
        return;
    }
    msg.reply(stats());
  }

  private void reconnectAction() {
    if (stopped) {
      return;
    }
    if (halted) {
      halted = false;
      retries = 0;
      outbound.reopen();
    }
    if (socket != null) {
      reconnectNow = true;
      closeCause = "reconnect requested";
      socket.close();
    } else if (state != ConnectionState.CONNECTING) {
      cancelReconnect();
      endpointIndex = 0;
      connect();
    }
  }

  private Future<Void> closeAction() {
    if (halted && state == ConnectionState.CLOSED) {
      return Future.succeededFuture();
    }
    halted = true;
    cancelReconnect();
    outbound.refuse(FailureCode.CLOSED, "the client was closed by a close action");
    if (socket == null) {
      setState(ConnectionState.CLOSED, status());
      return Future.succeededFuture();
    }
    closeCause = "closed by a close action";
    closing = Promise.promise();
    socket.close();
    return closing.future();
  }

  // ---- stats

  /** Tether's pending timers: reconnect, ping, heartbeat and outbox expiry. */
  public int timers() {
    return (reconnectTimer == -1 ? 0 : 1) + (pingTimer == -1 ? 0 : 1) + (heartbeatTimer == -1 ? 0 : 1)
      + outbound.timers();
  }

  /** The snapshot answered on {@code <address>.stats}. */
  public JsonObject stats() {
    JsonObject stats = new JsonObject()
      .put("state", state == null ? null : state.name())
      .put("endpoint", endpoint.toString())
      .put("connection", socket == null ? null : connectionId)
      .put("connectedSince", connectedSince)
      .put("connects", connects)
      .put("reconnects", Math.max(0, connects - 1))
      .put("framesIn", framesIn)
      .put("bytesIn", bytesIn)
      .put("paused", paused)
      .put("windowFull", windowFull)
      .put("unanswered", unanswered)
      .put("deliveryFailures", deliveryFailures)
      .put("heartbeatTimeouts", heartbeatTimeouts)
      .put("lastRttMs", lastRttMs)
      .put("meanRttMs", rttSamples == 0 ? null : Math.round(sumRttMs / rttSamples * 1000) / 1000.0)
      .put("maxRttMs", rttSamples == 0 ? null : maxRttMs)
      .put("rttSamples", rttSamples)
      .put("timers", timers());
    return outbound.putStats(stats);
  }
}
