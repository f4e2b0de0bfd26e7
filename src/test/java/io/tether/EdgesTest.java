package io.tether;

import io.tether.testkit.Await;
import io.tether.testkit.FloodServer;
import io.tether.testkit.FrameCheck;
import io.tether.testkit.LogCapture;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The edges of a connection's stream: a window that fills and drains in the middle of reads, the last frames before
 * the server's FIN, in every delivery mode. Every frame must arrive exactly once, in order, at its full length.
 */
@ExtendWith(VertxExtension.class)
class EdgesTest extends ClientTestBase {

  private static final Duration FLOOD_DEADLINE = Duration.ofSeconds(40);

  /**
   * A consumer that answers unevenly: most frames at once, some on the next turn of the event loop, and some held
   * back and answered together every few ms, so that the window fills and drains many times, in the middle of reads.
   */
  private static void unevenConsumer(Vertx vertx, String address, FrameCheck check, long seed) {
    Random random = new Random(seed);
    List<Message<Buffer>> held = new ArrayList<>();
    vertx.setPeriodic(2, id -> {
      held.forEach(m -> m.reply(null));
      held.clear();
    });
    Await.result(vertx.eventBus().<Buffer>consumer(address + ".in", m -> {
      check.accept(m, false);
      int r = random.nextInt(10);
      if (r < 6) {
        m.reply(null);
      } else if (r < 9) {
        vertx.runOnContext(v -> m.reply(null));
      } else {
        held.add(m);
      }
    }).completion());
  }

  /**
   * A credit consumer that gives credit back unevenly: after 1 to 200 frames, in grants of that size, sometimes on
   * the next turn of the event loop; it never holds more than the window.
   */
  private static void creditConsumer(Vertx vertx, String address, FrameCheck check, long seed) {
    Random random = new Random(seed);
    int[] taken = {0};
    int[] next = {1 + random.nextInt(200)};
    Await.result(vertx.eventBus().<Buffer>consumer(address + ".in", m -> {
      check.accept(m, false);
      if (++taken[0] >= next[0]) {
        int n = taken[0];
        taken[0] = 0;
        next[0] = 1 + random.nextInt(200);
        if (random.nextBoolean()) {
          vertx.eventBus().send(address + ".credit", n);
        } else {
          vertx.runOnContext(v -> vertx.eventBus().send(address + ".credit", n));
        }
      }
    }).completion());
  }

  private static JsonObject lineClient(String address, int port, String mode) {
    return client(address, port).put("framing.mode", "line")
      .put("delivery", new JsonObject().put("mode", mode).put("window", 256));
  }

  private static void assertEveryFrame(FrameCheck check, long count, JsonObject stats) {
    assertEquals(0, check.faults(), "first fault: " + check.firstFault());
    assertEquals(count, check.received(), "frames received");
    assertEquals(count, stats.getLong("framesIn"), stats.encode());
    assertEquals(count * (FloodServer.PAYLOAD + 1), stats.getLong("bytesIn"), stats.encode());
  }

  @Test
  void aFloodIntoAnUnevenRequestConsumerArrivesOnceInOrderAndWhole(Vertx vertx) throws Exception {
    long count = 200_000;
    try (FloodServer server = FloodServer.lines(count)) {
      FrameCheck check = new FrameCheck();
      unevenConsumer(vertx, "uq", check, 1);
      deployClient(vertx, lineClient("uq", server.port(), "request"));
      server.awaitWritten(FLOOD_DEADLINE.toSeconds(), TimeUnit.SECONDS);
      Await.until("every frame", FLOOD_DEADLINE, () -> check.received() >= count || check.faults() > 0);
      JsonObject s = stats(vertx, "uq");
      assertEveryFrame(check, count, s);
      assertEquals("CONNECTED", s.getString("state"));
      assertTrue(s.getInteger("unanswered") <= 256, s.encode());
    }
  }

  @Test
  void aFloodIntoAnUnevenCreditConsumerArrivesOnceInOrderAndWhole(Vertx vertx) throws Exception {
    long count = 200_000;
    try (FloodServer server = FloodServer.lines(count)) {
      FrameCheck check = new FrameCheck();
      creditConsumer(vertx, "uc", check, 3);
      deployClient(vertx, lineClient("uc", server.port(), "credit"));
      server.awaitWritten(FLOOD_DEADLINE.toSeconds(), TimeUnit.SECONDS);
      Await.until("every frame", FLOOD_DEADLINE, () -> check.received() >= count || check.faults() > 0);
      JsonObject s = stats(vertx, "uc");
      assertEveryFrame(check, count, s);
      assertTrue(s.getInteger("unanswered") <= 256, s.encode());
    }
  }

  @Test
  void withoutCreditTheClientStopsReadingAtTheWindow(Vertx vertx) throws Exception {
    try (FloodServer server = FloodServer.lines(10_000)) {
      FrameCheck check = new FrameCheck();
      java.util.concurrent.atomic.AtomicBoolean giving = new java.util.concurrent.atomic.AtomicBoolean();
      Await.result(vertx.eventBus().<Buffer>consumer("nc.in", m -> {
        check.accept(m, false);
        if (giving.get() && check.received() % 64 == 0) {
          vertx.eventBus().send("nc.credit", 64);
        }
      }).completion());
      deployClient(vertx, lineClient("nc", server.port(), "credit"));
      Await.until("a window of frames", () -> check.received() == 256);
      // the rest waits in the client and in the socket until credit comes
      Await.result(vertx.eventBus().request("nc.stats", ""));
      JsonObject s = stats(vertx, "nc");
      assertEquals(256, check.received());
      assertEquals(true, s.getBoolean("windowFull"), s.encode());
      // credit for what was taken; more than the window is never held, so a grant beyond it is cut to it
      giving.set(true);
      vertx.eventBus().send("nc.credit", 10_000);
      Await.until("the rest, once credit comes", () -> check.received() >= 10_000 || check.faults() > 0);
      assertEquals(0, check.faults(), check.firstFault());
    }
  }

  /**
   * A grant that is not a whole number of frames gives nothing and says so: one line naming the address and the
   * body, a {@code BAD_BODY} failure to a request; a good grant after them still gives exactly what it says.
   */
  @Test
  void aCreditThatIsNotANumberOfFramesGivesNothingAndSaysSo(Vertx vertx) throws Exception {
    try (FloodServer server = FloodServer.lines(1_000); LogCapture logs = new LogCapture()) {
      FrameCheck check = new FrameCheck();
      Await.result(vertx.eventBus().<Buffer>consumer("bc.in", m -> check.accept(m, false)).completion());
      deployClient(vertx, lineClient("bc", server.port(), "credit"));
      Await.until("a window of frames", () -> check.received() == 256);
      List<Object> bad = List.of("abc", " 12x", -5, 0, 1.5, new JsonObject().put("credit", 128));
      for (Object body : bad) {
        vertx.eventBus().send("bc.credit", body);
      }
      ReplyException refused = (ReplyException) Await.failure(vertx.eventBus().request("bc.credit", "many"));
      assertEquals(FailureCode.BAD_BODY.code(), refused.failureCode());
      String line = "A credit on bc.credit must be a whole number of frames above 0, not %s; it gave nothing";
      assertEquals(String.format(line, "\"many\" (String)"), refused.getMessage());
      // the credit consumer has taken every grant above once stats, sent after them, is answered on the same loop
      Await.result(vertx.eventBus().request("bc.stats", ""));
      assertEquals(256, check.received(), "frames after grants that give nothing");
      List<String> shown = List.of("\"abc\" (String)", "\" 12x\" (String)", "-5 (Integer)", "0 (Integer)",
        "1.5 (Double)", "{\"credit\":128} (JsonObject)", "\"many\" (String)");
      assertEquals(shown.stream().map(b -> "WARN io.tether.ClientVerticle " + String.format(line, b)).toList(),
        logs.lines().stream().filter(l -> l.contains("A credit on bc.credit")).toList());
      vertx.eventBus().send("bc.credit", " 100 ");
      Await.until("the frames a good grant gives", () -> check.received() >= 356 || check.faults() > 0);
      Await.result(vertx.eventBus().request("bc.stats", ""));
      assertEquals(356, check.received());
      assertEquals(0, check.faults(), check.firstFault());
    }
  }

  /** A flood, then the server's FIN: everything written arrives, then DISCONNECTED, closed by server. */
  private void floodThenFin(Vertx vertx, String address, JsonObject config, boolean batch, boolean pauseFirst,
                            int rounds) throws Exception {
    long count = 50_000;
    for (int round = 0; round < rounds; round++) {
      String a = address + round;
      try (FloodServer server = FloodServer.linesThenFin(count, pauseFirst)) {
        FrameCheck check = new FrameCheck();
        Await.Events<JsonObject> status = status(vertx, a);
        String mode = config.getJsonObject("delivery", new JsonObject()).getString("mode", "publish");
        if (mode.equals("request")) {
          unevenConsumer(vertx, a, check, round);
        } else if (mode.equals("credit")) {
          creditConsumer(vertx, a, check, round);
        } else {
          Await.result(vertx.eventBus().<Buffer>consumer(a + ".in", m -> check.accept(m, batch)).completion());
        }
        deployClient(vertx, config.copy().put("address", a).put("port", server.port())
          .put("reconnect", new JsonObject().put("maxAttempts", 0)));
        awaitState(status, ConnectionState.CONNECTED);
        if (pauseFirst) {
          // paused before the first byte of the flood: the server starts once it reads the client's go
          Await.result(vertx.eventBus().request(a + ".control", new JsonObject().put("action", "pause")));
          Await.result(vertx.eventBus().request(a + ".out", "go"));
        }
        server.awaitWritten(FLOOD_DEADLINE.toSeconds(), TimeUnit.SECONDS);
        if (pauseFirst) {
          Await.result(vertx.eventBus().request(a + ".control", new JsonObject().put("action", "resume")));
        }
        JsonObject down = status.nextMatching(e -> "DISCONNECTED".equals(e.getString("state")), FLOOD_DEADLINE);
        assertEquals(count, check.received(), "round " + round + ": frames before DISCONNECTED (" + down.encode() + ")");
        assertEquals("closed by server", down.getString("cause"), "round " + round);
        assertEveryFrame(check, count, stats(vertx, a));
      }
    }
  }

  @Test
  void theLastFramesBeforeAFinArriveInPublishMode(Vertx vertx) throws Exception {
    floodThenFin(vertx, "fp", lineClient("x", 0, "publish"), false, false, 3);
  }

  @Test
  void theLastFramesBeforeAFinArriveInRequestModeWithTheWindowFull(Vertx vertx) throws Exception {
    floodThenFin(vertx, "fr", lineClient("x", 0, "request"), false, false, 3);
  }

  @Test
  void theLastFramesBeforeAFinArriveInCreditMode(Vertx vertx) throws Exception {
    floodThenFin(vertx, "fc", lineClient("x", 0, "credit"), false, false, 3);
  }

  @Test
  void theLastFramesBeforeAFinArriveInBatches(Vertx vertx) throws Exception {
    JsonObject config = lineClient("x", 0, "publish");
    config.getJsonObject("delivery").put("batch", 64);
    floodThenFin(vertx, "fb", config, true, false, 3);
  }

  @Test
  void thePausedClientGetsTheLastFramesWhenResumedAfterTheFin(Vertx vertx) throws Exception {
    floodThenFin(vertx, "fz", lineClient("x", 0, "publish"), false, true, 3);
  }
}
