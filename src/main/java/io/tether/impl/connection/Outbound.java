package io.tether.impl.connection;

import io.tether.FailureCode;
import io.tether.FramingMode;
import io.tether.OverflowPolicy;
import io.tether.TetherOptions;
import io.tether.impl.Logs;
import io.tether.impl.framing.FrameCodec;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.tether.Frames;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleConsumer;

/**
 * The way out: takes the messages sent to {@code <address>.out} and {@code <address>.request}, frames them, writes
 * them in order or holds them in the outbox while they cannot be written, and answers every one — for {@code .out} a
 * reply once written, for {@code .request} the server's answer — or a failure with its {@link FailureCode}, also
 * published to {@code <address>.dead}. A request counts as written once answered; until then it is queued. At every
 * moment {@code sent = written + rejected + expired + dropped + failed + timeouts + lost + queued}.
 */
public final class Outbound implements Conversation.Listener {

  /** The header a sender may set to give a message its own time to live in the outbox, in ms. */
  public static final String TTL_HEADER = "ttl";
  /** With {@code outbox.cluster}: the header of a reply, and the field of a dead letter, that holds a message's id. */
  public static final String ID_HEADER = "id";

  private static final Logger log = LoggerFactory.getLogger(Logs.CLIENT);

  private final Vertx vertx;
  private TetherOptions options;
  private FrameCodec encoder;
  private final Outbox outbox;
  private final Coalescer coalescer;
  private final List<Promise<Void>> drainWaiters = new ArrayList<>();

  private NetSocket socket;
  private Conversation conversation;
  private Requests requests;
  private DoubleConsumer answerListener = ms -> { };
  private Fence fence = Fence.OPEN;
  /** With {@code outbox.cluster}: where messages are held beyond this node; null without. */
  private OutboxStore store;
  private FailureCode refusal;
  private String refusalDetail;
  private long expiryTimer = -1;

  private long sent;
  private long written;
  private long rejected;
  private long expired;
  private long dropped;
  private long failed;
  private long requestsSent;
  private long answers;
  private long timeouts;
  private long lost;
  private long inherited;
  /** Requests handed to a socket and not yet answered or failed. */
  private int waiting;
  private long framesOut;
  private long bytesOut;
  private int inFlight;
  private long lastWriteNanos = System.nanoTime();

  public Outbound(Vertx vertx, TetherOptions options, FrameCodec encoder) {
    this.vertx = vertx;
    this.options = options;
    this.encoder = encoder;
    this.outbox = new Outbox(options.outbox().capacity());
    this.coalescer = new Coalescer(vertx);
    this.requests = new Requests(options.request());
  }

  /** Called with each answer's latency, from its write to its last frame, in ms. */
  public void onAnswer(DoubleConsumer listener) {
    this.answerListener = listener;
  }

  /** Asks {@code fence} before every write: nothing is written once it says no. */
  public void fence(Fence fence) {
    this.fence = fence;
    coalescer.fence(fence);
  }

  /**
   * With {@code outbox.cluster}: each message of {@code <address>.out} is held in {@code store} before it is written,
   * until written or answered with a failure. Call before {@link #inherit}.
   */
  public void store(OutboxStore store) {
    this.store = store;
  }

  /**
   * Takes what earlier owners of the connection stored and did not write, to be written first, oldest first. Their
   * senders are on other nodes' event buses, out of reach: they get no reply; a failure is still published to
   * {@code <address>.dead}.
   */
  public void inherit(List<OutboxStore.Stored> left) {
    long now = System.currentTimeMillis();
    for (OutboxStore.Stored st : left) {
      sent++;
      inherited++;
      Outbox.Entry e = new Outbox.Entry(null, null, st.payload(), st.batch(), st.frames(), st.ttl(), st.deadline(),
        null, new Outbox.Held(st.id(), true));
      Buffer frame = reframed(e);
      if (frame != null) {
        outbox.add(new Outbox.Entry(null, frame, st.payload(), st.batch(), st.frames(), st.ttl(), st.deadline(), null,
          e.held()));
      }
    }
    outbox.expire(now, ex -> fail(ex, FailureCode.EXPIRED, "waited longer than its time to live of " + ex.ttl() + " ms"));
    scheduleExpiry();
  }

  /** Takes a message sent to {@code <address>.out}: one message, or a batch of several frames. */
  public void accept(Message<Object> msg) {
    take(msg, false);
  }

  /** Takes a message sent to {@code <address>.request}: the server's answer will be its reply. */
  public void acceptRequest(Message<Object> msg) {
    requestsSent++;
    take(msg, true);
  }

  private void take(Message<Object> msg, boolean asRequest) {
    sent++;
    Object body = msg.body();
    List<Buffer> parts = Payloads.batchParts(msg);
    if (parts != null && parts.contains(null)) {
      fail(msg, body instanceof Buffer ? (Buffer) body : null, FailureCode.BAD_BODY,
        "a batch is a JsonArray of String or JsonObject elements, or a Buffer of 4-byte lengths and frames");
      return;
    }
    // a Frames batch is its own payload; a JsonArray's elements are made one
    Buffer payload = parts == null ? Payloads.of(body) : body instanceof Buffer ? (Buffer) body : Frames.batch(parts);
    if (payload == null) {
      String type = body == null ? "null" : body.getClass().getName();
      fail(msg, null, FailureCode.BAD_BODY, "a body of type " + type
        + " is not taken; send a Buffer, String, JsonObject or a batch");
      return;
    }
    long ttl = options.outbox().ttl();
    MultiMap headers = msg.headers();
    String ttlHeader = headers.isEmpty() ? null : headers.get(TTL_HEADER);
    if (ttlHeader != null) {
      try {
        ttl = Long.parseLong(ttlHeader.trim());
      } catch (NumberFormatException e) {
        ttl = -1;
      }
      if (ttl < 0) {
        fail(msg, payload, FailureCode.BAD_BODY, "the ttl header must be a number of ms >= 0, got \"" + ttlHeader + "\"");
        return;
      }
    }
    if (payload.length() == 0 && parts == null && options.framing().mode() == FramingMode.RAW) {
      fail(msg, payload, FailureCode.BAD_BODY, "an empty message; raw framing would write nothing");
      return;
    }
    List<Buffer> payloads = parts != null ? parts : List.of(payload);
    for (int i = 0; i < payloads.size(); i++) {
      long size = encoder.framedSize(payloads.get(i).length());
      if (size > options.framing().maxFrameSize()) {
        fail(msg, payload, FailureCode.FRAME_TOO_LARGE, (parts == null ? "the framed message is " : "frame " + i
          + " of the batch is ") + size + " bytes, over framing.maxFrameSize " + options.framing().maxFrameSize());
        return;
      }
    }
    if (refusal != null) {
      fail(msg, payload, refusal, refusalDetail);
      return;
    }
    if (!fence.writable()) {
      // The lease lapsed, and this node is only now told (it was paused, or cut off from its cluster): what its
      // consumer was given meanwhile is not for it to hold. Held in the cluster's outbox, it would wait where the next
      // owner, which read the outbox when it took over, never looks again.
      fail(msg, payload, FailureCode.CLOSED, "this node no longer holds the connection (its lease lapsed); send it"
        + " again");
      return;
    }
    Buffer frame = encoder.encodeAll(payloads);
    if (frame == null) {
      fail(msg, payload, FailureCode.BAD_BODY, "the message contains framing.delimiter and cannot be framed as one line");
      return;
    }
    Request request = null;
    if (asRequest) {
      try {
        request = requests.make(msg, payload);
      } catch (Requests.Refused e) {
        fail(msg, payload, FailureCode.BAD_BODY, e.getMessage());
        return;
      }
    }
    int frames = payloads.size();
    boolean hold = store != null && !asRequest;
    if (!hold && socket != null && outbox.isEmpty() && !socket.writeQueueFull()
      && (request == null || !conversation.full())) {
      write(msg, frame, payload, frames, request, null);
      return;
    }
    if (outbox.isFull()) {
      if (options.outbox().overflow() == OverflowPolicy.DROP_OLDEST && !outbox.isEmpty()) {
        Outbox.Entry oldest = outbox.poll();
        fail(oldest, FailureCode.DROPPED, "pushed out of the full outbox (outbox.capacity "
          + options.outbox().capacity() + ") by a newer message");
      } else {
        fail(msg, payload, FailureCode.OUTBOX_FULL, "the outbox holds " + outbox.size()
          + " messages (outbox.capacity)");
        return;
      }
    }
    long deadline = ttl == 0 ? Long.MAX_VALUE : System.currentTimeMillis() + ttl;
    Outbox.Held held = hold ? new Outbox.Held(null, false) : null;
    outbox.add(new Outbox.Entry(msg, frame, payload, parts != null, frames, ttl, deadline, request, held));
    if (held != null) {
      held.id = store.store(payload, parts != null, frames, ttl, deadline, ar -> stored(held, ar.failed()));
    }
    scheduleExpiry();
    if (socket != null && outbox.size() == 1) {
      // connected but the socket is full: go on when it drains
      socket.drainHandler(v -> flush());
    }
  }

  /** A message of the cluster's outbox is stored: it may be written, in its turn. */
  private void stored(Outbox.Held held, boolean failed) {
    if (failed) {
      // kept in this node's memory only: it is still written, in order
      log.warn("Cannot hold message {} in the cluster's outbox; it is kept on this node only", held.id);
    }
    held.stored = true;
    flush();
  }

  /**
   * Takes new options and framing: what waits in the outbox is framed again; a message that the new framing cannot
   * carry fails with {@code FRAME_TOO_LARGE} or {@code BAD_BODY}. Deadlines stay as they were.
   */
  public void reconfigure(TetherOptions next, FrameCodec nextEncoder) {
    options = next;
    encoder = nextEncoder;
    requests = new Requests(next.request());
    outbox.setCapacity(next.outbox().capacity());
    for (Outbox.Entry e : outbox.takeAll()) {
      Buffer frame = reframed(e);
      if (frame != null) {
        outbox.add(new Outbox.Entry(e.message(), frame, e.payload(), e.batch(), e.frames(), e.ttl(), e.deadline(),
          e.request(), e.held()));
      }
    }
    checkDrained();
  }

  /** The entry framed with the framing now, or null when it cannot be, and it has failed. */
  private Buffer reframed(Outbox.Entry e) {
    List<Buffer> payloads = e.batch() ? Frames.split(e.payload()) : List.of(e.payload());
    long largest = payloads.stream().mapToLong(b -> encoder.framedSize(b.length())).max().orElse(0);
    if (largest > options.framing().maxFrameSize()) {
      fail(e, FailureCode.FRAME_TOO_LARGE, "framed again for the configuration now it is " + largest
        + " bytes, over framing.maxFrameSize " + options.framing().maxFrameSize());
      return null;
    }
    Buffer frame = encoder.encodeAll(payloads);
    if (frame == null) {
      fail(e, FailureCode.BAD_BODY, "it contains the framing.delimiter now and cannot be framed as one line");
    }
    return frame;
  }

  /** A connection is open: write what waits, oldest first; the answers to requests come through {@code c}. */
  public void attach(NetSocket so, Conversation c) {
    socket = so;
    conversation = c;
    lastWriteNanos = System.nanoTime();
    flush();
  }

  /** The connection is gone: hold new messages until the next one. Writes under way end by themselves. */
  public void detach() {
    // what was taken before the connection was given up goes to it, as it would have one write earlier
    coalescer.flush();
    socket = null;
    conversation = null;
  }

  /**
   * From now on every message fails with {@code code}; what is queued fails the same way.
   */
  public void refuse(FailureCode code, String detail) {
    refusal = code;
    refusalDetail = detail;
    cancelExpiry();
    Outbox.Entry e;
    while ((e = outbox.poll()) != null) {
      fail(e, code, detail);
    }
    checkDrained();
  }

  /**
   * This node no longer holds the connection (its lease is gone, or it is undeployed): from now on every message
   * fails with {@code CLOSED}. What is held in the cluster's outbox stays there for the next owner, unanswered here
   * (it may be written by that owner); the rest fails with {@code CLOSED}.
   */
  public void handOver(String detail) {
    refusal = FailureCode.CLOSED;
    refusalDetail = detail;
    cancelExpiry();
    Outbox.Entry e;
    while ((e = outbox.poll()) != null) {
      if (e.held() == null || store == null) {
        fail(e, FailureCode.CLOSED, detail);
      }
    }
    checkDrained();
  }

  /** Takes messages again after {@link #refuse}. */
  public void reopen() {
    refusal = null;
    refusalDetail = null;
  }

  /** Completes when nothing is queued or being written. */
  public Future<Void> drained() {
    if (outbox.isEmpty() && inFlight == 0) {
      return Future.succeededFuture();
    }
    Promise<Void> p = Promise.promise();
    drainWaiters.add(p);
    return p.future();
  }

  /**
   * Writes a frame of Tether's own (a ping, a handshake step, an answer to the server) to {@code so}, outside the
   * outbox and its accounting; false when the socket is full.
   */
  public boolean writeDirect(NetSocket so, Buffer frame) {
    if (so.writeQueueFull() || !fence.writable()) {
      return false;
    }
    framesOut++;
    bytesOut += frame.length();
    so.write(frame).onSuccess(v -> lastWriteNanos = System.nanoTime());
    return true;
  }

  private void write(Message<?> msg, Buffer frame, Buffer payload, int frames, Request request, Outbox.Held held) {
    Conversation c = conversation;
    if (request != null) {
      if (request.id != null && c.waitingFor(request.id)) {
        fail(msg, payload, FailureCode.BAD_BODY, "a request with the id " + request.id + " is already waiting");
        return;
      }
      // waiting from now on: its answer may come before the write completes
      waiting++;
      c.submitted(request);
    } else {
      inFlight++;
    }
    framesOut += frames;
    bytesOut += frame.length();
    coalescer.write(socket, frame, ar -> {
      if (request == null) {
        inFlight--;
      }
      if (ar.succeeded()) {
        lastWriteNanos = System.nanoTime();
        if (request == null) {
          written++;
          if (held != null) {
            store.forget(held.id, true);
          }
          if (msg != null) {
            Replies.answer(vertx, msg, null, held == null ? null : ID_HEADER, held == null ? null : held.id);
          }
        } else {
          c.written(request);
        }
      } else {
        String detail = ar.cause().getMessage() == null ? ar.cause().getClass().getSimpleName() : ar.cause().getMessage();
        if (request == null) {
          failed++;
          forget(held);
          answerFailure(msg, payload, FailureCode.WRITE_FAILED, detail, held);
        } else if (c.writeFailed(request)) {
          waiting--;
          failed++;
          answerFailure(msg, payload, FailureCode.WRITE_FAILED, detail, null);
        }
      }
      checkDrained();
    });
  }

  @Override
  public void answered(Request r, Buffer body, int frames) {
    waiting--;
    written++;
    answers++;
    double ms = (System.nanoTime() - r.writtenNanos) / 1_000_000.0;
    answerListener.accept(ms);
    Replies.answer(vertx, r.message, body, Frames.FRAMES_HEADER, Integer.toString(frames));
    if (options.request().log()) {
      vertx.eventBus().publish(options.getAddress() + ".requests", new JsonObject()
        .put("request", text(r.message, r.payload)).put("answer", body.toString()).put(Frames.FRAMES_HEADER, frames)
        .put("ms", ms));
    }
  }

  @Override
  public void failed(Request r, FailureCode code, String detail) {
    waiting--;
    fail(r.message, r.payload, code, detail);
    logFailure(r.message, r.payload, code, detail);
  }

  /** A request's text for {@code request.log}: a batch's frames one per line. */
  @SuppressWarnings("unchecked")
  private static String text(Message<?> msg, Buffer payload) {
    List<Buffer> parts = msg == null ? null : Payloads.batchParts((Message<Object>) msg);
    if (parts == null) {
      return payload.toString();
    }
    StringBuilder b = new StringBuilder();
    for (Buffer p : parts) {
      b.append(b.length() == 0 ? "" : "\n").append(p);
    }
    return b.toString();
  }

  /** With {@code request.log}: a request that failed, on {@code <address>.requests}. */
  private void logFailure(Message<?> msg, Buffer payload, FailureCode code, String detail) {
    if (options.request().log()) {
      vertx.eventBus().publish(options.getAddress() + ".requests", new JsonObject()
        .put("request", text(msg, payload)).put("failure", code.name()).put("message", code.message(detail)));
    }
  }

  @Override
  public void room() {
    flush();
  }

  @Override
  public void outOfStep(String cause) {
    // the connection that owns the conversation closes itself
  }

  private void flush() {
    while (socket != null && !outbox.isEmpty() && !socket.writeQueueFull()) {
      Outbox.Entry head = outbox.peek();
      if (head.held() != null && !head.held().stored) {
        // outbox.cluster: it goes out once the cluster holds it, the rest after it
        break;
      }
      if (head.request() != null && conversation.full()) {
        // request.maxInFlight: the rest waits, in order, for an answer
        break;
      }
      if (!fence.writable()) {
        break;
      }
      Outbox.Entry e = outbox.poll();
      write(e.message(), e.frame(), e.payload(), e.frames(), e.request(), e.held());
    }
    if (socket != null && !outbox.isEmpty()) {
      socket.drainHandler(v -> flush());
    }
    if (outbox.isEmpty()) {
      cancelExpiry();
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
      outbox.expire(System.currentTimeMillis(), e -> fail(e, FailureCode.EXPIRED, "waited longer than its time to live of " + e.ttl() + " ms"));
      checkDrained();
      scheduleExpiry();
    });
  }

  private void cancelExpiry() {
    if (expiryTimer != -1) {
      vertx.cancelTimer(expiryTimer);
      expiryTimer = -1;
    }
  }

  private void fail(Outbox.Entry e, FailureCode code, String detail) {
    count(code);
    forget(e.held());
    answerFailure(e.message(), e.payload(), code, detail, e.held());
    if (e.request() != null) {
      logFailure(e.message(), e.payload(), code, detail);
    }
  }

  private void fail(Message<?> msg, Buffer payload, FailureCode code, String detail) {
    count(code);
    answerFailure(msg, payload, code, detail, null);
  }

  /** A message of the cluster's outbox was answered with a failure: it leaves the cluster's outbox too. */
  private void forget(Outbox.Held held) {
    if (held != null && store != null) {
      store.forget(held.id, false);
    }
  }

  private void count(FailureCode code) {
    switch (code) {
      case EXPIRED:
        expired++;
        break;
      case DROPPED:
        dropped++;
        break;
      case WRITE_FAILED:
        failed++;
        break;
      case TIMEOUT:
        timeouts++;
        break;
      case CONNECTION_LOST:
        lost++;
        break;
      default:
        rejected++;
    }
  }

  private void answerFailure(Message<?> msg, Buffer payload, FailureCode code, String detail, Outbox.Held held) {
    String message = code.message(detail);
    if (msg != null) {
      Replies.fail(vertx, msg, code, message);
    }
    JsonObject dead = new JsonObject()
      .put("reason", code.name())
      .put("code", code.code())
      .put("message", message)
      .put("payload", payload);
    if (held != null) {
      dead.put(ID_HEADER, held.id);
    }
    vertx.eventBus().publish(options.getAddress() + ".dead", dead);
  }

  private void checkDrained() {
    if (!drainWaiters.isEmpty() && outbox.isEmpty() && inFlight == 0) {
      List<Promise<Void>> waiters = new ArrayList<>(drainWaiters);
      drainWaiters.clear();
      waiters.forEach(Promise::complete);
    }
  }

  /** When a write to the socket last completed, in {@link System#nanoTime()}. */
  public long lastWriteNanos() {
    return lastWriteNanos;
  }

  /** Pending timers of the way out. */
  public int timers() {
    return expiryTimer == -1 ? 0 : 1;
  }

  public boolean isEmpty() {
    return outbox.isEmpty() && inFlight == 0;
  }

  /** Adds the counts of the way out to a stats snapshot. */
  public JsonObject putStats(JsonObject stats) {
    return stats
      .put("framesOut", framesOut)
      .put("bytesOut", bytesOut)
      .put("sent", sent)
      .put("written", written)
      .put("rejected", rejected)
      .put("expired", expired)
      .put("dropped", dropped)
      .put("failed", failed)
      .put("requests", requestsSent)
      .put("answers", answers)
      .put("timeouts", timeouts)
      .put("lost", lost)
      .put("inherited", inherited)
      .put("waiting", waiting)
      .put("queued", outbox.size() + inFlight + waiting)
      .put("deadLetters", rejected + expired + dropped + failed + timeouts + lost);
  }
}
