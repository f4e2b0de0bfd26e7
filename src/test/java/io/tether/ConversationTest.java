package io.tether;

import io.tether.testkit.Await;
import io.tether.testkit.FakeServer;
import io.tether.testkit.RealServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Requests and their answers, against real Redis and memcached servers and scripted ones. */
@ExtendWith(VertxExtension.class)
class ConversationTest extends ClientTestBase {

  private static JsonObject crlfClient(String address, int port) {
    return client(address, port).put("framing", new JsonObject().put("mode", "line").put("delimiter", "\r\n"));
  }

  private static Future<Message<Buffer>> request(Vertx vertx, String address, Object body) {
    return vertx.eventBus().request(address + ".request", body);
  }

  private static Future<Message<Buffer>> request(Vertx vertx, String address, Object body, DeliveryOptions options) {
    return vertx.eventBus().request(address + ".request", body, options);
  }

  private static String answer(Future<Message<Buffer>> f) {
    return Await.result(f).body().toString();
  }

  private static int code(Future<?> f) {
    return ((ReplyException) Await.failure(f)).failureCode();
  }

  @Test
  void twoHundredPipelinedRequestsToRedisEachGetTheirOwnAnswer(Vertx vertx) {
    try (RealServer redis = RealServer.redis()) {
      Await.Events<JsonObject> status = status(vertx, "rd");
      Await.Events<Message<Buffer>> in = inbound(vertx, "rd");
      deployClient(vertx, crlfClient("rd", redis.port()));
      awaitState(status, ConnectionState.CONNECTED);
      List<Future<Message<Buffer>>> replies = new ArrayList<>();
      List<String> expected = new ArrayList<>();
      int counter = 0;
      for (int i = 0; i < 200; i++) {
        switch (i % 3) {
          case 0:
            replies.add(request(vertx, "rd", "INCR counter"));
            expected.add(":" + ++counter);
            break;
          case 1:
            replies.add(request(vertx, "rd", "SET key" + i + " value" + i));
            expected.add("+OK");
            break;
          default:
            replies.add(request(vertx, "rd", "PING"));
            expected.add("+PONG");
        }
      }
      Await.until("200 answers", () -> replies.stream().allMatch(Future::isComplete));
      for (int i = 0; i < 200; i++) {
        assertEquals(expected.get(i), answer(replies.get(i)), "request " + i);
        assertEquals("1", Await.result(replies.get(i)).headers().get("frames"));
      }
      // the values were set by their own requests
      assertEquals("$7\r\nvalue40", answer(request(vertx, "rd", "GET key40", new DeliveryOptions()
        .addHeader("replyFrames", "2"))));
      assertNull(in.poll(), "no answer went to rd.in");
      JsonObject s = stats(vertx, "rd");
      assertEquals(201L, s.getLong("requests"));
      assertEquals(201L, s.getLong("answers"));
      assertEquals(0L, s.getLong("waiting"));
      assertCountsAddUp(s);
    }
  }

  @Test
  void withReplyToEveryAnswerComesToOneConsumerWithItsRequestsHeaders(Vertx vertx) {
    try (RealServer redis = RealServer.redis()) {
      Await.Events<JsonObject> status = status(vertx, "rt");
      Await.Events<Message<Object>> answers = new Await.Events<>();
      Await.result(vertx.eventBus().<Object>consumer("rt.mine", answers::add).completion());
      deployClient(vertx, crlfClient("rt", redis.port()).put("request.timeout", 300));
      awaitState(status, ConnectionState.CONNECTED);
      // sent, not requested: no reply handler per request, the answers come to rt.mine in order
      for (int i = 1; i <= 300; i++) {
        vertx.eventBus().send("rt.request", "INCR n", new DeliveryOptions().addHeader("replyTo", "rt.mine")
          .addHeader("n", Integer.toString(i)));
      }
      for (int i = 1; i <= 300; i++) {
        Message<Object> m = answers.next();
        assertEquals(":" + i, m.body().toString(), "answer " + i);
        assertEquals(Integer.toString(i), m.headers().get("n"), "the request's own header comes back on its answer");
        assertEquals("1", m.headers().get("frames"));
        assertNull(m.headers().get("replyTo"));
      }
      // a message of rt.out with replyTo: "written" comes as a message with a null body
      vertx.eventBus().send("rt.out", "SET k v", new DeliveryOptions().addHeader("replyTo", "rt.mine").addHeader("n", "out"));
      Message<Object> written = answers.next();
      assertNull(written.body());
      assertEquals("out", written.headers().get("n"));
      // a failure comes the same way: the failure's message as the body, its code and name as headers
      vertx.eventBus().send("rt.request", "", new DeliveryOptions().addHeader("replyTo", "rt.mine")
        .addHeader("timeout", "soon"));
      Message<Object> bad = answers.next();
      assertEquals(Integer.toString(FailureCode.BAD_BODY.code()), bad.headers().get("failureCode"));
      assertEquals("BAD_BODY", bad.headers().get("failure"));
      assertTrue(bad.body().toString().startsWith("BAD_BODY: the timeout header"), bad.body().toString());
      redis.stop();
      vertx.eventBus().send("rt.request", "INCR n", new DeliveryOptions().addHeader("replyTo", "rt.mine"));
      Message<Object> late = answers.next();
      assertEquals("TIMEOUT", late.headers().get("failure"));
      assertTrue(late.body().toString().startsWith("TIMEOUT: no answer within 300 ms"), late.body().toString());
      assertNull(answers.poll(), "one answer per message");
      redis.resume();
      JsonObject s = stats(vertx, "rt");
      assertEquals(302L, s.getLong("requests"));
      assertEquals(300L, s.getLong("answers"));
      assertEquals(1L, s.getLong("timeouts"));
      assertCountsAddUp(s);
    }
  }

  @Test
  void theRespReaderFindsTheEndOfBulkStringsAndArraysWhateverTheyHold(Vertx vertx) {
    try (RealServer redis = RealServer.redis()) {
      Await.Events<JsonObject> status = status(vertx, "rr");
      deployClient(vertx, crlfClient("rr", redis.port()).put("request.answer", RespAnswerReader.class.getName()));
      awaitState(status, ConnectionState.CONNECTED);
      // redis's inline commands decode \r\n inside quotes: the value holds the client's own delimiter
      assertEquals("+OK", answer(request(vertx, "rr", "SET crlf \"line1\\r\\nline2\"")));
      assertEquals("+OK", answer(request(vertx, "rr", "SET plain END")));
      Future<Message<Buffer>> get = request(vertx, "rr", "GET crlf");
      Future<Message<Buffer>> mget = request(vertx, "rr", "MGET plain missing crlf");
      Future<Message<Buffer>> nil = request(vertx, "rr", "GET missing");
      Future<Message<Buffer>> err = request(vertx, "rr", "NOSUCHCOMMAND");
      Future<Message<Buffer>> after = request(vertx, "rr", "PING");
      assertEquals("$12\r\nline1\r\nline2", answer(get));
      assertEquals("3", Await.result(get).headers().get("frames"));
      assertEquals("*3\r\n$3\r\nEND\r\n$-1\r\n$12\r\nline1\r\nline2", answer(mget));
      assertEquals("$-1", answer(nil));
      assertTrue(answer(err).startsWith("-ERR unknown command"), answer(err));
      assertEquals("+PONG", answer(after));
    }
  }

  @Test
  void memcachedAnswersOfSeveralFramesWithReplyEndAndWithTheReader(Vertx vertx) {
    try (RealServer memcached = RealServer.memcached()) {
      Await.Events<JsonObject> status = status(vertx, "mc");
      deployClient(vertx, crlfClient("mc", memcached.port()).put("request.replyEnd",
        "^(END|STORED|NOT_STORED|DELETED|NOT_FOUND|ERROR.*|CLIENT_ERROR.*|SERVER_ERROR.*)$"));
      awaitState(status, ConnectionState.CONNECTED);
      // a batch is one request: a command line and its data line
      assertEquals("STORED", answer(request(vertx, "mc", new JsonArray().add("set greeting 0 0 5").add("hello"))));
      assertEquals("STORED", answer(request(vertx, "mc", new JsonArray().add("set other 0 0 2").add("hi"))));
      Future<Message<Buffer>> get = request(vertx, "mc", "get greeting other");
      assertEquals("VALUE greeting 0 5\r\nhello\r\nVALUE other 0 2\r\nhi\r\nEND", answer(get));
      assertEquals("5", Await.result(get).headers().get("frames"));
      assertEquals("END", answer(request(vertx, "mc", "get nothing")));
    }
    try (RealServer memcached = RealServer.memcached()) {
      Await.Events<JsonObject> status = status(vertx, "mr");
      deployClient(vertx, crlfClient("mr", memcached.port())
        .put("request.answer", MemcachedAnswerReader.class.getName()));
      awaitState(status, ConnectionState.CONNECTED);
      // data that looks like the end of an answer is data: the reader counts its bytes
      assertEquals("STORED", answer(request(vertx, "mr", new JsonArray().add("set tricky 0 0 3").add("END"))));
      assertEquals("STORED", answer(request(vertx, "mr", new JsonArray().add("set empty 0 0 0").add(""))));
      assertEquals("VALUE tricky 0 3\r\nEND\r\nVALUE empty 0 0\r\n\r\nEND",
        answer(request(vertx, "mr", "get tricky empty")));
      assertEquals("STORED", answer(request(vertx, "mr", new JsonArray().add("set n 0 0 1").add("0"))));
      assertEquals("1", answer(request(vertx, "mr", "incr n 1")));
      assertTrue(answer(request(vertx, "mr", "stats")).endsWith("\r\nEND"));
    }
  }

  /** A server that answers "REQ id" lines with "ANS id n" in reverse order, five at a time, and says things itself. */
  private static void reverseAnswers(NetSocket conn) {
    List<String> ids = new ArrayList<>();
    conn.handler(RecordParser.newDelimited("\n", line -> {
      ids.add(line.toString().split(" ")[1]);
      if (ids.size() == 5) {
        List<String> batch = new ArrayList<>(ids);
        ids.clear();
        Collections.reverse(batch);
        StringBuilder out = new StringBuilder("NOTE unsolicited\n");
        batch.forEach(id -> out.append("ANS ").append(id).append(" for ").append(id).append('\n'));
        conn.write(out.toString());
      }
    }));
  }

  @Test
  void inIdMatchingAnswersOutOfOrderFindTheirRequests(Vertx vertx) {
    FakeServer server = FakeServer.start(vertx);
    Await.Events<Message<Buffer>> in = inbound(vertx, "id");
    deployClient(vertx, client("id", server.port()).put("framing.mode", "line")
      .put("request", new JsonObject().put("match", "id").put("id", "^(?:REQ|ANS) (\\w+)")));
    reverseAnswers(server.nextConnection());
    List<Future<Message<Buffer>>> replies = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      replies.add(request(vertx, "id", "REQ r" + i));
    }
    for (int i = 0; i < 10; i++) {
      assertEquals("ANS r" + i + " for r" + i, answer(replies.get(i)));
    }
    assertEquals("NOTE unsolicited", in.next().body().toString());
    assertEquals("NOTE unsolicited", in.next().body().toString());
    // an id that is already waiting, and a request without an id, are refused
    Future<Message<Buffer>> first = request(vertx, "id", "REQ dup");
    assertEquals(FailureCode.BAD_BODY.code(), code(request(vertx, "id", "REQ dup")));
    assertEquals(FailureCode.BAD_BODY.code(), code(request(vertx, "id", "nothing to match")));
    for (int i = 0; i < 4; i++) {
      request(vertx, "id", "REQ fill" + i);
    }
    assertEquals("ANS dup for dup", answer(first));
  }

  @Test
  void aStoppedServerTimesTheRequestOutAndTheConnectionComesBackInStep(Vertx vertx) {
    try (RealServer redis = RealServer.redis()) {
      Await.Events<JsonObject> status = status(vertx, "to");
      Await.Events<JsonObject> dead = new Await.Events<>();
      Await.result(vertx.eventBus().<JsonObject>consumer("to.dead", m -> dead.add(m.body())).completion());
      deployClient(vertx, crlfClient("to", redis.port()).put("request.timeout", 300));
      awaitState(status, ConnectionState.CONNECTED);
      assertEquals("+PONG", answer(request(vertx, "to", "PING")));
      redis.stop();
      long from = System.nanoTime();
      Future<Message<Buffer>> late = request(vertx, "to", "INCR stopped");
      Future<Message<Buffer>> behind = request(vertx, "to", "INCR behind", new DeliveryOptions().addHeader("timeout", "5000"));
      assertEquals(FailureCode.TIMEOUT.code(), code(late));
      long ms = (System.nanoTime() - from) / 1_000_000;
      assertTrue(ms >= 290 && ms < 1500, "timed out after " + ms + " ms");
      // fifo: the stream is out of step, so the connection ends and what else was written is lost, not resent
      assertEquals(FailureCode.CONNECTION_LOST.code(), code(behind));
      JsonObject down = awaitState(status, ConnectionState.DISCONNECTED);
      assertEquals("request timeout: the answers are out of step", down.getString("cause"));
      assertEquals("TIMEOUT", dead.nextMatching(d -> d.getString("reason").equals("TIMEOUT")).getString("reason"));
      redis.resume();
      awaitState(status, ConnectionState.CONNECTED);
      // in step again: the stopped server did run the two INCRs it had read, and answers the next request in order
      String n = answer(request(vertx, "to", "INCR stopped"));
      assertTrue(n.equals(":1") || n.equals(":2"), n);
      assertEquals("+PONG", answer(request(vertx, "to", "PING")));
      JsonObject s = stats(vertx, "to");
      assertEquals(1L, s.getLong("timeouts"));
      assertEquals(1L, s.getLong("lost"));
      assertCountsAddUp(s);
    }
  }

  @Test
  void aKilledServerLosesTheRequestsInFlight(Vertx vertx) {
    RealServer redis = RealServer.redis();
    try {
      Await.Events<JsonObject> status = status(vertx, "kl");
      deployClient(vertx, crlfClient("kl", redis.port()).put("reconnect", new JsonObject().put("maxAttempts", 0)));
      awaitState(status, ConnectionState.CONNECTED);
      // BLPOP blocks in the server: its answer never comes before the kill
      Future<Message<Buffer>> blocked = request(vertx, "kl", "BLPOP nothing 30", new DeliveryOptions()
        .addHeader("timeout", "20000"));
      Await.until("the request is written", () -> stats(vertx, "kl").getLong("waiting") == 1);
      redis.kill();
      ReplyException lost = (ReplyException) Await.failure(blocked);
      assertEquals(FailureCode.CONNECTION_LOST.code(), lost.failureCode());
      assertTrue(lost.getMessage().startsWith("CONNECTION_LOST: the connection ended after the request was written"),
        lost.getMessage());
      assertCountsAddUp(stats(vertx, "kl"));
    } finally {
      redis.close();
    }
  }

  @Test
  void requestsAndMessagesKeepOneOrderAndMaxInFlightHoldsTheRest(Vertx vertx) {
    FakeServer server = FakeServer.start(vertx);
    deployClient(vertx, client("mf", server.port()).put("framing.mode", "line").put("request.maxInFlight", 2));
    NetSocket conn = server.nextConnection();
    Future<Message<Buffer>> a = request(vertx, "mf", "q1");
    Future<Message<Buffer>> b = request(vertx, "mf", "q2");
    Future<Message<Object>> note = vertx.eventBus().request("mf.out", "note");
    Future<Message<Buffer>> c = request(vertx, "mf", "q3");
    server.awaitReceived("q1\nq2\nnote\n");
    Await.result(note);
    assertEquals(2L, stats(vertx, "mf").getLong("waiting"));
    assertEquals("q1\nq2\nnote\n", server.receivedText(), "q3 waits while two are answered by nobody");
    conn.write("a1\n");
    assertEquals("a1", answer(a));
    server.awaitReceived("q1\nq2\nnote\nq3\n");
    conn.write("a2\na3\n");
    assertEquals("a2", answer(b));
    assertEquals("a3", answer(c));
  }

  @Test
  void answersRulesReplyAtOnceAndPingsAnswersAreNeverTakenForAnAnswer(Vertx vertx) {
    FakeServer server = FakeServer.start(vertx);
    Await.Events<Message<Buffer>> in = inbound(vertx, "ar");
    deployClient(vertx, client("ar", server.port()).put("framing.mode", "line")
      .put("answers", new JsonArray().add(new JsonObject().put("match", "^PING (.*)$").put("reply", "PONG $1")))
      .put("ping", new JsonObject().put("interval", 0).put("expectRegex", "^:\\S+ PONG ")));
    NetSocket conn = server.nextConnection();
    Future<Message<Buffer>> q = request(vertx, "ar", "WHO me");
    server.awaitReceived("WHO me\n");
    // the server pings in the middle of the answer's way: the rule answers, the frame is published
    conn.write("PING :irc.test\n:irc.test PONG irc.test :x\nME you\n");
    assertEquals("ME you", answer(q));
    server.awaitReceived("WHO me\nPONG :irc.test\n");
    assertEquals("PING :irc.test", in.next().body().toString());
    assertEquals(":irc.test PONG irc.test :x", in.next().body().toString());
    assertNull(in.poll());
  }

  @Test
  void inRequestModeAConsumersReplyIsWrittenToTheServer(Vertx vertx) {
    FakeServer server = FakeServer.start(vertx);
    Await.result(vertx.eventBus().<Buffer>consumer("rq.in", m -> {
      String q = m.body().toString();
      m.reply(q.startsWith("ASK ") ? "ANSWER " + q.substring(4) : null);
    }).completion());
    deployClient(vertx, client("rq", server.port()).put("framing.mode", "line")
      .put("delivery", new JsonObject().put("mode", "request")));
    NetSocket conn = server.nextConnection();
    conn.write("ASK one\nTELL nothing\nASK two\n");
    server.awaitReceived("ANSWER one\nANSWER two\n");
    assertEquals("ANSWER one\nANSWER two\n", server.receivedText());
  }

  @Test
  void aBadRequestIsRefusedWithItsCode(Vertx vertx) {
    FakeServer server = FakeServer.start(vertx);
    deployClient(vertx, client("bq", server.port()).put("framing.mode", "line"));
    server.nextConnection();
    ReplyException bad = (ReplyException) Await.failure(request(vertx, "bq", "x",
      new DeliveryOptions().addHeader("replyFrames", "zero")));
    assertEquals(FailureCode.BAD_BODY.code(), bad.failureCode());
    assertEquals("BAD_BODY: the replyFrames header must be a whole number >= 1, got \"zero\"", bad.getMessage());
    assertEquals(FailureCode.BAD_BODY.code(), code(request(vertx, "bq", "x", new DeliveryOptions()
      .addHeader("replyEnd", "(unclosed"))));
    assertFalse(server.receivedText().contains("x"), "nothing of a refused request is written");
  }

  @Test
  void aHandshakeRunsOnEveryConnectBeforeTheOutboxAndNamesAFailedStep(Vertx vertx) {
    FakeServer server = FakeServer.start(vertx);
    Await.Events<JsonObject> status = status(vertx, "hs");
    Await.Events<Message<Buffer>> in = inbound(vertx, "hs");
    JsonObject config = client("hs", server.port()).put("framing.mode", "line")
      .put("handshake", new JsonArray()
        .add(new JsonObject().put("send", "LOGIN ${env:HS_SECRET}"))
        .add(new JsonObject().put("expect", "^OK").put("timeout", 300)));
    Await.result(vertx.deployVerticle(new ClientVerticle(java.util.Map.of("HS_SECRET", "s3cret"), new java.util.Properties()),
      new io.vertx.core.DeploymentOptions().setConfig(config)));
    Future<Message<Object>> queued = vertx.eventBus().request("hs.out", "after login");
    // a server that refuses the first login
    NetSocket first = server.nextConnection();
    server.awaitReceived("LOGIN s3cret\n");
    assertEquals("HANDSHAKING", awaitState(status, ConnectionState.HANDSHAKING).getString("state"));
    first.write("ERR no\n");
    JsonObject down = awaitState(status, ConnectionState.DISCONNECTED);
    assertEquals("handshake[1] (expect ^OK): nothing matched within 300 ms; the last frame was \"ERR no\"",
      down.getString("cause"));
    assertFalse(down.encode().contains("s3cret"), down.encode());
    assertEquals("ERR no", in.next().body().toString(), "frames of the handshake are published");
    assertFalse(server.receivedText().contains("after login"), "nothing of the outbox before CONNECTED");
    // then accepts: the outbox follows the login
    // the next connections are welcomed: OK comes right away, and the expect step finds it after the send
    server.script(so -> so.write("OK welcome\n"));
    awaitState(status, ConnectionState.CONNECTED);
    Await.result(queued);
    Await.until("the outbox after the login", () -> stats(vertx, "hs").getLong("written") == 1);
    assertFalse(stats(vertx, "hs").encode().contains("s3cret"));
  }

  /**
   * An IRC-style server: it wants NICK and USER, welcomes with 001, then pings every 150 ms and drops a client that
   * has not answered a ping by the next one.
   */
  private static void ircStyle(Vertx vertx, NetSocket conn, Await.Events<String> pongs) {
    boolean[] answered = {true};
    long[] timer = {-1};
    int[] round = {0};
    conn.handler(RecordParser.newDelimited("\r\n", line -> {
      String l = line.toString();
      if (l.startsWith("USER ")) {
        conn.write(":irc.test NOTICE * :hello\r\n:irc.test 001 tether :Welcome\r\n");
        timer[0] = vertx.setPeriodic(150, id -> {
          if (!answered[0]) {
            vertx.cancelTimer(id);
            conn.write("ERROR :Ping timeout\r\n").onComplete(v -> conn.close());
            return;
          }
          answered[0] = false;
          conn.write("PING :round" + ++round[0] + "\r\n");
        });
      } else if (l.startsWith("PONG ")) {
        answered[0] = true;
        pongs.add(l);
      }
    }));
    conn.closeHandler(v -> vertx.cancelTimer(timer[0]));
  }

  @Test
  void aServerThatPingsAndDropsTheSilentKeepsTheClientThroughManyRounds(Vertx vertx) {
    FakeServer server = FakeServer.start(vertx);
    Await.Events<JsonObject> status = status(vertx, "irs");
    Await.Events<String> pongs = new Await.Events<>();
    server.script(so -> ircStyle(vertx, so, pongs));
    deployClient(vertx, crlfClient("irs", server.port()).put("handshake", new JsonArray()
        .add(new JsonObject().put("send", "NICK tether"))
        .add(new JsonObject().put("send", "USER tether 0 * :Tether"))
        .add(new JsonObject().put("expect", "^:\\S+ 001 ").put("timeout", 2000)))
      .put("answers", new JsonArray().add(new JsonObject().put("match", "^PING (.*)$").put("reply", "PONG $1")))
      .put("heartbeat.timeout", 1000));
    server.nextConnection();
    awaitState(status, ConnectionState.CONNECTED);
    for (int i = 1; i <= 8; i++) {
      assertEquals("PONG :round" + i, pongs.next());
    }
    JsonObject s = stats(vertx, "irs");
    assertEquals("CONNECTED", s.getString("state"));
    assertEquals(1L, s.getLong("connects"));
    assertEquals(0, server.pendingConnections(), "no second connection");
  }

  @Test
  void ngircdLogsTheClientInAndItsPingsAreAnswered(Vertx vertx) {
    // ngIRCd pings after 5 s of silence at the least, and drops a client that has not answered 5 s later
    try (RealServer irc = RealServer.ngircd(5, 5)) {
      Await.Events<JsonObject> status = status(vertx, "irc");
      Await.Events<String> pings = new Await.Events<>();
      Await.result(vertx.eventBus().<Buffer>consumer("irc.in", m -> {
        if (m.body().toString().startsWith("PING ")) {
          pings.add(m.body().toString());
        }
      }).completion());
      deployClient(vertx, crlfClient("irc", irc.port())
        .put("handshake", new JsonArray()
          .add(new JsonObject().put("send", "NICK tether"))
          .add(new JsonObject().put("send", "USER tether 0 * :Tether"))
          .add(new JsonObject().put("expect", "^:\\S+ 376 |^:\\S+ 422 ").put("timeout", 5000)))
        .put("answers", new JsonArray().add(new JsonObject().put("match", "^PING (.*)$").put("reply", "PONG $1")))
        .put("heartbeat.timeout", 12000));
      awaitState(status, ConnectionState.CONNECTED);
      assertTrue(answer(request(vertx, "irc", "TIME")).contains(" 391 tether "));
      // a second ping comes only to a client that answered the first and was kept
      pings.next(Duration.ofSeconds(8));
      pings.next(Duration.ofSeconds(8));
      JsonObject s = stats(vertx, "irc");
      assertEquals("CONNECTED", s.getString("state"));
      assertEquals(1L, s.getLong("connects"));
    }
  }
}
