package io.tether.impl.connection;

import io.tether.impl.Logs;
import io.tether.Endpoint;
import io.tether.TetherException;
import io.tether.TetherOptions;
import io.tether.impl.framing.FrameCodec;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.function.DoubleConsumer;

/**
 * One socket, from its connect to its end: its inbound path, its pings and round trips, its heartbeat, its id and
 * the cause of its end. It is made for one socket and never reused, so nothing of an old socket can reach a new one.
 * <p>
 * It ends once, told to its {@link Owner}: when the server closes (after every byte the server sent has been
 * delivered), when the socket fails, or when Tether closes it ({@link #close(String)}). From the moment Tether
 * decides to close, nothing more is written to it: the way out waits for the next connection.
 */
final class Connection {

  /** The cause of an end when the server closed the connection. */
  static final String CLOSED_BY_SERVER = "closed by server";
  /** The cause of an end when nothing was received for {@code heartbeat.timeout}. */
  static final String HEARTBEAT_TIMEOUT = "heartbeat timeout";

  private static final Logger log = LoggerFactory.getLogger(Logs.CLIENT);
  private static final int MAX_PENDING_PINGS = 64;

  /** What a connection tells the session. */
  interface Owner {
    /** The first byte from the server on this connection. */
    void heard(Connection c);

    /** The connection has ended; {@code event} holds the status fields of its end ({@code cause}, ...). */
    void ended(Connection c, boolean byServer, JsonObject event);
  }

  private final Vertx vertx;
  private final NetSocket socket;
  private final String id;
  private final Endpoint endpoint;
  private final TetherOptions options;
  private final Outbound outbound;
  private final Owner owner;
  private final ClientStats stats;
  private final DoubleConsumer rttListener;
  private final Inbound inbound;
  private final FrameCodec encoder;
  private final byte[] pingExpect;
  private final long heartbeatTimeout;
  private final boolean deadlineFromConnect;
  private final ArrayDeque<Long> pendingPings = new ArrayDeque<>();
  private final long connectedSince = System.currentTimeMillis();

  private boolean heard;
  private boolean attached;
  private boolean ended;
  private boolean closing;
  private String closeCause;
  private long lastReadNanos = System.nanoTime();
  private long pingTimer = -1;
  private long heartbeatTimer = -1;

  /**
   * @param heardBefore the server of this endpoint has sent something on an earlier connection: the heartbeat
   *                    deadline runs from the connect, as it does with an explicit {@code heartbeat.timeout} or
   *                    {@code ping.expect}; else it starts with the first byte, so that a server that never speaks
   *                    is not taken for a dead one
   */
  Connection(Vertx vertx, Context context, NetSocket socket, String id, Endpoint endpoint, TetherOptions options,
             boolean heardBefore, ClientStats stats, Outbound outbound, FrameCodec encoder, DoubleConsumer rttListener,
             Owner owner) {
    this.vertx = vertx;
    this.socket = socket;
    this.id = id;
    this.endpoint = endpoint;
    this.options = options;
    this.outbound = outbound;
    this.owner = owner;
    this.stats = stats;
    this.encoder = encoder;
    this.rttListener = rttListener;
    this.pingExpect = options.ping().expect() == null ? null : options.ping().expect().getBytes(StandardCharsets.UTF_8);
    this.heartbeatTimeout = options.heartbeat().effectiveTimeout(options.ping().interval());
    this.deadlineFromConnect = heartbeatTimeout > 0
      && (options.heartbeat().timeout() > 0 || pingExpect != null || heardBefore);
    this.inbound = new Inbound(context, vertx.eventBus(), options.getAddress(), options.framing(), options.delivery(), socket,
      id, stats, this::measureRtt, this::broken);
  }

  /** Starts reading, pinging and watching; {@code paused} as the {@code pause} action left the client. */
  void start(boolean paused) {
    socket.handler(this::onData);
    socket.exceptionHandler(t -> {
      if (closeCause == null) {
        closeCause = Session.describe(t);
      }
    });
    socket.closeHandler(v -> onClosed());
    if (paused) {
      inbound.pause();
    }
    if (options.ping().interval() > 0) {
      ping();
      pingTimer = vertx.setPeriodic(options.ping().interval(), t -> ping());
    }
    if (deadlineFromConnect) {
      armHeartbeat(heartbeatTimeout);
    }
    // When the deadline runs from the connect and pings keep the socket busy, queued messages wait for the first
    // byte from the server: a half-open peer (a stopped process whose kernel still accepts connections) gets pings,
    // never the outbox.
    if (!(deadlineFromConnect && options.ping().interval() > 0)) {
      attach();
    }
  }

  String id() {
    return id;
  }

  long connectedSince() {
    return connectedSince;
  }

  Inbound inbound() {
    return inbound;
  }

  /**
   * Tether ends the connection: nothing more is written to it; what it still holds inbound is dropped.
   *
   * @return completed once the socket is closed (Vert.x writes what it has taken first)
   */
  Future<Void> close(String cause) {
    if (ended || closing) {
      return Future.succeededFuture();
    }
    closing = true;
    if (closeCause == null) {
      closeCause = cause;
    }
    detach();
    inbound.retire();
    cancelTimers();
    return socket.close();
  }

  /** The pending timers of this connection: ping and heartbeat. */
  int timers() {
    return (pingTimer == -1 ? 0 : 1) + (heartbeatTimer == -1 ? 0 : 1);
  }

  private void attach() {
    if (!attached && !closing && !ended) {
      attached = true;
      outbound.attach(socket);
    }
  }

  private void detach() {
    if (attached) {
      attached = false;
      outbound.detach();
    }
  }

  private void onData(Buffer chunk) {
    lastReadNanos = System.nanoTime();
    if (!heard) {
      heard = true;
      owner.heard(this);
      if (heartbeatTimeout > 0 && !deadlineFromConnect) {
        armHeartbeat(heartbeatTimeout);
      }
      attach();
    }
    inbound.chunk(chunk);
  }

  private void broken(TetherException e) {
    log.warn("Closing the connection to {}: {}", endpoint, e.getMessage());
    close(e.getMessage());
  }

  private void onClosed() {
    detach();
    cancelTimers();
    if (closeCause != null) {
      end(false, closeCause, 0);
      return;
    }
    // closed by the server, or by Netty's write timeout: first every byte the server sent
    inbound.endOfStream(() -> {
      long unwrittenMs = (System.nanoTime() - outbound.lastWriteNanos()) / 1_000_000;
      if (writeTimeout() && unwrittenMs >= heartbeatTimeout) {
        end(false, "write timeout: the server took nothing for " + unwrittenMs + " ms", 0);
        return;
      }
      int partial = inbound.partialBytes();
      end(true, partial == 0 ? CLOSED_BY_SERVER
        : CLOSED_BY_SERVER + " in the middle of a frame (" + partial + " bytes discarded)", partial);
    });
  }

  private void end(boolean byServer, String cause, int partial) {
    if (ended) {
      return;
    }
    ended = true;
    JsonObject event = new JsonObject().put("cause", cause);
    if (partial > 0) {
      event.put("partialBytes", partial);
    }
    owner.ended(this, byServer, event);
  }

  /** Writes that make no progress for heartbeat.timeout close the connection, when pings keep writes flowing. */
  boolean writeTimeout() {
    return heartbeatTimeout > 0 && options.ping().interval() > 0;
  }

  private void cancelTimers() {
    if (pingTimer != -1) {
      vertx.cancelTimer(pingTimer);
      pingTimer = -1;
    }
    if (heartbeatTimer != -1) {
      vertx.cancelTimer(heartbeatTimer);
      heartbeatTimer = -1;
    }
  }

  // ---- liveness: measured from reads only

  private void armHeartbeat(long delayMs) {
    heartbeatTimer = vertx.setTimer(Math.max(1, delayMs), t -> {
      heartbeatTimer = -1;
      long silentMs = (System.nanoTime() - lastReadNanos) / 1_000_000;
      if (inbound.blocked()) {
        // not reading on purpose: silence says nothing of the server
        lastReadNanos = System.nanoTime();
        armHeartbeat(heartbeatTimeout);
        return;
      }
      if (silentMs < heartbeatTimeout) {
        armHeartbeat(heartbeatTimeout - silentMs);
        return;
      }
      stats.heartbeatTimeouts++;
      log.warn("Closing the connection to {}: nothing received for {} ms (heartbeat.timeout {})", endpoint, silentMs,
        heartbeatTimeout);
      close(HEARTBEAT_TIMEOUT);
    });
  }

  private void ping() {
    Buffer frame = encoder.encode(Buffer.buffer(options.ping().payload()));
    if (frame == null) {
      log.warn("ping.payload contains framing.delimiter; ping not sent");
      return;
    }
    vertx.eventBus().publish(options.getAddress() + ".ping", frame);
    if (outbound.writePing(socket, frame) && pingExpect != null) {
      if (pendingPings.size() == MAX_PENDING_PINGS) {
        pendingPings.pollFirst();
      }
      pendingPings.addLast(System.nanoTime());
    }
  }

  private void measureRtt(Buffer buf, int from, int to) {
    if (pingExpect == null || pendingPings.isEmpty() || to - from < pingExpect.length) {
      return;
    }
    for (int i = 0; i < pingExpect.length; i++) {
      if (buf.getByte(from + i) != pingExpect[i]) {
        return;
      }
    }
    double rtt = (System.nanoTime() - pendingPings.pollFirst()) / 1_000_000.0;
    stats.recordRtt(rtt);
    rttListener.accept(rtt);
  }
}
