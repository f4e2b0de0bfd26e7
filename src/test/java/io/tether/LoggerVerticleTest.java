package io.tether;

import io.tether.testkit.Await;
import io.tether.testkit.FakeServer;
import io.tether.testkit.FloodServer;
import io.tether.testkit.LogCapture;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the logger prints: one line per event, in the seed's words. */
@ExtendWith(VertxExtension.class)
class LoggerVerticleTest extends ClientTestBase {

  private static final String LOGGER = "INFO io.tether.LoggerVerticle ";

  private static void deployLogger(Vertx vertx, String address) {
    Await.result(vertx.deployVerticle(new LoggerVerticle(),
      new DeploymentOptions().setConfig(new JsonObject().put("address", address))));
  }

  /** A logger of the config's address, then a client with that config; the client's status events, from before it starts. */
  private static Await.Events<JsonObject> loggerAndClient(Vertx vertx, JsonObject config) {
    String address = config.getString("address");
    deployLogger(vertx, address);
    Await.Events<JsonObject> status = status(vertx, address);
    deployClient(vertx, config);
    return status;
  }

  /** The lines of the logger and of the client but debug, without their level and category, that contain {@code text}. */
  private static List<String> lines(LogCapture logs, String text) {
    return logs.lines().stream().filter(l -> !l.startsWith("DEBUG ") && l.contains(text))
      .map(l -> l.substring(l.indexOf(' ', l.indexOf(' ') + 1) + 1)).collect(Collectors.toList());
  }

  @Test
  void aFramePrintsWithoutItsLineEndAndABatchAsOneLinePerFrame(Vertx vertx) {
    try (LogCapture logs = new LogCapture()) {
      deployLogger(vertx, "lines");
      vertx.eventBus().publish("lines.in", Buffer.buffer("one\n"));
      vertx.eventBus().publish("lines.in", Buffer.buffer("two\r\n"));
      vertx.eventBus().publish("lines.in", Frames.batch(List.of(Buffer.buffer("three"), Buffer.buffer("four\n"))),
        new DeliveryOptions().addHeader(Frames.FRAMES_HEADER, "2"));
      vertx.eventBus().publish("lines.in", Buffer.buffer("five\n\n"));
      Await.until("five frames", () -> lines(logs, "Received:").size() == 5);
      assertEquals(List.of("Received: one", "Received: two", "Received: three", "Received: four", "Received: five\n"),
        lines(logs, "Received:"));
    }
  }

  /**
   * In the modes that give each frame to one consumer, the logger alone (as the launcher deploys it beside a client)
   * answers each request and gives back credit for each frame: every line of a flood five windows long prints, in
   * order, and the client's window is whole again at the end.
   */
  @ParameterizedTest
  @ValueSource(strings = {"request", "credit"})
  void aLoggerAloneKeepsAWindowedClientReading(String mode, Vertx vertx) throws Exception {
    try (FloodServer server = FloodServer.lines(1_280); LogCapture logs = new LogCapture()) {
      Await.Events<JsonObject> status = loggerAndClient(vertx, client("alone", server.port())
        .put("framing", new JsonObject().put("mode", "line"))
        .put("delivery", new JsonObject().put("mode", mode).put("window", 256).put("batch", 4)));
      awaitState(status, ConnectionState.CONNECTED);
      Await.until("every frame printed", () -> lines(logs, "Received:").size() >= 1_280);
      List<String> printed = lines(logs, "Received:");
      assertEquals(1_280, printed.size());
      for (int i = 0; i < printed.size(); i++) {
        assertEquals("Received: " + FloodServer.payload(i + 1), printed.get(i));
      }
      JsonObject stats = stats(vertx, "alone");
      assertEquals(0, stats.getLong("deliveryFailures"), stats.encode());
      assertEquals(false, stats.getBoolean("windowFull"), stats.encode());
    }
  }

  @Test
  void withRequestLogEachRequestPrintsWithItsAnswerOrItsFailure(Vertx vertx) {
    try (LogCapture logs = new LogCapture()) {
      FakeServer server = FakeServer.start(vertx);
      Await.Events<JsonObject> status = loggerAndClient(vertx, client("asks", server.port())
        .put("framing", new JsonObject().put("mode", "line").put("delimiter", "\r\n"))
        .put("request", new JsonObject().put("log", true).put("timeout", 300).put("replyEnd", "^(END|STORED)$")));
      awaitState(status, ConnectionState.CONNECTED);
      NetSocket conn = server.nextConnection();
      var get = vertx.eventBus().request("asks.request", "get greeting");
      server.awaitReceived("get greeting\r\n");
      conn.write("VALUE greeting 0 5\r\nhello\r\nEND\r\n");
      Await.result(get);
      var set = vertx.eventBus().request("asks.request", new io.vertx.core.json.JsonArray().add("set k 0 0 2").add("hi"));
      server.awaitReceived("get greeting\r\nset k 0 0 2\r\nhi\r\n");
      conn.write("STORED\r\n");
      Await.result(set);
      var late = vertx.eventBus().request("asks.request", "get nothing");
      Await.failure(late);
      Await.until("three requests logged", () -> lines(logs, "Asked:").size() == 3);
      List<String> asked = lines(logs, "Asked:");
      assertTrue(asked.get(0).matches("Asked: get greeting -> answered: VALUE greeting 0 5\\\\r\\\\nhello\\\\r\\\\nEND "
        + "\\(3 frames, \\d+\\.\\d ms\\)"), asked.get(0));
      assertTrue(asked.get(1).matches("Asked: set k 0 0 2\\\\nhi -> answered: STORED \\(1 frame, \\d+\\.\\d ms\\)"),
        asked.get(1));
      assertTrue(asked.get(2).startsWith("Asked: get nothing -> TIMEOUT: no answer within 300 ms"), asked.get(2));
    }
  }

  @Test
  void aReconnectDoesNotRepeatTheCauseOfTheClose(Vertx vertx) {
    try (LogCapture logs = new LogCapture()) {
      deployLogger(vertx, "causes");
      JsonObject closed = new JsonObject().put("endpoint", "h:1").put("attempt", 0);
      vertx.eventBus().publish("causes.status", closed.copy().put("state", "DISCONNECTED").put("cause", "reset"));
      vertx.eventBus().publish("causes.status", closed.copy().put("state", "BACKING_OFF").put("cause", "reset")
        .put("attempt", 1).put("delayMs", 500));
      vertx.eventBus().publish("causes.status", closed.copy().put("state", "BACKING_OFF")
        .put("cause", "Connection refused").put("attempt", 2).put("delayMs", 1000));
      Await.until("three lines", () -> lines(logs, "h:1").size() + lines(logs, "reset").size() >= 3);
      assertEquals(List.of("Connection closed: reset", "Reconnecting to h:1 in 500 ms (attempt 1)",
        "Reconnecting to h:1 in 1000 ms (attempt 2): Connection refused"), logs.lines().stream()
        .filter(l -> l.startsWith(LOGGER)).map(l -> l.substring(LOGGER.length())).collect(Collectors.toList()));
    }
  }

  @Test
  void aGiveUpIsOneLineWhenTheClientRunsHere(Vertx vertx) {
    int closed = FakeServer.freePort(vertx);
    try (LogCapture logs = new LogCapture()) {
      JsonObject config = client("giving", closed);
      config.getJsonObject("reconnect").put("maxAttempts", 1);
      Await.Events<JsonObject> status = loggerAndClient(vertx, config);
      awaitState(status, ConnectionState.GAVE_UP);
      Await.until("the give-up logged", () -> !lines(logs, "Gave up").isEmpty());
      status.assertNoneWithin(java.time.Duration.ofMillis(200));
      assertEquals(List.of("Gave up on 127.0.0.1:" + closed + " after 1 attempts: Connection refused: /127.0.0.1:"
        + closed), lines(logs, "Gave up"), logs.text());
    }
    // the same event from a client elsewhere (another node) is printed by the logger
    try (LogCapture logs = new LogCapture()) {
      deployLogger(vertx, "remote");
      vertx.eventBus().publish("remote.status", new JsonObject().put("state", "GAVE_UP").put("endpoint", "h:1")
        .put("attempt", 3).put("cause", "Connection refused"));
      Await.until("the give-up logged", () -> !lines(logs, "Gave up").isEmpty());
      assertEquals(List.of("Gave up on h:1 after 3 attempts: Connection refused"), lines(logs, "Gave up"));
    }
  }

  @Test
  void aHeartbeatTimeoutIsOneLineWhenTheClientRunsHere(Vertx vertx) {
    FakeServer server = FakeServer.start(vertx);
    try (LogCapture logs = new LogCapture()) {
      Await.Events<JsonObject> status = loggerAndClient(vertx,
        client("beat", server.port()).put("heartbeat", new JsonObject().put("timeout", 200)));
      NetSocket conn = server.nextConnection();
      conn.write("hello");
      awaitState(status, ConnectionState.BACKING_OFF);
      Await.until("the reconnect logged", () -> !lines(logs, "Reconnecting").isEmpty());
      List<String> heartbeat = lines(logs, "heartbeat");
      assertEquals(1, heartbeat.size(), logs.text());
      assertEquals(1, lines(logs, "Closing the connection").size(), logs.text());
      assertEquals(0, lines(logs, "Connection closed").size(), logs.text());
    } finally {
      server.stop();
    }
  }

  @Test
  void twoLoggersOfOneAddressPrintEachLineOnce(Vertx vertx) {
    try (LogCapture logs = new LogCapture()) {
      Await.result(vertx.deployVerticle(LoggerVerticle.class.getName(),
        new DeploymentOptions().setInstances(2).setConfig(new JsonObject().put("address", "twice"))));
      deployLogger(vertx, "twice");
      vertx.eventBus().publish("twice.in", Buffer.buffer("a"));
      vertx.eventBus().publish("twice.in", Buffer.buffer("b"));
      Await.until("the second frame", () -> lines(logs, "Received: b").size() == 1);
      // time for the other loggers to print it too, if they did
      new Await.Events<String>().assertNoneWithin(java.time.Duration.ofMillis(300));
      assertEquals(List.of("Received: a", "Received: b"), lines(logs, "Received:"));
    }
  }

  /** With two clients of one address in one Vert.x instance, each line says which client it is about. */
  @Test
  void twoClientsOfOneAddressAreToldApart(Vertx vertx) {
    int port = io.tether.testkit.FakeServer.freePort(vertx);
    try (LogCapture logs = new LogCapture()) {
      deployLogger(vertx, "two");
      Await.Events<JsonObject> status = status(vertx, "two");
      JsonObject config = client("two", port);
      deployClient(vertx, config);
      deployClient(vertx, config);
      // both run before either connects: the server listens only now
      io.tether.testkit.FakeServer server = io.tether.testkit.FakeServer.start(vertx, port);
      java.util.Set<String> clients = new java.util.HashSet<>();
      while (clients.size() < 2) {
        clients.add(awaitState(status, ConnectionState.CONNECTED).getString("client"));
      }
      server.nextConnection().write("a");
      server.nextConnection().write("b");
      Await.until("two frames", () -> lines(logs, "Received:").size() == 2);
      for (String id : clients) {
        assertTrue(lines(logs, "[" + id + "] Opened connection to 127.0.0.1:" + port).size() == 1,
          logs.lines().toString());
        assertTrue(lines(logs, "[" + id + "] Received: ").size() == 1, logs.lines().toString());
      }
    }
  }
}
