package io.tether.impl.console;

import io.tether.FramingMode;
import io.tether.TetherConfigException;
import io.tether.TetherOptions;
import io.tether.testkit.Await;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Where the console's client gets each key: its defaults, under a file, the environment, -D and its flags. */
class ConsoleOptionsTest {

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

  private static TetherOptions options(Map<String, String> env, Properties system, String... args) {
    return Await.result(Console.clientOptions(vertx, ConsoleArgs.parse(List.of(args)), env, system));
  }

  @Test
  void withNothingElseLinesWithNewlinesAndNoPings() {
    TetherOptions o = options(Map.of(), new Properties());
    assertEquals(FramingMode.LINE, o.framing().mode());
    assertEquals("\n", o.framing().delimiter());
    assertEquals(0, o.ping().interval());
    assertEquals("localhost:9001", o.endpoint());
  }

  @Test
  void aFileBeatsTheDefaultsAndTheCommandLineBeatsTheFile() throws Exception {
    Path file = Files.writeString(dir.resolve("c.yaml"), "port: 7000\nframing:\n  mode: raw\nping.interval: 500\n"
      + "reconnect:\n  maxDelay: 900\n");
    TetherOptions fromFile = options(Map.of(), new Properties(), "--conf", file.toString());
    assertEquals(FramingMode.RAW, fromFile.framing().mode());
    assertEquals(500, fromFile.ping().interval());
    assertEquals(7000, fromFile.getPort());
    Properties system = new Properties();
    system.setProperty("tether.reconnect.maxDelay", "800");
    TetherOptions flags = options(Map.of("TETHER_CONF", file.toString(), "TETHER_HOST", "envhost"), system,
      "--crlf", "-Dping.interval=0", "db:6379");
    assertEquals(FramingMode.LINE, flags.framing().mode());
    assertEquals("\r\n", flags.framing().delimiter());
    assertEquals(0, flags.ping().interval());
    assertEquals("db:6379", flags.endpoint(), "HOST:PORT beats TETHER_HOST and the file");
    assertEquals(800, flags.reconnect().maxDelay(), "-Dtether.* of the JVM beats the file");
    assertEquals("envhost:7000", options(Map.of("TETHER_HOST", "envhost"), new Properties(), "--conf",
      file.toString()).endpoint());
  }

  @Test
  void aDeploymentFileIsNotAClientsAndABadValueNamesItsSource() throws Exception {
    Path deployment = Files.writeString(dir.resolve("d.json"), "{\"verticles\": [{\"verticle\": \"LoggerVerticle\"}]}");
    assertEquals(FramingMode.LINE, options(Map.of(), new Properties(), "--conf", deployment.toString()).framing().mode());
    Path bad = Files.writeString(dir.resolve("bad.json"), "{\"framing\": {\"mode\": \"xml\"}}");
    Throwable t = Await.failure(Console.clientOptions(vertx, ConsoleArgs.parse(List.of("--conf", bad.toString())),
      Map.of(), new Properties()));
    assertInstanceOf(TetherConfigException.class, t);
    assertTrue(t.getMessage().startsWith("framing.mode: "), t.getMessage());
    assertTrue(t.getMessage().contains(bad.toString()), "names the file: " + t.getMessage());
  }
}
