package io.tether.impl.config;

import io.tether.FramingMode;
import io.tether.TetherConfigException;
import io.tether.TetherOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import static io.tether.testkit.Await.failure;
import static io.tether.testkit.Await.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
class ConfigLoaderTest {

  @TempDir
  Path dir;

  private static Properties props(String... kv) {
    Properties p = new Properties();
    for (int i = 0; i < kv.length; i += 2) {
      p.setProperty(kv[i], kv[i + 1]);
    }
    return p;
  }

  private String file(String name, String content) throws IOException {
    Path f = dir.resolve(name);
    Files.writeString(f, content);
    return f.toString();
  }

  @Test
  void eachSourceOverridesTheOnesBelowIt(Vertx vertx) throws IOException {
    String conf = file("client.json", new JsonObject()
      .put("host", "file-host").put("port", 1111).put("address", "from-file")
      .put("ping", new JsonObject().put("interval", 111).put("payload", "file"))
      .put("connectTimeout", 1234).encode());
    JsonObject deployment = new JsonObject().put("port", 2222).put("ping.interval", 222).put("address", "from-deployment");
    Map<String, String> env = Map.of(ConfigLoader.ENV_CONF, conf, ConfigLoader.ENV_PORT, "3333");
    Properties sys = props("tether.ping.interval", "444", "tether.framing.delimiter", "\\r\\n",
      "tether.framing.mode", "line", "java.version", "ignored", "tetherless", "ignored");

    TetherOptions o = result(ConfigLoader.clientOptions(vertx, deployment, env, sys));
    assertEquals("file-host", o.getHost());             // file only
    assertEquals(1234, o.getConnectTimeout());          // file only
    assertEquals("file", o.ping().payload());           // file only
    assertEquals("from-deployment", o.getAddress());    // deployment beats file
    assertEquals(3333, o.getPort());                    // env beats deployment and file
    assertEquals(444, o.ping().interval());             // -D beats deployment and file
    assertEquals("\r\n", o.framing().delimiter());      // escapes of a plain string
    assertEquals(FramingMode.LINE, o.framing().mode());
  }

  @Test
  void systemPropertiesBeatTheEnvironment(Vertx vertx) {
    TetherOptions o = result(ConfigLoader.clientOptions(vertx, new JsonObject().put("host", "deploy"),
      Map.of(ConfigLoader.ENV_HOST, "env-host", ConfigLoader.ENV_PORT, "5555"),
      props("tether.host", "sys-host")));
    assertEquals("sys-host", o.getHost());
    assertEquals(5555, o.getPort());
  }

  @Test
  void aYamlFileIsRead(Vertx vertx) throws IOException {
    String conf = file("client.yaml", "host: yaml-host\nport: 4444\nframing:\n  mode: length\n  maxFrameSize: 100\n");
    TetherOptions o = result(ConfigLoader.clientOptions(vertx, null, Map.of(ConfigLoader.ENV_CONF, conf), props()));
    assertEquals("yaml-host", o.getHost());
    assertEquals(4444, o.getPort());
    assertEquals(FramingMode.LENGTH, o.framing().mode());
    assertEquals(100, o.framing().maxFrameSize());
  }

  @Test
  void aDeploymentFileIsNotReadAsAClientConfig(Vertx vertx) throws IOException {
    String conf = file("tether.json", "{\"verticles\": [{\"verticle\": \"io.tether.LoggerVerticle\"}]}");
    TetherOptions o = result(ConfigLoader.clientOptions(vertx, new JsonObject().put("port", 1),
      Map.of(ConfigLoader.ENV_CONF, conf), props()));
    assertEquals(1, o.getPort());
  }

  @Test
  void aBadValueNamesItsSource(Vertx vertx) throws IOException {
    assertEquals("port: expected an integer from 1 to 65535, got \"abc\" (from TETHER_PORT)",
      failure(ConfigLoader.clientOptions(vertx, null, Map.of(ConfigLoader.ENV_PORT, "abc"), props())).getMessage());
    assertEquals("host: expected a non-empty host name, got \"\" (from TETHER_HOST)",
      failure(ConfigLoader.clientOptions(vertx, null, Map.of(ConfigLoader.ENV_HOST, ""), props())).getMessage());
    assertEquals("framing.mode: expected one of raw, line, length, got \"xml\" (from -Dtether.framing.mode)",
      failure(ConfigLoader.clientOptions(vertx, null, Map.of(), props("tether.framing.mode", "xml"))).getMessage());
    assertEquals("reconnect.maxDelay: expected a number of ms >= 0, got \"5s\" (from deployment config)",
      failure(ConfigLoader.clientOptions(vertx, new JsonObject().put("reconnect.maxDelay", "5s"), Map.of(), props()))
        .getMessage());
    String conf = file("bad.json", "{\"port\": 70000}");
    assertEquals("port: expected an integer from 1 to 65535, got 70000 (from config file " + conf + ")",
      failure(ConfigLoader.clientOptions(vertx, null, Map.of(ConfigLoader.ENV_CONF, conf), props())).getMessage());
    Throwable unknown = failure(ConfigLoader.clientOptions(vertx, null, Map.of(), props("tether.pingInterval", "5")));
    assertInstanceOf(TetherConfigException.class, unknown);
    assertEquals("pingInterval: unknown key; did you mean ping.interval? (from -Dtether.pingInterval)",
      unknown.getMessage());
  }

  @Test
  void aMissingOrBrokenFileIsAnErrorNamingIt(Vertx vertx) throws IOException {
    Throwable missing = failure(ConfigLoader.clientOptions(vertx, null,
      Map.of(ConfigLoader.ENV_CONF, dir.resolve("nope.json").toString()), props()));
    assertInstanceOf(TetherConfigException.class, missing);
    assertTrue(missing.getMessage().startsWith("TETHER_CONF: cannot read JSON config file \""), missing.getMessage());
    String broken = file("broken.json", "{\"port\": ");
    Throwable bad = failure(ConfigLoader.clientOptions(vertx, null, Map.of(ConfigLoader.ENV_CONF, broken), props()));
    assertTrue(bad.getMessage().contains(broken), bad.getMessage());
    assertEquals(1, bad.getMessage().lines().count(), bad.getMessage());
  }

  @Test
  void plainStringsConvertToTheKeysType() {
    assertEquals(12L, ConfigLoader.fromString("port", " 12 "));
    assertEquals(0.5, ConfigLoader.fromString("reconnect.jitter", "0.5"));
    assertEquals(true, ConfigLoader.fromString("exitOnClose", "TRUE"));
    assertEquals("yes", ConfigLoader.fromString("exitOnClose", "yes"));
    assertEquals("a\tb\\c", ConfigLoader.fromString("ping.payload", "a\\tb\\\\c"));
    assertEquals("x", ConfigLoader.fromString("unknown", "x"));
    assertEquals(new io.vertx.core.json.JsonArray().add("TLSv1.3").add("TLSv1.2"),
      ConfigLoader.fromString("tls.protocols", "TLSv1.3, TLSv1.2,"));
  }

  @Test
  void tlsKeysComeFromSystemPropertiesAndABadSecretIsNotRepeated(Vertx vertx) {
    TetherOptions o = result(ConfigLoader.clientOptions(vertx, new JsonObject().put("tls.enabled", true), Map.of(),
      props("tether.tls.protocols", "TLSv1.2", "tether.tls.verifyHost", "false",
        "tether.tls.keyStorePasswordEnv", "KS_PASSWORD", "tether.tls.keyStore", "client.p12")));
    assertEquals(java.util.List.of("TLSv1.2"), o.tls().protocols());
    assertEquals(false, o.tls().verifyHost());
    assertEquals("KS_PASSWORD", o.tls().keyStorePasswordEnv());
    assertEquals("pkcs12", o.tls().keyStoreFormat());
    Throwable bad = failure(ConfigLoader.clientOptions(vertx,
      new JsonObject().put("tls", new JsonObject().put("keyStorePassword", 424242)), Map.of(), props()));
    assertEquals("tls.keyStorePassword: expected a string, or null, got a value that is not shown (from deployment config)",
      bad.getMessage());
  }

  private String unreadable(Vertx vertx, String name, String content) throws IOException {
    String f = file(name, content);
    Throwable bad = failure(ConfigLoader.clientOptions(vertx, null, Map.of(ConfigLoader.ENV_CONF, f), props()));
    assertInstanceOf(TetherConfigException.class, bad);
    assertEquals(1, bad.getMessage().lines().count(), bad.getMessage());
    return bad.getMessage();
  }

  @Test
  void aSyntaxErrorSaysWhereItIsAndWhatTheParserExpected(Vertx vertx) throws IOException {
    String tab = unreadable(vertx, "tab.yaml", "host: localhost\nping:\n\tinterval: 500\n");
    assertEquals("TETHER_CONF: cannot read YAML config file \"" + dir.resolve("tab.yaml") + "\": line 3, column 1: "
      + "found character '\\t(TAB)' that cannot start any token. (Do not use \\t(TAB) for indentation)"
      + " (while scanning for the next token)", tab);
    String indent = unreadable(vertx, "indent.yaml", "host: localhost\nping:\n  interval: 500\n port: 9001\n");
    assertTrue(indent.endsWith("\": line 4, column 2: expected <block end>, but found '<block mapping start>'"
      + " (while parsing a block mapping from line 1, column 1)"), indent);
    String comma = unreadable(vertx, "comma.json", "{\n  \"host\": \"localhost\"\n  \"port\": 9001\n}\n");
    assertTrue(comma.endsWith("comma.json\": line 3, column 3: Unexpected character ('\"' (code 34)):"
      + " was expecting comma to separate Object entries"), comma);
    assertTrue(unreadable(vertx, "list.json", "[1, 2]").endsWith("list.json\": not a JSON object"));
    Throwable missing = failure(ConfigLoader.clientOptions(vertx, null,
      Map.of(ConfigLoader.ENV_CONF, dir.resolve("nope.yaml").toString()), props()));
    assertEquals("TETHER_CONF: cannot read YAML config file \"" + dir.resolve("nope.yaml") + "\": no such file",
      missing.getMessage());
  }

  @Test
  void aBadValueOfAnEntryNamesTheEntryAndItsFile(Vertx vertx) {
    ConfigLoader.Origin entry = new ConfigLoader.Origin("deployment file conf/x.json", "verticles[2].config.");
    assertEquals("verticles[2].config.prot: unknown key; did you mean port? (from deployment file conf/x.json)",
      failure(ConfigLoader.clientOptions(vertx, new JsonObject().put("prot", 1), entry, Map.of(), props()))
        .getMessage());
    assertEquals("verticles[2].config.ping.interval: expected a number of ms >= 0 (0 turns pings off), got \"2s\""
        + " (from deployment file conf/x.json)",
      failure(ConfigLoader.clientOptions(vertx, new JsonObject().put("ping", new JsonObject().put("interval", "2s")),
        entry, Map.of(), props())).getMessage());
    // a value from another source is that source's
    assertEquals("port: expected an integer from 1 to 65535, got 0 (from TETHER_PORT)",
      failure(ConfigLoader.clientOptions(vertx, new JsonObject().put("port", 1), entry,
        Map.of(ConfigLoader.ENV_PORT, "0"), props())).getMessage());
    assertEquals("prot: unknown key; did you mean port? (from -conf c.json)",
      failure(ConfigLoader.clientOptions(vertx, new JsonObject().put("prot", 1),
        new ConfigLoader.Origin("-conf c.json", ""), Map.of(), props())).getMessage());
  }
}
