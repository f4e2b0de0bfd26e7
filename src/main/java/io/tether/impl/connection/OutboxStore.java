package io.tether.impl.connection;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;

import java.util.List;

/**
 * Where the way out keeps the messages of {@code <address>.out} beyond this node's memory ({@code outbox.cluster}):
 * each is stored before it is written and forgotten once written or answered with a failure; what an earlier owner
 * of the connection stored and did not write is handed to the next, oldest first, before anything newer.
 */
public interface OutboxStore {

  /** A message as an earlier owner stored it: its id, its payload and how to frame it, and its deadline. */
  record Stored(String id, Buffer payload, boolean batch, int frames, long ttl, long deadline) {
  }

  /**
   * Stores a message under a new id, returned at once; {@code done} is called once it is stored (with its backup),
   * or could not be.
   */
  String store(Buffer payload, boolean batch, int frames, long ttl, long deadline, Handler<AsyncResult<Void>> done);

  /** The message of this id was written to the server ({@code written}), or answered with a failure: forget it. */
  void forget(String id, boolean written);

  /** What earlier owners stored and did not write, oldest first; asked once, before the first message is taken. */
  Future<List<Stored>> inherit();
}
