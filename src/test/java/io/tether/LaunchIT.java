package io.tether;

import io.tether.testkit.Child;
import io.tether.testkit.FakeServer;
import io.tether.testkit.Await;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fat jar and run.sh as a user runs them: real child processes on 127.0.0.1. */
class LaunchIT {

  private static final List<String> SEED = List.of("Opened connection to", "Pinging server", "Received:");

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

  /** A copy of a file under conf/ with the default port 9001 replaced by {@code port}. */
  private Path conf(String name, int port) throws IOException {
    return Child.conf(dir, name, port);
  }

  private static List<String> seedLines(Child child, int count) {
    for (int i = 0; i < 100 && child.stdout().stream().filter(l -> SEED.stream().anyMatch(l::startsWith)).count() < count; i++) {
      child.awaitLine(l -> SEED.stream().anyMatch(l::startsWith));
    }
    return child.stdout().stream().filter(l -> SEED.stream().anyMatch(l::startsWith)).limit(count)
      .collect(Collectors.toList());
  }

  @Test
  void theDemoDeploymentPrintsTheSeedConversation() throws Exception {
    int port = FakeServer.freePort(vertx);
    try (Child child = Child.jar(Map.of(), List.of(), "-conf", conf("tether.json", port).toString())) {
      child.awaitLine(l -> l.equals("Listening to 127.0.0.1:" + port));
      assertEquals(List.of(
        "Opened connection to localhost:" + port,
        "Pinging server",
        "Received: You have 0 peers on this server",
        "Pinging server",
        "Received: You have 0 peers on this server"), seedLines(child, 5));
      assertTrue(child.stdout().stream().anyMatch(l -> l.matches("New connection from 127\\.0\\.0\\.1:\\d+")),
        child.output());
      assertTrue(child.stdout().stream().anyMatch(l -> l.matches("127\\.0\\.0\\.1:\\d+ sent: Ping")), child.output());
      assertTrue(child.stderr().isEmpty(), child.output());
    }
  }

  @Test
  void runShTakesAYamlDeploymentFile() throws Exception {
    int port = FakeServer.freePort(vertx);
    try (Child child = Child.runSh(Map.of(), conf("tether.yaml", port).toString())) {
      child.awaitLine(l -> l.equals("Listening to 127.0.0.1:" + port));
      assertEquals(List.of("Opened connection to localhost:" + port, "Pinging server",
        "Received: You have 0 peers on this server"), seedLines(child, 3));
    }
  }

  @Test
  void theVertxRunFormDeploysTheClientVerticleAlone() throws Exception {
    FakeServer server = FakeServer.start(vertx);
    try (Child child = Child.jar(Map.of(), List.of(), "io.tether.ClientVerticle", "-conf",
      conf("client.json", server.port()).toString())) {
      server.nextConnection();
      server.awaitReceived("PingPing");
      assertFalse(child.stdout().stream().anyMatch(l -> l.startsWith("Listening to")), child.output());
    } finally {
      server.stop();
    }
  }

  /**
   * The README's faster start: a class-data archive written as the first run exits (Ctrl-C), then mapped by every
   * later start. {@code -Xshare:on} makes the second start fail unless the JVM could use the archive.
   */
  @Test
  void aClassDataArchiveWrittenOnExitIsUsedByTheNextStart() throws Exception {
    FakeServer server = FakeServer.start(vertx);
    Path archive = dir.resolve("tether.jsa");
    Path conf = conf("client.json", server.port());
    try {
      try (Child first = Child.jar(Map.of(), List.of("-XX:ArchiveClassesAtExit=" + archive, "-Xlog:cds=off",
        "-Xlog:cds+dynamic=off"), "-conf", conf.toString())) {
        first.awaitLine(l -> l.equals("Opened connection to localhost:" + server.port()));
        first.interrupt();
        first.exitCode(Duration.ofSeconds(60));
        assertTrue(Files.size(archive) > 1 << 20, Files.size(archive) + " bytes");
        assertEquals(List.of(), first.stderr(), first.output());
        assertFalse(first.stdout().stream().anyMatch(l -> l.contains("[warning]")), first.output());
      }
      try (Child second = Child.jar(Map.of(), List.of("-XX:SharedArchiveFile=" + archive, "-Xshare:on"), "-conf",
        conf.toString())) {
        second.awaitLine(l -> l.equals("Opened connection to localhost:" + server.port()));
        assertEquals(List.of(), second.stderr(), second.output());
        assertFalse(second.stdout().stream().anyMatch(l -> l.contains("shared archive")), second.output());
      }
    } finally {
      server.stop();
    }
  }

  /** {@code ./run.sh archive}: the same start, stopped once connected, and an archive that the next start maps. */
  @Test
  void runShArchiveWritesAnArchiveThatRunShThenStartsWith() throws Exception {
    FakeServer server = FakeServer.start(vertx);
    Path archive = dir.resolve("archive").resolve("tether.jsa");
    String port = Integer.toString(server.port());
    try {
      try (Child making = Child.runSh(Map.of("TETHER_ARCHIVE", archive.toString()), "archive", "--host", "127.0.0.1",
        "--port", port)) {
        assertEquals(0, making.exitCode(Duration.ofSeconds(60)), making.output());
        assertEquals(List.of("run.sh: making " + archive + ": Tether starts, and stops once it has connected",
          "run.sh: wrote " + archive + "; ./run.sh starts with it until the jar is rebuilt"), making.stderr());
        assertTrue(making.stdout().contains("Opened connection to 127.0.0.1:" + port), making.output());
        assertTrue(Files.size(archive) > 1 << 20, Files.size(archive) + " bytes");
        assertEquals(List.of("tether.jsa"), Files.list(archive.getParent()).map(f -> f.getFileName().toString())
          .toList(), "nothing left aside");
      }
      // the JVM says which archive it opened and that it mapped its classes; -Xshare:on fails a start that cannot
      try (Child next = Child.runSh(Map.of("TETHER_ARCHIVE", archive.toString(), "JAVA_OPTS",
        "-Xshare:on -Xlog:cds=info"), "--host", "127.0.0.1", "--port", port)) {
        next.awaitLine(l -> l.equals("Opened connection to 127.0.0.1:" + port));
        assertTrue(next.stdout().stream().anyMatch(l -> l.endsWith("[info][cds] Opened archive " + archive + ".")),
          next.output());
        assertTrue(next.stdout().stream().anyMatch(l -> l.contains("[info][cds] Mapped dynamic region")),
          next.output());
        assertEquals(List.of(), next.stderr(), next.output());
      }
    } finally {
      server.stop();
    }
  }

  @Test
  void runShFlagsBeatSystemPropertiesWhichBeatTheEnvironment() throws Exception {
    FakeServer server = FakeServer.start(vertx);
    int closed = FakeServer.freePort(vertx);
    try (Child child = Child.runSh(Map.of("TETHER_PORT", Integer.toString(closed),
      "JAVA_OPTS", "-Dtether.port=" + closed), "--host", "127.0.0.1", "--port", Integer.toString(server.port()))) {
      server.nextConnection();
      child.awaitLine(l -> l.equals("Opened connection to 127.0.0.1:" + server.port()));
      assertFalse(child.stdout().stream().anyMatch(l -> l.startsWith("Listening to")),
        "no companion server for another server: " + child.output());
    }
    try (Child child = Child.jar(Map.of("TETHER_HOST", "127.0.0.1", "TETHER_PORT", Integer.toString(closed)),
      List.of("-Dtether.port=" + server.port()), "-conf", conf("client.json", closed).toString())) {
      child.awaitLine(l -> l.equals("Opened connection to 127.0.0.1:" + server.port()));
    }
    try (Child child = Child.runSh(Map.of("TETHER_HOST", "127.0.0.1", "TETHER_PORT", Integer.toString(server.port())))) {
      child.awaitLine(l -> l.equals("Opened connection to 127.0.0.1:" + server.port()));
      assertFalse(child.stdout().stream().anyMatch(l -> l.startsWith("Listening to")), child.output());
    } finally {
      server.stop();
    }
  }

  @Test
  void exitOnCloseEndsTheProcessWithCodeZeroWhenTheServerCloses() throws Exception {
    FakeServer server = FakeServer.start(vertx);
    Path conf = dir.resolve("exit.json");
    Files.writeString(conf, "{\"host\": \"127.0.0.1\", \"port\": " + server.port() + ", \"exitOnClose\": true}");
    try (Child child = Child.jar(Map.of(), List.of(), "-conf", conf.toString())) {
      NetSocket conn = server.nextConnection();
      child.awaitLine(l -> l.equals("Opened connection to 127.0.0.1:" + server.port()));
      server.awaitReceived("Ping");
      conn.write("bye");
      child.awaitLine(l -> l.equals("Received: bye"));
      Await.result(conn.close());
      child.awaitLine(l -> l.equals("Connection closed"));
      assertEquals(0, child.exitCode(Duration.ofSeconds(10)), child.output());
    } finally {
      server.stop();
    }
  }

  @Test
  void exitOnGiveUpEndsTheProcessWithCode69AfterTheLastAttempt() throws Exception {
    int closed = FakeServer.freePort(vertx);
    Path conf = dir.resolve("give-up.json");
    Files.writeString(conf, "{\"host\": \"127.0.0.1\", \"port\": " + closed + ", \"reconnect\": {\"initialDelay\": 10,"
      + " \"maxDelay\": 20, \"maxAttempts\": 2, \"exitOnGiveUp\": true}}");
    try (Child child = Child.jar(Map.of(), List.of(), "-conf", conf.toString())) {
      assertEquals(ClientVerticle.EXIT_GAVE_UP, child.exitCode(Duration.ofSeconds(20)), child.output());
      List<String> gaveUp = child.stdout().stream().filter(l -> l.contains("Gave up")).toList();
      assertEquals(1, gaveUp.size(), child.output());
      assertTrue(gaveUp.get(0).startsWith("Gave up on 127.0.0.1:" + closed + " after 2 attempts: Connection refused"),
        child.output());
      assertTrue(child.stdout().contains("Exiting with code 69 (reconnect.exitOnGiveUp)"), child.output());
      assertFalse(child.output().contains("\tat "), child.output());
    }
  }

  private void assertOneLineError(Child child, String expected) throws InterruptedException {
    assertEquals(15, child.exitCode(Duration.ofSeconds(20)), child.output());
    List<String> err = child.stderr();
    assertEquals(List.of("ERROR Invalid configuration: " + expected), err, child.output());
    assertFalse(child.output().contains("Exception"), child.output());
    assertFalse(child.output().contains("\tat "), child.output());
  }

  @Test
  void aBadValueExitsNonZeroWithOneLine() throws Exception {
    Path client = conf("client.json", 9001);
    try (Child child = Child.jar(Map.of("TETHER_PORT", "70000"), List.of(), "-conf", client.toString())) {
      assertOneLineError(child, "port: expected an integer from 1 to 65535, got 70000 (from TETHER_PORT)");
    }
    try (Child child = Child.jar(Map.of(), List.of("-Dtether.framing.mode=xml"), "-conf", client.toString())) {
      assertOneLineError(child, "framing.mode: expected one of raw, line, length, got \"xml\" (from -Dtether.framing.mode)");
    }
    try (Child child = Child.runSh(Map.of("TETHER_HOST", ""), "--port", "9001", "--host", "")) {
      assertOneLineError(child, "host: expected a non-empty host name, got \"\" (from -Dtether.host)");
    }
    Path unknown = dir.resolve("unknown.yaml");
    Files.writeString(unknown, "host: localhost\npingInterval: 5\n");
    try (Child child = Child.runSh(Map.of(), unknown.toString())) {
      assertEquals(15, child.exitCode(Duration.ofSeconds(20)), child.output());
      assertEquals(1, child.stderr().size(), child.output());
      assertTrue(child.stderr().get(0).startsWith("ERROR Invalid configuration: pingInterval: unknown key; did you mean ping.interval?"), child.output());
    }
  }

  /** A user's verticle, compiled here against the fat jar: it prints the first frame Tether publishes. */
  private static final String GREETER = String.join("\n",
    "package example;",
    "",
    "import io.vertx.core.Future;",
    "import io.vertx.core.VerticleBase;",
    "",
    "public class Greeter extends VerticleBase {",
    "  private boolean greeted;",
    "",
    "  @Override",
    "  public Future<?> start() {",
    "    return vertx.eventBus().<io.vertx.core.buffer.Buffer>consumer(\"tether.in\", m -> {",
    "      if (!greeted) {",
    "        greeted = true;",
    "        System.out.println(config().getString(\"greeting\") + \" \" + m.body());",
    "      }",
    "    }).completion();",
    "  }",
    "}");

  /** Compiles {@link #GREETER} into a class folder. */
  private Path greeterClasses() throws IOException {
    Path src = dir.resolve("src/example/Greeter.java");
    Files.createDirectories(src.getParent());
    Files.writeString(src, GREETER);
    Path classes = dir.resolve("classes");
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    assertNotNull(javac, "no Java compiler in " + System.getProperty("java.home"));
    assertEquals(0, javac.run(null, null, null, "-cp", Child.JAR.toString(), "-d", classes.toString(), src.toString()));
    return classes;
  }

  /** The class folder as a jar. */
  private Path jar(Path classes) throws IOException {
    Path jar = dir.resolve("greeter.jar");
    try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
         Stream<Path> files = Files.walk(classes)) {
      for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
        out.write(Files.readAllBytes(f));
        out.closeEntry();
      }
    }
    return jar;
  }

  /** A deployment file that names the user's verticle beside a companion server and a client. */
  private Path greeterDeployment(String greeting, int port) throws IOException {
    Path conf = dir.resolve(greeting.replace(' ', '-') + ".json");
    Files.writeString(conf, "{\"verticles\": ["
      + "{\"verticle\": \"example.Greeter\", \"config\": {\"greeting\": \"" + greeting + "\"}},"
      + "{\"verticle\": \"PeerServerVerticle\", \"config\": {\"port\": " + port + "}},"
      + "{\"verticle\": \"ClientVerticle\", \"config\": {\"host\": \"127.0.0.1\", \"port\": " + port + "}}]}");
    return conf;
  }

  @Test
  void runShPutsTheUsersOwnVerticlesOnTheClasspath() throws Exception {
    Path classes = greeterClasses();
    int port = FakeServer.freePort(vertx);
    try (Child child = Child.runSh(Map.of(), "--cp", classes.toString(), greeterDeployment("class folder", port).toString())) {
      child.awaitLine(l -> l.equals("class folder You have 0 peers on this server"));
    }
    Path jar = jar(classes);
    port = FakeServer.freePort(vertx);
    try (Child child = Child.runSh(Map.of("TETHER_CLASSPATH", "/no/such/dir:" + jar),
      greeterDeployment("jar from TETHER_CLASSPATH", port).toString())) {
      child.awaitLine(l -> l.equals("jar from TETHER_CLASSPATH You have 0 peers on this server"));
    }
    Path nowhere = greeterDeployment("nowhere", port);
    try (Child child = Child.runSh(Map.of(), nowhere.toString())) {
      assertOneLineError(child, "verticles[0].verticle: expected a verticle class on the classpath, got \"example.Greeter\""
        + " (from deployment file " + nowhere + ")");
    }
  }
}
