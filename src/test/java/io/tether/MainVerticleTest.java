package io.tether;

import io.tether.testkit.FakeServer;
import io.tether.testkit.LogCapture;
import io.tether.testkit.Await;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Deployments driven by a config file's list of verticles. */
@ExtendWith(VertxExtension.class)
class MainVerticleTest extends ClientTestBase {

  private static Throwable deployFails(Vertx vertx, JsonObject description) {
    return Await.failure(vertx.deployVerticle(new MainVerticle(), new DeploymentOptions().setConfig(description)));
  }

  private static JsonObject entry(String verticle) {
    return new JsonObject().put("verticle", verticle);
  }

  @Test
  void deploysTheListedVerticlesInOrderWithTheirConfigAndInstances(Vertx vertx) {
    FakeServer server = FakeServer.start(vertx);
    JsonObject description = new JsonObject().put("verticles", new JsonArray()
      .add(entry("LoggerVerticle").put("config", new JsonObject().put("address", "m")))
      .add(entry("io.tether.UpperCaseVerticle").put("instances", 2).put("config", new JsonObject().put("address", "m")))
      .add(entry("io.tether.ClientVerticle").put("config", client("m", server.port()))));
    Await.result(vertx.deployVerticle(new MainVerticle(), new DeploymentOptions().setConfig(description)));
    assertEquals(1 + 1 + 1 + 1, vertx.deploymentIDs().size());

    NetSocket conn = server.nextConnection();
    conn.write("hello");
    // two instances of the user's verticle: each answers once
    server.awaitReceived("HELLOHELLO");
    assertEquals("HELLOHELLO", server.receivedText());
  }

  @Test
  void aNameWithoutADotIsTethersVerticleOrElseAClassOfTheDefaultPackage(Vertx vertx) {
    JsonObject description = new JsonObject().put("verticles", new JsonArray()
      .add(entry("LoggerVerticle").put("config", new JsonObject().put("address", "dp")))
      .add(entry("DefaultPackageVerticle")));
    Await.result(vertx.deployVerticle(new MainVerticle(), new DeploymentOptions().setConfig(description)));
    assertEquals("here", Await.result(vertx.eventBus().request("default.package", "")).body());
  }

  @Test
  void aClientOnlyConfigDeploysALoggerAndTheClient(Vertx vertx) {
    FakeServer server = FakeServer.start(vertx);
    Await.result(vertx.deployVerticle(new MainVerticle(),
      new DeploymentOptions().setConfig(client("solo", server.port()))));
    server.nextConnection();
    assertEquals(3, vertx.deploymentIDs().size());
    Await.until("connected", () -> "CONNECTED".equals(stats(vertx, "solo").getString("state")));
  }

  @Test
  void undeployingStopsEveryChild(Vertx vertx) {
    FakeServer server = FakeServer.start(vertx);
    String id = Await.result(vertx.deployVerticle(new MainVerticle(),
      new DeploymentOptions().setConfig(client("stop", server.port()))));
    server.nextConnection();
    Await.result(vertx.undeploy(id));
    assertTrue(vertx.deploymentIDs().isEmpty());
  }

  @Test
  void badEntriesNameTheirPlace(Vertx vertx) {
    assertEquals("verticles[1].verticle: expected a verticle class on the classpath, got \"com.example.Missing\"",
      deployFails(vertx, new JsonObject().put("verticles", new JsonArray()
        .add(entry("LoggerVerticle")).add(entry("com.example.Missing")))).getMessage());
    assertTrue(vertx.deploymentIDs().isEmpty(), "the logger deployed before the bad entry is undeployed");
    assertEquals("verticles[0].instances: expected an integer from 1 to 10000, got 0",
      deployFails(vertx, new JsonObject().put("verticles", new JsonArray()
        .add(entry("LoggerVerticle").put("instances", 0)))).getMessage());
    assertEquals("verticles[0].config: expected an object, got \"x\"",
      deployFails(vertx, new JsonObject().put("verticles", new JsonArray()
        .add(entry("LoggerVerticle").put("config", "x")))).getMessage());
    assertTrue(deployFails(vertx, new JsonObject().put("verticles", new JsonArray()
      .add(entry("LoggerVerticle").put("instance", 2)))).getMessage()
      .startsWith("verticles[0].instance: unknown key"));
    assertEquals("verticles: expected a non-empty list of {\"verticle\": ...} entries, got []",
      deployFails(vertx, new JsonObject().put("verticles", new JsonArray())).getMessage());
    Throwable client = deployFails(vertx, new JsonObject().put("verticles", new JsonArray()
      .add(entry("ClientVerticle").put("config", new JsonObject().put("framing.mode", "xml")))));
    assertInstanceOf(TetherConfigException.class, client);
    assertEquals("verticles[0].config.framing.mode: expected one of raw, line, length, got \"xml\"",
      client.getMessage());
    assertTrue(vertx.deploymentIDs().isEmpty());
  }

  @Test
  void aBadEntryStopsTheDeploymentBeforeAnythingStarts(Vertx vertx) {
    FakeServer server = FakeServer.start(vertx);
    int companion = FakeServer.freePort(vertx);
    JsonArray good = new JsonArray()
      .add(entry("PeerServerVerticle").put("config", new JsonObject().put("port", companion)))
      .add(entry("LoggerVerticle"))
      .add(entry("ClientVerticle").put("config", client("whole", server.port())));
    List<JsonObject> bad = List.of(
      entry("ClientVerticle").put("config", new JsonObject().put("prot", 1)),
      entry("LoggerVerticle").put("config", new JsonObject().put("adress", "x")),
      entry("PeerServerVerticle").put("config", new JsonObject().put("maxConnections", 0)),
      entry("com.example.Missing"));
    List<String> expected = List.of(
      "verticles[3].config.prot: unknown key; did you mean port?",
      "verticles[3].config.adress: unknown key; did you mean address?",
      "verticles[3].config.maxConnections: expected an integer >= 1, got 0",
      "verticles[3].verticle: expected a verticle class on the classpath, got \"com.example.Missing\"");
    Await.Events<JsonObject> status = status(vertx, "whole");
    try (LogCapture logs = new LogCapture()) {
      for (int i = 0; i < bad.size(); i++) {
        Throwable err = deployFails(vertx, new JsonObject().put("verticles", good.copy().add(bad.get(i))));
        assertInstanceOf(TetherConfigException.class, err);
        assertEquals(expected.get(i), err.getMessage());
      }
      status.assertNoneWithin(Duration.ofMillis(300));
      assertEquals(0, server.pendingConnections(), "no client connected before the bad entry was found");
      assertFalse(logs.text().contains("Listening to"), "the companion server never listened: " + logs.text());
    }
    assertTrue(vertx.deploymentIDs().isEmpty());
  }

  @Test
  void aDeploymentFileNamedByTetherConfIsNamedInItsErrors(Vertx vertx) {
    JsonObject description = new JsonObject().put("verticles", new JsonArray()
      .add(entry("LoggerVerticle")).add(entry("ClientVerticle").put("config", new JsonObject().put("prot", 1))));
    Throwable err = Await.failure(MainVerticle.plan(vertx, description, "deployment file conf/mine.json", false));
    assertEquals("verticles[1].config.prot: unknown key; did you mean port? (from deployment file conf/mine.json)",
      err.getMessage());
    Throwable entry = Await.failure(MainVerticle.plan(vertx, new JsonObject().put("verticles", new JsonArray()
      .add(entry("LoggerVerticle").put("instances", 0))), "-conf d.json", false));
    assertEquals("verticles[0].instances: expected an integer from 1 to 10000, got 0 (from -conf d.json)",
      entry.getMessage());
    Throwable client = Await.failure(MainVerticle.plan(vertx, new JsonObject().put("prot", 1), "-conf c.json", false));
    assertEquals("prot: unknown key; did you mean port? (from -conf c.json)", client.getMessage());
  }
}
