package io.tether;

import io.tether.testkit.FakeServer;
import io.tether.testkit.Await;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import io.vertx.junit5.VertxExtension;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.ConnectException;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Metrics and health scraped over real HTTP while connections come and go. */
@ExtendWith(VertxExtension.class)
class MetricsHealthTest extends ClientTestBase {

  record Reply(int status, String contentType, String body) {
  }

  static Reply get(int port, String path) {
    StatsControlHttpTest.Reply r = StatsControlHttpTest.http("GET", port, path);
    return new Reply(r.status(), r.contentType(), r.body());
  }

  /** The value of the sample {@code name} whose labels include {@code labels}, from a Prometheus text scrape. */
  static double sample(String scrape, String name, Map<String, String> labels) {
    for (String line : scrape.split("\n")) {
      if (line.startsWith(name + "{") && labels.entrySet().stream()
        .allMatch(l -> line.contains(l.getKey() + "=\"" + l.getValue() + "\""))) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    throw new AssertionError("no sample " + name + labels + " in:\n" + scrape.lines()
      .filter(l -> l.startsWith("tether")).collect(Collectors.joining("\n")));
  }

  static void awaitSample(int port, String name, Map<String, String> labels, double value) {
    Await.until(name + labels + " = " + value, () -> sample(get(port, "/metrics").body(), name, labels) == value);
  }

  static ClientVerticle deployMonitored(Vertx vertx, JsonObject config) {
    ClientVerticle verticle = new ClientVerticle();
    Await.result(vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(config
      .put("metrics", new JsonObject().put("enabled", true).put("port", 0))
      .put("health", new JsonObject().put("enabled", true)))));
    return verticle;
  }

  @Test
  void metersAndReadinessFollowTheConnection(Vertx vertx) {
    FakeServer server = FakeServer.start(vertx);
    Await.Events<JsonObject> status = status(vertx, "mh");
    Await.Events<Message<Buffer>> in = inbound(vertx, "mh");
    ClientVerticle client = deployMonitored(vertx, client("mh", server.port()));
    int port = client.actualMetricsPort();
    Map<String, String> tags = Map.of("address", "mh", "client", "mh", "endpoint", "127.0.0.1:" + server.port());
    NetSocket conn = server.nextConnection();
    awaitState(status, ConnectionState.CONNECTED);

    Reply scrape = get(port, "/metrics");
    assertEquals(200, scrape.status());
    assertEquals("text/plain; version=0.0.4; charset=utf-8", scrape.contentType());
    assertEquals(1.0, sample(scrape.body(), "tether_connected", tags));
    assertEquals(1.0, sample(scrape.body(), "tether_state", Map.of("address", "mh", "state", "CONNECTED")));
    assertEquals(0.0, sample(scrape.body(), "tether_state", Map.of("address", "mh", "state", "BACKING_OFF")));
    assertEquals(1.0, sample(scrape.body(), "tether_connects_total", tags));
    assertEquals(0.0, sample(scrape.body(), "tether_reconnects_total", tags));
    assertEquals(0.0, sample(scrape.body(), "tether_dead_letters_total", tags));
    assertTrue(scrape.body().contains("jvm_memory_used_bytes"), "the JVM's meters are there too");
    Reply ready = get(port, "/health/ready");
    assertEquals(200, ready.status());
    assertEquals("application/json", ready.contentType());
    JsonObject readyJson = new JsonObject(ready.body());
    assertEquals("UP", readyJson.getString("status"));
    assertEquals("CONNECTED", readyJson.getJsonArray("checks").getJsonObject(0).getJsonObject("data").getString("state"));
    assertEquals(200, get(port, "/health/live").status());
    JsonObject onTheBus = Await.result(vertx.eventBus().<JsonObject>request("mh.health.ready", "")).body();
    assertEquals("UP", onTheBus.getString("status"));

    // traffic both ways
    conn.write("abc");
    in.next();
    Await.result(vertx.eventBus().request("mh.out", "xy"));
    scrape = get(port, "/metrics");
    assertEquals(1.0, sample(scrape.body(), "tether_frames_in_total", tags));
    assertEquals(3.0, sample(scrape.body(), "tether_bytes_in_total", tags));
    assertEquals(1.0, sample(scrape.body(), "tether_frames_out_total", tags));
    assertEquals(2.0, sample(scrape.body(), "tether_bytes_out_total", tags));
    assertEquals(1.0, sample(scrape.body(), "tether_messages_sent_total", tags));
    assertEquals(1.0, sample(scrape.body(), "tether_messages_total", Map.of("address", "mh", "outcome", "written")));

    // the server goes away: not ready, still alive, messages wait in the outbox
    server.stop();
    awaitState(status, ConnectionState.DISCONNECTED);
    vertx.eventBus().request("mh.out", "q1");
    vertx.eventBus().request("mh.out", "q2");
    Await.until("two messages queued", () -> stats(vertx, "mh").getLong("queued") == 2);
    scrape = get(port, "/metrics");
    assertEquals(0.0, sample(scrape.body(), "tether_connected", tags));
    assertEquals(2.0, sample(scrape.body(), "tether_outbox_depth", tags));
    ready = get(port, "/health/ready");
    assertEquals(503, ready.status());
    assertEquals("DOWN", new JsonObject(ready.body()).getString("status"));
    assertEquals(200, get(port, "/health/live").status());
    assertEquals("DOWN", Await.result(vertx.eventBus().<JsonObject>request("mh.health.ready", "")).body().getString("status"));
    assertEquals("UP", Await.result(vertx.eventBus().<JsonObject>request("mh.health.live", "")).body().getString("status"));

    // it comes back
    server.listen(server.port());
    awaitSample(port, "tether_connected", tags, 1.0);
    scrape = get(port, "/metrics");
    assertEquals(2.0, sample(scrape.body(), "tether_connects_total", tags));
    assertEquals(1.0, sample(scrape.body(), "tether_reconnects_total", tags));
    awaitSample(port, "tether_outbox_depth", tags, 0.0);
    awaitSample(port, "tether_messages_total", Map.of("address", "mh", "outcome", "written"), 3.0);
    assertEquals(200, get(port, "/health/ready").status());
    assertEquals(404, get(port, "/nothing").status());

    // undeployed: the server is gone with it
    Await.result(vertx.undeploy(vertx.deploymentIDs().iterator().next()));
    // a new connection, not one kept alive from the scrapes before: nothing listens any more
    assertThrows(ConnectException.class, () -> new java.net.Socket("127.0.0.1", port).close());
  }

  @Test
  void roundTripsOfAnsweredPingsFillTheHistogram(Vertx vertx) {
    FakeServer server = FakeServer.start(vertx);
    // a heartbeat far longer than the pings' 3 x 20 ms: a stall of the machine would otherwise close the one
    // connection that echoes, and the pings of the next would go unanswered
    ClientVerticle verticle = deployMonitored(vertx, client("rttm", server.port()).put("framing.mode", "line")
      .put("ping", new JsonObject().put("interval", 20).put("payload", "ping").put("expect", "ping"))
      .put("heartbeat", new JsonObject().put("timeout", 10_000)));
    NetSocket conn = server.nextConnection();
    conn.handler(conn::write);
    int port = verticle.actualMetricsPort();
    Await.until("five timed pings", () -> sample(get(port, "/metrics").body(), "tether_rtt_seconds_count",
      Map.of("address", "rttm")) >= 5);
    long measured = stats(vertx, "rttm").getLong("rttSamples");
    assertTrue(measured >= 5, "stats count the same round trips: " + measured);
    assertTrue(sample(get(port, "/metrics").body(), "tether_rtt_seconds_max", Map.of("address", "rttm")) > 0);
  }

  /** Two instances of a client with {@code config}, health on, serving {@code port}. */
  static void deployTwoInstances(Vertx vertx, JsonObject config, int port) {
    JsonObject metrics = config.getJsonObject("metrics", new JsonObject()).put("port", port);
    Await.result(vertx.deployVerticle(ClientVerticle.class.getName(), new DeploymentOptions().setInstances(2)
      .setConfig(config.put("metrics", metrics).put("health", new JsonObject().put("enabled", true)))));
  }

  @Test
  void instancesOnOneAddressShareTheServerAndEachShows(Vertx vertx) {
    FakeServer server = FakeServer.start(vertx);
    int port = FakeServer.freePort(vertx);
    deployTwoInstances(vertx, client("sh", server.port()).put("metrics", new JsonObject().put("enabled", true)), port);
    server.nextConnection();
    server.nextConnection();
    awaitSample(port, "tether_connected", Map.of("client", "sh"), 1.0);
    awaitSample(port, "tether_connected", Map.of("client", "sh#2"), 1.0);
    for (int i = 0; i < 4; i++) {
      // every connection to the shared port sees both clients
      JsonObject ready = new JsonObject(get(port, "/health/ready").body());
      assertEquals(2, ready.getJsonArray("checks").size(), ready.encode());
    }
  }

  @Test
  void tetherMetersSitBesideVertxMeters() {
    Vertx metered = Vertx.vertx(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)
      .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true))));
    try {
      FakeServer server = FakeServer.start(metered);
      ClientVerticle client = deployMonitored(metered, client("vm", server.port()));
      server.nextConnection();
      int port = client.actualMetricsPort();
      awaitSample(port, "tether_connected", Map.of("address", "vm"), 1.0);
      String scrape = get(port, "/metrics").body();
      assertTrue(scrape.contains("\nvertx_net_client_active_connections 1.0"), "Vert.x's own meters are in the same scrape");
      assertTrue(scrape.contains("\nvertx_http_server_requests_total{"), scrape);
    } finally {
      Await.result(metered.close());
    }
  }

  @Test
  void aMetricsPortInUseFailsTheDeploymentNamingTheKey(Vertx vertx) {
    FakeServer busy = FakeServer.start(vertx);
    Throwable t = Await.failure(vertx.deployVerticle(new ClientVerticle(), new DeploymentOptions().setConfig(
      client("busy", busy.port()).put("metrics", new JsonObject().put("enabled", true).put("port", busy.port())))));
    assertInstanceOf(TetherConfigException.class, t);
    assertTrue(t.getMessage().startsWith("metrics.port: cannot listen on 127.0.0.1:" + busy.port() + ": "), t.getMessage());
    assertTrue(vertx.deploymentIDs().isEmpty());
  }
}
