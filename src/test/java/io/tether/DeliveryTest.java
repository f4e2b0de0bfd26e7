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
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Delivery modes, batches and back-pressure both ways. */
@ExtendWith(VertxExtension.class)
class DeliveryTest extends ClientTestBase {

  private static String lines(int from, int to) {
    return IntStream.range(from, to).mapToObj(i -> "f" + i + "\n").collect(Collectors.joining());
  }

  @Test
  void requestModeStopsReadingWhileTheWindowIsFull(Vertx vertx) {
    FakeServer server = FakeServer.start(vertx);
    List<Message<Buffer>> held = new ArrayList<>();
    Await.Events<Message<Buffer>> in = new Await.Events<>();
    Await.result(vertx.eventBus().<Buffer>consumer("rq.in", in::add).completion());
    deployClient(vertx, client("rq", server.port()).put("framing.mode", "line")
      .put("delivery", new JsonObject().put("mode", "request").put("window", 8)));
    NetSocket conn = server.nextConnection();
    Await.until("connected", () -> "CONNECTED".equals(stats(vertx, "rq").getString("state")));
    // one frame per write, so that the window is reached between reads
    for (int i = 0; i < 8; i++) {
      held.add(null);
    }
    held.clear();
    for (int i = 0; i < 8; i++) {
      conn.write("f" + i + "\n");
      held.add(in.next());
    }
    JsonObject full = stats(vertx, "rq");
    assertEquals(true, full.getBoolean("windowFull"), full.encode());
    assertEquals(8, full.getInteger("unanswered"));
    for (int i = 8; i < 20; i++) {
      conn.write("f" + i + "\n");
    }
    Await.result(vertx.eventBus().request("rq.stats", ""));
    assertNull(in.poll(), "nothing is read while the window is full");
    assertEquals(8L, stats(vertx, "rq").getLong("framesIn"));
    // answering frees the window: the rest arrives, in order, with contiguous sequence numbers
    held.forEach(m -> m.reply(null));
    for (int i = 8; i < 20; i++) {
      Message<Buffer> m = in.next();
      assertEquals("f" + i, m.body().toString());
      assertEquals(Integer.toString(i + 1), m.headers().get("seq"));
      m.reply(null);
    }
    for (int i = 0; i < 8; i++) {
      assertEquals("f" + i, held.get(i).body().toString());
      assertEquals(Integer.toString(i + 1), held.get(i).headers().get("seq"));
    }
  }

  /**
   * The server writes as fast as it can for 6 s to a consumer that is far slower (20 µs a frame, a hundredth of the
   * flood's rate or less), in each back-pressured mode: memory stays flat and every frame arrives once, in order.
   */
  @ParameterizedTest
  @ValueSource(strings = {"request", "credit"})
  void aFloodIntoASlowConsumerKeepsTheHeapBoundedAndLosesNothing(String mode, Vertx vertx) {
    Vertx serverVertx = Vertx.vertx();
    try {
      AtomicLong written = new AtomicLong();
      FakeServer server = FakeServer.start(serverVertx);
      AtomicLong next = new AtomicLong(1);
      AtomicLong bad = new AtomicLong();
      AtomicReference<String> firstBad = new AtomicReference<>();
      boolean credit = mode.equals("credit");
      int[] taken = {0};
      Await.result(vertx.eventBus().<Buffer>consumer("fl.in", m -> {
        long expected = next.getAndIncrement();
        String body = m.body().toString();
        if (!m.headers().get("seq").equals(Long.toString(expected)) || !body.startsWith(expected + ":")) {
          bad.incrementAndGet();
          firstBad.compareAndSet(null, expected + " got seq " + m.headers().get("seq") + " body " + body);
        }
        long until = System.nanoTime() + 20_000;
        while (System.nanoTime() < until) {
          Thread.onSpinWait();
        }
        if (credit) {
          if (++taken[0] == 128) {
            taken[0] = 0;
            vertx.eventBus().send("fl.credit", 128);
          }
        } else {
          m.reply(null);
        }
      }).completion());
      deployClient(vertx, client("fl", server.port()).put("framing.mode", "line")
        .put("heartbeat.timeout", 0)
        .put("delivery", new JsonObject().put("mode", mode).put("window", 256)));
      NetSocket conn = server.nextConnection();
      MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
      System.gc();
      long baseline = memory.getHeapMemoryUsage().getUsed();
      long end = System.nanoTime() + 6_000_000_000L;
      String pad = "x".repeat(48);
      serverVertx.runOnContext(v -> new Runnable() {
        long seq = 1;

        @Override
        public void run() {
          while (!conn.writeQueueFull() && System.nanoTime() < end) {
            Buffer b = Buffer.buffer(64 * 64);
            for (int i = 0; i < 64; i++) {
              b.appendString(seq++ + ":" + pad + "\n");
            }
            conn.write(b);
            written.set(seq - 1);
          }
          if (System.nanoTime() < end) {
            conn.drainHandler(x -> run());
          }
        }
      }.run());
      long peak = 0;
      while (System.nanoTime() < end) {
        Await.result(vertx.eventBus().request("fl.stats", ""));
        peak = Math.max(peak, memory.getHeapMemoryUsage().getUsed());
        JsonObject s = stats(vertx, "fl");
        assertTrue(s.getInteger("unanswered") <= 256 + 64 * 1024 / 8, s.encode());
        System.gc();
        peak = Math.max(peak, memory.getHeapMemoryUsage().getUsed());
        if (peak - baseline > 200L << 20) {
          break;
        }
      }
      long delivered = next.get() - 1;
      long grew = (peak - baseline) >> 20;
      assertEquals(0, bad.get(), "frames out of order: first " + firstBad.get());
      assertTrue(grew < 64, "the heap grew by " + grew + " MB over the idle baseline");
      // the window refilled ten times at least (4,331 frames once, when the hypervisor took half of the machine's CPU
      // time and each System.gc() above stalled it)
      assertTrue(delivered > 10 * 256, delivered + " frames delivered");
      assertTrue(written.get() < delivered + 1_000_000, "the server was slowed down: wrote " + written.get()
        + " for " + delivered + " delivered");
    } finally {
      Await.result(serverVertx.close());
    }
  }

  @Test
  void batchesCarryTheFramesOfOneReadWithTheFirstSequenceNumber(Vertx vertx) {
    FakeServer server = FakeServer.start(vertx);
    Await.Events<Message<Buffer>> in = inbound(vertx, "b");
    deployClient(vertx, client("b", server.port()).put("framing.mode", "line")
      .put("delivery", new JsonObject().put("batch", 4)));
    NetSocket conn = server.nextConnection();
    Await.until("connected", () -> "CONNECTED".equals(stats(vertx, "b").getString("state")));
    // a lone frame is not held back waiting for more
    conn.write("solo\n");
    Message<Buffer> solo = in.next();
    assertEquals(List.of("solo"), Frames.split(solo.body()).stream().map(Buffer::toString).collect(Collectors.toList()));
    assertEquals("1", solo.headers().get("seq"));
    assertEquals("1", solo.headers().get("frames"));
    // ten frames in one write: batches of at most four, in order
    conn.write(lines(0, 10));
    List<String> frames = new ArrayList<>();
    long expectedSeq = 2;
    while (frames.size() < 10) {
      Message<Buffer> m = in.next();
      assertEquals(Long.toString(expectedSeq), m.headers().get("seq"));
      List<Buffer> batch = Frames.split(m.body());
      assertEquals(Integer.toString(batch.size()), m.headers().get("frames"));
      assertTrue(batch.size() <= 4);
      batch.forEach(f -> frames.add(f.toString()));
      expectedSeq += batch.size();
    }
    assertEquals(IntStream.range(0, 10).mapToObj(i -> "f" + i).collect(Collectors.toList()), frames);
  }

  @Test
  void headersCanBeTurnedOff(Vertx vertx) {
    FakeServer server = FakeServer.start(vertx);
    Await.Events<Message<Buffer>> in = inbound(vertx, "nh");
    deployClient(vertx, client("nh", server.port()).put("delivery.headers", false));
    server.nextConnection().write("x");
    Message<Buffer> m = in.next();
    assertEquals("x", m.body().toString());
    assertTrue(m.headers().isEmpty());
  }

  @Test
  void aBatchToTheServerIsFramedFrameByFrameAndRepliedOnce(Vertx vertx) {
    FakeServer server = FakeServer.start(vertx);
    deployClient(vertx, client("ob", server.port()).put("framing",
      new JsonObject().put("mode", "line").put("maxFrameSize", 10)));
    server.nextConnection();
    Await.result(vertx.eventBus().request("ob.out", new JsonArray().add("a").add("b")
      .add(new JsonObject().put("c", 1))));
    Await.result(vertx.eventBus().request("ob.out", Frames.batch(List.of(Buffer.buffer("d"), Buffer.buffer("e"))),
      new DeliveryOptions().addHeader("frames", "2")));
    server.awaitReceived("a\nb\n{\"c\":1}\nd\ne\n");
    assertEquals("a\nb\n{\"c\":1}\nd\ne\n", server.receivedText());
    JsonObject s = stats(vertx, "ob");
    assertEquals(2L, s.getLong("sent"));
    assertEquals(2L, s.getLong("written"));
    assertEquals(5L, s.getLong("framesOut"));

    ReplyException big = (ReplyException) Await.failure(vertx.eventBus().request("ob.out",
      new JsonArray().add("ok").add("far too long")));
    assertEquals(FailureCode.FRAME_TOO_LARGE.code(), big.failureCode());
    assertEquals("FRAME_TOO_LARGE: frame 1 of the batch is 13 bytes, over framing.maxFrameSize 10", big.getMessage());
    ReplyException bad = (ReplyException) Await.failure(vertx.eventBus().request("ob.out",
      new JsonArray().add("ok").add(42)));
    assertEquals(FailureCode.BAD_BODY.code(), bad.failureCode());
    ReplyException broken = (ReplyException) Await.failure(vertx.eventBus().request("ob.out",
      Buffer.buffer("nope"), new DeliveryOptions().addHeader("frames", "1")));
    assertEquals(FailureCode.BAD_BODY.code(), broken.failureCode());
    assertEquals("a\nb\n{\"c\":1}\nd\ne\n", server.receivedText(), "nothing of a refused batch is written");
  }

  @Test
  void whileTheSocketIsFullTheOutboxHoldsAndDrainsInOrder(Vertx vertx) {
    FakeServer server = FakeServer.start(vertx);
    deployClient(vertx, client("bp", server.port()).put("framing", new JsonObject().put("mode", "line")
      .put("maxFrameSize", 1 << 20)).put("outbox.capacity", 10_000));
    NetSocket conn = server.nextConnection();
    Await.until("connected", () -> "CONNECTED".equals(stats(vertx, "bp").getString("state")));
    conn.pause();
    String chunk = "z".repeat(32 * 1024);
    List<Future<Message<Object>>> replies = new ArrayList<>();
    for (int i = 0; i < 800; i++) {
      replies.add(vertx.eventBus().request("bp.out", i + chunk));
    }
    Await.until("the outbox to hold what the socket cannot take",
      () -> stats(vertx, "bp").getLong("queued") > 100);
    conn.resume();
    Await.until("every reply", () -> replies.stream().allMatch(Future::succeeded));
    int total = IntStream.range(0, 800).map(i -> Integer.toString(i).length() + chunk.length() + 1).sum();
    Await.until("every byte at the server", () -> server.receivedLength() == total);
    String[] got = server.receivedText().split("\n");
    assertEquals(800, got.length);
    for (int i = 0; i < 800; i++) {
      assertTrue(got[i].startsWith(i + "z"), "message " + i);
    }
  }

  /**
   * {@code <address>.credit} is there in credit mode only: a client that publishes has no consumer on it; one
   * reconfigured to credit mode registers it, and its frames then flow against the credit given; reconfigured back,
   * the address has no consumer again.
   */
  @Test
  void theCreditAddressIsRegisteredInCreditModeOnlyAcrossReconfigurations(Vertx vertx) {
    FakeServer server = FakeServer.start(vertx);
    Await.Events<JsonObject> status = status(vertx, "cr");
    Await.Events<Message<Buffer>> in = inbound(vertx, "cr");
    JsonObject config = client("cr", server.port()).put("framing.mode", "line");
    ClientVerticle verticle = new ClientVerticle();
    Await.result(vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(config)));
    server.nextConnection();
    awaitState(status, ConnectionState.CONNECTED);
    assertEquals(ReplyFailure.NO_HANDLERS, noCredit(vertx, "cr").failureType());

    verticle.reconfigure(new TetherOptions(config.copy().put("delivery.mode", "credit").put("delivery.window", 2)));
    NetSocket credited = server.nextConnection();
    awaitState(status, ConnectionState.CONNECTED);
    credited.write("a\nb\nc\n");
    assertEquals("a", in.next().body().toString());
    assertEquals("b", in.next().body().toString());
    in.assertNoneWithin(Duration.ofMillis(200));
    vertx.eventBus().send("cr.credit", 1);
    assertEquals("c", in.next().body().toString());
    assertEquals(FailureCode.BAD_BODY.code(), noCredit(vertx, "cr").failureCode());

    verticle.reconfigure(new TetherOptions(config));
    server.nextConnection();
    awaitState(status, ConnectionState.CONNECTED);
    assertEquals(ReplyFailure.NO_HANDLERS, noCredit(vertx, "cr").failureType());
  }

  /** A credit that gives nothing, as a request: refused by the client, or by the bus when no one consumes it. */
  private static ReplyException noCredit(Vertx vertx, String address) {
    return (ReplyException) Await.failure(vertx.eventBus().request(address + ".credit", "none"));
  }
}
