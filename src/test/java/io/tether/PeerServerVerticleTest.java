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
      assertTrue(logs.text().contains("Refused connection from 127.0.0.1:" + three.socket.localAddress().port()
        + ": 2 connections already (maxConnections)"), logs.text());
      // the two within the limit are untouched, and a place frees up when one leaves
      one.socket.write("c");
      Await.until("another answer", () -> one.answers() == 2);
      assertTrue(one.received.toString().endsWith("You have 1 peer on this server"));
      String leaving = "Connection from 127.0.0.1:" + two.socket.localAddress().port() + " closed";
      Await.result(two.socket.close());
      Await.until("the server to see the second one leave", () -> logs.text().contains(leaving));
      Peer four = new Peer(vertx, port);
      four.socket.write("d");
      Await.until("an answer to a new connection", () -> four.answers() == 1);
    }
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
      assertTrue(logs.text().contains("Closing idle connection from 127.0.0.1:" + quiet.socket.localAddress().port()
        + ": nothing received for "), logs.text());
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
      "bind: unknown key; known keys: host, port, framing.mode, framing.delimiter, maxConnections, maxChunkSize, idleTimeout");
    assertBad(vertx, new JsonObject().put("framing", new JsonObject().put("mode", "lines")),
      "framing.mode: expected one of raw, line, length, got \"lines\"");
  }

  private static void assertBad(Vertx vertx, JsonObject config, String message) {
    Throwable t = Await.failure(vertx.deployVerticle(new PeerServerVerticle(), new DeploymentOptions().setConfig(config)));
    assertInstanceOf(TetherConfigException.class, t);
    assertNotNull(t.getMessage());
    assertTrue(t.getMessage().startsWith(message), t.getMessage());
  }

  @Test
  void itNamesEachClientByAddressAndPortAndLogsWhenItLeaves(Vertx vertx) {
    int port = deploy(vertx, new JsonObject());
    try (LogCapture logs = new LogCapture()) {
      Peer one = new Peer(vertx, port);
      Peer two = new Peer(vertx, port);
      String first = "127.0.0.1:" + one.socket.localAddress().port();
      String second = "127.0.0.1:" + two.socket.localAddress().port();
      Await.until("both connections accepted", () -> logs.text().contains("New connection from " + second));
      one.socket.write("hello");
      Await.until("an answer", () -> one.answers() == 1);
      assertEquals("You have 1 peer on this server", one.received.toString(), "raw: no terminator, as in the recipe");
      Await.result(two.socket.close());
      Await.until("the close logged", () -> logs.text().contains("Connection from " + second + " closed"));
      List<String> lines = logs.lines().stream().filter(l -> l.contains(first) || l.contains(second)).collect(Collectors.toList());
      assertTrue(lines.get(0).endsWith("New connection from " + first), lines.toString());
      assertTrue(lines.get(1).endsWith("New connection from " + second), lines.toString());
      assertTrue(lines.get(2).endsWith(first + " sent: hello"), lines.toString());
      assertTrue(lines.get(3).endsWith("Connection from " + second + " closed"), lines.toString());
    }
  }

  @Test
  void inLineModeEachLineIsAMessageAndEachAnswerALine(Vertx vertx) {
    int port = deploy(vertx, new JsonObject().put("framing", new JsonObject().put("mode", "line").put("delimiter", "\r\n")));
    try (LogCapture logs = new LogCapture()) {
      Peer peer = new Peer(vertx, port);
      String name = "127.0.0.1:" + peer.socket.localAddress().port();
      // two lines in one write, and one cut in two
      peer.socket.write("Ping\r\nPong\r\nPi");
      peer.socket.write("ng\r\n");
      Await.until("three answers", () -> peer.answers() == 3);
      assertEquals("You have 0 peers on this server\r\n".repeat(3), peer.received.toString());
      Await.until("three messages logged", () -> logs.lines().stream().filter(l -> l.contains(" sent: ")).count() == 3);
      assertEquals(List.of(name + " sent: Ping", name + " sent: Pong", name + " sent: Ping"), logs.lines().stream()
        .filter(l -> l.contains(" sent: ")).map(l -> l.substring(l.indexOf(name))).collect(Collectors.toList()));
    }
  }

  @Test
  void inLengthModeMessagesAndAnswersHaveALengthPrefix(Vertx vertx) {
    int port = deploy(vertx, new JsonObject().put("framing.mode", "length"));
    Peer peer = new Peer(vertx, port);
    peer.socket.write(Buffer.buffer().appendInt(4).appendString("Ping").appendInt(2));
    peer.socket.write(Buffer.buffer("Hi"));
    Await.until("two answers", () -> peer.answers() == 2);
    String answer = "You have 0 peers on this server";
    Buffer expected = Buffer.buffer().appendInt(answer.length()).appendString(answer)
      .appendInt(answer.length()).appendString(answer);
    synchronized (peer.received) {
      assertEquals(expected, peer.received);
    }
  }

  @Test
  void aMessageLongerThanMaxChunkSizeClosesTheConnection(Vertx vertx) {
    int port = deploy(vertx, new JsonObject().put("framing.mode", "line").put("maxChunkSize", 64));
    try (LogCapture logs = new LogCapture()) {
      Peer peer = new Peer(vertx, port);
      peer.socket.write("x".repeat(100));
      assertTrue(peer.closed.next());
      assertEquals(0, peer.answers());
      assertTrue(logs.text().contains("frame too large"), logs.text());
    }
  }

  @Test
  void aPortTakenByAnotherServerIsOneLineThatSaysHowToStartASecondClient(Vertx vertx) {
    int port = deploy(vertx, new JsonObject());
    Throwable t = Await.failure(vertx.deployVerticle(new PeerServerVerticle(),
      new DeploymentOptions().setConfig(new JsonObject().put("port", port))));
    assertInstanceOf(TetherException.class, t);
    assertEquals("The companion server cannot listen on 127.0.0.1:" + port + ": Address already in use."
      + " Another ./run.sh is probably running there; a second client of it is ./run.sh --port " + port, t.getMessage());
  }
}
