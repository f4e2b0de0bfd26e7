package io.tether;

import io.tether.testkit.FakeServer;
import io.tether.testkit.Await;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Liveness, failover, dead letters, control actions and graceful stop, against scripted servers on 127.0.0.1. */
@ExtendWith(VertxExtension.class)
class ResilienceTest extends ClientTestBase {

  private static Await.Events<JsonObject> dead(Vertx vertx, String address) {
    Await.Events<JsonObject> events = new Await.Events<>();
    Await.result(vertx.eventBus().<JsonObject>consumer(address + ".dead", m -> events.add(m.body())).completion());
    return events;
  }

  /** A server that answers each line with the same line: a live peer. */
  private static void echoLines(NetSocket conn) {
    conn.handler(data -> conn.write(data));
  }

  @Test
  void pingsDoNotHideASilentPeer(Vertx vertx) {
    FakeServer server = FakeServer.start(vertx);
    Await.Events<JsonObject> status = status(vertx, "hb");
    deployClient(vertx, client("hb", server.port()).put("framing.mode", "line")
      .put("ping", new JsonObject().put("interval", 50)).put("heartbeat.timeout", 400));
    server.nextConnection();
    awaitState(status, ConnectionState.CONNECTED);
    long connectedAt = System.nanoTime();
    JsonObject down = awaitState(status, ConnectionState.DISCONNECTED);
    long detectedMs = (System.nanoTime() - connectedAt) / 1_000_000;
    assertEquals("heartbeat timeout", down.getString("cause"));
    assertTrue(detectedMs >= 390 && detectedMs <= 480, "detected after " + detectedMs + " ms");
    // the client wrote pings all along: writes did not count as life
    assertTrue(server.receivedText().startsWith("Ping\nPing\nPing\nPing\nPing\n"), server.receivedText());
    assertEquals("BACKING_OFF", status.next().getString("state"));
    server.nextConnection();
    assertEquals(1L, stats(vertx, "hb").getLong("heartbeatTimeouts"));
  }

  @Test
  void aPeerThatAnswersStaysConnectedAndGivesRoundTripTimes(Vertx vertx) {
    FakeServer server = FakeServer.start(vertx);
    Await.Events<JsonObject> status = status(vertx, "rtt");
    Await.Events<Message<Buffer>> in = inbound(vertx, "rtt");
    deployClient(vertx, client("rtt", server.port()).put("framing.mode", "line")
      .put("ping", new JsonObject().put("interval", 30).put("payload", "ping").put("expect", "ping"))
      .put("heartbeat.timeout", 150));
    echoLines(server.nextConnection());
    awaitState(status, ConnectionState.CONNECTED);
    // 20 answers take 600 ms, four heartbeat timeouts: the connection stays
    for (int i = 1; i <= 20; i++) {
      Message<Buffer> pong = in.next();
      assertEquals("ping", pong.body().toString());
      assertEquals(Integer.toString(i), pong.headers().get("seq"));
    }
    assertNull(status.poll(), "no state change while the peer answers");
    JsonObject s = stats(vertx, "rtt");
    assertEquals("CONNECTED", s.getString("state"));
    assertTrue(s.getLong("rttSamples") >= 20, s.encode());
    assertNotNull(s.getDouble("lastRttMs"));
    assertTrue(s.getDouble("meanRttMs") > 0 && s.getDouble("maxRttMs") >= s.getDouble("meanRttMs"), s.encode());
    assertEquals(0L, s.getLong("heartbeatTimeouts"));
  }

  @Test
  void queuedMessagesWaitForTheFirstAnswerOfANewConnection(Vertx vertx) {
    int port = FakeServer.freePort(vertx);
    Await.Events<JsonObject> status = status(vertx, "v");
    deployClient(vertx, client("v", port).put("framing.mode", "line")
      .put("ping", new JsonObject().put("interval", 50)).put("heartbeat.timeout", 5000));
    awaitState(status, ConnectionState.BACKING_OFF);
    Future<Message<Object>> queued = vertx.eventBus().request("v.out", "queued");
    FakeServer server = FakeServer.start(vertx, port);
    NetSocket conn = server.nextConnection();
    awaitState(status, ConnectionState.CONNECTED);
    server.awaitReceived("Ping\nPing\n");
    assertFalse(server.receivedText().contains("queued"), "nothing but pings before the server speaks");
    assertFalse(queued.isComplete());
    conn.write("hello\n");
    Await.result(queued);
    server.awaitReceived("queued\n");
  }

  @Test
  void endpointsAreTriedInOrderAndEveryRoundStartsFromTheFirst(Vertx vertx) {
    int first = FakeServer.freePort(vertx);
    FakeServer second = FakeServer.start(vertx);
    Await.Events<JsonObject> status = status(vertx, "ep");
    deployClient(vertx, client("ep", 1).put("endpoints",
      new JsonArray().add("127.0.0.1:" + first).add("127.0.0.1:" + second.port())));
    second.nextConnection();
    JsonObject a = status.next();
    assertEquals("CONNECTING", a.getString("state"));
    assertEquals("127.0.0.1:" + first, a.getString("endpoint"));
    JsonObject b = status.next();
    assertEquals("CONNECTING", b.getString("state"), "the next endpoint at once, no backoff within a round");
    assertEquals("127.0.0.1:" + second.port(), b.getString("endpoint"));
    JsonObject up = status.next();
    assertEquals("CONNECTED", up.getString("state"));
    assertEquals("127.0.0.1:" + second.port(), up.getString("endpoint"));
    assertEquals("127.0.0.1:" + second.port(), stats(vertx, "ep").getString("endpoint"));

    // the first endpoint comes back; the client stays where it is until that connection ends
    FakeServer primary = FakeServer.start(vertx, first);
    second.stop();
    assertEquals("DISCONNECTED", status.next().getString("state"));
    assertEquals("BACKING_OFF", status.next().getString("state"));
    JsonObject again = status.next();
    assertEquals("CONNECTING", again.getString("state"));
    assertEquals("127.0.0.1:" + first, again.getString("endpoint"));
    primary.nextConnection();
    assertEquals("127.0.0.1:" + first, awaitState(status, ConnectionState.CONNECTED).getString("endpoint"));
  }

  @Test
  void whenEveryEndpointIsDownEachRoundIsOneBackoffStep(Vertx vertx) {
    int a = FakeServer.freePort(vertx);
    int b = FakeServer.freePort(vertx);
    Await.Events<JsonObject> status = status(vertx, "all");
    deployClient(vertx, client("all", 1).put("endpoints", new JsonArray().add("127.0.0.1:" + a).add("127.0.0.1:" + b))
      .put("reconnect", new JsonObject().put("initialDelay", 10).put("maxDelay", 10).put("maxAttempts", 2)));
    List<String> seen = new ArrayList<>();
    JsonObject e;
    do {
      e = status.next();
      seen.add(e.getString("state") + " " + e.getString("endpoint").replaceAll(".*:", "") + " " + e.getInteger("attempt"));
    } while (!e.getString("state").equals("GAVE_UP"));
    assertEquals(List.of(
      "CONNECTING " + a + " 0", "CONNECTING " + b + " 0", "BACKING_OFF " + b + " 1",
      "CONNECTING " + a + " 1", "CONNECTING " + b + " 1", "BACKING_OFF " + b + " 2",
      "CONNECTING " + a + " 2", "CONNECTING " + b + " 2", "GAVE_UP " + b + " 2"), seen);
  }

  @Test
  void dropOldestAnswersAndPublishesEveryDroppedMessage(Vertx vertx) {
    int port = FakeServer.freePort(vertx);
    Await.Events<JsonObject> status = status(vertx, "do");
    Await.Events<JsonObject> dead = dead(vertx, "do");
    deployClient(vertx, client("do", port).put("framing.mode", "line")
      .put("outbox", new JsonObject().put("capacity", 3).put("overflow", "drop-oldest")));
    awaitState(status, ConnectionState.BACKING_OFF);
    List<Future<Message<Object>>> replies = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      replies.add(vertx.eventBus().request("do.out", "m" + i));
    }
    for (int i = 0; i < 2; i++) {
      ReplyException dropped = (ReplyException) Await.failure(replies.get(i));
      assertEquals(FailureCode.DROPPED.code(), dropped.failureCode());
      JsonObject letter = dead.next();
      assertEquals("DROPPED", letter.getString("reason"));
      assertEquals(5, letter.getInteger("code"));
      assertEquals("m" + (i + 1), letter.getBuffer("payload").toString());
      assertTrue(letter.getString("message").startsWith("DROPPED: pushed out of the full outbox"), letter.encode());
    }
    FakeServer server = FakeServer.start(vertx, port);
    server.awaitReceived("m5\n");
    assertEquals("m3\nm4\nm5\n", server.receivedText());
    JsonObject s = stats(vertx, "do");
    assertEquals(2L, s.getLong("dropped"));
    assertEquals(3L, s.getLong("written"));
    assertCountsAddUp(s);
  }

  @Test
  void aFloodWhileDownIsAccountedForExactlyWithEachPolicy(Vertx vertx) {
    for (String policy : List.of("reject", "drop-oldest")) {
      String address = "flood-" + policy;
      int port = FakeServer.freePort(vertx);
      Await.Events<JsonObject> status = status(vertx, address);
      Await.Events<JsonObject> dead = dead(vertx, address);
      deployClient(vertx, client(address, port).put("framing.mode", "line")
        .put("outbox", new JsonObject().put("capacity", 50).put("overflow", policy)));
      awaitState(status, ConnectionState.BACKING_OFF);
      List<Future<Message<Object>>> replies = IntStream.range(0, 500)
        .mapToObj(i -> vertx.eventBus().request(address + ".out", "f" + i)).collect(Collectors.toList());
      for (int i = 0; i < 450; i++) {
        assertNotNull(dead.next());
      }
      JsonObject down = stats(vertx, address);
      assertEquals(500L, down.getLong("sent"));
      assertEquals(50L, down.getLong("queued"));
      assertEquals(450L, down.getLong("deadLetters"));
      assertEquals(policy.equals("reject") ? 450L : 0L, down.getLong("rejected"));
      assertEquals(policy.equals("reject") ? 0L : 450L, down.getLong("dropped"));
      assertCountsAddUp(down);
      FakeServer server = FakeServer.start(vertx, port);
      int firstKept = policy.equals("reject") ? 0 : 450;
      server.awaitReceived("f" + (firstKept + 49) + "\n");
      String expected = IntStream.range(firstKept, firstKept + 50).mapToObj(i -> "f" + i + "\n").collect(Collectors.joining());
      assertEquals(expected, server.receivedText());
      Await.until("every reply", () -> replies.stream().allMatch(Future::isComplete));
      assertEquals(50, replies.stream().filter(Future::succeeded).count());
      JsonObject up = stats(vertx, address);
      assertEquals(50L, up.getLong("written"));
      assertEquals(0L, up.getLong("queued"));
      assertCountsAddUp(up);
      assertNull(dead.poll());
    }
  }

  @Test
  void aSendersTtlHeaderGivesItsMessageItsOwnTimeToLive(Vertx vertx) {
    int port = FakeServer.freePort(vertx);
    Await.Events<JsonObject> status = status(vertx, "th");
    Await.Events<JsonObject> dead = dead(vertx, "th");
    deployClient(vertx, client("th", port).put("framing.mode", "line"));
    awaitState(status, ConnectionState.BACKING_OFF);
    long start = System.nanoTime();
    Future<Message<Object>> shortLived = vertx.eventBus().request("th.out", "short",
      new DeliveryOptions().addHeader("ttl", "80"));
    Future<Message<Object>> longLived = vertx.eventBus().request("th.out", "long");
    ReplyException expired = (ReplyException) Await.failure(shortLived);
    long waited = (System.nanoTime() - start) / 1_000_000;
    assertEquals(FailureCode.EXPIRED.code(), expired.failureCode());
    assertEquals("EXPIRED: waited longer than its time to live of 80 ms", expired.getMessage());
    assertTrue(waited >= 75 && waited < 1000, "expired after " + waited + " ms");
    assertEquals("EXPIRED", dead.next().getString("reason"));
    assertFalse(longLived.isComplete());
    ReplyException bad = (ReplyException) Await.failure(vertx.eventBus().request("th.out", "x",
      new DeliveryOptions().addHeader("ttl", "soon")));
    assertEquals(FailureCode.BAD_BODY.code(), bad.failureCode());
    FakeServer server = FakeServer.start(vertx, port);
    Await.result(longLived);
    server.awaitReceived("long\n");
    assertEquals("long\n", server.receivedText());
  }

  @Test
  void aCloseInTheMiddleOfAFrameIsReportedNotPublished(Vertx vertx) {
    FakeServer server = FakeServer.start(vertx);
    Await.Events<JsonObject> status = status(vertx, "half");
    Await.Events<Message<Buffer>> in = inbound(vertx, "half");
    deployClient(vertx, client("half", server.port()).put("framing.mode", "length"));
    NetSocket conn = server.nextConnection();
    awaitState(status, ConnectionState.CONNECTED);
    conn.write(Buffer.buffer().appendInt(2).appendString("ok").appendInt(10).appendString("part"));
    assertEquals("ok", in.next().body().toString());
    Await.result(conn.close());
    JsonObject down = awaitState(status, ConnectionState.DISCONNECTED);
    assertEquals("closed by server in the middle of a frame (8 bytes discarded)", down.getString("cause"));
    assertEquals(8, down.getInteger("partialBytes"));
    assertNull(in.poll());
  }

  @Test
  void controlReconnectSkipsTheBackoff(Vertx vertx) {
    FakeServer server = FakeServer.start(vertx);
    Await.Events<JsonObject> status = status(vertx, "cr");
    deployClient(vertx, client("cr", server.port())
      .put("reconnect", new JsonObject().put("initialDelay", 60000).put("maxDelay", 60000)));
    server.nextConnection();
    awaitState(status, ConnectionState.CONNECTED);
    Await.result(vertx.eventBus().request("cr.control", new JsonObject().put("action", "reconnect")));
    assertEquals("DISCONNECTED", status.next().getString("state"));
    assertEquals("CONNECTING", status.next().getString("state"));
    server.nextConnection();
    assertEquals("CONNECTED", status.next().getString("state"));
    assertEquals(2L, stats(vertx, "cr").getLong("connects"));

    // from a long backoff: at once
    server.stop();
    assertEquals("BACKING_OFF", awaitState(status, ConnectionState.BACKING_OFF).getString("state"));
    server.listen(server.port());
    Await.result(vertx.eventBus().request("cr.control", new JsonObject().put("action", "reconnect")));
    server.nextConnection();
    awaitState(status, ConnectionState.CONNECTED);
  }

  @Test
  void controlPauseStopsReadingAndResumeDeliversInOrder(Vertx vertx) {
    FakeServer server = FakeServer.start(vertx);
    Await.Events<JsonObject> status = status(vertx, "pr");
    Await.Events<Message<Buffer>> in = inbound(vertx, "pr");
    deployClient(vertx, client("pr", server.port()).put("framing.mode", "line"));
    NetSocket conn = server.nextConnection();
    awaitState(status, ConnectionState.CONNECTED);
    conn.write("before\n");
    assertEquals("before", in.next().body().toString());
    JsonObject paused = Await.result(vertx.eventBus().<JsonObject>request("pr.control",
      new JsonObject().put("action", "pause"))).body();
    assertTrue(paused.getBoolean("paused"));
    conn.write("a\nb\nc\n");
    // a marker on a second client proves time passed on the event loop without delivery
    Await.result(vertx.eventBus().request("pr.stats", ""));
    assertNull(in.poll(), "nothing is read while paused");
    Await.result(vertx.eventBus().request("pr.control", new JsonObject().put("action", "resume")));
    assertEquals(List.of("a", "b", "c"), List.of(in.next().body().toString(), in.next().body().toString(),
      in.next().body().toString()));
  }

  @Test
  void controlDrainAnswersWhenTheOutboxIsEmpty(Vertx vertx) {
    int port = FakeServer.freePort(vertx);
    Await.Events<JsonObject> status = status(vertx, "dr");
    deployClient(vertx, client("dr", port).put("framing.mode", "line"));
    awaitState(status, ConnectionState.BACKING_OFF);
    vertx.eventBus().request("dr.out", "one");
    vertx.eventBus().request("dr.out", "two");
    Future<Message<JsonObject>> drained = vertx.eventBus().request("dr.control", new JsonObject().put("action", "drain"));
    Await.result(vertx.eventBus().request("dr.stats", ""));
    assertFalse(drained.isComplete());
    FakeServer server = FakeServer.start(vertx, port);
    JsonObject after = Await.result(drained).body();
    assertEquals(0L, after.getLong("queued"));
    assertEquals(2L, after.getLong("written"));
    server.awaitReceived("one\ntwo\n");
  }

  @Test
  void controlCloseStopsReconnectingUntilAskedAgain(Vertx vertx) {
    FakeServer server = FakeServer.start(vertx);
    Await.Events<JsonObject> status = status(vertx, "cc");
    Await.Events<JsonObject> dead = dead(vertx, "cc");
    deployClient(vertx, client("cc", server.port()));
    NetSocket conn = server.nextConnection();
    Await.Events<Boolean> serverSawClose = new Await.Events<>();
    conn.closeHandler(v -> serverSawClose.add(true));
    awaitState(status, ConnectionState.CONNECTED);
    JsonObject reply = Await.result(vertx.eventBus().<JsonObject>request("cc.control",
      new JsonObject().put("action", "close"))).body();
    assertEquals("CLOSED", reply.getString("state"));
    assertTrue(serverSawClose.next());
    assertEquals("DISCONNECTED", status.next().getString("state"));
    assertEquals("CLOSED", status.next().getString("state"));
    ReplyException closed = (ReplyException) Await.failure(vertx.eventBus().request("cc.out", "late"));
    assertEquals(FailureCode.CLOSED.code(), closed.failureCode());
    assertEquals("CLOSED", dead.next().getString("reason"));
    assertNull(status.poll(), "no reconnect after close");

    Await.result(vertx.eventBus().request("cc.control", new JsonObject().put("action", "reconnect")));
    server.nextConnection();
    awaitState(status, ConnectionState.CONNECTED);
    Await.result(vertx.eventBus().request("cc.out", "again"));
    server.awaitReceived("again");

    ReplyException unknown = (ReplyException) Await.failure(vertx.eventBus().request("cc.control",
      new JsonObject().put("action", "explode")));
    assertEquals(FailureCode.BAD_BODY.code(), unknown.failureCode());
  }

  @Test
  void undeployWritesTheOutboxWithinTheDrainTimeout(Vertx vertx) {
    FakeServer server = FakeServer.start(vertx);
    Await.Events<JsonObject> status = status(vertx, "gs");
    Await.Events<JsonObject> dead = dead(vertx, "gs");
    ClientVerticle verticle = new ClientVerticle();
    String id = Await.result(vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(
      client("gs", server.port()).put("framing.mode", "line").put("shutdown.drainTimeout", 5000)
        .put("framing.maxFrameSize", 1 << 20).put("outbox.capacity", 10_000))));
    NetSocket conn = server.nextConnection();
    awaitState(status, ConnectionState.CONNECTED);
    conn.pause();
    // 25 MB, far more than the loopback socket buffers take (about 10 MB at most here): the rest waits
    String chunk = "x".repeat(64 * 1024);
    List<Future<Message<Object>>> replies = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      replies.add(vertx.eventBus().request("gs.out", i + chunk));
    }
    Await.until("the outbox to fill", () -> stats(vertx, "gs").getLong("queued") > 50);
    Future<Void> undeployed = vertx.undeploy(id);
    conn.resume();
    Await.result(undeployed);
    assertTrue(replies.stream().allMatch(Future::succeeded), "every message written before the socket closed: "
      + replies.stream().filter(Future::failed).map(f -> f.cause().getMessage()).distinct().collect(Collectors.toList()));
    Await.until("all bytes", () -> server.receivedLength() == 400 * (chunk.length() + 1) + 1090);
    String[] lines = server.receivedText().split("\n");
    for (int i = 0; i < 400; i++) {
      assertTrue(lines[i].startsWith(i + "x"), "message " + i + " in order");
    }
    assertNull(dead.poll());
    assertEquals("CLOSED", awaitState(status, ConnectionState.CLOSED).getString("state"));
    assertEquals(0, verticle.client().timers());
  }

  @Test
  void undeployPublishesWhatItCouldNotWriteToTheDeadLetters(Vertx vertx) {
    FakeServer server = FakeServer.start(vertx);
    Await.Events<JsonObject> status = status(vertx, "gd");
    Await.Events<JsonObject> dead = dead(vertx, "gd");
    ClientVerticle verticle = new ClientVerticle();
    String id = Await.result(vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(
      client("gd", server.port()).put("framing.mode", "line").put("shutdown.drainTimeout", 200)
        .put("ping", new JsonObject().put("interval", 100)).put("heartbeat.timeout", 800)
        .put("framing.maxFrameSize", 1 << 20).put("outbox.capacity", 10_000))));
    NetSocket conn = server.nextConnection();
    awaitState(status, ConnectionState.CONNECTED);
    conn.write("hello\n");
    conn.pause();
    String chunk = "y".repeat(64 * 1024);
    List<Future<Message<Object>>> replies = new ArrayList<>();
    // 25 MB: more than the loopback socket buffers take (at most about 10 MB here), so some must wait
    for (int i = 0; i < 400; i++) {
      replies.add(vertx.eventBus().request("gd.out", chunk));
    }
    Await.until("the outbox to fill", () -> stats(vertx, "gd").getLong("queued") > 200);
    long start = System.nanoTime();
    Await.result(vertx.undeploy(id));
    long tookMs = (System.nanoTime() - start) / 1_000_000;
    assertTrue(tookMs >= 190 && tookMs < 3000, "undeploy took " + tookMs + " ms");
    Await.until("every reply", () -> replies.stream().allMatch(Future::isComplete));
    List<Integer> codes = replies.stream().filter(Future::failed)
      .map(f -> ((ReplyException) f.cause()).failureCode()).collect(Collectors.toList());
    assertTrue(codes.contains(FailureCode.CLOSED.code()), "what waited in the outbox failed with CLOSED: " + codes);
    assertEquals(400, replies.stream().filter(Future::succeeded).count() + codes.size());
    assertTrue(codes.stream().allMatch(c -> c == FailureCode.CLOSED.code() || c == FailureCode.WRITE_FAILED.code()),
      codes.toString());
    for (int i = 0; i < codes.size(); i++) {
      String reason = dead.next().getString("reason");
      assertTrue(reason.equals("CLOSED") || reason.equals("WRITE_FAILED"), reason);
    }
    assertNull(dead.poll());
    assertEquals(0, verticle.client().timers());
  }
}
