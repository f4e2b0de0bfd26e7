package io.tether.impl;

import io.tether.ClientVerticle;
import io.tether.ConnectionState;
import io.tether.FailureCode;
import io.tether.FramingMode;
import io.tether.TetherException;
import io.tether.TetherOptions;
import io.vertx.core.Future;
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

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One logical connection to a server, on the event loop of the verticle that owns it.
 * <p>
 * Every way a connection ends — a failed connect, a close by the server, a framing error — goes through
 * {@link #scheduleReconnect(String)}, which is idempotent. Backoff grows from {@code reconnect.initialDelay} and is
 * reset only by a successful connect.
 */
public final class TetherClient {

  /** The cause of a {@code DISCONNECTED} status when the server ended the connection. */
  public static final String CLOSED_BY_SERVER = "closed by server";

  private static final Logger log = LoggerFactory.getLogger(ClientVerticle.class);

  private final Vertx vertx;
  private final TetherOptions options;
  private final Runnable onServerClose;
  private final EventBus eventBus;
  private final String inAddress;
  private final String statusAddress;
  private final String pingAddress;
  private final String endpoint;
  private final Backoff backoff;
  private final Outbox outbox;
  private final String clientId = Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
  private final List<MessageConsumer<?>> consumers = new ArrayList<>();

  private final FrameCodec encoder;
  private TlsSupport tls;
  private NetClient netClient;
  private NetSocket socket;
  private FrameCodec decoder;
  private ConnectionState state;
  private boolean closed;
  private String closeCause;
  private long reconnectTimer = -1;
  private long pingTimer = -1;
  private long expiryTimer = -1;
  private int retries;

  private String connectionId;
  private long frameSeq;
  private Long connectedSince;
  private long connects;
  private long framesIn;
  private long bytesIn;
  private long framesOut;
  private long bytesOut;
  private long sent;
  private long written;
  private long rejected;
  private long expired;
  private long failed;
  private int inFlight;

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
    this.endpoint = options.endpoint();
    this.backoff = new Backoff(options, () -> ThreadLocalRandom.current().nextDouble());
    this.outbox = new Outbox(options.getOutboxCapacity());
    this.encoder = new FrameCodec(options, frame -> { });
  }

  /** Connects with the TLS options and material of {@code tls}, reloaded as it says; call before {@link #start()}. */
  public TetherClient tls(TlsSupport tls) {
    this.tls = tls;
    return this;
  }

  /** Registers the event-bus consumers, then starts the first connect; completes once it is under way. */
  public Future<Void> start() {
    netClient = vertx.createNetClient(tls == null
      ? new NetClientOptions().setConnectTimeout(options.getConnectTimeout()) : tls.netClientOptions());
    if (tls != null) {
      tls.watch(netClient);
    }
    String address = options.getAddress();
    consumers.add(eventBus.consumer(address + ".out", this::onOut));
    consumers.add(eventBus.consumer(address + ".stats", msg -> msg.reply(stats())));
    List<Future<Void>> registered = new ArrayList<>();
    consumers.forEach(c -> registered.add(c.completion()));
    return Future.all(registered).onSuccess(v -> connect()).mapEmpty();
  }

  // ---- connection lifecycle

  private void connect() {
    if (closed) {
      return;
    }
    setState(ConnectionState.CONNECTING, status());
    netClient.connect(options.getPort(), options.getHost(), tls == null ? null : tls.serverName()).onComplete(ar -> {
      if (closed) {
        if (ar.succeeded()) {
          ar.result().close();
        }
      } else if (ar.succeeded()) {
        connected(ar.result());
      } else {
        scheduleReconnect(describe(ar.cause()));
      }
    });
  }

  private void connected(NetSocket so) {
    socket = so;
    retries = 0;
    connects++;
    connectionId = clientId + "-" + connects;
    frameSeq = 0;
    closeCause = null;
    connectedSince = System.currentTimeMillis();
    decoder = new FrameCodec(options, this::onFrame);
    so.handler(this::onData);
    so.exceptionHandler(t -> {
      if (closeCause == null) {
        closeCause = describe(t);
      }
    });
    so.closeHandler(v -> onClosed(so));
    setState(ConnectionState.CONNECTED, status().put("connection", connectionId));
    if (options.getPingInterval() > 0) {
      ping();
      pingTimer = vertx.setPeriodic(options.getPingInterval(), id -> ping());
    }
    flush();
  }

  private void onClosed(NetSocket so) {
    if (so != socket) {
      return;
    }
    socket = null;
    connectedSince = null;
    cancelPing();
    if (closed) {
      return;
    }
    String cause = closeCause == null ? CLOSED_BY_SERVER : closeCause;
    setState(ConnectionState.DISCONNECTED, status().put("cause", cause));
    if (closeCause == null && options.isExitOnClose()) {
      closed = true;
      onServerClose.run();
      return;
    }
    scheduleReconnect(cause);
  }

  /**
   * The one road into reconnect: after a failed connect, a close or a framing error. Does nothing when a retry is
   * already scheduled or the client is closed or has given up.
   */
  private void scheduleReconnect(String cause) {
    if (closed || state == ConnectionState.GAVE_UP || reconnectTimer != -1) {
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
    log.warn("Gave up on {} after {} reconnect attempts: {}", endpoint, retries, cause);
    JsonObject event = status();
    if (cause != null) {
      event.put("cause", cause);
    }
    setState(ConnectionState.GAVE_UP, event);
    failQueued(FailureCode.CLOSED, "the client gave up on " + endpoint);
  }

  /** Stops reconnecting, fails what is queued with {@code CLOSED}, closes the socket and the consumers. */
  public Future<Void> close() {
    if (closed && state == ConnectionState.CLOSED) {
      return Future.succeededFuture();
    }
    closed = true;
    if (reconnectTimer != -1) {
      vertx.cancelTimer(reconnectTimer);
      reconnectTimer = -1;
    }
    cancelPing();
    failQueued(FailureCode.CLOSED, "the client was closed");
    setState(ConnectionState.CLOSED, status());
    List<Future<?>> done = new ArrayList<>();
    consumers.forEach(c -> done.add(c.unregister()));
    consumers.clear();
    if (socket != null) {
      done.add(socket.close());
      socket = null;
    }
    if (netClient != null) {
      done.add(netClient.close());
    }
    return Future.join(done).mapEmpty();
  }

  private void cancelPing() {
    if (pingTimer != -1) {
      vertx.cancelTimer(pingTimer);
      pingTimer = -1;
    }
  }

  private void setState(ConnectionState next, JsonObject event) {
    state = next;
    event.put("state", next.name());
    eventBus.publish(statusAddress, event);
  }

  private JsonObject status() {
    return new JsonObject().put("endpoint", endpoint).put("attempt", retries);
  }

  private static String describe(Throwable t) {
    String tlsFailure = TlsSupport.describe(t);
    if (tlsFailure != null) {
      return tlsFailure;
    }
    String m = t.getMessage();
    return m == null ? t.getClass().getSimpleName() : m;
  }

  // ---- inbound

  private void onData(Buffer chunk) {
    bytesIn += chunk.length();
    try {
      decoder.decode(chunk);
    } catch (TetherException e) {
      log.warn("Closing the connection to {}: {}", endpoint, e.getMessage());
      closeCause = e.getMessage();
      socket.close();
    }
  }

  private void onFrame(Buffer frame) {
    framesIn++;
    DeliveryOptions headers = new DeliveryOptions()
      .addHeader("connection", connectionId)
      .addHeader("seq", Long.toString(++frameSeq));
    eventBus.publish(inAddress, frame, headers);
  }

  private void ping() {
    if (socket == null || socket.writeQueueFull()) {
      return;
    }
    Buffer frame = encoder.encode(Buffer.buffer(options.getPingPayload()));
    if (frame == null) {
      log.warn("ping.payload contains framing.delimiter; ping not sent");
      return;
    }
    eventBus.publish(pingAddress, frame);
    framesOut++;
    bytesOut += frame.length();
    socket.write(frame);
  }

  // ---- outbound

  private void onOut(Message<Object> msg) {
    sent++;
    Buffer payload = payloadOf(msg.body());
    if (payload == null) {
      String type = msg.body() == null ? "null" : msg.body().getClass().getName();
      reject(msg, FailureCode.BAD_BODY, "a body of type " + type + " is not taken; send a Buffer, String or JsonObject");
      return;
    }
    if (payload.length() == 0 && options.getFramingMode() == FramingMode.RAW) {
      reject(msg, FailureCode.BAD_BODY, "an empty message; raw framing would write nothing");
      return;
    }
    long size = encoder.framedSize(payload.length());
    if (size > options.getMaxFrameSize()) {
      reject(msg, FailureCode.FRAME_TOO_LARGE, "the framed message is " + size
        + " bytes, over framing.maxFrameSize " + options.getMaxFrameSize());
      return;
    }
    if (closed || state == ConnectionState.GAVE_UP) {
      reject(msg, FailureCode.CLOSED, state == ConnectionState.GAVE_UP
        ? "the client gave up on " + endpoint : "the client is closed");
      return;
    }
    Buffer frame = encoder.encode(payload);
    if (frame == null) {
      reject(msg, FailureCode.BAD_BODY, "the message contains framing.delimiter and cannot be framed as one line");
      return;
    }
    if (socket != null && outbox.isEmpty() && !socket.writeQueueFull()) {
      write(msg, frame);
    } else if (outbox.isFull()) {
      reject(msg, FailureCode.OUTBOX_FULL, "the outbox holds " + outbox.size() + " messages (outbox.capacity)");
    } else {
      long ttl = options.getOutboxTtl();
      outbox.add(new Outbox.Entry(msg, frame, ttl == 0 ? Long.MAX_VALUE : System.currentTimeMillis() + ttl));
      scheduleExpiry();
    }
  }

  private static Buffer payloadOf(Object body) {
    if (body instanceof Buffer) {
      return (Buffer) body;
    }
    if (body instanceof String) {
      return Buffer.buffer((String) body);
    }
    if (body instanceof JsonObject) {
      return ((JsonObject) body).toBuffer();
    }
    return null;
  }

  private void write(Message<?> msg, Buffer frame) {
    inFlight++;
    framesOut++;
    bytesOut += frame.length();
    socket.write(frame).onComplete(ar -> {
      inFlight--;
      if (ar.succeeded()) {
        written++;
        msg.reply(null);
      } else {
        failed++;
        msg.fail(FailureCode.WRITE_FAILED.code(), FailureCode.WRITE_FAILED.message(describe(ar.cause())));
      }
    });
  }

  /** Writes from the outbox, oldest first, while the socket takes more; resumes on drain. */
  private void flush() {
    while (socket != null && !outbox.isEmpty() && !socket.writeQueueFull()) {
      Outbox.Entry e = outbox.poll();
      write(e.message(), e.frame());
    }
    if (socket != null && !outbox.isEmpty()) {
      socket.drainHandler(v -> flush());
    }
  }

  private void scheduleExpiry() {
    if (expiryTimer != -1) {
      return;
    }
    long next = outbox.nextDeadline();
    if (next == Long.MAX_VALUE) {
      return;
    }
    expiryTimer = vertx.setTimer(Math.max(1, next - System.currentTimeMillis()), id -> {
      expiryTimer = -1;
      outbox.expire(System.currentTimeMillis(), e -> {
        expired++;
        e.message().fail(FailureCode.EXPIRED.code(), FailureCode.EXPIRED.message(
          "waited longer than outbox.ttl " + options.getOutboxTtl() + " ms"));
      });
      scheduleExpiry();
    });
  }

  private void reject(Message<?> msg, FailureCode code, String detail) {
    rejected++;
    msg.fail(code.code(), code.message(detail));
  }

  private void failQueued(FailureCode code, String detail) {
    if (expiryTimer != -1) {
      vertx.cancelTimer(expiryTimer);
      expiryTimer = -1;
    }
    outbox.clear(e -> reject(e.message(), code, detail));
  }

  // ---- stats

  /** The snapshot answered on {@code <address>.stats}. */
  public JsonObject stats() {
    return new JsonObject()
      .put("state", state == null ? null : state.name())
      .put("endpoint", endpoint)
      .put("connection", socket == null ? null : connectionId)
      .put("connectedSince", connectedSince)
      .put("connects", connects)
      .put("reconnects", Math.max(0, connects - 1))
      .put("framesIn", framesIn)
      .put("bytesIn", bytesIn)
      .put("framesOut", framesOut)
      .put("bytesOut", bytesOut)
      .put("sent", sent)
      .put("written", written)
      .put("rejected", rejected)
      .put("expired", expired)
      .put("failed", failed)
      .put("queued", outbox.size() + inFlight)
      .put("lastRttMs", null);
  }
}
