package io.tether;

import io.tether.testkit.TestPki;
import io.tether.testkit.Child;
import io.tether.testkit.FakeServer;
import io.tether.testkit.Await;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's TLS and metrics examples from conf/, run by the fat jar as a child process. */
class TlsMetricsIT {

  private static Vertx vertx;

  @TempDir
  Path dir;

  @BeforeAll
  static void vertx() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void close() {
    Await.result(vertx.close());
  }

  /** conf/client-tls.json as it is, in {@code dir}, with the test's certificates in place of tls/demo/ and {@code port}. */
  static Path tlsExample(Path dir, int port) throws java.io.IOException {
    String text = Files.readString(Child.BASEDIR.resolve("conf/client-tls.json"))
      .replace("tls/demo/", TestPki.dir() + "/").replace("9443", Integer.toString(port));
    return Files.writeString(dir.resolve("client-tls.json"), text);
  }

  @Test
  void theTlsExampleTakesItsPasswordFromTheEnvironmentAndNeverPrintsIt() throws Exception {
    FakeServer server = FakeServer.start(vertx, TlsTest.mutualTlsServer());
    Path conf = tlsExample(dir, server.port());
    try (Child child = Child.jar(Map.of("TETHER_DEMO_KEYSTORE_PASSWORD", TestPki.PASSWORD), List.of(),
      "-conf", conf.toString())) {
      NetSocket conn = server.nextConnection();
      conn.write("hello over TLS\n");
      child.awaitLine(l -> l.equals("Received: hello over TLS"));
      server.awaitReceived("Ping\n");
      assertTrue(child.stdout().contains("Opened connection to localhost:" + server.port()), child.output());
      assertTrue(child.output().contains("TLS to localhost:" + server.port() + ": trust from "), child.output());
      assertFalse(child.output().contains(TestPki.PASSWORD), child.output());
    }
  }

  @Test
  void theMetricsExampleServesMetricsAndHealthOverHttp() throws Exception {
    int peerPort = FakeServer.freePort(vertx);
    int metricsPort = FakeServer.freePort(vertx);
    String text = Files.readString(Child.BASEDIR.resolve("conf/tether-metrics.json"))
      .replace("9001", Integer.toString(peerPort)).replace("9464", Integer.toString(metricsPort));
    Path conf = Files.writeString(dir.resolve("tether-metrics.json"), text);
    try (Child child = Child.jar(Map.of(), List.of(), "-conf", conf.toString())) {
      child.awaitLine(l -> l.startsWith("Received: You have 0 peers"));
      Map<String, String> tags = Map.of("address", "tether", "endpoint", "localhost:" + peerPort);
      MetricsHealthTest.awaitSample(metricsPort, "tether_connected", tags, 1.0);
      String scrape = MetricsHealthTest.get(metricsPort, "/metrics").body();
      assertTrue(MetricsHealthTest.sample(scrape, "tether_frames_in_total", tags) >= 1, scrape);
      assertEquals(200, MetricsHealthTest.get(metricsPort, "/health/ready").status());
      JsonObject live = new JsonObject(MetricsHealthTest.get(metricsPort, "/health/live").body());
      assertEquals("UP", live.getString("status"));
    }
  }
}
