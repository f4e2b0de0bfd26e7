package io.tether.impl.connection;

import io.tether.FailureCode;
import io.tether.FramingMode;
import io.tether.OverflowPolicy;
import io.tether.TetherOptions;
import io.tether.impl.framing.FrameCodec;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.tether.Frames;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;

import java.util.ArrayList;
import java.util.List;

/**
 * The way out: takes the messages sent to {@code <address>.out}, frames them, writes them in order or holds them in
 * the outbox while they cannot be written, and answers every one — a reply once written, or a failure with its
 * {@link FailureCode}, also published to {@code <address>.dead}. At every moment
 * {@code sent = written + rejected + expired + dropped + failed + queued}.
 */
public final class Outbound {

  /** The header a sender may set to give a message its own time to live in the outbox, in ms. */
  public static final String TTL_HEADER = "ttl";

  private final Vertx vertx;
  private TetherOptions options;
  private final String deadAddress;
  private FrameCodec encoder;
  private final Outbox outbox;
  private final List<Promise<Void>> drainWaiters = new ArrayList<>();

  private NetSocket socket;
  private FailureCode refusal;
  private String refusalDetail;
  private long expiryTimer = -1;

  private long sent;
  private long written;
  private long rejected;
  private long expired;
  private long dropped;
  private long failed;
  private long framesOut;
  private long bytesOut;
  private int inFlight;
  private long lastWriteNanos = System.nanoTime();

  public Outbound(Vertx vertx, TetherOptions options, FrameCodec encoder) {
    this.vertx = vertx;
    this.options = options;
    this.deadAddress = options.getAddress() + ".dead";
    this.encoder = encoder;
    this.outbox = new Outbox(options.outbox().capacity());
  }

  /** Takes a message sent to {@code <address>.out}: one message, or a batch of several frames. */
  public void accept(Message<Object> msg) {
    sent++;
    Object body = msg.body();
    List<Buffer> parts = batchParts(msg);
    if (parts != null && parts.contains(null)) {
      fail(msg, body instanceof Buffer ? (Buffer) body : null, FailureCode.BAD_BODY,
        "a batch is a JsonArray of String or JsonObject elements, or a Buffer of 4-byte lengths and frames");
      return;
    }
    Buffer payload = parts != null ? Frames.batch(parts) : payloadOf(body);
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
    Buffer frame = frame(payloads);
    if (frame == null) {
      fail(msg, payload, FailureCode.BAD_BODY, "the message contains framing.delimiter and cannot be framed as one line");
      return;
    }
    int frames = payloads.size();
    if (socket != null && outbox.isEmpty() && !socket.writeQueueFull()) {
      write(msg, frame, payload, frames);
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
    outbox.add(new Outbox.Entry(msg, frame, payload, parts != null, frames, ttl,
      ttl == 0 ? Long.MAX_VALUE : System.currentTimeMillis() + ttl));
    scheduleExpiry();
    if (socket != null && outbox.size() == 1) {
      // connected but the socket is full: go on when it drains
      socket.drainHandler(v -> flush());
    }
  }

  /** The frames of a batch ({@code JsonArray}, or a {@link Frames} buffer with the frames header), else null. */
  private static List<Buffer> batchParts(Message<Object> msg) {
    Object body = msg.body();
    if (body instanceof JsonArray) {
      List<Buffer> parts = new ArrayList<>();
      for (Object o : (JsonArray) body) {
        // a Buffer in a JsonArray reaches a consumer as base64 text: only text and objects are taken
        parts.add(o instanceof String || o instanceof JsonObject ? payloadOf(o) : null);
      }
      return parts;
    }
    if (body instanceof Buffer && msg.headers().contains(Frames.FRAMES_HEADER)) {
      try {
        return Frames.split((Buffer) body);
      } catch (IllegalArgumentException e) {
        return java.util.Collections.singletonList(null);
      }
    }
    return null;
  }

  private Buffer frame(List<Buffer> payloads) {
    if (payloads.size() == 1) {
      return encoder.encode(payloads.get(0));
    }
    Buffer out = Buffer.buffer();
    for (Buffer p : payloads) {
      Buffer f = encoder.encode(p);
      if (f == null) {
        return null;
      }
      out.appendBuffer(f);
    }
    return out;
  }

  /**
   * Takes new options and framing: what waits in the outbox is framed again; a message that the new framing cannot
   * carry fails with {@code FRAME_TOO_LARGE} or {@code BAD_BODY}. Deadlines stay as they were.
   */
  public void reconfigure(TetherOptions next, FrameCodec nextEncoder) {
    options = next;
    encoder = nextEncoder;
    outbox.setCapacity(next.outbox().capacity());
    for (Outbox.Entry e : outbox.takeAll()) {
      List<Buffer> payloads = e.batch() ? Frames.split(e.payload()) : List.of(e.payload());
      long largest = payloads.stream().mapToLong(b -> encoder.framedSize(b.length())).max().orElse(0);
      Buffer frame = largest > next.framing().maxFrameSize() ? null : frame(payloads);
      if (largest > next.framing().maxFrameSize()) {
        fail(e, FailureCode.FRAME_TOO_LARGE, "framed again for the new configuration it is " + largest
          + " bytes, over framing.maxFrameSize " + next.framing().maxFrameSize());
      } else if (frame == null) {
        fail(e, FailureCode.BAD_BODY, "it contains the new framing.delimiter and cannot be framed as one line");
      } else {
        outbox.add(new Outbox.Entry(e.message(), frame, e.payload(), e.batch(), e.frames(), e.ttl(), e.deadline()));
      }
    }
    checkDrained();
  }

  /** A connection is open: write what waits, oldest first. */
  public void attach(NetSocket so) {
    socket = so;
    lastWriteNanos = System.nanoTime();
    flush();
  }

  /** The connection is gone: hold new messages until the next one. Writes under way end by themselves. */
  public void detach() {
    socket = null;
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

  /** Writes a ping's frame to {@code so}, outside the outbox and its accounting; false when the socket is full. */
  public boolean writePing(NetSocket so, Buffer frame) {
    if (so.writeQueueFull()) {
      return false;
    }
    framesOut++;
    bytesOut += frame.length();
    so.write(frame).onSuccess(v -> lastWriteNanos = System.nanoTime());
    return true;
  }

  private void write(Message<?> msg, Buffer frame, Buffer payload, int frames) {
    inFlight++;
    framesOut += frames;
    bytesOut += frame.length();
    socket.write(frame).onComplete(ar -> {
      inFlight--;
      if (ar.succeeded()) {
        lastWriteNanos = System.nanoTime();
        written++;
        msg.reply(null);
      } else {
        failed++;
        String detail = ar.cause().getMessage() == null ? ar.cause().getClass().getSimpleName() : ar.cause().getMessage();
        answerFailure(msg, payload, FailureCode.WRITE_FAILED, detail);
      }
      checkDrained();
    });
  }

  private void flush() {
    while (socket != null && !outbox.isEmpty() && !socket.writeQueueFull()) {
      Outbox.Entry e = outbox.poll();
      write(e.message(), e.frame(), e.payload(), e.frames());
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
    answerFailure(e.message(), e.payload(), code, detail);
  }

  private void fail(Message<?> msg, Buffer payload, FailureCode code, String detail) {
    count(code);
    answerFailure(msg, payload, code, detail);
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
      default:
        rejected++;
    }
  }

  private void answerFailure(Message<?> msg, Buffer payload, FailureCode code, String detail) {
    String message = code.message(detail);
    msg.fail(code.code(), message);
    vertx.eventBus().publish(deadAddress, new JsonObject()
      .put("reason", code.name())
      .put("code", code.code())
      .put("message", message)
      .put("payload", payload));
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
      .put("queued", outbox.size() + inFlight)
      .put("deadLetters", rejected + expired + dropped + failed);
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
}
