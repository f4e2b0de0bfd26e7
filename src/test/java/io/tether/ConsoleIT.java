package io.tether;

import io.tether.testkit.Await;
import io.tether.testkit.Child;
import io.tether.testkit.FakeServer;
import io.tether.testkit.RealServer;
import io.tether.testkit.TestPki;
import io.tether.testkit.Tmux;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code console} and {@code status} as a person and a script run them: child processes of the fat jar (and of
 * run.sh), their standard input a pipe or, through tmux, a real terminal, against servers on 127.0.0.1.
 */
class ConsoleIT {

  /** A JVM starts, connects, and on two shared cores may take a while. */
  private static final Duration START = Duration.ofSeconds(30);

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

  /** A line echo server: what it receives comes back in capitals. */
  private static FakeServer echo() {
    return FakeServer.start(vertx).onData((so, data) -> so.write(data.toString().toUpperCase()));
  }

  private static Child console(String... args) throws Exception {
    List<String> all = new java.util.ArrayList<>(List.of("console"));
    all.addAll(List.of(args));
    return Child.jar(Map.of(), List.of(), all.toArray(String[]::new));
  }

  private static void assertNoStackTrace(Child c) {
    for (String l : c.stderr()) {
      assertFalse(l.contains("Exception") || l.startsWith("\tat "), "a stack trace:\n" + c.output());
    }
  }

  // ---- piped

  @Test
  void pipedLinesGoOutFramesComeBackInOrderAndItExitsOnceTheServerIsQuiet() throws Exception {
    FakeServer server = echo();
    try (Child c = console("--wait", "500", "127.0.0.1:" + server.port())) {
      c.type("one\ntwo\nthree\n");
      c.endInput();
      long ended = System.nanoTime();
      assertEquals(0, c.exitCode(START), c.output());
      assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - ended) >= 500, "it waited for the quiet time");
      assertEquals(List.of("ONE", "TWO", "THREE"), c.stdout());
      assertEquals("one\ntwo\nthree\n", server.receivedText());
      assertEquals(List.of("connecting to 127.0.0.1:" + server.port(), "connected to 127.0.0.1:" + server.port(),
        "closed the connection to 127.0.0.1:" + server.port()), c.stderr(), "state changes go to stderr, not stdout");
      Await.until("the connection closed", () -> server.openConnections() == 0);
    } finally {
      server.stop();
    }
  }

  @Test
  void runShConsoleWithCrlfFramesEachLineWithCrlf() throws Exception {
    FakeServer server = echo();
    try (Child c = Child.runSh(Map.of(), "console", "--crlf", "127.0.0.1:" + server.port())) {
      c.type("PING\r\nping two\n");
      c.endInput();
      assertEquals(0, c.exitCode(START), c.output());
      assertEquals("PING\r\nping two\r\n", server.receivedText());
      assertEquals(List.of("PING", "PING TWO"), c.stdout());
    } finally {
      server.stop();
    }
  }

  @Test
  void theCompanionServerAnswersEachChunkInRawFraming() throws Exception {
    PeerServerVerticle peer = new PeerServerVerticle();
    String id = Await.result(vertx.deployVerticle(peer, new DeploymentOptions().setConfig(new JsonObject()
      .put("port", 0))));
    try (Child c = console("--raw", "--wait", "300", "127.0.0.1:" + peer.actualPort())) {
      c.awaitErrLine(l -> l.startsWith("connected to"), START);
      c.type("hello\n");
      c.awaitLine(l -> l.equals("You have 0 peers on this server"), START);
      c.endInput();
      assertEquals(0, c.exitCode(START), c.output());
      assertEquals(List.of("You have 0 peers on this server"), c.stdout());
    } finally {
      Await.result(vertx.undeploy(id));
    }
  }

  @Test
  void whenTheServerClosesAfterInputEndedItExitsAtOnce() throws Exception {
    FakeServer server = FakeServer.start(vertx).onData((so, data) -> so.write("bye\n").onComplete(v -> so.close()));
    try (Child c = console("--wait", "60000", "127.0.0.1:" + server.port())) {
      c.type("quit\n");
      c.endInput();
      assertEquals(0, c.exitCode(START), "well before --wait: " + c.output());
      assertEquals(List.of("bye"), c.stdout());
      assertTrue(c.stderr().contains("disconnected from 127.0.0.1:" + server.port() + ": closed by server"),
        c.output());
    } finally {
      server.stop();
    }
  }

  @Test
  void hexDumpsWhatComesAndSendsTheBytesItsLinesSpell() throws Exception {
    FakeServer server = FakeServer.start(vertx).onData((so, data) -> so.write(Buffer.buffer(new byte[]{0, (byte) 0xff,
      'A', '\n'})));
    try (Child c = console("--hex", "127.0.0.1:" + server.port())) {
      c.type("50 49 4e 47\n");
      c.endInput();
      assertEquals(0, c.exitCode(START), c.output());
      assertEquals("PING\n", server.receivedText());
      assertEquals(List.of("0000  00 ff 41                                          |..A|"), c.stdout());
    } finally {
      server.stop();
    }
  }

  @Test
  void aServerRestartedMidSessionIsReconnectedToAndTheConversationGoesOn() throws Exception {
    FakeServer server = echo();
    try (Child c = console("--wait", "300", "-Dreconnect.initialDelay=100", "-Dreconnect.maxDelay=200",
      "127.0.0.1:" + server.port())) {
      c.type("before\n");
      c.awaitLine(l -> l.equals("BEFORE"), START);
      server.stop();
      c.awaitErrLine(l -> l.equals("disconnected from 127.0.0.1:" + server.port() + ": closed by server"), START);
      c.awaitErrLine(l -> l.startsWith("reconnecting in "), START);
      c.type("while down\n");
      server.listen(server.port());
      c.awaitErrLine(l -> l.equals("connected to 127.0.0.1:" + server.port()), START);
      c.awaitLine(l -> l.equals("WHILE DOWN"), START);
      c.type("after\n");
      c.awaitLine(l -> l.equals("AFTER"), START);
      c.endInput();
      assertEquals(0, c.exitCode(START), c.output());
      assertEquals(List.of("BEFORE", "WHILE DOWN", "AFTER"), c.stdout());
      assertEquals("before\nwhile down\nafter\n", server.receivedText());
    } finally {
      server.stop();
    }
  }

  @Test
  void aConfigFileGivesEveryClientKeyTlsToo() throws Exception {
    FakeServer server = FakeServer.start(vertx, TlsTest.mutualTlsServer());
    // conf/client-tls.json with the test's certificates: TLS both ways, line framing, pings every 2 s
    Path conf = TlsMetricsIT.tlsExample(dir, server.port());
    try (Child c = Child.jar(Map.of("TETHER_DEMO_KEYSTORE_PASSWORD", TestPki.PASSWORD), List.of(), "console",
      "--conf", conf.toString(), "--wait", "300")) {
      NetSocket conn = server.nextConnection(START);
      conn.write("hello over TLS\n");
      c.awaitLine(l -> l.equals("hello over TLS"), START);
      c.type("typed over TLS\n");
      server.awaitReceived("typed over TLS\n");
      server.awaitReceived("Ping\n");
      c.endInput();
      assertEquals(0, c.exitCode(START), c.output());
      assertEquals(List.of("hello over TLS"), c.stdout());
      assertTrue(c.stderr().stream().anyMatch(l -> l.startsWith("TLS to localhost:" + server.port() + ": trust from ")),
        "Tether's notes show on stderr: " + c.output());
      assertFalse(c.output().contains(TestPki.PASSWORD), c.output());
    } finally {
      server.stop();
    }
  }

  @Test
  void requestsGetTheAnswersOfARealRedis() throws Exception {
    try (RealServer redis = RealServer.redis();
         Child c = console("--crlf", "-Drequest.answer=io.tether.RespAnswerReader", "127.0.0.1:" + redis.port())) {
      c.type("PING\n:request SET greeting hello\n:request GET greeting\n:request RPUSH l a b\n"
        + ":request LRANGE l 0 -1\n");
      c.endInput();
      assertEquals(0, c.exitCode(START), c.output());
      assertEquals(List.of("+PONG", "+OK", "$5", "hello", ":2", "*2", "$1", "a", "$1", "b"), c.stdout());
    }
  }

  // ---- exit codes

  @Test
  void badArgumentsAndBadValuesExitWithTwoAndOneLine() throws Exception {
    try (Child c = console("--bogus", "h:1")) {
      assertEquals(2, c.exitCode(START));
      assertEquals(List.of("console: unknown option --bogus (console --help shows the options)"), c.stderr());
    }
    try (Child c = console("-Dframing.maxFrameSize=huge", "127.0.0.1:1")) {
      assertEquals(2, c.exitCode(START));
      assertEquals(1, c.stderr().size(), c.output());
      assertTrue(c.stderr().get(0).startsWith("console: framing.maxFrameSize: "), c.output());
      assertTrue(c.stderr().get(0).contains("\"huge\""), c.output());
    }
    try (Child c = console("--help")) {
      assertEquals(0, c.exitCode(START));
      assertEquals("Usage: console [OPTIONS] [HOST:PORT | HOST PORT]", c.stdout().get(0));
    }
  }

  @Test
  void aLineThatWasNeverSentExitsWithOne() throws Exception {
    int closed = FakeServer.freePort(vertx);
    try (Child c = console("-Doutbox.ttl=500", "-Dreconnect.initialDelay=100", "-Dreconnect.jitter=0",
      "127.0.0.1:" + closed)) {
      c.type("lost\n");
      c.endInput();
      assertEquals(1, c.exitCode(START), c.output());
      assertTrue(c.stderr().stream().anyMatch(l -> l.startsWith("console: not sent: EXPIRED")), c.output());
      assertTrue(c.stderr().stream().anyMatch(l -> l.startsWith("reconnecting in 0.1 s: ")), c.output());
      assertEquals(List.of(), c.stdout());
      assertNoStackTrace(c);
    }
  }

  @Test
  void ctrlCClosesTheConnectionAndExitsWith130() throws Exception {
    FakeServer server = echo();
    try (Child c = console("127.0.0.1:" + server.port())) {
      c.awaitErrLine(l -> l.startsWith("connected to"), START);
      assertEquals(1, server.openConnections());
      c.interrupt();
      assertEquals(130, c.exitCode(START), c.output());
      Await.until("the connection closed", () -> server.openConnections() == 0);
      assertTrue(c.stderr().contains("closed the connection to 127.0.0.1:" + server.port()), c.output());
      assertNoStackTrace(c);
    } finally {
      server.stop();
    }
  }

  // ---- status, from the console's own port

  @Test
  void statusPrintsTheLineOfAClientsStats() throws Exception {
    FakeServer server = echo();
    int port = FakeServer.freePort(vertx);
    try (Child c = console("-Dhealth.enabled=true", "-Dmetrics.port=" + port, "127.0.0.1:" + server.port())) {
      c.type("count me\n");
      c.awaitLine(l -> l.equals("COUNT ME"), START);
      try (Child s = Child.runSh(Map.of(), "status", Integer.toString(port))) {
        assertEquals(0, s.exitCode(START), s.output());
        assertEquals(1, s.stdout().size(), s.output());
        assertTrue(s.stdout().get(0).matches("CONNECTED 127\\.0\\.0\\.1:" + server.port() + " \\| up \\d+ (ms|s)"
          + " \\| rtt - \\| in 1 frame 9 B \\| out 1 frame 9 B \\| outbox 0"), s.output());
      }
      try (Child s = Child.jar(Map.of(), List.of(), "status", "--address", "elsewhere", Integer.toString(port))) {
        assertEquals(1, s.exitCode(START), s.output());
        assertTrue(s.stderr().get(0).contains("404 no client elsewhere on this port"), s.output());
      }
      c.endInput();
      assertEquals(0, c.exitCode(START), c.output());
    } finally {
      server.stop();
    }
  }

  // ---- on a terminal

  @Test
  void onATerminalTypingHistoryAFrameMidLineAndCtrlC() throws Exception {
    FakeServer server = FakeServer.start(vertx);
    Path history = dir.resolve("history");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    try (Tmux t = Tmux.start(100, 20, Map.of("TETHER_HISTORY", history.toString()),
      List.of(java, "-jar", Child.JAR.toAbsolutePath().toString(), "console", "127.0.0.1:" + server.port()))) {
      NetSocket conn = server.nextConnection(START);
      t.await("connected and a prompt", START, l -> l.contains("connected to 127.0.0.1:" + server.port())
        && l.get(l.size() - 1).equals(">"));
      assertTrue(t.screenWithEscapes().contains("\u001b[2mconnecting to 127.0.0.1:" + server.port()),
        "state changes are dim:\n" + t.screenWithEscapes());

      t.type("hello");
      t.press("Enter");
      server.awaitReceived("hello\n");
      conn.write("world\n");
      t.await("the frame", START, l -> l.equals(List.of("connecting to 127.0.0.1:" + server.port(),
        "connected to 127.0.0.1:" + server.port(), "> hello", "world", ">")));

      // a frame arrives while a line is half typed: it is printed above, and the line stays as it was
      t.type("half");
      t.await("the half line", START, l -> l.get(l.size() - 1).equals("> half"));
      conn.write("meanwhile\n");
      List<String> screen = t.await("the frame above the line", START, l -> l.contains("meanwhile"));
      assertEquals(List.of("> hello", "world", "meanwhile", "> half"), screen.subList(2, screen.size()));
      t.type(" done");
      t.press("Enter");
      server.awaitReceived("hello\nhalf done\n");
      // keys pressed before the next prompt reach a terminal that JLine has handed back to the line discipline,
      // which echoes them as text: a person types at the prompt
      t.await("the next prompt", START, l -> l.get(l.size() - 1).equals(">"));

      // history: up twice is the first line, sent again as it was
      t.press("Up", "Up");
      t.await("the first line recalled", START, l -> l.get(l.size() - 1).equals("> hello"));
      t.press("Enter");
      server.awaitReceived("hello\nhalf done\nhello\n");
      t.await("the prompt after it", START, l -> l.get(l.size() - 1).equals(">"));

      t.type(":stats");
      t.press("Enter");
      t.await("the stats line", START, l -> l.stream().anyMatch(s -> s.startsWith("CONNECTED 127.0.0.1:"
        + server.port() + " | up ") && s.endsWith(" | in 2 frames 16 B | out 3 frames 22 B | outbox 0")));

      t.press("C-c");
      Await.until("the console to end", START, () -> status(t) != null);
      assertEquals(130, status(t), t.screen());
      Await.until("the connection closed", () -> server.openConnections() == 0);
      assertEquals("hello\nhalf done\nhello\n", server.receivedText(), "nothing more was sent");
      List<String> end = t.linesBeforeExit();
      assertTrue(end.contains("closed the connection to 127.0.0.1:" + server.port()), String.join("\n", end));
      assertFalse(end.stream().anyMatch(l -> l.contains("Exception")), String.join("\n", end));
      List<String> saved = Files.readAllLines(history).stream().map(l -> l.substring(l.indexOf(':') + 1)).toList();
      assertEquals(List.of("hello", "half done", "hello", ":stats"), saved);
    } finally {
      server.stop();
    }
  }

  private static Integer status(Tmux t) {
    try {
      return t.exitStatus();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
