package io.tether.impl.connection;

import io.tether.impl.Logs;
import io.tether.AnswerRule;
import io.tether.Endpoint;
import io.tether.FailureCode;
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
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
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

    /** The handshake, if any, has passed: the connection is {@code CONNECTED}. */
    void ready(Connection c);

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
  /** Small until pings are measured: a gateway holds one per connection. */
  private final ArrayDeque<Long> pendingPings = new ArrayDeque<>(1);
  private final Pattern pingPattern;
  private final List<AnswerRule> answers;
  private final Conversation conversation;
  private final Handshake handshake;
  private final long connectedSince = System.currentTimeMillis();

  private boolean heard;
  private boolean ready;
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
             Map<String, String> env, LongSupplier epoch, Owner owner) {
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
    this.pingPattern = options.ping().expectRegex() == null ? null : Pattern.compile(options.ping().expectRegex());
    this.deadlineFromConnect = heartbeatTimeout > 0
      && (options.heartbeat().timeout() > 0 || pingExpect != null || pingPattern != null || heardBefore);
    this.answers = options.getAnswers();
    this.conversation = new Conversation(vertx, options.request(), options.framing(), new Conversation.Listener() {
      @Override
      public void answered(Request r, Buffer body, int frames) {
        outbound.answered(r, body, frames);
      }

      @Override
      public void failed(Request r, FailureCode code, String detail) {
        outbound.failed(r, code, detail);
      }

      @Override
      public void room() {
        outbound.room();
      }

      @Override
      public void outOfStep(String cause) {
        log.warn("Closing the connection to {}: {}", endpoint, cause);
        close(cause);
      }
    });
    this.handshake = options.getHandshake().isEmpty() ? null
      : new Handshake(vertx, options.getHandshake(), env, epoch, new Handshake.Steps() {
        @Override
        public boolean send(String text) {
          Buffer frame = encoder.encode(Buffer.buffer(text));
          if (frame != null && !closing) {
            outbound.writeDirect(socket, frame);
          }
          return frame != null;
        }

        @Override
        public void done() {
          ready();
        }

        @Override
        public void failed(String cause) {
          log.warn("Closing the connection to {}: {}", endpoint, cause);
          close(cause);
        }
      });
    this.inbound = new Inbound(context, vertx.eventBus(), options.getAddress(), options.framing(), options.delivery(),
      socket, id, stats, this::tap, this::writeReply, this::broken);
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
    if (handshake == null) {
      ready();
    } else {
      handshake.start();
    }
  }

  /** The handshake has passed, or there is none: pings, the heartbeat and the outbox start. */
  private void ready() {
    if (closing || ended) {
      return;
    }
    ready = true;
    owner.ready(this);
    if (options.ping().interval() > 0) {
      ping();
      pingTimer = vertx.setPeriodic(options.ping().interval(), t -> ping());
    }
    if (deadlineFromConnect || heard && heartbeatTimeout > 0) {
      armHeartbeat(heartbeatTimeout);
    }
    // When the deadline runs from the connect and pings keep the socket busy, queued messages wait for the first
    // byte from the server: a half-open peer (a stopped process whose kernel still accepts connections) gets pings,
    // never the outbox.
    if (heard || !(deadlineFromConnect && options.ping().interval() > 0)) {
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

  /** The pending timers of this connection: ping, heartbeat, a handshake step and the requests' timeouts. */
  int timers() {
    return (pingTimer == -1 ? 0 : 1) + (heartbeatTimer == -1 ? 0 : 1) + (handshake == null ? 0 : handshake.timers())
      + conversation.timers();
  }

  private void attach() {
    if (!attached && ready && !closing && !ended) {
      attached = true;
      outbound.attach(socket, conversation);
    }
  }

  /**
   * Sees each frame before it is delivered: a ping's answer times the ping, a frame an {@code answers} rule matches
   * is answered at once, a frame the handshake waits for moves it on — all three are published; a frame that answers
   * a request goes to its requester instead.
   *
   * @return true when the frame was taken as (part of) an answer to a request
   */
  private boolean tap(Buffer buf, int from, int to) {
    if (measureRtt(buf, from, to)) {
      return false;
    }
    if (handshake != null && handshake.running() || !answers.isEmpty()) {
      String text = buf.getString(from, to, "UTF-8");
      if (handshake != null && handshake.running()) {
        handshake.frame(text);
        return false;
      }
      for (AnswerRule rule : answers) {
        String reply = rule.answer(text);
        if (reply != null) {
          writeReply(reply);
          return false;
        }
      }
    }
    return ready && conversation.frame(buf, from, to);
  }

  /** Writes Tether's own answer to the server (an {@code answers} rule, a consumer's reply), ahead of the outbox. */
  private void writeReply(Object body) {
    Buffer payload = Payloads.of(body);
    if (payload == null || closing || ended) {
      return;
    }
    Buffer frame = encoder.encode(payload);
    if (frame == null) {
      log.warn("An answer to {} contains framing.delimiter; not written", endpoint);
      return;
    }
    outbound.writeDirect(socket, frame);
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
      if (ready) {
        if (heartbeatTimeout > 0 && !deadlineFromConnect) {
          armHeartbeat(heartbeatTimeout);
        }
        attach();
      }
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
    if (handshake != null) {
      handshake.cancel();
    }
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
    conversation.end(cause);
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
    // the connection header, so that a logger can tell clients apart; made per ping, not kept per connection
    vertx.eventBus().publish(options.getAddress() + ".ping", frame,
      new io.vertx.core.eventbus.DeliveryOptions().addHeader("connection", id));
    if (outbound.writeDirect(socket, frame) && (pingExpect != null || pingPattern != null)) {
      if (pendingPings.size() == MAX_PENDING_PINGS) {
        pendingPings.pollFirst();
      }
      pendingPings.addLast(System.nanoTime());
    }
  }

  /** A frame that {@code ping.expect} starts or {@code ping.expectRegex} finds answers the oldest ping: its time. */
  private boolean measureRtt(Buffer buf, int from, int to) {
    if (pingExpect == null && pingPattern == null) {
      return false;
    }
    if (!startsWithExpect(buf, from, to)
      && (pingPattern == null || !pingPattern.matcher(buf.getString(from, to, "UTF-8")).find())) {
      return false;
    }
    if (!pendingPings.isEmpty()) {
      double rtt = (System.nanoTime() - pendingPings.pollFirst()) / 1_000_000.0;
      stats.recordRtt(rtt);
      rttListener.accept(rtt);
    }
    return true;
  }

  private boolean startsWithExpect(Buffer buf, int from, int to) {
    if (pingExpect == null || to - from < pingExpect.length) {
      return false;
    }
    for (int i = 0; i < pingExpect.length; i++) {
      if (buf.getByte(from + i) != pingExpect[i]) {
        return false;
      }
    }
    return true;
  }
}
