package io.tether.impl.console;

import io.tether.ClientVerticle;
import io.tether.testkit.Await;
import io.tether.testkit.FakeServer;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code status} against a running client's port, over real HTTP. */
class StatusCommandTest {

  private static Vertx vertx;
  private static FakeServer server;
  private static int port;

  record Run(int code, String out, String err) {
  }

  @BeforeAll
  static void aClientWithHealth() {
    vertx = Vertx.vertx();
    server = FakeServer.start(vertx);
    ClientVerticle client = new ClientVerticle();
    Await.result(vertx.deployVerticle(client, new DeploymentOptions().setConfig(new JsonObject()
      .put("host", "127.0.0.1").put("port", server.port()).put("address", "st")
      .put("ping", new JsonObject().put("interval", 0))
      .put("metrics", new JsonObject().put("port", 0))
      .put("health", new JsonObject().put("enabled", true)))));
    port = client.actualMetricsPort();
    server.nextConnection().write("hello");
    Await.until("the frame counted", () -> status(Integer.toString(port)).out().contains("| in 1 frame 5 B |"));
  }

  @AfterAll
  static void close() {
    Await.result(vertx.close());
  }

  static Run status(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = StatusCommand.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
      new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void printsOneLineAboutTheClient() {
    Run r = status("--address", "st", "127.0.0.1:" + port);
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().matches("CONNECTED 127\\.0\\.0\\.1:" + server.port() + " \\| up \\d+ (ms|s) \\| rtt - \\| in 1 frame"
      + " 5 B \\| out 0 frames 0 B \\| outbox 0\n"), r.out());
    assertEquals("", r.err());
    JsonObject json = new JsonObject(status("--json", Integer.toString(port)).out());
    assertEquals("CONNECTED", json.getString("state"));
    assertEquals(1, json.getLong("framesIn"));
  }

  @Test
  void aClientThePortDoesNotServeOrAPortWithNothingOnItIsAnError() {
    Run other = status("--address=nope", Integer.toString(port));
    assertEquals(1, other.code());
    assertEquals("status: http://127.0.0.1:" + port + "/stats?address=nope: 404 no client nope on this port (st -> "
      + "127.0.0.1:" + server.port() + ")\n", other.err());
    int closed = FakeServer.freePort(vertx);
    Run nothing = status(Integer.toString(closed));
    assertEquals(1, nothing.code());
    assertTrue(nothing.err().startsWith("status: nothing answers on http://127.0.0.1:" + closed + " ("), nothing.err());
    assertTrue(nothing.err().endsWith("a client serves /stats there with metrics.enabled or health.enabled\n"),
      nothing.err());
  }

  @Test
  void badArgumentsAreUsageErrors() {
    assertEquals(2, status("--address").code());
    assertEquals("status: unexpected argument 1 (status --help shows the options)\n", status("9464", "1").err());
    assertTrue(status("notaport").err().startsWith("status: PORT: expected \"host:port\""));
    assertTrue(status("--help").out().startsWith("Usage: status [--address A] [--json] [PORT | HOST:PORT]"));
  }
}
