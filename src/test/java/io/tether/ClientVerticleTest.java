package io.tether;

import io.tether.testkit.FakeServer;
import io.tether.testkit.Await;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The client against a scripted server on 127.0.0.1: pings, framing both ways, stats, bad config. */
@ExtendWith(VertxExtension.class)
class ClientVerticleTest extends ClientTestBase {

  @Test
  void pingsReachTheServerEveryInterval(Vertx vertx) {
    FakeServer server = FakeServer.start(vertx);
    Await.Events<Buffer> pings = new Await.Events<>();
    vertx.eventBus().<Buffer>consumer("p.ping", m -> pings.add(m.body()));
    deployClient(vertx, client("p", server.port()).put("ping", new JsonObject().put("interval", 50)));
    server.nextConnection();
    server.awaitReceived("PingPingPing");
    assertEquals("Ping", pings.next().toString());
    assertTrue(server.receivedText().matches("(Ping)+"), server.receivedText());
  }

  @Test
  void linePingsCarryTheDelimiterAndThePayloadAsConfigured(Vertx vertx) {
    FakeServer server = FakeServer.start(vertx);
    Await.Events<Buffer> pings = new Await.Events<>();
    vertx.eventBus().<Buffer>consumer("lp.ping", m -> pings.add(m.body()));
    deployClient(vertx, client("lp", server.port())
      .put("ping", new JsonObject().put("interval", 50).put("payload", "PING"))
      .put("framing", new JsonObject().put("mode", "line").put("delimiter", "\r\n")));
    server.awaitReceived("PING\r\nPING\r\n");
    assertEquals("PING\r\n", pings.next().toString());
    assertTrue(server.receivedText().matches("(PING\r\n)+"), server.receivedText());
  }

  @Test
  void noPingsWhenTheIntervalIsZero(Vertx vertx) {
    FakeServer server = FakeServer.start(vertx);
    deployClient(vertx, client("np", server.port()));
    NetSocket conn = server.nextConnection();
    // the server speaks first; the client's answer is the only thing it writes
    Await.Events<Message<Buffer>> in = inbound(vertx, "np");
    conn.write("hello");
    assertEquals("hello", in.next().body().toString());
    Await.result(vertx.eventBus().request("np.out", "reply"));
    server.awaitReceived("reply");
    assertEquals("reply", server.receivedText());
  }

  @Test
  void lineFramesAreJoinedAcrossChunksAndSplitWithinOne(Vertx vertx) {
    FakeServer server = FakeServer.start(vertx);
    Await.Events<Message<Buffer>> in = inbound(vertx, "l");
    deployClient(vertx, client("l", server.port()).put("framing.mode", "line"));
    NetSocket conn = server.nextConnection();
    conn.write("hel");
    conn.write("lo\nwor");
    conn.write("ld\nA\nB\n");
    List<String> frames = new ArrayList<>();
    for (int seq = 1; seq <= 4; seq++) {
      Message<Buffer> m = in.next();
      frames.add(m.body().toString());
      assertEquals(Integer.toString(seq), m.headers().get("seq"));
    }
    assertEquals(List.of("hello", "world", "A", "B"), frames);
  }

  @Test
  void lengthFramesAreJoinedAndSplitBothWays(Vertx vertx) {
    FakeServer server = FakeServer.start(vertx);
    Await.Events<Message<Buffer>> in = inbound(vertx, "len");
    deployClient(vertx, client("len", server.port()).put("framing.mode", "length"));
    NetSocket conn = server.nextConnection();
    Buffer two = Buffer.buffer().appendInt(5).appendString("hello").appendInt(3).appendString("abc");
    conn.write(two.getBuffer(0, 2));
    conn.write(two.getBuffer(2, 7));
    conn.write(two.getBuffer(7, two.length()));
    assertEquals("hello", in.next().body().toString());
    assertEquals("abc", in.next().body().toString());

    Await.result(vertx.eventBus().request("len.out", "xyz"));
    Await.result(vertx.eventBus().request("len.out", new JsonObject().put("k", 1)));
    Buffer expected = Buffer.buffer().appendInt(3).appendString("xyz").appendInt(7).appendString("{\"k\":1}");
    Await.until("both frames", () -> server.received().length() == expected.length());
    assertEquals(expected, server.received());
  }

  @Test
  void anOversizeLineEndsTheConnectionNamingLimitAndSizeThenReconnects(Vertx vertx) {
    FakeServer server = FakeServer.start(vertx);
    Await.Events<JsonObject> status = status(vertx, "big");
    Await.Events<Message<Buffer>> in = inbound(vertx, "big");
    deployClient(vertx, client("big", server.port())
      .put("framing", new JsonObject().put("mode", "line").put("maxFrameSize", 16)));
    NetSocket conn = server.nextConnection();
    conn.write("ok\n" + "x".repeat(40) + "\n");
    assertEquals("ok", in.next().body().toString());
    JsonObject down = awaitState(status, ConnectionState.DISCONNECTED);
    assertEquals("frame too large: 41 bytes, over framing.maxFrameSize 16", down.getString("cause"));
    assertEquals(ConnectionState.BACKING_OFF.name(), status.next().getString("state"));
    server.nextConnection();
    awaitState(status, ConnectionState.CONNECTED);
    assertNull(in.poll(), "no part of the oversize frame is published");
  }

  @Test
  void aNegativeLengthEndsTheConnection(Vertx vertx) {
    FakeServer server = FakeServer.start(vertx);
    Await.Events<JsonObject> status = status(vertx, "neg");
    deployClient(vertx, client("neg", server.port()).put("framing.mode", "length"));
    server.nextConnection().write(Buffer.buffer().appendInt(-1).appendString("junk"));
    JsonObject down = awaitState(status, ConnectionState.DISCONNECTED);
    assertEquals("negative frame length -1 in a length prefix", down.getString("cause"));
    server.nextConnection();
  }

  @Test
  void outboundBodiesAreFramedAndRepliedOnceWritten(Vertx vertx) {
    FakeServer server = FakeServer.start(vertx);
    deployClient(vertx, client("o", server.port()).put("framing.mode", "line"));
    server.nextConnection();
    Message<Object> reply = Await.result(vertx.eventBus().request("o.out", "one"));
    assertNull(reply.body());
    Await.result(vertx.eventBus().request("o.out", Buffer.buffer("two")));
    Await.result(vertx.eventBus().request("o.out", new JsonObject().put("three", 3)));
    server.awaitReceived("one\ntwo\n{\"three\":3}\n");
    assertEquals("one\ntwo\n{\"three\":3}\n", server.receivedText());
  }

  @Test
  void badBodiesAndOversizeMessagesFailWithTheirCodes(Vertx vertx) {
    FakeServer server = FakeServer.start(vertx);
    deployClient(vertx, client("bad", server.port())
      .put("framing", new JsonObject().put("mode", "line").put("maxFrameSize", 8)));
    server.nextConnection();
    ReplyException type = (ReplyException) Await.failure(vertx.eventBus().request("bad.out", 42));
    assertEquals(FailureCode.BAD_BODY.code(), type.failureCode());
    assertTrue(type.getMessage().startsWith("BAD_BODY: a body of type java.lang.Integer"), type.getMessage());
    ReplyException nul = (ReplyException) Await.failure(vertx.eventBus().request("bad.out", null));
    assertEquals(FailureCode.BAD_BODY.code(), nul.failureCode());
    ReplyException delimiter = (ReplyException) Await.failure(vertx.eventBus().request("bad.out", "a\nb"));
    assertEquals(FailureCode.BAD_BODY.code(), delimiter.failureCode());
    ReplyException big = (ReplyException) Await.failure(vertx.eventBus().request("bad.out", "12345678"));
    assertEquals(FailureCode.FRAME_TOO_LARGE.code(), big.failureCode());
    assertEquals("FRAME_TOO_LARGE: the framed message is 9 bytes, over framing.maxFrameSize 8", big.getMessage());
    Await.result(vertx.eventBus().request("bad.out", "1234567"));
    server.awaitReceived("1234567\n");
    assertEquals("1234567\n", server.receivedText());

    JsonObject stats = stats(vertx, "bad");
    assertEquals(5, stats.getLong("sent"));
    assertEquals(4, stats.getLong("rejected"));
    assertEquals(1, stats.getLong("written"));
    assertEquals(0, stats.getLong("queued"));
  }

  @Test
  void statsReportTheConnectionAndItsTraffic(Vertx vertx) {
    FakeServer server = FakeServer.start(vertx);
    Await.Events<Message<Buffer>> in = inbound(vertx, "s");
    long before = System.currentTimeMillis();
    deployClient(vertx, client("s", server.port()).put("framing.mode", "line"));
    NetSocket conn = server.nextConnection();
    conn.write("abc\ndefg\n");
    in.next();
    in.next();
    Await.result(vertx.eventBus().request("s.out", "xy"));
    JsonObject s = stats(vertx, "s");
    assertEquals("CONNECTED", s.getString("state"));
    assertEquals("127.0.0.1:" + server.port(), s.getString("endpoint"));
    assertTrue(s.getLong("connectedSince") >= before, s.encode());
    assertEquals(1, s.getLong("connects"));
    assertEquals(0, s.getLong("reconnects"));
    assertEquals(2, s.getLong("framesIn"));
    assertEquals(9, s.getLong("bytesIn"));
    assertEquals(1, s.getLong("framesOut"));
    assertEquals(3, s.getLong("bytesOut"));
    assertEquals(1, s.getLong("sent"));
    assertEquals(1, s.getLong("written"));
    assertEquals(0, s.getLong("rejected"));
    assertEquals(0, s.getLong("queued"));
    assertTrue(s.containsKey("lastRttMs"));
    assertNull(s.getValue("lastRttMs"));
  }

  @Test
  void aBadConfigFailsTheDeploymentWithTheKey(Vertx vertx) {
    Throwable t = Await.failure(vertx.deployVerticle(new ClientVerticle(),
      new DeploymentOptions().setConfig(new JsonObject().put("port", 0))));
    assertInstanceOf(TetherConfigException.class, t);
    assertTrue(t.getMessage().startsWith("port: expected an integer from 1 to 65535, got 0"), t.getMessage());
    assertTrue(vertx.deploymentIDs().isEmpty());
  }

  @Test
  void undeployingClosesTheConnectionAndPublishesClosed(Vertx vertx) {
    FakeServer server = FakeServer.start(vertx);
    Await.Events<JsonObject> status = status(vertx, "u");
    String id = deployClient(vertx, client("u", server.port()));
    NetSocket conn = server.nextConnection();
    Await.Events<Boolean> closed = new Await.Events<>();
    conn.closeHandler(v -> closed.add(true));
    awaitState(status, ConnectionState.CONNECTED);
    Await.result(vertx.undeploy(id));
    assertEquals("CLOSED", status.next().getString("state"));
    assertTrue(closed.next());
    Throwable noConsumer = Await.failure(vertx.eventBus().request("u.stats", ""));
    assertNotNull(noConsumer);
  }

  /**
   * Closing Vert.x stops each client as its undeploy does: the client closes its connection itself and says
   * {@code CLOSED}, and the connection is not first dropped under it (which would read as {@code DISCONNECTED}, the
   * server's close).
   */
  @Test
  void closingVertxClosesTheClientAsItsUndeployDoes(Vertx vertx) {
    FakeServer server = FakeServer.start(vertx);
    Vertx own = Vertx.vertx();
    Await.Events<JsonObject> status = status(own, "vc");
    deployClient(own, client("vc", server.port()));
    NetSocket conn = server.nextConnection();
    awaitState(status, ConnectionState.CONNECTED);
    Await.Events<Boolean> closed = new Await.Events<>();
    conn.closeHandler(v -> closed.add(true));
    Await.result(own.close());
    assertTrue(closed.next());
    assertEquals(List.of("CONNECTING", "CONNECTED", "CLOSED"),
      status.all().stream().map(e -> e.getString("state")).toList());
  }
}
