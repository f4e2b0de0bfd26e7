package io.tether;

import io.tether.testkit.Await;
import io.tether.impl.config.ConfigLoader;
import io.tether.impl.config.Group;
import io.tether.impl.config.Key;
import io.tether.impl.config.Keys;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The files under conf/ that the README points to say what it says they do. */
@ExtendWith(VertxExtension.class)
class ConfExamplesTest {

  private static final Set<String> GROUPS = Keys.groups().stream().map(Group::name).collect(Collectors.toSet());

  @ParameterizedTest
  @ValueSource(strings = {"conf/client.json", "conf/client.yaml"})
  void theDefaultClientFilesHoldEveryKeyAtItsDefault(String file, Vertx vertx) {
    JsonObject json = Await.result(ConfigLoader.readFile(vertx, file, "file"));
    assertEquals(Keys.ALL.stream().map(Key::name).collect(Collectors.toCollection(TreeSet::new)), keys("", json));
    assertEquals(new TetherOptions(), new TetherOptions(json));
  }

  @Test
  void theLineExampleFramesByLinesAndSparesAServerThatNeverSpeaks(Vertx vertx) {
    TetherOptions o = new TetherOptions(Await.result(ConfigLoader.readFile(vertx, "conf/client-line.json", "file")));
    assertEquals(FramingMode.LINE, o.framing().mode());
    assertEquals("\n", o.framing().delimiter());
    assertEquals(HeartbeatOptions.DEFAULT_TIMEOUT, o.heartbeat().timeout(),
      "-1: the deadline runs from the server's first byte");
    assertNull(o.ping().expect(), "an explicit ping.expect would run the deadline from every connect");
  }

  private static Set<String> keys(String prefix, JsonObject json) {
    Set<String> out = new TreeSet<>();
    for (Map.Entry<String, Object> e : json) {
      if (e.getValue() instanceof JsonObject && GROUPS.contains(prefix + e.getKey())) {
        out.addAll(keys(prefix + e.getKey() + ".", (JsonObject) e.getValue()));
      } else {
        out.add(prefix + e.getKey());
      }
    }
    return out;
  }

  @Test
  void theTlsExampleIsMutualTlsWithItsPasswordFromTheEnvironment(Vertx vertx) {
    JsonObject json = Await.result(ConfigLoader.readFile(vertx, "conf/client-tls.json", "file"));
    TetherOptions o = new TetherOptions(json);
    assertTrue(o.tls().enabled());
    assertTrue(o.tls().verifyHost());
    assertEquals("pem", o.tls().trustStoreFormat());
    assertEquals("pkcs12", o.tls().keyStoreFormat());
    assertEquals("TETHER_DEMO_KEYSTORE_PASSWORD", o.tls().keyStorePasswordEnv());
    assertNull(o.tls().keyStorePassword(), "no password in the file");
    assertFalse(json.encode().toLowerCase().contains("\"password\""));
  }

  @Test
  void theMetricsExampleDeploysAClientWithMetricsAndHealthOnLoopback(Vertx vertx) {
    JsonObject json = Await.result(ConfigLoader.readFile(vertx, "conf/tether-metrics.json", "file"));
    assertEquals(3, MainVerticle.deployments(json).size());
    JsonObject client = json.getJsonArray("verticles").getJsonObject(2);
    assertEquals(ClientVerticle.class.getName(), client.getString("verticle"));
    TetherOptions o = new TetherOptions(client.getJsonObject("config"));
    assertTrue(o.metrics().enabled());
    assertTrue(o.health().enabled());
    assertEquals("127.0.0.1", o.metrics().host());
    assertEquals(9464, o.metrics().port());
  }
}
