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
}
