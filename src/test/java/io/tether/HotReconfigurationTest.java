package io.tether;

import io.tether.testkit.LogCapture;
import io.tether.testkit.FakeServer;
import io.tether.testkit.Await;
import io.tether.impl.config.ConfigLoader;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** With config.scanPeriod, an edit of the config file moves a running client, and a bad edit is refused. */
@ExtendWith(VertxExtension.class)
class HotReconfigurationTest extends ClientTestBase {

  @TempDir
  Path dir;

  private static void write(Path file, JsonObject json) throws IOException {
    // written whole, then moved into place: a scan never sees half a file
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, json.encodePrettily());
    Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  private static JsonObject config(int port) {
    return client("hot", port).put("framing.mode", "line").put("config.scanPeriod", 50);
  }

  @Test
  void anEditMovesTheClientToAnotherServerKeepingTheOutbox(Vertx vertx) throws Exception {
    FakeServer first = FakeServer.start(vertx);
    Path file = dir.resolve("client.json");
    write(file, config(first.port()));
    Await.Events<JsonObject> status = status(vertx, "hot");
    Await.result(vertx.deployVerticle(new ClientVerticle(Map.of(ConfigLoader.ENV_CONF, file.toString()),
      new Properties()), new DeploymentOptions()));
    first.nextConnection();
    awaitState(status, ConnectionState.CONNECTED);
    Await.result(vertx.eventBus().request("hot.out", "to first"));
    first.awaitReceived("to first\n");

    // the first server goes away: messages wait in the outbox
    first.stop();
    awaitState(status, ConnectionState.BACKING_OFF);
    List<Future<Message<Object>>> queued = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      queued.add(vertx.eventBus().request("hot.out", "q" + i));
    }
    Await.until("queued", () -> stats(vertx, "hot").getLong("queued") == 3);

    // the file now names a second server, and a new framing: the outbox goes there, framed anew
    FakeServer second = FakeServer.start(vertx);
    write(file, config(second.port()).put("framing", new JsonObject().put("mode", "line").put("delimiter", "\r\n")));
    second.nextConnection();
    JsonObject up = awaitState(status, ConnectionState.CONNECTED);
    assertEquals("127.0.0.1:" + second.port(), up.getString("endpoint"));
    second.awaitReceived("q3\r\n");
    assertEquals("q1\r\nq2\r\nq3\r\n", second.receivedText());
    queued.forEach(Await::result);
    JsonObject s = stats(vertx, "hot");
    assertEquals(4L, s.getLong("written"));
    assertEquals(0L, s.getLong("queued"));
  }

  @Test
  void aConnectedClientReconnectsGracefullyAndABadEditIsRefused(Vertx vertx) throws Exception {
    FakeServer first = FakeServer.start(vertx);
    FakeServer second = FakeServer.start(vertx);
    Path file = dir.resolve("tether.json");
    // a deployment file: the client's entry is found by its address
    JsonObject deployment = new JsonObject().put("verticles", new JsonArray()
      .add(new JsonObject().put("verticle", "io.tether.ClientVerticle").put("config", config(first.port()))));
    write(file, deployment);
    Await.Events<JsonObject> status = status(vertx, "hot");
    Await.result(vertx.deployVerticle(new ClientVerticle(Map.of(ConfigLoader.ENV_CONF, file.toString()),
      new Properties()), new DeploymentOptions().setConfig(config(first.port()))));
    first.nextConnection();
    awaitState(status, ConnectionState.CONNECTED);

    try (LogCapture logs = new LogCapture()) {
      write(file, new JsonObject().put("verticles", new JsonArray().add(new JsonObject()
        .put("verticle", "io.tether.ClientVerticle").put("config", config(second.port())))));
      JsonObject down = awaitState(status, ConnectionState.DISCONNECTED);
      assertEquals("reconfigured", down.getString("cause"));
      assertEquals("CONNECTING", status.next().getString("state"), "at once, no backoff");
      second.nextConnection();
      assertEquals("127.0.0.1:" + second.port(), awaitState(status, ConnectionState.CONNECTED).getString("endpoint"));
      assertTrue(logs.text().contains("Configuration of hot changed in " + file + ": applying it"), logs.text());

      // a bad value: one line, and the client stays where it is
      write(file, new JsonObject().put("verticles", new JsonArray().add(new JsonObject()
        .put("verticle", "io.tether.ClientVerticle").put("config", config(second.port()).put("port", 70000)))));
      Await.until("the refusal", () -> logs.text().contains("Invalid configuration in " + file
        + ", the running one stays: port: expected an integer from 1 to 65535, got 70000 (from config file " + file + ")"));
      // a key that needs a restart is refused the same way
      write(file, config(second.port()).put("address", "elsewhere"));
      Await.until("the second refusal", () -> logs.text().contains("address changed, and a change of address needs a restart"));
      // broken JSON too
      Files.writeString(file, "{\"port\": ");
      Await.until("the third refusal", () -> logs.text().contains("Invalid configuration in " + file
        + ", the running one stays: TETHER_CONF: cannot read JSON config file"));
      assertEquals(3, logs.lines().stream().filter(l -> l.startsWith("ERROR")).count(), logs.text());
    }
    assertEquals("CONNECTED", stats(vertx, "hot").getString("state"));
    assertEquals("127.0.0.1:" + second.port(), stats(vertx, "hot").getString("endpoint"));
    assertEquals(2L, stats(vertx, "hot").getLong("connects"));
  }
}
