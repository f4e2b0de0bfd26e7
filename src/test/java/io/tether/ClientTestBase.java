package io.tether;

import io.tether.testkit.Await;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Deploying clients and listening to their addresses, for tests over real sockets. */
abstract class ClientTestBase {

  /** A client config for 127.0.0.1:port with quick reconnects and no pings. */
  static JsonObject client(String address, int port) {
    return new JsonObject()
      .put("host", "127.0.0.1").put("port", port).put("address", address)
      .put("ping", new JsonObject().put("interval", 0))
      .put("reconnect", new JsonObject().put("initialDelay", 20).put("maxDelay", 100).put("jitter", 0.0));
  }

  static String deployClient(Vertx vertx, JsonObject config) {
    return Await.result(vertx.deployVerticle(new ClientVerticle(), new DeploymentOptions().setConfig(config)));
  }

  static Await.Events<Message<Buffer>> inbound(Vertx vertx, String address) {
    Await.Events<Message<Buffer>> events = new Await.Events<>();
    Await.result(vertx.eventBus().<Buffer>consumer(address + ".in", events::add).completion());
    return events;
  }

  static Await.Events<JsonObject> status(Vertx vertx, String address) {
    Await.Events<JsonObject> events = new Await.Events<>();
    Await.result(vertx.eventBus().<JsonObject>consumer(address + ".status", m -> events.add(m.body())).completion());
    return events;
  }

  static JsonObject awaitState(Await.Events<JsonObject> status, ConnectionState state) {
    return status.nextMatching(e -> state.name().equals(e.getString("state")));
  }

  static JsonObject stats(Vertx vertx, String address) {
    return Await.result(vertx.eventBus().<JsonObject>request(address + ".stats", "")).body();
  }

  /** The accounting invariant of tether.stats, and that every loss is a dead letter. */
  static void assertCountsAddUp(JsonObject s) {
    assertEquals(s.getLong("sent"), s.getLong("written") + s.getLong("rejected") + s.getLong("expired")
      + s.getLong("dropped") + s.getLong("failed") + s.getLong("timeouts") + s.getLong("lost") + s.getLong("queued"),
      s.encode());
    assertEquals(s.getLong("deadLetters"), s.getLong("rejected") + s.getLong("expired") + s.getLong("dropped")
      + s.getLong("failed") + s.getLong("timeouts") + s.getLong("lost"), s.encode());
  }
}
