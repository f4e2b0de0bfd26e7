package io.tether;

import io.tether.testkit.FakeServer;
import io.tether.testkit.Await;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a server or a sender may throw at the client: garbage, truncated, oversize and negative-length frames from the
 * server in every framing mode; empty, huge and unsupported bodies on {@code .out}. Each gets a clear error, the memory
 * stays bounded and the connection recovers.
 * <p>
 * The fuzz runs {@code -Dfuzz.seconds} (default 3) per framing mode, with {@code -Dfuzz.seed} to replay.
 */
@ExtendWith(VertxExtension.class)
class HostileInputTest extends ClientTestBase {

  private static final int MAX_FRAME = 1024;
  private static final long SECONDS = Long.getLong("fuzz.seconds", 3);
  private static final int MAX_CONNECTIONS = 5000;
  private static final long HEAP_GROWTH_LIMIT = 64L << 20;
  private static final Set<Pattern> CLEAR_CAUSES = Set.of(
    Pattern.compile("closed by server"),
    Pattern.compile("closed by server in the middle of a frame \\(\\d+ bytes discarded\\)"),
    Pattern.compile("frame too large: \\d+ bytes( without a delimiter)?, over framing.maxFrameSize " + MAX_FRAME),
    Pattern.compile("negative frame length -\\d+ in a length prefix"));

  @ParameterizedTest
  @ValueSource(strings = {"raw", "line", "length"})
  void garbageFromTheServerNeverCrashesOrGrowsTheClient(String mode, Vertx vertx) throws Exception {
    long seed = Long.getLong("fuzz.seed", System.nanoTime());
    Random random = new Random(seed);
    String address = "fz" + mode;
    FakeServer server = FakeServer.start(vertx);
    AtomicLong frames = new AtomicLong();
    AtomicLong oversize = new AtomicLong();
    AtomicLong finals = new AtomicLong();
    Map<String, Boolean> causes = new ConcurrentHashMap<>();
    vertx.eventBus().<Buffer>consumer(address + ".in", m -> {
      frames.incrementAndGet();
      if (m.body().length() > MAX_FRAME) {
        oversize.incrementAndGet();
      }
      if (m.body().toString().equals("FINAL")) {
        finals.incrementAndGet();
      }
    });
    vertx.eventBus().<JsonObject>consumer(address + ".status", m -> {
      String cause = m.body().getString("cause");
      if (ConnectionState.DISCONNECTED.name().equals(m.body().getString("state")) && cause != null) {
        causes.put(cause.replaceAll("\\d+", "0"), true);
        if (CLEAR_CAUSES.stream().noneMatch(p -> p.matcher(cause).matches())) {
          causes.put("UNCLEAR: " + cause, true);
        }
      }
    });
    deployClient(vertx, client(address, server.port())
      .put("framing", new JsonObject().put("mode", mode).put("maxFrameSize", MAX_FRAME)));

    long heapBefore = usedHeap();
    long sentBytes = 0;
    int connections = 0;
    long end = System.nanoTime() + SECONDS * 1_000_000_000L;
    while (System.nanoTime() < end && connections < MAX_CONNECTIONS) {
      NetSocket conn = server.nextConnection();
      connections++;
      int pieces = 1 + random.nextInt(12);
      for (int i = 0; i < pieces; i++) {
        Buffer piece = hostile(random, mode);
        sentBytes += piece.length();
        conn.write(piece);
      }
      conn.close();
    }
    long heapAfter = usedHeap();

    // a well-formed frame on a fresh connection still gets through, and the other way too
    NetSocket conn = server.nextConnection();
    conn.write(frame(mode, "FINAL"));
    Await.until("the last valid frame", () -> finals.get() == 1);
    Await.result(vertx.eventBus().request(address + ".out", "still here"));
    server.awaitReceived("still here");
    JsonObject stats = stats(vertx, address);

    System.out.printf("fuzz %-6s seed %d: %d connections, %d bytes of garbage, %d frames published, causes %s;"
        + " heap used %.1f MB before, %.1f MB after%n", mode, seed, connections, sentBytes, frames.get(),
      causes.keySet(), heapBefore / 1048576.0, heapAfter / 1048576.0);
    assertTrue(connections > 10, "the client kept reconnecting: " + connections);
    assertEquals(ConnectionState.CONNECTED.name(), stats.getString("state"));
    assertEquals(connections + 1, stats.getLong("connects"), "one connect per connection the server accepted");
    assertEquals(0, oversize.get(), "no published frame is over framing.maxFrameSize");
    assertTrue(causes.keySet().stream().noneMatch(c -> c.startsWith("UNCLEAR")), "every cause is one of the framing errors: "
      + causes.keySet() + " (seed " + seed + ")");
    if (!mode.equals("raw")) {
      assertTrue(causes.keySet().stream().anyMatch(c -> c.startsWith("frame too large")), causes.keySet().toString());
    }
    assertTrue(heapAfter - heapBefore < HEAP_GROWTH_LIMIT, "heap grew by " + (heapAfter - heapBefore) + " bytes");
  }

  /** One piece of what a hostile server writes, in the shape that hurts {@code mode} the most. */
  private static Buffer hostile(Random random, String mode) {
    switch (random.nextInt(6)) {
      case 0:
        return random(random, 1 + random.nextInt(4096));
      case 1:
        // a frame that is cut short: its start, then nothing (the connection closes after the last piece)
        Buffer whole = frame(mode, "x".repeat(1 + random.nextInt(MAX_FRAME - 8)));
        return whole.getBuffer(0, 1 + random.nextInt(whole.length()));
      case 2:
        // oversize: longer than the limit on the wire
        return mode.equals("length")
          ? Buffer.buffer().appendInt(MAX_FRAME + random.nextInt(Integer.MAX_VALUE - MAX_FRAME)).appendBuffer(random(random, 64))
          : Buffer.buffer("y".repeat(MAX_FRAME + 1 + random.nextInt(3 * MAX_FRAME)) + "\n");
      case 3:
        // a negative length, and in other modes the same bytes as garbage
        return Buffer.buffer().appendInt(Integer.MIN_VALUE + random.nextInt(Integer.MAX_VALUE)).appendBuffer(random(random, 16));
      case 4:
        return frame(mode, "ok" + random.nextInt(1000));
      default:
        // many tiny frames in one chunk
        Buffer many = Buffer.buffer();
        for (int i = 0; i < 50; i++) {
          many.appendBuffer(frame(mode, Integer.toString(i)));
        }
        return many;
    }
  }

  private static Buffer random(Random random, int n) {
    byte[] bytes = new byte[n];
    random.nextBytes(bytes);
    return Buffer.buffer(bytes);
  }

  private static Buffer frame(String mode, String text) {
    switch (mode) {
      case "line":
        return Buffer.buffer(text + "\n");
      case "length":
        return Buffer.buffer().appendInt(text.length()).appendString(text);
      default:
        return Buffer.buffer(text);
    }
  }

  private static long usedHeap() {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return rt.totalMemory() - rt.freeMemory();
  }

  @ParameterizedTest
  @ValueSource(strings = {"raw", "line", "length"})
  void emptyHugeAndUnsupportedBodiesFailClearlyAndTheConnectionGoesOn(String mode, Vertx vertx) {
    FakeServer server = FakeServer.start(vertx);
    String address = "body" + mode;
    deployClient(vertx, client(address, server.port()).put("framing.mode", mode));
    server.nextConnection();
    String out = address + ".out";

    ReplyException huge = (ReplyException) Await.failure(vertx.eventBus().request(out, "h".repeat(16 << 20)));
    assertEquals(FailureCode.FRAME_TOO_LARGE.code(), huge.failureCode());
    long framed = (16 << 20) + (mode.equals("raw") ? 0 : mode.equals("line") ? 1 : 4);
    assertEquals("FRAME_TOO_LARGE: the framed message is " + framed + " bytes, over framing.maxFrameSize 65536",
      huge.getMessage());
    ReplyException array = (ReplyException) Await.failure(vertx.eventBus().request(out, new JsonArray().add(1)));
    assertEquals(FailureCode.BAD_BODY.code(), array.failureCode());
    assertEquals("BAD_BODY: a batch is a JsonArray of String or JsonObject elements, or a Buffer of 4-byte lengths"
      + " and frames", array.getMessage());
    ReplyException bytes = (ReplyException) Await.failure(vertx.eventBus().request(out, new byte[] {1, 2}));
    assertEquals(FailureCode.BAD_BODY.code(), bytes.failureCode());

    Buffer expected = Buffer.buffer();
    if (mode.equals("raw")) {
      // nothing would go on the wire: the sender is told, rather than thanked for nothing
      for (Object empty : new Object[] {"", Buffer.buffer()}) {
        ReplyException e = (ReplyException) Await.failure(vertx.eventBus().request(out, empty));
        assertEquals(FailureCode.BAD_BODY.code(), e.failureCode());
        assertEquals("BAD_BODY: an empty message; raw framing would write nothing", e.getMessage());
      }
    } else {
      // an empty frame is a frame: an empty line, a zero length
      Await.result(vertx.eventBus().request(out, ""));
      expected.appendBuffer(frame(mode, ""));
    }
    Await.result(vertx.eventBus().request(out, "after"));
    expected.appendBuffer(frame(mode, "after"));
    Await.until("the frames after the bad ones", () -> server.received().length() == expected.length());
    assertEquals(expected, server.received());
    JsonObject stats = stats(vertx, address);
    assertEquals(ConnectionState.CONNECTED.name(), stats.getString("state"));
    assertEquals(1, stats.getLong("connects"));
  }
}
