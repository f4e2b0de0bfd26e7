package io.tether.impl.connection;

import io.tether.testkit.Await;
import io.tether.testkit.FakeServer;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The writes of one event-loop turn go out as one, and not at all once the fence closed in between. */
@ExtendWith(VertxExtension.class)
class CoalescerTest {

  @Test
  void aFenceThatClosesBeforeTheFlushWritesNothingAndFailsEveryWrite(Vertx vertx) {
    FakeServer server = FakeServer.start(vertx);
    NetSocket so = Await.result(vertx.createNetClient().connect(server.port(), "127.0.0.1"));
    server.nextConnection();
    AtomicBoolean open = new AtomicBoolean(true);
    Coalescer c = new Coalescer(vertx);
    c.fence(open::get);
    List<Future<Void>> first = onContext(vertx, c, so, open, List.of("a\n", "b\n"), false);
    Await.until("the first turn is written", () -> first.stream().allMatch(Future::isComplete));
    first.forEach(f -> assertTrue(f.succeeded()));
    server.awaitReceived("a\nb\n");
    // taken while the fence was open, flushed after it closed: nothing of them is written
    List<Future<Void>> second = onContext(vertx, c, so, open, List.of("c\n", "d\n"), true);
    Await.until("the second turn is answered", () -> second.stream().allMatch(Future::isComplete));
    for (Future<Void> f : second) {
      assertTrue(f.failed());
      assertEquals("not written: the lease lapsed before the write", f.cause().getMessage());
    }
    // a last write on the same socket, once the fence is open again, proves nothing else arrived before it
    open.set(true);
    List<Future<Void>> third = onContext(vertx, c, so, open, List.of("e\n"), false);
    Await.until("the third turn is written", () -> third.get(0).isComplete());
    server.awaitReceived("a\nb\ne\n");
    assertEquals("a\nb\ne\n", server.receivedText());
  }

  /** Writes {@code frames} in one task on the client's context; with {@code close}, closes the fence after them. */
  private static List<Future<Void>> onContext(Vertx vertx, Coalescer c, NetSocket so, AtomicBoolean open,
                                              List<String> frames, boolean close) {
    List<Future<Void>> results = new ArrayList<>();
    Promise<Void> queued = Promise.promise();
    io.vertx.core.Context ctx = ((io.vertx.core.internal.ContextInternal) vertx.getOrCreateContext());
    ctx.runOnContext(v -> {
      for (String f : frames) {
        Promise<Void> p = Promise.promise();
        results.add(p.future());
        c.write(so, Buffer.buffer(f), (AsyncResult<Void> ar) -> p.handle(ar));
      }
      if (close) {
        open.set(false);
      }
      queued.complete();
    });
    Await.result(queued.future());
    return results;
  }
}
