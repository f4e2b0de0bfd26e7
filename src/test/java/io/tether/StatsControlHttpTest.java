package io.tether;

import io.tether.testkit.Await;
import io.tether.testkit.FakeServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code GET /}, {@code GET /stats} and {@code POST /control/ACTION} on the metrics and health port, over real HTTP. */
@ExtendWith(VertxExtension.class)
class StatsControlHttpTest extends ClientTestBase {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  record Reply(int status, String contentType, String allow, String body) {
    JsonObject json() {
      assertEquals("application/json", contentType, body);
      return new JsonObject(body);
    }
  }

  static Reply http(String method, int port, String path) {
    try {
      HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .method(method, HttpRequest.BodyPublishers.noBody())
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(r.statusCode(), r.headers().firstValue("content-type").orElse(""),
        r.headers().firstValue("allow").orElse(""), r.body());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static JsonObject lineClient(String address, int port) {
    return client(address, port).put("framing", new JsonObject().put("mode", "line"));
  }

  @Test
  void statsAndEveryControlActionOverHttp(Vertx vertx) {
    FakeServer server = FakeServer.start(vertx);
    Await.Events<JsonObject> status = status(vertx, "sc");
    Await.Events<Message<Buffer>> in = inbound(vertx, "sc");
    int port = MetricsHealthTest.deployMonitored(vertx, lineClient("sc", server.port())).actualMetricsPort();
    NetSocket first = server.nextConnection();
    String firstId = awaitState(status, ConnectionState.CONNECTED).getString("connection");

    first.write("one\n");
    assertEquals("one", in.next().body().toString());
    Await.result(vertx.eventBus().request("sc.out", "up"));
    server.awaitReceived("up\n");
    JsonObject stats = http("GET", port, "/stats").json();
    assertEquals("CONNECTED", stats.getString("state"));
    assertEquals("127.0.0.1:" + server.port(), stats.getString("endpoint"));
    assertEquals(firstId, stats.getString("connection"));
    assertEquals(1, stats.getLong("framesIn"));
    assertEquals(4, stats.getLong("bytesIn"));
    assertEquals(1, stats.getLong("written"));
    assertEquals(3, stats.getLong("bytesOut"));
    assertTrue(stats.getLong("connectedSince") <= System.currentTimeMillis());

    // pause: what the server sends waits until resume; each answer is the stats after the action
    Reply paused = http("POST", port, "/control/pause");
    assertEquals(200, paused.status(), paused.body());
    assertTrue(paused.json().getBoolean("paused"));
    first.write("two\n");
    in.assertNoneWithin(Duration.ofMillis(300));
    Reply resumed = http("POST", port, "/control/resume");
    assertFalse(resumed.json().getBoolean("paused"));
    assertEquals("two", in.next().body().toString());

    // drain answers once nothing waits; reconnect makes a new connection at once
    assertEquals(0, http("POST", port, "/control/drain").json().getLong("queued"));
    assertEquals(200, http("POST", port, "/control/reconnect").status());
    awaitState(status, ConnectionState.DISCONNECTED);
    NetSocket second = server.nextConnection();
    JsonObject again = awaitState(status, ConnectionState.CONNECTED);
    assertNotEquals(firstId, again.getString("connection"));
    assertEquals(again.getString("connection"), http("GET", port, "/stats").json().getString("connection"));
    second.write("three\n");
    assertEquals("three", in.next().body().toString());

    // close keeps it down until reconnect
    JsonObject closed = http("POST", port, "/control/close").json();
    assertEquals("CLOSED", closed.getString("state"));
    assertEquals("CLOSED", http("GET", port, "/stats").json().getString("state"));
    assertEquals(0, server.pendingConnections());
    http("POST", port, "/control/reconnect");
    server.nextConnection();
    Await.until("connected after the close", () -> "CONNECTED".equals(http("GET", port, "/stats").json()
      .getString("state")));
  }

  @Test
  void wrongActionsMethodsAndPathsSayWhat(Vertx vertx) {
    FakeServer server = FakeServer.start(vertx);
    int port = MetricsHealthTest.deployMonitored(vertx, lineClient("wr", server.port())).actualMetricsPort();
    server.nextConnection();

    Reply unknown = http("POST", port, "/control/fly");
    assertEquals(400, unknown.status());
    assertEquals("text/plain; charset=utf-8", unknown.contentType());
    assertEquals("BAD_BODY: unknown action \"fly\" (expected reconnect, pause, resume, drain or close)\n",
      unknown.body());
    Reply get = http("GET", port, "/control/pause");
    assertEquals(405, get.status());
    assertEquals("POST", get.allow());
    assertFalse(http("GET", port, "/stats").json().getBoolean("paused"), "a GET does not act");
    Reply postStats = http("POST", port, "/stats");
    assertEquals(405, postStats.status());
    assertEquals("GET, HEAD", postStats.allow());
    assertEquals(404, http("GET", port, "/stats?address=other").status());

    Reply index = http("GET", port, "/");
    assertEquals(200, index.status());
    assertEquals("text/plain; charset=utf-8", index.contentType());
    String[] lines = index.body().split("\n");
    assertEquals("Tether on 127.0.0.1:" + port + ": wr -> 127.0.0.1:" + server.port(), lines[0]);
    assertTrue(lines[1].startsWith("GET  /metrics "), index.body());
    assertTrue(lines[2].startsWith("GET  /health, /health/ready, /health/live "), index.body());
    assertTrue(lines[3].startsWith("GET  /stats[?address=A] "), index.body());
    assertTrue(lines[4].startsWith("POST /control/ACTION[?address=A] "), index.body());
    assertEquals(5, lines.length, index.body());

    Reply missing = http("GET", port, "/nothing");
    assertEquals(404, missing.status());
    assertEquals("Not found: /nothing (GET / lists what this port serves)\n", missing.body());
  }

  @Test
  void onePortWithSeveralClientsIsAskedWhich(Vertx vertx) {
    FakeServer server = FakeServer.start(vertx);
    FakeServer other = FakeServer.start(vertx);
    int port = FakeServer.freePort(vertx);
    JsonObject health = new JsonObject().put("metrics", new JsonObject().put("port", port))
      .put("health", new JsonObject().put("enabled", true));
    deployClient(vertx, lineClient("left", server.port()).mergeIn(health.copy()));
    deployClient(vertx, lineClient("right", other.port()).mergeIn(health.copy()));
    server.nextConnection();
    other.nextConnection();

    Reply which = http("GET", port, "/stats");
    assertEquals(400, which.status());
    assertEquals("this port serves several clients (left -> 127.0.0.1:" + server.port() + ", right -> 127.0.0.1:"
      + other.port() + "): choose one with ?address=\n", which.body());
    assertEquals("127.0.0.1:" + other.port(), http("GET", port, "/stats?address=right").json().getString("endpoint"));
    assertEquals("127.0.0.1:" + server.port(), http("GET", port, "/stats?address=left").json().getString("endpoint"));
    assertEquals(400, http("POST", port, "/control/pause").status());
    assertTrue(http("POST", port, "/control/pause?address=right").json().getBoolean("paused"));
    assertFalse(http("GET", port, "/stats?address=left").json().getBoolean("paused"));
    Reply index = http("GET", port, "/");
    assertFalse(index.body().contains("/metrics"), "health alone: no metrics\n" + index.body());
    assertTrue(index.body().contains("Several clients: ?address= says which."), index.body());
  }

  @Test
  void instancesThatShareAnAddressShowApartButCannotBeControlledApart(Vertx vertx) {
    FakeServer server = FakeServer.start(vertx);
    int port = FakeServer.freePort(vertx);
    MetricsHealthTest.deployTwoInstances(vertx, lineClient("dup", server.port()), port);
    server.nextConnection();
    server.nextConnection();
    String one = http("GET", port, "/stats?address=dup").json().getString("connection");
    String two = http("GET", port, "/stats?address=dup%232").json().getString("connection");
    assertNotEquals(one, two);
    Reply control = http("POST", port, "/control/pause?address=dup%232");
    assertEquals(409, control.status());
    assertEquals("2 clients of this process share the address dup, and dup.control reaches any one of them: give each"
      + " client an address of its own\n", control.body());
  }
}
