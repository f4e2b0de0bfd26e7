package io.tether.impl.console;

import io.tether.ClientVerticle;
import io.tether.TetherOptions;
import io.tether.testkit.Await;
import io.tether.testkit.FakeServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A conversation with a client in this JVM and a scripted server on 127.0.0.1: what it shows, in order, and when and
 * with which code it ends. The console's process (standard input and output, a terminal) is ConsoleIT's.
 */
class ClientConsoleTest {

  private Vertx vertx;
  private FakeServer server;
  private final Recorder display = new Recorder();

  /** What the conversation shows, as "frame: ...", "notice: ...", "info: ...", "error: ...". */
  static final class Recorder implements Display {
    final Await.Events<String> events = new Await.Events<>();
    final List<String> all = new ArrayList<>();

    private synchronized void add(String e) {
      all.add(e);
      events.add(e);
    }

    @Override
    public void frame(Buffer frame) {
      add("frame: " + frame.toString());
    }

    @Override
    public void notice(String text) {
      add("notice: " + text);
    }

    @Override
    public void info(String text) {
      add("info: " + text);
    }

    @Override
    public void error(String text) {
      add("error: " + text);
    }

    @Override
    public void close() {
    }

    String next(Predicate<String> match) {
      try {
        return events.nextMatching(match);
      } catch (AssertionError e) {
        throw new AssertionError(e.getMessage() + "; shown: " + shown(), e);
      }
    }

    synchronized List<String> shown() {
      return List.copyOf(all);
    }

    synchronized List<String> frames() {
      return all.stream().filter(e -> e.startsWith("frame: ")).toList();
    }
  }

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    server = FakeServer.start(vertx);
  }

  @AfterEach
  void stop() {
    Await.result(vertx.close());
  }

  private JsonObject config(String address) {
    return new JsonObject().put("host", "127.0.0.1").put("port", server.port()).put("address", address)
      .put("framing", new JsonObject().put("mode", "line"))
      .put("ping", new JsonObject().put("interval", 0))
      .put("reconnect", new JsonObject().put("initialDelay", 50).put("maxDelay", 200).put("jitter", 0.0));
  }

  private ClientConsole converse(JsonObject config, boolean piped, long waitMs, boolean hex) {
    TetherOptions o = new TetherOptions(config);
    ClientConsole c = new ClientConsole(new ClientConsole.Settings(o.getAddress(), piped, waitMs, o.outbox().ttl(),
      o.isExitOnClose(), false, o.framing().delimiter()), display, new FrameFormat(hex, false), false);
    Await.result(vertx.deployVerticle(c));
    Await.result(vertx.deployVerticle(new ClientVerticle(new TetherOptions(o).setExitOnClose(false))));
    return c;
  }

  private static Buffer line(String text) {
    return Buffer.buffer(text);
  }

  private static int exitCode(ClientConsole c, Duration within) {
    try {
      return c.exit().toCompletionStage().toCompletableFuture().get(within.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new AssertionError("no end within " + within + ": " + e, e);
    }
  }

  @Test
  void linesGoOutInOrderFramesComeBackInOrderAndItEndsOnceTheServerIsQuiet() {
    ClientConsole c = converse(config("p1"), true, 400, false);
    NetSocket conn = server.nextConnection();
    Buffer received = Buffer.buffer();
    conn.handler(data -> {
      synchronized (received) {
        received.appendBuffer(data);
      }
      conn.write(data.toString().toUpperCase());
    });
    for (String l : List.of("one", "two", "three")) {
      assertTrue(c.input(line(l)));
    }
    c.inputEnded();
    display.next(e -> e.equals("frame: THREE"));
    long quietFrom = System.nanoTime();
    assertEquals(0, exitCode(c, Duration.ofSeconds(5)));
    long quiet = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - quietFrom);
    assertTrue(quiet >= 350, "it waited for --wait after the last frame: " + quiet + " ms");
    synchronized (received) {
      assertEquals("one\ntwo\nthree\n", received.toString());
    }
    assertEquals(List.of("frame: ONE", "frame: TWO", "frame: THREE"), display.frames());
    assertEquals(List.of("notice: connecting to 127.0.0.1:" + server.port(), "notice: connected to 127.0.0.1:"
      + server.port(), "frame: ONE", "frame: TWO", "frame: THREE"), display.shown());
  }

  @Test
  void eachFrameStartsTheQuietTimeAgain() {
    ClientConsole c = converse(config("p2"), true, 600, false);
    NetSocket conn = server.nextConnection();
    c.inputEnded();
    display.next(e -> e.startsWith("notice: connected"));
    long started = System.nanoTime();
    for (int i = 0; i < 4; i++) {
      if (i > 0) {
        java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(300));
      }
      assertFalse(c.exit().isComplete(), "ended before frame " + i);
      conn.write("tick " + i + "\n");
      display.next(e -> e.startsWith("frame: tick"));
    }
    assertEquals(0, exitCode(c, Duration.ofSeconds(5)));
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    assertTrue(ms >= 900 + 550, "4 frames 300 ms apart, then 600 ms of quiet: " + ms + " ms");
    assertEquals(4, display.frames().size());
  }

  @Test
  void whenTheServerClosesAfterInputEndedItEndsAtOnce() {
    ClientConsole c = converse(config("p3"), true, 30_000, false);
    NetSocket conn = server.nextConnection();
    c.input(line("bye"));
    c.inputEnded();
    server.awaitReceived("bye\n");
    conn.write("BYE\n");
    display.next(e -> e.equals("frame: BYE"));
    long closed = System.nanoTime();
    conn.close();
    assertEquals(0, exitCode(c, Duration.ofSeconds(5)));
    assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closed) < 5000, "not the 30 s of --wait");
    assertTrue(display.shown().contains("notice: disconnected from 127.0.0.1:" + server.port()
      + ": closed by server"), display.shown().toString());
  }

  @Test
  void whileInputIsOpenAServerThatGoesAwayIsReconnectedToAndTheLinesWait() {
    ClientConsole c = converse(config("p4"), true, 200, false);
    server.nextConnection();
    c.input(line("before"));
    server.awaitReceived("before\n");
    server.stop();
    display.next(e -> e.startsWith("notice: disconnected from"));
    display.next(e -> e.startsWith("notice: reconnecting in "));
    c.input(line("during"));
    server.listen(server.port());
    server.nextConnection();
    display.next(e -> e.startsWith("notice: connected to"));
    c.inputEnded();
    assertEquals(0, exitCode(c, Duration.ofSeconds(5)));
    assertEquals("before\nduring\n", server.receivedText());
  }

  @Test
  void aLineThatCannotBeSentIsShownAndTheExitCodeIsOne() {
    ClientConsole c = converse(config("p5").put("framing", new JsonObject().put("mode", "line")
      .put("maxFrameSize", 8)), true, 100, false);
    server.nextConnection();
    c.input(line("this is too long"));
    c.input(line("short"));
    c.inputEnded();
    assertEquals(1, exitCode(c, Duration.ofSeconds(5)));
    assertTrue(display.shown().stream().anyMatch(e -> e.startsWith("error: not sent: FRAME_TOO_LARGE")),
      display.shown().toString());
    assertEquals("short\n", server.receivedText());
  }

  @Test
  void withNoConnectionItWaitsAsLongAsALineWouldThenEndsWithOne() {
    int closed = FakeServer.freePort(vertx);
    ClientConsole c = converse(config("p6").put("port", closed).put("outbox", new JsonObject().put("ttl", 300)),
      true, 100, false);
    c.inputEnded();
    display.next(e -> e.startsWith("notice: reconnecting in "));
    assertEquals(1, exitCode(c, Duration.ofSeconds(5)));
    assertEquals("error: no connection within 300 ms of the end of input",
      display.shown().get(display.shown().size() - 1));
  }

  @Test
  void theWaitForAConnectionCountsFromTheEndOfInputNotFromTheLastLinesFailure() {
    int closed = FakeServer.freePort(vertx);
    ClientConsole c = converse(config("p6b").put("port", closed).put("outbox", new JsonObject().put("ttl", 1000)),
      true, 100, false);
    c.input(line("never sent"));
    long ended = System.nanoTime();
    c.inputEnded();
    assertEquals(1, exitCode(c, Duration.ofSeconds(5)));
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - ended);
    assertTrue(ms < 1800, "one outbox.ttl in all, not one for the line and another for a connection: " + ms + " ms");
    assertTrue(display.shown().stream().anyMatch(e -> e.startsWith("error: not sent: EXPIRED")), display.shown()
      .toString());
  }

  @Test
  void aClientThatGivesUpEndsAPipedConversation() {
    int closed = FakeServer.freePort(vertx);
    ClientConsole c = converse(config("p7").put("port", closed)
      .put("reconnect", new JsonObject().put("initialDelay", 20).put("maxAttempts", 1)), true, 100, false);
    assertEquals(1, exitCode(c, Duration.ofSeconds(5)));
    assertTrue(display.shown().get(display.shown().size() - 1).startsWith("notice: gave up on 127.0.0.1:" + closed
      + " after 1 attempts"), display.shown().toString());
  }

  @Test
  void exitOnCloseEndsItWhenTheServerClosesEvenWithInputOpen() {
    ClientConsole c = converse(config("p8").put("exitOnClose", true), true, 30_000, false);
    server.nextConnection().close();
    assertEquals(0, exitCode(c, Duration.ofSeconds(5)));
  }

  @Test
  void commandsStartWithAColonAndTwoColonsSendOne() {
    ClientConsole c = converse(config("p9"), false, 0, false);
    NetSocket conn = server.nextConnection();
    display.next(e -> e.startsWith("notice: connected"));
    assertTrue(c.input(line("::not a command")));
    server.awaitReceived(":not a command\n");
    c.input(line(":stats"));
    String stats = display.next(e -> e.startsWith("info: "));
    assertTrue(stats.startsWith("info: CONNECTED 127.0.0.1:" + server.port() + " | up "), stats);
    assertTrue(stats.endsWith(" | rtt - | in 0 frames 0 B | out 1 frame 15 B | outbox 0"), stats);
    c.input(line(":pause"));
    assertTrue(display.next(e -> e.startsWith("info: ")).endsWith(" | paused"));
    conn.write("held\n");
    c.input(line(":resume"));
    display.next(e -> e.equals("frame: held"));
    c.input(line(":fly"));
    assertEquals("error: unknown command :fly (:help lists the commands; '::' sends a line that starts with ':')",
      display.next(e -> e.startsWith("error: ")));
    c.input(line(":help"));
    assertTrue(display.next(e -> e.startsWith("info: ")).startsWith("info: Each line is sent as one message"));
    c.input(line(":reconnect"));
    display.next(e -> e.startsWith("notice: disconnected from 127.0.0.1:" + server.port() + ": reconnect requested"));
    server.nextConnection();
    display.next(e -> e.startsWith("notice: connected"));
    c.input(line(":close"));
    display.next(e -> e.equals("notice: disconnected from 127.0.0.1:" + server.port() + ": closed by a close action"));
    display.next(e -> e.equals("notice: stopped connecting to 127.0.0.1:" + server.port()));
    assertFalse(c.input(line(":quit")), "nothing is read after :quit");
    assertEquals(0, exitCode(c, Duration.ofSeconds(5)));
  }

  @Test
  void requestSaysItIsNotAvailableWithoutAConsumer() {
    // a console attached to an address whose client takes no requests (none here at all)
    ClientConsole c = new ClientConsole(new ClientConsole.Settings("p10", false, 0, 1000, false, false, null), display,
      new FrameFormat(false, false), true);
    Await.result(vertx.deployVerticle(c));
    display.next(e -> e.startsWith("notice: attached to p10: no client on p10.stats"));
    c.input(line(":request PING"));
    assertEquals("error: :request is not available: nothing consumes p10.request (this client takes no requests);"
      + " type the line alone to send it", display.next(e -> e.startsWith("error: ")));
  }

  @Test
  void requestShowsEachFrameOfTheServersAnswer() {
    server.onData((so, data) -> {
      if (data.toString().equals("get greeting\n")) {
        so.write("VALUE greeting\nhello\nEND\n");
      }
    });
    ClientConsole c = converse(config("p11").put("request", new JsonObject().put("replyEnd", "^END$")), false, 0,
      false);
    server.nextConnection();
    c.input(line(":request get greeting"));
    display.next(e -> e.equals("frame: VALUE greeting"));
    display.next(e -> e.equals("frame: hello"));
    display.next(e -> e.equals("frame: END"));
    assertEquals("get greeting\n", server.receivedText());
    c.input(line(":stats json"));
    JsonObject stats = new JsonObject(display.next(e -> e.startsWith("info: {")).substring("info: ".length()));
    assertEquals(1, stats.getLong("requests"), stats.encode());
    assertEquals(1, stats.getLong("answers"), stats.encode());
  }

  @Test
  void requestShowsTheFramesOfABatchAnswerInLengthFraming() {
    server.onData((so, data) -> so.write(Buffer.buffer().appendInt(1).appendString("a").appendInt(3).appendString("END")));
    ClientConsole c = converse(config("p12").put("framing", new JsonObject().put("mode", "length"))
      .put("request", new JsonObject().put("replyEnd", "^END$")), false, 0, false);
    server.nextConnection();
    c.input(line(":request PING"));
    display.next(e -> e.equals("frame: a"));
    display.next(e -> e.equals("frame: END"));
    assertEquals(Buffer.buffer().appendInt(4).appendString("PING"), server.received());
  }

  @Test
  void withHexTypedLinesAreHexAndABadOneIsRefused() {
    ClientConsole c = converse(config("p13"), true, 100, true);
    server.nextConnection();
    c.input(line("50 49 4e 47"));
    c.input(line("zz"));
    c.inputEnded();
    assertEquals(1, exitCode(c, Duration.ofSeconds(5)));
    assertEquals("PING\n", server.receivedText());
    assertTrue(display.shown().contains("error: not hex: 'z' at column 1 (with --hex, a line is hex digits, such as"
      + " 50 49 4e 47)"), display.shown().toString());
  }

  @Test
  void inRequestAndCreditDeliveryEveryFrameIsTakenSoReadingGoesOn() {
    for (String mode : List.of("request", "credit")) {
      String address = "p15" + mode;
      ClientConsole c = converse(config(address).put("delivery", new JsonObject().put("mode", mode).put("window", 2)),
        false, 0, false);
      NetSocket conn = server.nextConnection();
      for (int i = 1; i <= 6; i++) {
        conn.write(mode + " " + i + "\n");
      }
      for (int i = 1; i <= 6; i++) {
        String frame = "frame: " + mode + " " + i;
        display.next(e -> e.equals(frame));
      }
      assertFalse(c.exit().isComplete());
    }
  }

  @Test
  void aHandshakeShowsBeforeTheConnection() {
    server.onData((so, data) -> so.write("WELCOME\n"));
    ClientConsole c = converse(config("p16").put("handshake", new io.vertx.core.json.JsonArray()
      .add(new JsonObject().put("send", "HELLO")).add(new JsonObject().put("expect", "^WELCOME$"))), false, 0, false);
    server.nextConnection();
    display.next(e -> e.equals("notice: handshaking with 127.0.0.1:" + server.port()));
    display.next(e -> e.equals("notice: connected to 127.0.0.1:" + server.port()));
    assertEquals("HELLO\n", server.receivedText());
    assertFalse(c.exit().isComplete());
  }

  @Test
  void framesOfABatchAreShownOneByOne() {
    JsonObject conf = config("p14").put("delivery", new JsonObject().put("batch", 8));
    TetherOptions o = new TetherOptions(conf);
    ClientConsole c = new ClientConsole(new ClientConsole.Settings("p14", false, 0, o.outbox().ttl(), false, true, "\n"),
      display, new FrameFormat(false, false), false);
    Await.result(vertx.deployVerticle(c));
    Await.result(vertx.deployVerticle(new ClientVerticle(o)));
    server.nextConnection().write("x\ny\nz\n");
    display.next(e -> e.equals("frame: x"));
    display.next(e -> e.equals("frame: y"));
    display.next(e -> e.equals("frame: z"));
  }
}
