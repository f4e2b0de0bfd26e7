package io.tether;

import io.tether.testkit.FakeServer;
import io.tether.testkit.Await;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What is sent while the connection is down: held in order, bounded, answered, counted. */
@ExtendWith(VertxExtension.class)
class OutboxTest extends ClientTestBase {

  @Test
  void messagesSentWhileDownArriveInOrderBeforeNewerOnes(Vertx vertx) {
    int port = FakeServer.freePort(vertx);
    Await.Events<JsonObject> status = status(vertx, "ob");
    deployClient(vertx, client("ob", port).put("framing.mode", "line")
      .put("outbox", new JsonObject().put("capacity", 5)));
    awaitState(status, ConnectionState.BACKING_OFF);

    // the status consumer below adds to it from the event loop
    List<Future<Message<Object>>> replies = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int i = 1; i <= 7; i++) {
      replies.add(vertx.eventBus().request("ob.out", "m" + i));
    }
    // over capacity: failed at once, while the server is still down
    for (int i = 5; i < 7; i++) {
      ReplyException full = (ReplyException) Await.failure(replies.get(i));
      assertEquals(FailureCode.OUTBOX_FULL.code(), full.failureCode());
      assertTrue(full.getMessage().startsWith("OUTBOX_FULL: "), full.getMessage());
    }
    JsonObject waiting = stats(vertx, "ob");
    assertEquals(7, waiting.getLong("sent"));
    assertEquals(5, waiting.getLong("queued"));
    assertEquals(2, waiting.getLong("rejected"));
    assertCountsAddUp(waiting);
    for (int i = 0; i < 5; i++) {
      assertFalse(replies.get(i).isComplete(), "m" + (i + 1) + " waits for the connection");
    }

    FakeServer server = FakeServer.start(vertx, port);
    // the first message after the reconnect goes behind the queued ones
    vertx.eventBus().<JsonObject>consumer("ob.status", m -> {
      if ("CONNECTED".equals(m.body().getString("state"))) {
        replies.add(vertx.eventBus().request("ob.out", "m8"));
      }
    });
    server.awaitReceived("m8\n");
    assertEquals("m1\nm2\nm3\nm4\nm5\nm8\n", server.receivedText());
    for (int i = 0; i < 5; i++) {
      Await.result(replies.get(i));
    }
    Await.until("the reply to m8", () -> replies.size() == 8 && replies.get(7).succeeded());
    JsonObject after = stats(vertx, "ob");
    assertEquals(8, after.getLong("sent"));
    assertEquals(6, after.getLong("written"));
    assertEquals(2, after.getLong("rejected"));
    assertEquals(0, after.getLong("queued"));
    assertCountsAddUp(after);
  }

  @Test
  void aMessageThatWaitsLongerThanItsTimeToLiveExpires(Vertx vertx) {
    int port = FakeServer.freePort(vertx);
    Await.Events<JsonObject> status = status(vertx, "ttl");
    deployClient(vertx, client("ttl", port).put("outbox", new JsonObject().put("ttl", 100)));
    awaitState(status, ConnectionState.BACKING_OFF);
    long start = System.nanoTime();
    ReplyException expired = (ReplyException) Await.failure(vertx.eventBus().request("ttl.out", "late"));
    long waitedMs = (System.nanoTime() - start) / 1_000_000;
    assertEquals(FailureCode.EXPIRED.code(), expired.failureCode());
    assertEquals("EXPIRED: waited longer than its time to live of 100 ms", expired.getMessage());
    assertTrue(waitedMs >= 90, "expired after " + waitedMs + " ms");
    JsonObject s = stats(vertx, "ttl");
    assertEquals(1, s.getLong("expired"));
    assertEquals(0, s.getLong("queued"));
    assertCountsAddUp(s);

    FakeServer server = FakeServer.start(vertx, port);
    server.nextConnection();
    Await.result(vertx.eventBus().request("ttl.out", "fresh"));
    server.awaitReceived("fresh");
    assertEquals("fresh", server.receivedText());
  }

  @Test
  void capacityZeroRefusesEverythingWhileDown(Vertx vertx) {
    int port = FakeServer.freePort(vertx);
    Await.Events<JsonObject> status = status(vertx, "c0");
    deployClient(vertx, client("c0", port).put("outbox", new JsonObject().put("capacity", 0)));
    awaitState(status, ConnectionState.BACKING_OFF);
    ReplyException full = (ReplyException) Await.failure(vertx.eventBus().request("c0.out", "x"));
    assertEquals(FailureCode.OUTBOX_FULL.code(), full.failureCode());
  }

  @Test
  void undeployingFailsWhatIsQueuedWithClosed(Vertx vertx) {
    int port = FakeServer.freePort(vertx);
    Await.Events<JsonObject> status = status(vertx, "uq");
    String id = deployClient(vertx, client("uq", port));
    awaitState(status, ConnectionState.BACKING_OFF);
    Future<Message<Object>> queued = vertx.eventBus().request("uq.out", "never");
    Await.until("queued", () -> stats(vertx, "uq").getLong("queued") == 1);
    Await.result(vertx.undeploy(id));
    ReplyException closed = (ReplyException) Await.failure(queued);
    assertEquals(FailureCode.CLOSED.code(), closed.failureCode());
    assertEquals("CLOSED: the client was closed", closed.getMessage());
  }
}
