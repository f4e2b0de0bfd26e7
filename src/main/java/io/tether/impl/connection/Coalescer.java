package io.tether.impl.connection;

import io.vertx.core.AsyncResult;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;

import java.util.ArrayList;
import java.util.List;

/**
 * The messages written within one turn of the event loop go to the socket as one write: one flush, one system call,
 * instead of one for each. Each message learns the outcome of the write that carried it. Nothing waits longer than
 * the tasks already queued on the event loop, nor past {@link #MAX_BYTES}.
 */
final class Coalescer {

  /** A batch this large is written at once. */
  static final int MAX_BYTES = 64 * 1024;

  private final Vertx vertx;
  private Fence fence = Fence.OPEN;
  private NetSocket socket;
  private Buffer first;
  private Buffer joined;
  private List<Handler<AsyncResult<Void>>> done;
  private boolean scheduled;

  Coalescer(Vertx vertx) {
    this.vertx = vertx;
  }

  /**
   * Asks {@code fence} once more as the batch goes to the socket: a lease that lapsed since its messages were taken
   * (the event loop was paused in between) writes nothing of it.
   */
  void fence(Fence fence) {
    this.fence = fence;
  }

  void write(NetSocket so, Buffer frame, Handler<AsyncResult<Void>> completion) {
    if (so != socket) {
      flush();
      socket = so;
    }
    if (first == null) {
      first = frame;
      done = new ArrayList<>(4);
    } else {
      if (joined == null) {
        joined = Buffer.buffer(Math.max(1024, 4 * (first.length() + frame.length()))).appendBuffer(first);
      }
      joined.appendBuffer(frame);
    }
    done.add(completion);
    if ((joined == null ? first.length() : joined.length()) >= MAX_BYTES) {
      flush();
    } else if (!scheduled) {
      scheduled = true;
      vertx.runOnContext(v -> {
        scheduled = false;
        flush();
      });
    }
  }

  /** Writes what is pending now. */
  void flush() {
    if (first == null) {
      return;
    }
    Buffer b = joined == null ? first : joined;
    List<Handler<AsyncResult<Void>>> handlers = done;
    first = null;
    joined = null;
    done = null;
    if (!fence.writable()) {
      io.vertx.core.Future<Void> fenced = io.vertx.core.Future.failedFuture(new io.vertx.core.VertxException(
        "not written: the lease lapsed before the write", true));
      handlers.forEach(h -> h.handle(fenced));
      return;
    }
    socket.write(b).onComplete(ar -> {
      for (Handler<AsyncResult<Void>> h : handlers) {
        h.handle(ar);
      }
    });
  }
}
