package io.tether;

import io.tether.testkit.LogCapture;
import io.tether.testkit.Await;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The companion server's limits: where it binds, how many connections, how much per read, how long idle. */
@ExtendWith(VertxExtension.class)
class PeerServerVerticleTest {

  private static final String ANSWER = "You have 0 peers on this server";

  private static int deploy(Vertx vertx, JsonObject config) {
    PeerServerVerticle server = new PeerServerVerticle();
    Await.result(vertx.deployVerticle(server, new DeploymentOptions().setConfig(config.put("port", 0))));
    return server.actualPort();
  }

  /** A raw connection that records what it receives and when it is closed. */
  private static final class Peer {
    final NetSocket socket;
    final Buffer received = Buffer.buffer();
    final Await.Events<Boolean> closed = new Await.Events<>();

    /** Closed by the server: the close event came, or a write fails (the event can come before its handler). */
    boolean isClosed() {
      if (closed.size() > 0) {
        return true;
      }
      try {
        Await.result(socket.write("?"));
        return false;
      } catch (AssertionError e) {
        return true;
      }
    }

    Peer(Vertx vertx, int port) {
      NetClient client = vertx.createNetClient();
      // handlers set as the connect completes; a close that comes before them is seen by isClosed()
      socket = Await.result(client.connect(port, "127.0.0.1").map(so -> {
        so.handler(b -> {
          synchronized (received) {
            received.appendBuffer(b);
          }
        });
        so.closeHandler(v -> closed.add(true));
        return so;
      }));
    }

    int answers() {
      synchronized (received) {
        String text = received.toString();
        return text.isEmpty() ? 0 : text.split("server", -1).length - 1;
      }
    }
  }

  @Test
  void itListensOnLoopbackOnlyByDefault(Vertx vertx) throws Exception {
    PeerServerVerticle server = new PeerServerVerticle();
    Await.result(vertx.deployVerticle(server, new DeploymentOptions().setConfig(new JsonObject().put("port", 0))));
    int port = server.actualPort();
    Peer local = new Peer(vertx, port);
    local.socket.write("x");
    Await.until("an answer on 127.0.0.1", () -> local.answers() == 1);
    List<InetAddress> others = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
      .flatMap(i -> Collections.list(i.getInetAddresses()).stream())
      .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress()).collect(Collectors.toList());
    for (InetAddress a : others) {
      Throwable refused = Await.failure(vertx.createNetClient().connect(port, a.getHostAddress()));
      assertTrue(refused.getMessage().contains("Connection refused"), a + ": " + refused);
    }
  }

  @Test
  void aConnectionOverMaxConnectionsIsClosedAtOnce(Vertx vertx) {
    int port = deploy(vertx, new JsonObject().put("maxConnections", 2));
    Peer one = new Peer(vertx, port);
    Peer two = new Peer(vertx, port);
    one.socket.write("a");
    Await.until("the first answer", () -> one.answers() == 1);
    two.socket.write("b");
    Await.until("the second answer", () -> two.answers() == 1);
    try (LogCapture logs = new LogCapture()) {
      Peer three = new Peer(vertx, port);
      Await.until("the server to close the third connection", three::isClosed);
      assertEquals(0, three.answers());
      assertTrue(logs.text().contains("Refused connection from 127.0.0.1: 2 connections already (maxConnections)"), logs.text());
    }
    // the two within the limit are untouched, and a place frees up when one leaves
    one.socket.write("c");
    Await.until("another answer", () -> one.answers() == 2);
    assertTrue(one.received.toString().endsWith("You have 1 peer on this server"));
    Await.result(two.socket.close());
    // the server counts the place free once it has seen the close, a moment after the client's side: a newcomer
    // refused before that tries again, a bounded number of times
    boolean answered = false;
    for (int attempt = 0; attempt < 50 && !answered; attempt++) {
      Peer four = new Peer(vertx, port);
      four.socket.write("d");
      Await.until("an answer or a refusal", () -> four.answers() == 1 || four.isClosed());
      answered = four.answers() == 1;
    }
    assertTrue(answered, "a new connection is answered once a place is free");
  }

  @Test
  void noChunkIsLargerThanMaxChunkSize(Vertx vertx) {
    int port = deploy(vertx, new JsonObject().put("maxChunkSize", 1024));
    try (LogCapture logs = new LogCapture()) {
      Peer peer = new Peer(vertx, port);
      peer.socket.write(Buffer.buffer("z".repeat(10_000)));
      // one answer per chunk read: 10000 bytes in chunks of at most 1024 is at least 10 of them
      Await.until("10 answers", () -> peer.answers() >= 10);
      Await.until("all 10000 bytes logged", () -> sentBytes(logs) == 10_000);
      for (String line : logs.lines()) {
        if (line.contains(" sent: ")) {
          int size = line.length() - line.indexOf(" sent: ") - " sent: ".length();
          assertTrue(size <= 1024, "a chunk of " + size + " bytes");
        }
      }
    }
  }

  private static int sentBytes(LogCapture logs) {
    return logs.lines().stream().filter(l -> l.contains(" sent: "))
      .mapToInt(l -> l.length() - l.indexOf(" sent: ") - " sent: ".length()).sum();
  }

  @Test
  void anIdleConnectionIsClosedAndABusyOneIsNot(Vertx vertx) {
    int port = deploy(vertx, new JsonObject().put("idleTimeout", 300));
    try (LogCapture logs = new LogCapture()) {
      Peer busy = new Peer(vertx, port);
      long ticker = vertx.setPeriodic(50, id -> busy.socket.write("ping"));
      Peer quiet = new Peer(vertx, port);
      assertTrue(quiet.closed.next());
      assertTrue(logs.text().contains("Closing idle connection from 127.0.0.1: nothing received for "), logs.text());
      // the busy one has been talking all along, for longer than the timeout, and is still open
      Await.until("answers for well past the timeout", () -> busy.answers() >= 10);
      assertEquals(0, busy.closed.size());
      vertx.cancelTimer(ticker);
      assertTrue(busy.closed.next());
    }
  }

  @Test
  void badLimitsStopTheDeploymentNamingTheKey(Vertx vertx) {
    assertBad(vertx, new JsonObject().put("maxConnections", 0), "maxConnections: expected an integer >= 1, got 0");
    assertBad(vertx, new JsonObject().put("maxChunkSize", 10), "maxChunkSize: expected an integer from 64 to 1048576, got 10");
    assertBad(vertx, new JsonObject().put("idleTimeout", "5m"),
      "idleTimeout: expected a number of ms >= 0 (0 never closes an idle connection), got \"5m\"");
    assertBad(vertx, new JsonObject().put("maxconnections", 5),
      "maxconnections: unknown key; did you mean maxConnections?");
    assertBad(vertx, new JsonObject().put("bind", "::"),
      "bind: unknown key; known keys: host, port, maxConnections, maxChunkSize, idleTimeout");
  }

  private static void assertBad(Vertx vertx, JsonObject config, String message) {
    Throwable t = Await.failure(vertx.deployVerticle(new PeerServerVerticle(), new DeploymentOptions().setConfig(config)));
    assertInstanceOf(TetherConfigException.class, t);
    assertNotNull(t.getMessage());
    assertTrue(t.getMessage().startsWith(message), t.getMessage());
  }
}
