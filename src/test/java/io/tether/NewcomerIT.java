package io.tether;

import io.tether.impl.launcher.LaunchArguments;
import io.tether.testkit.Await;
import io.tether.testkit.Child;
import io.tether.testkit.FakeServer;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetSocket;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The first mistakes a new user makes, and the README's quick start, run as a user runs them: the fat jar and
 * run.sh as child processes. Each mistake ends with an exit code, one line on stderr that has the facts to fix it,
 * no stack trace, and nothing left running or listening.
 */
@ExtendWith(VertxExtension.class)
class NewcomerIT {

  private static final Pattern STACK_LINE = Pattern.compile("^\\s+at \\S+\\(.*\\)$");

  @TempDir
  Path dir;

  private Path write(String name, String content) throws IOException {
    Path f = dir.resolve(name);
    Files.createDirectories(f.getParent());
    Files.writeString(f, content);
    return f;
  }

  /** The demo's deployment file with its port 9001 replaced by {@code port}. */
  private Path demo(int port) throws IOException {
    return Child.conf(dir, "tether.json", port);
  }

  /**
   * The child exits with {@code code}, having printed one line on stderr that contains every one of {@code facts},
   * no stack trace anywhere, and nothing of it is left running.
   */
  private static String assertOneLine(Child child, int code, String... facts) throws InterruptedException {
    assertEquals(code, child.exitCode(Duration.ofSeconds(30)), child.output());
    List<String> err = child.stderr();
    assertEquals(1, err.size(), child.output());
    for (String fact : facts) {
      assertTrue(err.get(0).contains(fact), "'" + fact + "' in " + err.get(0));
    }
    assertTrue(child.stdout().stream().noneMatch(l -> STACK_LINE.matcher(l).matches()), child.output());
    assertTrue(err.stream().noneMatch(l -> STACK_LINE.matcher(l).matches()), child.output());
    assertFalse(child.output().contains("Exception"), child.output());
    child.assertGone();
    return err.get(0);
  }

  // ---- 1. a -conf that is not a readable JSON object

  @Test
  void aConfThatCannotBeReadStopsInsteadOfRunningTheDemo(Vertx vertx) throws Exception {
    int port = FakeServer.freePort(vertx);
    // were -conf ignored, as the launcher does, the demo of TETHER_CONF would start, and listen on this port
    Map<String, String> env = Map.of("TETHER_CONF", demo(port).toString());
    try (Child child = Child.jar(env, List.of(), "-conf", "missing.json")) {
      assertOneLine(child, 15, "-conf", "\"missing.json\"", "no such file");
    }
    Path broken = write("broken.json", "{\n  \"host\": \"localhost\"\n  \"port\": 9001\n}\n");
    try (Child child = Child.jar(env, List.of(), "-conf", broken.toString())) {
      assertOneLine(child, 15, broken.toString(), "line 3, column 3", "was expecting comma");
    }
    Path yaml = write("client.yaml", "host: localhost\nport: 9001\n");
    try (Child child = Child.jar(env, List.of(), "-conf", yaml.toString())) {
      assertOneLine(child, 15, yaml.toString(), "YAML", "./run.sh " + yaml);
    }
    try (Child child = Child.runSh(env, "-conf", "missing.json")) {
      assertOneLine(child, 15, "-conf", "\"missing.json\"", "no such file");
    }
    Child.assertNothingListens(port);
  }

  // ---- 2. a second ./run.sh where a second client was meant

  @Test
  void aSecondRunShSaysTheAddressAndHowToStartASecondClient(Vertx vertx) throws Exception {
    int port = FakeServer.freePort(vertx);
    Path demo = demo(port);
    try (Child first = Child.runSh(Map.of(), demo.toString())) {
      first.awaitLine(l -> l.equals("Listening to 127.0.0.1:" + port));
      try (Child second = Child.runSh(Map.of(), demo.toString())) {
        String line = assertOneLine(second, 15, "127.0.0.1:" + port, "companion server cannot listen",
          "./run.sh --port " + port);
        assertTrue(second.stdout().stream().noneMatch(l -> l.startsWith("Opened connection")), second.output());
        assertTrue(line.startsWith("ERROR "), line);
      }
      // and the advice works: a second client, no second server
      try (Child client = Child.runSh(Map.of(), "--port", Integer.toString(port))) {
        client.awaitLine(l -> l.equals("Received: You have 1 peer on this server"));
        assertTrue(client.stdout().stream().noneMatch(l -> l.startsWith("Listening to")), client.output());
      }
    }
    Child.assertNothingListens(port);
  }

  // ---- 3. a missing file, a misspelt option, --help

  @Test
  void aMissingFileAndAMisspeltOptionAreOneLineAndHelpIsTethersUsage() throws Exception {
    try (Child child = Child.runSh(Map.of(), "conf/client.jsn")) {
      assertOneLine(child, 2, "conf/client.jsn", "no such file");
    }
    try (Child child = Child.runSh(Map.of(), "--hots", "x")) {
      assertOneLine(child, 2, "--hots", "did you mean --host?", "--help");
      assertTrue(child.stdout().isEmpty(), "no usage dump: " + child.output());
    }
    try (Child child = Child.jar(Map.of(), List.of(), "--hots", "x")) {
      String line = assertOneLine(child, 2, "--hots", "--help");
      assertFalse(line.contains("--host"), "java -jar has no --host: " + line);
    }
    try (Child child = Child.jar(Map.of(), List.of(), Child.BASEDIR.resolve("conf/client.json").toString())) {
      assertOneLine(child, 2, "is a config file, not a verticle class", "-conf");
    }
    try (Child child = Child.jar(Map.of(), List.of(), "ClientVerticle")) {
      assertOneLine(child, 15, "ClientVerticle", "did you mean io.tether.ClientVerticle?");
    }
    try (Child child = Child.jar(Map.of(), List.of(), "--help")) {
      assertEquals(0, child.exitCode(Duration.ofSeconds(20)), child.output());
      String out = String.join("\n", child.stdout());
      assertTrue(out.startsWith("Usage: java -jar target/tether.jar"), out);
      assertEquals(1, out.split("Usage:", -1).length - 1, "the usage once: " + out);
      assertFalse(out.contains("\u001b["), "no colour codes: " + out);
      assertTrue(child.stderr().isEmpty(), child.output());
    }
    try (Child child = Child.runSh(Map.of(), "--help")) {
      assertEquals(0, child.exitCode(Duration.ofSeconds(20)), child.output());
      String out = String.join("\n", child.stdout());
      assertTrue(out.indexOf("--host") < out.indexOf("-conf"), "run.sh's own flags first: " + out);
      for (List<String> option : LaunchArguments.options()) {
        assertTrue(option.stream().anyMatch(out::contains), "run.sh --help lists " + option + ":\n" + out);
      }
      assertTrue(out.contains("Exit codes"), out);
    }
  }

  // ---- 4. syntax errors keep their position

  @Test
  void aSyntaxErrorGivesTheLineTheColumnAndWhatTheParserExpected() throws Exception {
    Path tab = write("tab.yaml", "host: localhost\nping:\n\tinterval: 500\n");
    try (Child child = Child.runSh(Map.of(), tab.toString())) {
      assertOneLine(child, 15, tab.toString(), "line 3, column 1", "TAB");
    }
    Path indent = write("indent.yaml", "host: localhost\nping:\n  interval: 500\n port: 9001\n");
    try (Child child = Child.runSh(Map.of(), indent.toString())) {
      assertOneLine(child, 15, indent.toString(), "line 4, column 2", "expected <block end>, but found");
    }
  }

  // ---- 5 and 6. a bad key names its file and entry; nothing starts before the whole file is checked

  @Test
  void aBadKeyNamesItsFileAndEntryAndNothingStartsBeforeTheWholeFileIsChecked(Vertx vertx) throws Exception {
    Path client = write("mine.json", "{\"host\": \"127.0.0.1\", \"prot\": 9001}");
    try (Child child = Child.runSh(Map.of(), client.toString())) {
      assertOneLine(child, 15, "prot: unknown key; did you mean port?", "(from config file " + client + ")");
    }
    int port = FakeServer.freePort(vertx);
    FakeServer server = FakeServer.start(vertx);
    Path deployment = write("deployment.json", "{\"verticles\": ["
      + "{\"verticle\": \"PeerServerVerticle\", \"config\": {\"port\": " + port + "}},"
      + "{\"verticle\": \"LoggerVerticle\"},"
      + "{\"verticle\": \"ClientVerticle\", \"config\": {\"host\": \"127.0.0.1\", \"port\": " + server.port() + "}},"
      + "{\"verticle\": \"ClientVerticle\", \"config\": {\"address\": \"b\", \"prot\": 1}}]}");
    try (Child child = Child.runSh(Map.of(), deployment.toString())) {
      assertOneLine(child, 15, "verticles[3].config.prot: unknown key; did you mean port?",
        "(from deployment file " + deployment + ")");
      assertTrue(child.stdout().isEmpty(), "nothing started: " + child.output());
      assertEquals(0, server.pendingConnections(), "no client connected");
    } finally {
      server.stop();
    }
    Child.assertNothingListens(port);
  }

  // ---- 8. the README's own verticle

  /** The first block of {@code language} after {@code heading} in the README. */
  private static String readmeBlock(String heading, String language) throws IOException {
    String readme = Files.readString(Child.BASEDIR.resolve("README.md"));
    int at = readme.indexOf(heading);
    assertTrue(at >= 0, heading);
    Matcher m = Pattern.compile("```" + language + "\n(.*?)```", Pattern.DOTALL).matcher(readme);
    assertTrue(m.find(at), language + " block after " + heading);
    return m.group(1);
  }

  @Test
  void theReadmesOwnVerticleCompilesAsShownRunsBesideTheDemoAndDoesNotLoop(Vertx vertx) throws Exception {
    String heading = "### 4. A verticle of your own";
    Path src = write("my/src/com/example/Greeter.java", readmeBlock(heading, "java"));
    int port = FakeServer.freePort(vertx);
    String json = readmeBlock(heading, "json");
    assertTrue(json.contains("9001"), json);
    Path deployment = write("my/deployment.json", json.replace("9001", Integer.toString(port)));
    // javac -cp target/tether.jar -d my/classes my/src/com/example/Greeter.java
    Path classes = dir.resolve("my/classes");
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    assertNotNull(javac, "no Java compiler in " + System.getProperty("java.home"));
    assertEquals(0, javac.run(null, null, null, "-cp", Child.JAR.toString(), "-d", classes.toString(), src.toString()));
    // ./run.sh --cp my/classes my/deployment.json
    try (Child child = Child.runSh(Map.of("JAVA_OPTS", "-Dtether.ping.interval=200"), "--cp", classes.toString(),
      deployment.toString())) {
      Await.until("the greeting and the server's answer", () -> child.stdout().stream().anyMatch(l ->
        l.endsWith(" sent: Hello from Greeter")) && child.stdout().contains(
        "Greeter: the server says You have 0 peers on this server"));
      // ten pings later, the server has had ten pings and one hello, not a storm of answers to answers
      for (int i = 0; i < 10; i++) {
        child.awaitLine(l -> l.equals("Pinging server"));
      }
      long sent = child.stdout().stream().filter(l -> l.contains(" sent: ")).count();
      assertTrue(sent <= 13, sent + " messages for 10 pings and a hello:\n" + child.output());
      assertEquals(1, child.stdout().stream().filter(l -> l.startsWith("Greeter: the server says")).count(),
        child.output());
      assertTrue(child.stderr().isEmpty(), child.output());
    }
    Child.assertNothingListens(port);
  }

  // ---- 9. your own line server

  @Test
  void theLinePresetFramesByLinesAndSparesAServerThatNeverSpeaks(Vertx vertx) throws Exception {
    FakeServer server = FakeServer.start(vertx);
    try (Child child = Child.runSh(Map.of("JAVA_OPTS", "-Dtether.ping.interval=100"), "conf/client-line.json",
      "--host", "127.0.0.1", "--port", Integer.toString(server.port()))) {
      NetSocket conn = server.nextConnection();
      child.awaitLine(l -> l.equals("Opened connection to 127.0.0.1:" + server.port()));
      // ten ping intervals of silence, three times the heartbeat: still connected, still pinging
      server.awaitReceived("Ping\n".repeat(10));
      assertTrue(child.stdout().stream().noneMatch(l -> l.startsWith("Connection closed") || l.startsWith("Closing")),
        child.output());
      conn.write("hello\nworld\n");
      child.awaitLine(l -> l.equals("Received: hello"));
      child.awaitLine(l -> l.equals("Received: world"));
      // a server that spoke and then went silent is dropped, and said so once
      child.awaitLine(l -> l.startsWith("Closing the connection to 127.0.0.1:" + server.port()
        + ": nothing received for "));
      child.awaitLine(l -> l.startsWith("Reconnecting to 127.0.0.1:" + server.port()));
      // the timeout once: the close and the reconnect that follows do not repeat it
      List<String> out = child.stdout();
      int closing = out.indexOf(out.stream().filter(l -> l.startsWith("Closing the connection")).findFirst().get());
      List<String> after = out.subList(closing + 1, out.size());
      String reconnecting = after.stream().filter(l -> l.startsWith("Reconnecting")).findFirst().get();
      assertEquals("Reconnecting to 127.0.0.1:" + server.port(), reconnecting.substring(0, reconnecting.indexOf(" in ")));
      assertTrue(reconnecting.endsWith(")"), "no cause repeated: " + reconnecting);
      assertTrue(after.subList(0, after.indexOf(reconnecting)).stream().noneMatch(l -> l.startsWith("Connection closed")),
        child.output());
      assertTrue(out.stream().noneMatch(String::isEmpty), "no blank lines: " + child.output());
    } finally {
      server.stop();
    }
  }

  // ---- 11. one line per event

  @Test
  void twoInstancesPrintEachLineOnceAndTheVertxRunFormPrintsTheConversation(Vertx vertx) throws Exception {
    FakeServer server = FakeServer.start(vertx);
    Path client = write("client.json", "{\"host\": \"127.0.0.1\", \"port\": " + server.port() + ", \"ping\": {\"interval\": 0}}");
    try (Child child = Child.runSh(Map.of(), client.toString(), "-instances", "2")) {
      server.nextConnection().write("one");
      server.nextConnection().write("two");
      // each line names its client: [id] before the seed's words
      java.util.regex.Pattern received = java.util.regex.Pattern.compile("^\\[(\\w+)] Received: (one|two)$");
      child.awaitLine(l -> received.matcher(l).matches());
      child.awaitLine(l -> received.matcher(l).matches());
      new Await.Events<String>().assertNoneWithin(Duration.ofMillis(500));
      assertEquals(1, child.stdout().stream().filter(l -> l.endsWith("] Received: one")).count(), child.output());
      assertEquals(1, child.stdout().stream().filter(l -> l.endsWith("] Received: two")).count(), child.output());
      List<String> opened = child.stdout().stream().filter(l -> l.matches("^\\[\\w+] Opened connection to .*"))
        .map(l -> l.substring(1, l.indexOf(']'))).distinct().toList();
      assertEquals(2, opened.size(), child.output());
    }
    try (Child child = Child.jar(Map.of(), List.of(), "io.tether.ClientVerticle", "-conf", client.toString())) {
      server.nextConnection().write("solo");
      child.awaitLine(l -> l.equals("Opened connection to 127.0.0.1:" + server.port()));
      child.awaitLine(l -> l.equals("Received: solo"));
    } finally {
      server.stop();
    }
  }
}
