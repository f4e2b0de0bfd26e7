package io.tether.impl.connection;

import io.tether.DeliveryMode;
import io.tether.TetherException;
import io.tether.FramingOptions;
import io.tether.InboundOptions;
import io.tether.impl.framing.FrameCodec;
import io.tether.impl.framing.FrameHeaders;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.net.NetSocket;

import java.util.Map;
import java.util.function.Consumer;

/**
 * The way in of one connection: bytes → frames → batches → headers → a publish, or a request within
 * {@code delivery.window}.
 * <p>
 * Reading stops at an exact frame: when the window is full or the client is paused, the decoder keeps the rest and
 * the socket is paused; when there is room again, what was kept is handed over first, then the socket reads on.
 * Nothing here runs inside itself: an answer that comes back at once only frees room for the loop already running.
 * <p>
 * The end of the stream is the end of the data: the socket's close can be seen while bytes it read are still held
 * for a paused handler, or for one just resumed, so {@link #endOfStream} reads them all, delivers them as the window
 * allows, and only then reports the end.
 */
final class Inbound {

  /** Sees each frame before it is delivered (a ping's answer, an answer to a request). */
  interface Tap {
    /** @return true when the frame is taken (an answer to a request), and so not delivered */
    boolean frame(Buffer buf, int from, int to);
  }

  private final Context context;
  private final EventBus bus;
  private final String address;
  private final NetSocket socket;
  /** The {@code connection} header of every message, made once. */
  private final Map.Entry<String, String> connectionHeader;
  private final ClientStats stats;
  private final Tap tap;
  private final Consumer<Object> replies;
  private final Consumer<TetherException> broken;
  private final FrameCodec decoder;
  private final boolean requestMode;
  private final boolean creditMode;
  private final int window;
  private final int batchSize;
  private final boolean headers;
  private final DeliveryOptions noHeaders = new DeliveryOptions();
  private final DeliveryOptions withHeaders = new DeliveryOptions();

  private long seq;
  private int unanswered;
  /** Credit mode: frames that may still be delivered before consumers give more. */
  private int credits;
  private boolean paused;
  private boolean socketPaused;
  private boolean pumping;
  private boolean retired;
  private Buffer batch;
  private int batchFrames;
  private long batchFirstSeq;
  private Runnable onEnd;
  private boolean endReached;

  /** @param address the client's {@code address}: frames go to {@code <address>.in} */
  Inbound(Context context, EventBus bus, String address, FramingOptions framing, InboundOptions delivery,
          NetSocket socket, String connectionId, ClientStats stats, Tap tap, Consumer<Object> replies,
          Consumer<TetherException> broken) {
    this.context = context;
    this.bus = bus;
    this.address = address + ".in";
    this.socket = socket;
    this.connectionHeader = FrameHeaders.connection(connectionId);
    this.stats = stats;
    this.tap = tap;
    this.replies = replies;
    this.broken = broken;
    this.decoder = new FrameCodec(framing, this::frame);
    this.requestMode = delivery.mode() == DeliveryMode.REQUEST;
    this.creditMode = delivery.mode() == DeliveryMode.CREDIT;
    this.window = delivery.window();
    this.credits = window;
    this.batchSize = delivery.batch();
    this.headers = delivery.headers();
  }

  /** A chunk read from the socket; one that breaks the framing rules goes to {@code broken}, and so does all later input. */
  void chunk(Buffer chunk) {
    stats.bytesIn += chunk.length();
    if (retired) {
      return;
    }
    if (!canTake()) {
      decoder.stall();
    }
    if (decoding(() -> decoder.decode(chunk))) {
      gate();
    }
  }

  /**
   * Runs a step of the decoder, not inside another, and flushes the batch it made; a frame that breaks the framing
   * rules retires the way in and goes to {@code broken}.
   *
   * @return false when the framing broke
   */
  private boolean decoding(Runnable step) {
    pumping = true;
    try {
      step.run();
      flushBatch();
      return true;
    } catch (TetherException e) {
      flushBatch();
      retired = true;
      broken.accept(e);
      return false;
    } finally {
      pumping = false;
    }
  }

  /** The {@code pause} action: nothing is delivered until {@link #resume()}. */
  void pause() {
    paused = true;
    gate();
  }

  void resume() {
    paused = false;
    pump();
  }

  /** Stops reading for good: the connection is being closed on purpose, and what is held is dropped. */
  void retire() {
    retired = true;
  }

  /** Reading is stopped because the window is full or the client is paused. */
  boolean blocked() {
    return paused || socketPaused;
  }

  boolean paused() {
    return paused;
  }

  boolean windowFull() {
    return requestMode && unanswered >= window || creditMode && credits <= 0;
  }

  /** Frames delivered and not yet answered (request mode) or not yet given credit back for (credit mode). */
  int unanswered() {
    return creditMode ? window - credits : unanswered;
  }

  /** Credit mode: consumers took {@code n} more frames; more than the window is never held. */
  void grant(int n) {
    if (!creditMode || n <= 0) {
      return;
    }
    credits = (int) Math.min(window, (long) credits + n);
    pump();
  }

  /** Bytes of a frame begun and not ended. */
  int partialBytes() {
    return decoder.pendingBytes();
  }

  /**
   * The socket has closed: reads what it still holds, delivers it all as the window allows, then runs {@code done}.
   */
  void endOfStream(Runnable done) {
    onEnd = done;
    // what the socket still holds comes once it is resumed, all of it within the task that resumes it: the decoder
    // keeps it while there is no room, and the end is reported after that task has run. A socket Tether has already
    // resumed may hold bytes too: Vert.x's resume only schedules that task, and the close can be seen before it runs.
    socketPaused = false;
    socket.resume();
    context.runOnContext(v -> context.runOnContext(w -> {
      endReached = true;
      checkEnd();
    }));
  }

  private boolean canTake() {
    if (paused) {
      return false;
    }
    if (creditMode) {
      return credits - batchFrames > 0;
    }
    return !requestMode || unanswered + batchFrames < window;
  }

  private boolean frame(Buffer buf, int from, int to) {
    stats.framesIn++;
    long s = ++seq;
    if (tap.frame(buf, from, to)) {
      return canTake();
    }
    if (batchSize == 1) {
      deliver(buf.slice(from, to), s, 1);
    } else {
      if (batch == null) {
        batch = Buffer.buffer(Math.min(batchSize, 64) * (to - from + 4));
        batchFrames = 0;
        batchFirstSeq = s;
      }
      batch.appendInt(to - from).appendBuffer(buf, from, to - from);
      if (++batchFrames == batchSize) {
        flushBatch();
      }
    }
    return canTake();
  }

  /** A batch never waits for more than what one read brought. */
  private void flushBatch() {
    if (batch != null) {
      Buffer b = batch;
      int frames = batchFrames;
      batch = null;
      batchFrames = 0;
      deliver(b, batchFirstSeq, frames);
    }
  }

  private void deliver(Buffer body, long firstSeq, int frames) {
    DeliveryOptions delivery = noHeaders;
    if (headers) {
      // the message takes its headers as it is created: one options object serves every frame
      delivery = withHeaders.setHeaders(new FrameHeaders(connectionHeader, firstSeq, batchSize > 1 ? frames : -1));
    }
    if (creditMode) {
      credits -= frames;
      bus.send(address, body, delivery);
      return;
    }
    if (!requestMode) {
      bus.publish(address, body, delivery);
      return;
    }
    unanswered += frames;
    bus.request(address, body, delivery).onComplete(ar -> {
      unanswered -= frames;
      if (ar.failed()) {
        stats.deliveryFailures += frames;
      } else if (ar.result().body() != null && !retired) {
        // the consumer answers the server
        replies.accept(ar.result().body());
      }
      pump();
    });
  }

  /** Hands over what was kept while there is room, then reads on. */
  private void pump() {
    if (pumping || retired) {
      return;
    }
    if (canTake() && !decoding(decoder::resume)) {
      return;
    }
    gate();
    checkEnd();
  }

  /** Pauses the socket while the decoder keeps frames or there is no room; resumes it otherwise. */
  private void gate() {
    if (retired || onEnd != null) {
      return;
    }
    boolean read = canTake() && !decoder.isStalled();
    if (!read && !socketPaused) {
      socketPaused = true;
      socket.pause();
    } else if (read && socketPaused) {
      socketPaused = false;
      socket.resume();
    }
  }

  private void checkEnd() {
    if (endReached && !retired && !decoder.isStalled() && batch == null && onEnd != null) {
      Runnable done = onEnd;
      onEnd = null;
      endReached = false;
      retired = true;
      done.run();
    }
  }
}
