package io.tether;

import io.tether.testkit.FakeServer;
import io.tether.testkit.Await;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Drops, refused connects, backoff and giving up, against a server that goes away and comes back. */
@ExtendWith(VertxExtension.class)
class ReconnectTest extends ClientTestBase {

  @Test
  void theClientComesBackWhenTheServerListensAgainOnTheSamePort(Vertx vertx) {
    FakeServer server = FakeServer.start(vertx);
    int port = server.port();
    Await.Events<JsonObject> status = status(vertx, "r");
    deployClient(vertx, client("r", port).put("reconnect", new JsonObject()
      .put("initialDelay", 40).put("maxDelay", 320).put("multiplier", 2.0).put("jitter", 0.25)));
    server.nextConnection();
    assertEquals("CONNECTING", status.next().getString("state"));
    assertEquals("CONNECTED", status.next().getString("state"));

    server.stop();
    JsonObject down = status.next();
    assertEquals("DISCONNECTED", down.getString("state"));
    assertEquals("closed by server", down.getString("cause"));

    // refused connects: BACKING_OFF, CONNECTING, ... with growing, capped, jittered delays
    List<Long> delays = new ArrayList<>();
    for (int attempt = 1; attempt <= 6; attempt++) {
      JsonObject backoff = status.next();
      assertEquals("BACKING_OFF", backoff.getString("state"), backoff.encode());
      assertEquals(attempt, backoff.getInteger("attempt"));
      assertEquals("127.0.0.1:" + port, backoff.getString("endpoint"));
      if (attempt > 1) {
        // refused, as nothing listens; or reset by peer, if the freed port is briefly in use
        assertTrue(backoff.getString("cause").matches("Connection (refused|reset by peer): /127\\.0\\.0\\.1:"
          + port), backoff.encode());
      }
      long delay = backoff.getLong("delayMs");
      long base = Math.min(320, 40L << (attempt - 1));
      assertTrue(delay >= base * 0.75 - 1 && delay <= Math.min(320, base * 1.25 + 1),
        "attempt " + attempt + " waited " + delay + " for a base of " + base);
      delays.add(delay);
      assertEquals("CONNECTING", status.next().getString("state"));
    }
    assertTrue(delays.get(4) > delays.get(0) && delays.get(5) > delays.get(1), delays.toString());
    assertTrue(delays.stream().allMatch(d -> d <= 320), delays.toString());

    server.listen(port);
    server.nextConnection();
    JsonObject up = awaitState(status, ConnectionState.CONNECTED);
    assertEquals("127.0.0.1:" + port, up.getString("endpoint"));
    JsonObject stats = stats(vertx, "r");
    assertEquals(2, stats.getLong("connects"));
    assertEquals(1, stats.getLong("reconnects"));

    // backoff starts again from the first step after a successful connect
    server.stop();
    assertEquals("DISCONNECTED", status.next().getString("state"));
    JsonObject again = status.next();
    assertEquals("BACKING_OFF", again.getString("state"));
    assertEquals(1, again.getInteger("attempt"));
    assertTrue(again.getLong("delayMs") <= 50, again.encode());
  }

  @Test
  void aFailedFirstConnectGoesStraightToBackoff(Vertx vertx) {
    int port = FakeServer.freePort(vertx);
    Await.Events<JsonObject> status = status(vertx, "f");
    deployClient(vertx, client("f", port));
    assertEquals("CONNECTING", status.next().getString("state"));
    JsonObject backoff = status.next();
    assertEquals("BACKING_OFF", backoff.getString("state"));
    assertEquals(1, backoff.getInteger("attempt"));
    // refused, as nothing listens; once it was reset by peer instead, the freed port briefly in use
    assertTrue(backoff.getString("cause").matches("Connection (refused|reset by peer): /127\\.0\\.0\\.1:" + port),
      backoff.encode());
    FakeServer.start(vertx, port).nextConnection();
    awaitState(status, ConnectionState.CONNECTED);
  }

  @Test
  void afterMaxAttemptsTheClientGivesUpAndSaysSo(Vertx vertx) {
    int port = FakeServer.freePort(vertx);
    Await.Events<JsonObject> status = status(vertx, "g");
    deployClient(vertx, client("g", port).put("reconnect", new JsonObject()
      .put("initialDelay", 10).put("maxDelay", 10).put("maxAttempts", 2)));
    List<String> states = new ArrayList<>();
    JsonObject last;
    do {
      last = status.next();
      states.add(last.getString("state"));
    } while (!last.getString("state").equals("GAVE_UP"));
    assertEquals(List.of("CONNECTING", "BACKING_OFF", "CONNECTING", "BACKING_OFF", "CONNECTING", "GAVE_UP"), states);
    assertEquals(2, last.getInteger("attempt"));
    assertTrue(last.getString("cause").contains("Connection refused"), last.encode());
    assertEquals("GAVE_UP", stats(vertx, "g").getString("state"));

    ReplyException closed = (ReplyException) Await.failure(vertx.eventBus().request("g.out", "late"));
    assertEquals(FailureCode.CLOSED.code(), closed.failureCode());
    assertTrue(closed.getMessage().startsWith("CLOSED: the client gave up"), closed.getMessage());
  }

  @Test
  void maxAttemptsZeroNeverReconnects(Vertx vertx) {
    FakeServer server = FakeServer.start(vertx);
    Await.Events<JsonObject> status = status(vertx, "z");
    deployClient(vertx, client("z", server.port()).put("reconnect", new JsonObject().put("maxAttempts", 0)));
    server.nextConnection();
    awaitState(status, ConnectionState.CONNECTED);
    server.stop();
    assertEquals("DISCONNECTED", status.next().getString("state"));
    JsonObject gaveUp = status.next();
    assertEquals("GAVE_UP", gaveUp.getString("state"));
    assertEquals("closed by server", gaveUp.getString("cause"));
    assertNull(status.poll());
    assertFalse(stats(vertx, "z").getLong("connects") > 1);
  }
}
