package io.tether;

import io.tether.testkit.FakeServer;
import io.tether.testkit.Await;
import io.tether.testkit.FaultProxy;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The client through a proxy that breaks the conversation: split reads, latency, a blackhole, resets and refused
 * connects; and messages sent while Tether itself closes a connection.
 */
@ExtendWith(VertxExtension.class)
class FaultProxyTest extends ClientTestBase {

  /** A server that answers each line with the same line. */
  private static void echo(NetSocket conn) {
    conn.handler(conn::write);
  }

  @Test
  void framesAndDelimitersSplitAcrossReadsReassembleExactly(Vertx vertx) {
    FakeServer server = FakeServer.start(vertx);
    FaultProxy proxy = FaultProxy.start(vertx, server.port()).split(true);
    Await.Events<Message<Buffer>> in = inbound(vertx, "sp");
    deployClient(vertx, client("sp", proxy.port()).put("framing", new JsonObject().put("mode", "line")
      .put("delimiter", "\r\n")));
    NetSocket conn = server.nextConnection();
    String lines = IntStream.range(0, 60).mapToObj(i -> "frame-" + i + "-" + "y".repeat(i % 13) + "\r\n")
      .collect(Collectors.joining());
    conn.write(lines);
    for (int i = 0; i < 60; i++) {
      Message<Buffer> m = in.next();
      assertEquals("frame-" + i + "-" + "y".repeat(i % 13), m.body().toString());
      assertEquals(Integer.toString(i + 1), m.headers().get("seq"));
    }
    // and the other way: each message arrives whole, in order, through the same cuts
    List<Future<Message<Object>>> replies = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      replies.add(vertx.eventBus().request("sp.out", "out-" + i));
    }
    String expected = IntStream.range(0, 30).mapToObj(i -> "out-" + i + "\r\n").collect(Collectors.joining());
    server.awaitReceived(expected);
    assertEquals(expected, server.receivedText());
    Await.until("every reply", () -> replies.stream().allMatch(Future::succeeded));
  }

  @Test
  void lengthPrefixesSplitAcrossReadsReassembleExactly(Vertx vertx) {
    FakeServer server = FakeServer.start(vertx);
    FaultProxy proxy = FaultProxy.start(vertx, server.port()).split(true);
    Await.Events<Message<Buffer>> in = inbound(vertx, "sl");
    deployClient(vertx, client("sl", proxy.port()).put("framing.mode", "length"));
    NetSocket conn = server.nextConnection();
    Buffer frames = Buffer.buffer();
    for (int i = 0; i < 40; i++) {
      String p = "len-" + i + "z".repeat(i);
      frames.appendInt(p.length()).appendString(p);
    }
    conn.write(frames);
    for (int i = 0; i < 40; i++) {
      assertEquals("len-" + i + "z".repeat(i), in.next().body().toString());
    }
  }

  @Test
  void latencyBelowTheDeadlineNeverChangesTheState(Vertx vertx) {
    FakeServer server = FakeServer.start(vertx);
    FaultProxy proxy = FaultProxy.start(vertx, server.port()).latency(120);
    Await.Events<JsonObject> status = status(vertx, "lt");
    deployClient(vertx, client("lt", proxy.port()).put("framing.mode", "line")
      .put("ping", new JsonObject().put("interval", 50)).put("heartbeat.timeout", 400));
    echo(server.nextConnection());
    awaitState(status, ConnectionState.CONNECTED);
    // 1.5 s, almost four heartbeat timeouts, with every answer 240 ms late: the connection stays
    status.assertNoneWithin(Duration.ofMillis(1500));
    JsonObject s = stats(vertx, "lt");
    assertEquals(1L, s.getLong("connects"));
    assertTrue(s.getLong("framesIn") >= 20, s.encode());
  }

  @Test
  void aBlackholeIsFoundWithinTheHeartbeatAndAHalf(Vertx vertx) {
    FakeServer server = FakeServer.start(vertx);
    FaultProxy proxy = FaultProxy.start(vertx, server.port());
    Await.Events<JsonObject> status = status(vertx, "bh");
    deployClient(vertx, client("bh", proxy.port()).put("framing.mode", "line")
      .put("ping", new JsonObject().put("interval", 50)).put("heartbeat.timeout", 400));
    echo(server.nextConnection());
    awaitState(status, ConnectionState.CONNECTED);
    Await.until("answers", () -> stats(vertx, "bh").getLong("framesIn") >= 3);
    proxy.blackhole(true);
    long from = System.nanoTime();
    JsonObject down = awaitState(status, ConnectionState.DISCONNECTED);
    long ms = (System.nanoTime() - from) / 1_000_000;
    assertEquals("heartbeat timeout", down.getString("cause"));
    assertTrue(ms <= 600, "found after " + ms + " ms, heartbeat.timeout 400");
  }

  @Test
  void afterResetsAndRefusalsEveryMessageIsWrittenOnceOrFailedOnce(Vertx vertx) {
    FakeServer server = FakeServer.start(vertx);
    FaultProxy proxy = FaultProxy.start(vertx, server.port());
    Await.Events<JsonObject> status = status(vertx, "rr");
    deployClient(vertx, client("rr", proxy.port()).put("framing.mode", "line").put("outbox.ttl", 3000));
    awaitState(status, ConnectionState.CONNECTED);
    List<Future<Message<Object>>> replies = new ArrayList<>();
    int count = 300;
    for (int i = 0; i < count; i++) {
      replies.add(vertx.eventBus().request("rr.out", "m" + i));
      // paced, so that the faults fall between messages and connections come and go under them
      java.util.concurrent.locks.LockSupport.parkNanos(2_000_000);
      if (i % 50 == 25) {
        proxy.resetAll();
      }
      if (i == 120) {
        proxy.refuse();
      }
      if (i == 180) {
        proxy.accept();
      }
    }
    Await.until("an answer for every message", () -> replies.stream().allMatch(Future::isComplete));
    awaitState(status, ConnectionState.CONNECTED);
    List<String> received = Arrays.stream(server.receivedText().split("\n")).filter(l -> !l.isEmpty())
      .collect(Collectors.toList());
    Map<String, Long> times = received.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    times.forEach((m, n) -> assertEquals(1L, n, m + " arrived " + n + " times"));
    for (int i = 0; i < count; i++) {
      Future<Message<Object>> r = replies.get(i);
      if (r.failed()) {
        int code = ((ReplyException) r.cause()).failureCode();
        assertTrue(code == FailureCode.WRITE_FAILED.code() || code == FailureCode.EXPIRED.code(),
          "m" + i + ": " + r.cause());
        assertTrue(!times.containsKey("m" + i) || code == FailureCode.WRITE_FAILED.code(), "m" + i + " failed but arrived");
      }
    }
    JsonObject s = stats(vertx, "rr");
    assertCountsAddUp(s);
    assertEquals((long) count, s.getLong("sent"));
    assertEquals(0L, s.getLong("queued"));
    assertTrue(proxy.accepted() >= 4, "reconnected through " + proxy.accepted() + " connections");
  }

  // ---- a message sent while Tether closes a connection itself waits for the next one

  /**
   * Sends 200 messages, one every ms, and closes the connection in the middle of them with {@code close}: every one
   * is written (none fails), and the server gets each exactly once, in order, across the two connections.
   */
  private static void sendAroundAClose(Vertx vertx, FakeServer server, String address, Runnable close) {
    List<Future<Message<Object>>> replies = new ArrayList<>();
    int count = 200;
    Await.Events<Integer> sent = new Await.Events<>();
    vertx.setPeriodic(1, id -> {
      int i = replies.size();
      replies.add(vertx.eventBus().request(address + ".out", "m" + i));
      sent.add(i);
      if (i == count / 2) {
        close.run();
      }
      if (replies.size() == count) {
        vertx.cancelTimer(id);
      }
    });
    Await.until("every message sent", () -> sent.size() == count);
    Await.until("every reply", Duration.ofSeconds(15), () -> replies.stream().allMatch(Future::isComplete));
    for (int i = 0; i < count; i++) {
      assertTrue(replies.get(i).succeeded(), "m" + i + " failed: " + replies.get(i).cause());
    }
    String expected = IntStream.range(0, count).mapToObj(i -> "m" + i + "\n").collect(Collectors.joining());
    server.awaitReceived(expected);
    assertEquals(expected, server.receivedText().replace("Ping\n", ""));
  }

  @Test
  void aMessageSentDuringAHeartbeatCloseIsWrittenOnTheNextConnection(Vertx vertx) {
    FakeServer server = FakeServer.start(vertx);
    Await.Events<JsonObject> status = status(vertx, "hc");
    deployClient(vertx, client("hc", server.port()).put("framing.mode", "line").put("heartbeat.timeout", 150));
    server.nextConnection();
    awaitState(status, ConnectionState.CONNECTED);
    // the silent server is closed every 150 ms: the stream of messages crosses several closes
    sendAroundAClose(vertx, server, "hc", () -> { });
    assertTrue(stats(vertx, "hc").getLong("heartbeatTimeouts") >= 1);
  }

  @Test
  void aMessageSentDuringAFramingErrorCloseIsWrittenOnTheNextConnection(Vertx vertx) {
    FakeServer server = FakeServer.start(vertx);
    Await.Events<JsonObject> status = status(vertx, "fe");
    deployClient(vertx, client("fe", server.port()).put("framing", new JsonObject().put("mode", "line")
      .put("maxFrameSize", 64)));
    NetSocket conn = server.nextConnection();
    awaitState(status, ConnectionState.CONNECTED);
    sendAroundAClose(vertx, server, "fe", () -> conn.write("z".repeat(200)));
    assertTrue(awaitState(status, ConnectionState.DISCONNECTED).getString("cause").startsWith("frame too large"));
  }

  @Test
  void aMessageSentDuringAReconnectActionIsWrittenOnTheNextConnection(Vertx vertx) {
    FakeServer server = FakeServer.start(vertx);
    Await.Events<JsonObject> status = status(vertx, "ra");
    deployClient(vertx, client("ra", server.port()).put("framing.mode", "line"));
    server.nextConnection();
    awaitState(status, ConnectionState.CONNECTED);
    sendAroundAClose(vertx, server, "ra",
      () -> vertx.eventBus().request("ra.control", new JsonObject().put("action", "reconnect")));
    assertEquals("reconnect requested", awaitState(status, ConnectionState.DISCONNECTED).getString("cause"));
  }

  @Test
  void aMessageSentDuringAReconfigurationIsWrittenOnTheNextConnection(Vertx vertx) {
    FakeServer server = FakeServer.start(vertx);
    Await.Events<JsonObject> status = status(vertx, "rc");
    JsonObject config = client("rc", server.port()).put("framing.mode", "line");
    ClientVerticle verticle = new ClientVerticle();
    Await.result(vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(config)));
    server.nextConnection();
    awaitState(status, ConnectionState.CONNECTED);
    TetherOptions next = new TetherOptions(config.copy().put("outbox.capacity", 2000));
    sendAroundAClose(vertx, server, "rc", () -> verticle.reconfigure(next));
    assertEquals("reconfigured", awaitState(status, ConnectionState.DISCONNECTED).getString("cause"));
  }

  // ---- the default heartbeat

  @Test
  void aServerThatNeverSpeaksKeepsItsConnectionWithTheDefaultHeartbeat(Vertx vertx) {
    FakeServer server = FakeServer.start(vertx);
    Await.Events<JsonObject> status = status(vertx, "sl");
    JsonObject config = client("sl", server.port()).put("framing.mode", "line")
      .put("ping", new JsonObject().put("interval", 100));
    deployClient(vertx, config);
    server.nextConnection();
    awaitState(status, ConnectionState.CONNECTED);
    Await.result(vertx.eventBus().request("sl.out", "queued at once"));
    // ten ping intervals and more: no heartbeat timeout, one connection
    status.assertNoneWithin(Duration.ofMillis(1200));
    server.awaitReceived("queued at once\n");
    assertTrue(server.receivedText().chars().filter(c -> c == '\n').count() >= 11, server.receivedText());
    assertEquals(1L, stats(vertx, "sl").getLong("connects"));
  }

  @Test
  void aServerThatSpokeAndFellSilentIsFoundWithTheDefaultHeartbeat(Vertx vertx) {
    FakeServer server = FakeServer.start(vertx);
    FaultProxy proxy = FaultProxy.start(vertx, server.port());
    Await.Events<JsonObject> status = status(vertx, "ds");
    deployClient(vertx, client("ds", proxy.port()).put("framing.mode", "line")
      .put("ping", new JsonObject().put("interval", 100)));
    echo(server.nextConnection());
    awaitState(status, ConnectionState.CONNECTED);
    Await.until("answers", () -> stats(vertx, "ds").getLong("framesIn") >= 2);
    proxy.blackhole(true);
    long from = System.nanoTime();
    JsonObject down = awaitState(status, ConnectionState.DISCONNECTED);
    long ms = (System.nanoTime() - from) / 1_000_000;
    assertEquals("heartbeat timeout", down.getString("cause"));
    assertTrue(ms <= 450, "found after " + ms + " ms, three ping intervals of 100 ms");
    // heard before: the next connection to the still silent proxy is held to the deadline from its connect
    awaitState(status, ConnectionState.CONNECTED);
    assertEquals("heartbeat timeout", awaitState(status, ConnectionState.DISCONNECTED).getString("cause"));
  }
}
