package io.tether;

import io.tether.impl.config.Key;
import io.tether.impl.config.Keys;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TetherOptionsTest {

  @Test
  void defaultsAreTheContractsDefaults() {
    TetherOptions o = new TetherOptions();
    assertEquals("localhost", o.getHost());
    assertEquals(9001, o.getPort());
    assertEquals(List.of(), o.getEndpoints());
    assertEquals("tether", o.getAddress());
    assertEquals(5000, o.getConnectTimeout());
    assertEquals(false, o.isExitOnClose());
    assertEquals(false, o.isSingleton());
    assertEquals(2000, o.ping().interval());
    assertEquals("Ping", o.ping().payload());
    assertNull(o.ping().expect());
    assertEquals(-1, o.heartbeat().timeout());
    assertEquals(500, o.reconnect().initialDelay());
    assertEquals(30000, o.reconnect().maxDelay());
    assertEquals(2.0, o.reconnect().multiplier());
    assertEquals(0.2, o.reconnect().jitter());
    assertEquals(-1, o.reconnect().maxAttempts());
    assertEquals(0, o.config().scanPeriod());
    assertEquals(FramingMode.RAW, o.framing().mode());
    assertEquals("\n", o.framing().delimiter());
    assertEquals(65536, o.framing().maxFrameSize());
    assertEquals(1000, o.outbox().capacity());
    assertEquals(25000, o.outbox().ttl());
    assertEquals(OverflowPolicy.REJECT, o.outbox().overflow());
    assertEquals(false, o.outbox().cluster());
    assertEquals(5000, o.lease().ttl());
    assertEquals(2000, o.shutdown().drainTimeout());
    assertEquals(DeliveryMode.PUBLISH, o.delivery().mode());
    assertEquals(256, o.delivery().window());
    assertEquals(1, o.delivery().batch());
    assertEquals(true, o.delivery().headers());
    assertEquals(false, o.tls().enabled());
    assertNull(o.tls().trustStore());
    assertNull(o.tls().trustStoreType());
    assertNull(o.tls().trustStorePassword());
    assertNull(o.tls().trustStorePasswordEnv());
    assertNull(o.tls().keyStore());
    assertNull(o.tls().keyStoreType());
    assertNull(o.tls().keyStorePassword());
    assertNull(o.tls().keyStorePasswordEnv());
    assertNull(o.tls().certFile());
    assertNull(o.tls().keyFile());
    assertEquals(true, o.tls().verifyHost());
    assertNull(o.tls().serverName());
    assertEquals(List.of("TLSv1.3", "TLSv1.2"), o.tls().protocols());
    assertEquals(60000, o.tls().reloadInterval());
    assertEquals(false, o.metrics().enabled());
    assertEquals("127.0.0.1", o.metrics().host());
    assertEquals(9464, o.metrics().port());
    assertEquals(false, o.health().enabled());
    assertEquals(new TetherOptions(), new TetherOptions(new JsonObject()));
  }

  /** The default of each row of the key table is what a new TetherOptions holds. */
  @Test
  void theKeyTablesDefaultsAreTheOptionsDefaults() {
    Map<String, Object> defaults = flat(new TetherOptions().toJson());
    assertEquals(Keys.ALL.size(), defaults.size());
    for (Key<?> key : Keys.ALL) {
      assertTrue(defaults.containsKey(key.name()), key.name());
      assertEquals(written(key, key.defaultValue()), defaults.get(key.name()), key.name());
    }
  }

  private static <T> Object written(Key<T> key, Object value) {
    @SuppressWarnings("unchecked")
    T v = (T) value;
    return key.write(v);
  }

  /** Every key of the top level and the groups but TLS, metrics and health, away from its default. */
  static TetherOptions everyField() {
    TetherOptions o = new TetherOptions()
      .setHost("example.org").setPort(1234).setAddress("feed").setConnectTimeout(1500)
      .setEndpoints(List.of(new Endpoint("a.example.org", 1), new Endpoint("::1", 2)))
      .setExitOnClose(true).setSingleton(true)
      .setAnswers(List.of(new AnswerRule("^PING (.*)$", "PONG $1")))
      .setHandshake(List.of(HandshakeStep.send("PASS ${env:IRC_PASSWORD}"), HandshakeStep.expect("^:\\S+ 001 ", 900)));
    o.ping().setInterval(750).setPayload("PING\r\n?").setExpect("PONG").setExpectRegex("PONG \\d+");
    o.request().setMatch(RequestMatch.ID).setId("^#(\\d+)").setReplyEnd("^END$").setAnswer("io.tether.RespAnswerReader")
      .setTimeout(800).setMaxInFlight(9).setLog(true);
    o.heartbeat().setTimeout(4000);
    o.reconnect().setInitialDelay(10).setMaxDelay(900).setMultiplier(1.5).setJitter(0.5).setMaxAttempts(7).setExitOnGiveUp(true);
    o.config().setScanPeriod(250);
    o.framing().setMode(FramingMode.LINE).setDelimiter("\r\n").setMaxFrameSize(4096);
    o.outbox().setCapacity(12).setTtl(3000).setOverflow(OverflowPolicy.DROP_OLDEST).setCluster(true);
    o.lease().setTtl(1200);
    o.shutdown().setDrainTimeout(150);
    o.delivery().setMode(DeliveryMode.REQUEST).setWindow(16).setBatch(8).setHeaders(false);
    return o;
  }

  /** TLS with a client certificate from a key store, metrics and health. */
  static TetherOptions everyStoreField() {
    TetherOptions o = new TetherOptions();
    o.tls().setEnabled(true).setTrustStore("conf/tls/ca.jks").setTrustStoreType("JKS")
      .setTrustStorePassword("trust-pw").setKeyStore("conf/tls/client.bin").setKeyStoreType("p12")
      .setKeyStorePasswordEnv("CLIENT_KS_PW").setVerifyHost(false).setServerName("feed.example.org")
      .setProtocols(List.of("TLSv1.2")).setReloadInterval(1500);
    o.metrics().setEnabled(true).setHost("0.0.0.0").setPort(0);
    o.health().setEnabled(true);
    return o;
  }

  /** TLS with a client certificate from PEM files, and the passwords the other way round. */
  static TetherOptions everyPemField() {
    TetherOptions o = new TetherOptions();
    o.tls().setEnabled(true).setTrustStore("ca.crt").setTrustStorePasswordEnv("UNUSED_FOR_PEM")
      .setCertFile("client.pem").setKeyFile("client-key.pem").setKeyStorePassword("key-pw");
    return o;
  }

  /** Every field set away from its default survives toJson and back, and is read from the right key. */
  @Test
  void everyFieldRoundTripsThroughJson() {
    TetherOptions o = everyField();
    JsonObject json = o.toJson();
    assertEquals("example.org", json.getString("host"));
    assertEquals(1234, json.getInteger("port"));
    assertEquals(new JsonArray().add("a.example.org:1").add("[::1]:2"), json.getJsonArray("endpoints"));
    assertEquals("feed", json.getString("address"));
    assertEquals(1500, json.getInteger("connectTimeout"));
    assertEquals(true, json.getBoolean("exitOnClose"));
    assertEquals(true, json.getBoolean("singleton"));
    assertEquals(750, json.getJsonObject("ping").getLong("interval"));
    assertEquals("PING\r\n?", json.getJsonObject("ping").getString("payload"));
    assertEquals("PONG", json.getJsonObject("ping").getString("expect"));
    assertEquals(4000, json.getJsonObject("heartbeat").getLong("timeout"));
    assertEquals(10, json.getJsonObject("reconnect").getLong("initialDelay"));
    assertEquals(900, json.getJsonObject("reconnect").getLong("maxDelay"));
    assertEquals(1.5, json.getJsonObject("reconnect").getDouble("multiplier"));
    assertEquals(0.5, json.getJsonObject("reconnect").getDouble("jitter"));
    assertEquals(7, json.getJsonObject("reconnect").getInteger("maxAttempts"));
    assertEquals(true, json.getJsonObject("reconnect").getBoolean("exitOnGiveUp"));
    assertEquals(250, json.getJsonObject("config").getLong("scanPeriod"));
    assertEquals("line", json.getJsonObject("framing").getString("mode"));
    assertEquals("\r\n", json.getJsonObject("framing").getString("delimiter"));
    assertEquals(4096, json.getJsonObject("framing").getInteger("maxFrameSize"));
    assertEquals(12, json.getJsonObject("outbox").getInteger("capacity"));
    assertEquals(3000, json.getJsonObject("outbox").getLong("ttl"));
    assertEquals("drop-oldest", json.getJsonObject("outbox").getString("overflow"));
    assertEquals(true, json.getJsonObject("outbox").getBoolean("cluster"));
    assertEquals(1200, json.getJsonObject("lease").getLong("ttl"));
    assertEquals(150, json.getJsonObject("shutdown").getLong("drainTimeout"));
    assertEquals("request", json.getJsonObject("delivery").getString("mode"));
    assertEquals(16, json.getJsonObject("delivery").getInteger("window"));
    assertEquals(8, json.getJsonObject("delivery").getInteger("batch"));
    assertEquals(false, json.getJsonObject("delivery").getBoolean("headers"));

    TetherOptions back = new TetherOptions(json);
    assertEquals(o, back);
    assertEquals(json, back.toJson());
    assertEquals(o, new TetherOptions(o));
    // through the encoded text too, as a file would carry it
    assertEquals(o, new TetherOptions(new JsonObject(json.encode())));
    assertNotEquals(new TetherOptions(), back);
    assertEquals(List.of(new Endpoint("a.example.org", 1), new Endpoint("::1", 2)), back.endpointList());
    assertEquals(4000, back.heartbeat().effectiveTimeout(back.ping().interval()));
    assertEquals(2, back.framing().overhead());
  }

  /** The TLS, metrics and health keys, in the two shapes a client certificate can take: a key store, or PEM files. */
  @Test
  void everyTlsMetricsAndHealthFieldRoundTripsThroughJson() {
    TetherOptions store = everyStoreField();
    JsonObject json = store.toJson();
    JsonObject tls = json.getJsonObject("tls");
    assertEquals(true, tls.getBoolean("enabled"));
    assertEquals("conf/tls/ca.jks", tls.getString("trustStore"));
    assertEquals("jks", tls.getString("trustStoreType"));
    assertEquals("trust-pw", tls.getString("trustStorePassword"));
    assertNull(tls.getValue("trustStorePasswordEnv"));
    assertEquals("conf/tls/client.bin", tls.getString("keyStore"));
    assertEquals("pkcs12", tls.getString("keyStoreType"));
    assertNull(tls.getValue("keyStorePassword"));
    assertEquals("CLIENT_KS_PW", tls.getString("keyStorePasswordEnv"));
    assertEquals(false, tls.getBoolean("verifyHost"));
    assertEquals("feed.example.org", tls.getString("serverName"));
    assertEquals(new JsonArray().add("TLSv1.2"), tls.getJsonArray("protocols"));
    assertEquals(1500, tls.getLong("reloadInterval"));
    assertEquals(true, json.getJsonObject("metrics").getBoolean("enabled"));
    assertEquals("0.0.0.0", json.getJsonObject("metrics").getString("host"));
    assertEquals(0, json.getJsonObject("metrics").getInteger("port"));
    assertEquals(true, json.getJsonObject("health").getBoolean("enabled"));
    assertEquals(store, new TetherOptions(json));
    assertEquals(store, new TetherOptions(new JsonObject(json.encode())));
    assertEquals(store, new TetherOptions(store));
    assertEquals("jks", store.tls().trustStoreFormat());
    assertEquals("pkcs12", store.tls().keyStoreFormat());

    TetherOptions pem = everyPemField();
    json = pem.toJson();
    tls = json.getJsonObject("tls");
    assertEquals("ca.crt", tls.getString("trustStore"));
    assertEquals("UNUSED_FOR_PEM", tls.getString("trustStorePasswordEnv"));
    assertEquals("client.pem", tls.getString("certFile"));
    assertEquals("client-key.pem", tls.getString("keyFile"));
    assertEquals("key-pw", tls.getString("keyStorePassword"));
    TetherOptions back = new TetherOptions(json);
    assertEquals(pem, back);
    assertEquals("client.pem", back.tls().certFile());
    assertEquals("client-key.pem", back.tls().keyFile());
    assertEquals("UNUSED_FOR_PEM", back.tls().trustStorePasswordEnv());
    assertEquals("key-pw", back.tls().keyStorePassword());
    assertEquals("pem", pem.tls().trustStoreFormat());
    assertNotEquals(store, pem);
  }

  /** The round trips above are only worth something if, between them, they move every key off its default. */
  @Test
  void theRoundTripsSetEveryKeyAwayFromItsDefault() {
    Map<String, Object> defaults = flat(new TetherOptions().toJson());
    List<Map<String, Object>> fixtures = Stream.of(everyField(), everyStoreField(), everyPemField())
      .map(o -> flat(o.toJson())).toList();
    for (Key<?> key : Keys.ALL) {
      assertTrue(fixtures.stream().anyMatch(f -> !Objects.equals(f.get(key.name()), defaults.get(key.name()))),
        key.name() + " keeps its default in every round trip");
    }
  }

  /** Each group reads its own JSON and copies on its own, as it nests in a client's config. */
  @Test
  void eachGroupRoundTripsOnItsOwn() {
    TetherOptions o = everyField();
    assertEquals(o.ping(), new PingOptions(o.ping().toJson()));
    assertEquals(o.heartbeat(), new HeartbeatOptions(o.heartbeat().toJson()));
    assertEquals(o.reconnect(), new ReconnectOptions(o.reconnect().toJson()));
    assertEquals(o.framing(), new FramingOptions(o.framing().toJson()));
    assertEquals(o.outbox(), new OutboxOptions(o.outbox().toJson()));
    assertEquals(o.shutdown(), new ShutdownOptions(o.shutdown().toJson()));
    assertEquals(o.delivery(), new InboundOptions(o.delivery().toJson()));
    assertEquals(o.config(), new ConfigOptions(o.config().toJson()));
    assertEquals(o.lease(), new LeaseOptions(o.lease().toJson()));
    assertEquals(o.lease(), new LeaseOptions(o.lease()));
    assertEquals(o.ping(), new PingOptions(o.ping()));
    assertEquals(o.delivery(), new InboundOptions(o.delivery()));
    assertNotEquals(new PingOptions(), o.ping());
    for (TetherOptions tls : List.of(everyStoreField(), everyPemField())) {
      assertEquals(tls.tls(), new TlsOptions(tls.tls().toJson()));
      assertEquals(tls.tls(), new TlsOptions(tls.tls()));
    }
    TetherOptions store = everyStoreField();
    assertEquals(store.metrics(), new MetricsOptions(store.metrics().toJson()));
    assertEquals(store.health(), new HealthOptions(store.health().toJson()));
    assertEquals(o.request(), new RequestOptions(o.request().toJson()));
    assertEquals(new JsonObject().put("interval", 750).put("payload", "PING\r\n?").put("expect", "PONG")
      .put("expectRegex", "PONG \\d+"), o.ping().toJson());

    // a copy is a copy: changing it leaves the original alone
    TetherOptions copy = new TetherOptions(o);
    assertNotSame(o.ping(), copy.ping());
    copy.ping().setInterval(1);
    assertEquals(750, o.ping().interval());
    // a group's own JSON is read as strictly, and names the key in dotted form
    TetherConfigException e = assertThrows(TetherConfigException.class,
      () -> new ReconnectOptions(new JsonObject().put("initialDelay", 100).put("maxDelay", 10)));
    assertEquals("reconnect.maxDelay: expected a number of ms >= reconnect.initialDelay (100), got 10", e.getMessage());
    assertEquals("ping.intervall: unknown key; did you mean ping.interval?", assertThrows(TetherConfigException.class,
      () -> new PingOptions(new JsonObject().put("intervall", 1))).getMessage());
  }

  /** The groups are the live parts of the options: a change through a group is a change of the options. */
  @Test
  void theGroupsAreLive() {
    TetherOptions o = new TetherOptions();
    o.framing().setMode(FramingMode.LENGTH);
    o.tls().setEnabled(true);
    assertEquals("length", o.toJson().getJsonObject("framing").getString("mode"));
    assertEquals(4, o.framing().overhead());
    assertEquals(new TetherOptions(o.toJson()), o);
  }

  @Test
  void onlyTheKeysThatNeedARestartAreReportedAsChanged() {
    TetherOptions running = everyField();
    TetherOptions next = new TetherOptions(running);
    next.setHost("elsewhere").setPort(1).ping().setInterval(5);
    next.reconnect().setMaxAttempts(0);
    assertNull(running.restartKeyChanged(next));
    assertEquals("address", running.restartKeyChanged(new TetherOptions(next).setAddress("other")));
    assertEquals("singleton", running.restartKeyChanged(new TetherOptions(next).setSingleton(false)));
    TetherOptions tls = new TetherOptions(next);
    tls.tls().setReloadInterval(1);
    assertEquals("tls.reloadInterval", running.restartKeyChanged(tls));
    TetherOptions metrics = new TetherOptions(next);
    metrics.metrics().setPort(1);
    assertEquals("metrics.port", running.restartKeyChanged(metrics));
    TetherOptions scan = new TetherOptions(next);
    scan.config().setScanPeriod(0);
    assertEquals("config.scanPeriod", running.restartKeyChanged(scan));
    TetherOptions lease = new TetherOptions(next);
    lease.lease().setTtl(9000);
    assertEquals("lease.ttl", running.restartKeyChanged(lease));
    TetherOptions outbox = new TetherOptions(next);
    outbox.outbox().setCluster(false);
    assertEquals("outbox.cluster", running.restartKeyChanged(outbox));
    List<String> restart = Keys.ALL.stream().filter(Key::restart).map(Key::name).toList();
    assertTrue(restart.containsAll(List.of("address", "singleton", "outbox.cluster", "lease.ttl", "tls.enabled",
      "metrics.enabled", "health.enabled", "config.scanPeriod")), restart.toString());
    assertEquals(3 + 15 + 3 + 1 + 2, restart.size(), restart.toString());
  }

  @Test
  void secretsAreMaskedInToStringAndNeverRepeatedInErrors() {
    TetherOptions o = new TetherOptions();
    o.tls().setTrustStore("ca.p12").setTrustStorePassword("trust-s3cret").setKeyStore("c.p12")
      .setKeyStorePassword("key-s3cret");
    String shown = o.toString();
    assertFalse(shown.contains("s3cret"), shown);
    assertTrue(shown.contains("\"trustStorePassword\":\"****\""), shown);
    assertTrue(shown.contains("\"keyStorePassword\":\"****\""), shown);
    assertFalse(o.toMaskedJson().encode().contains("s3cret"));
    assertFalse(o.tls().toString().contains("s3cret"), o.tls().toString());
    assertEquals("key-s3cret", o.toJson().getJsonObject("tls").getString("keyStorePassword"));
    assertEquals("key-s3cret", o.tls().toJson().getString("keyStorePassword"));
    assertTrue(new TetherOptions().toString().contains("\"keyStorePassword\":null"));

    List<String> secrets = Keys.ALL.stream().filter(Key::secret).map(Key::name).toList();
    assertEquals(List.of("tls.trustStorePassword", "tls.keyStorePassword"), secrets);
    for (String key : secrets) {
      JsonObject config = new JsonObject().put(key, new JsonArray().add("s3cret-in-a-list"));
      TetherConfigException e = assertThrows(TetherConfigException.class, () -> new TetherOptions(config));
      assertEquals(key, e.key());
      assertEquals(key + ": expected a string, or null, got a value that is not shown", e.getMessage());
    }
  }

  @Test
  void dottedKeysAreTheSameAsNestedOnes() {
    TetherOptions dotted = new TetherOptions(new JsonObject().put("ping.interval", 10).put("framing.mode", "length"));
    TetherOptions nested = new TetherOptions(new JsonObject()
      .put("ping", new JsonObject().put("interval", 10))
      .put("framing", new JsonObject().put("mode", "length")));
    assertEquals(nested, dotted);
    assertEquals(10, dotted.ping().interval());
    assertEquals(FramingMode.LENGTH, dotted.framing().mode());
  }

  /** A client's JSON as dotted key and value, its groups opened up. */
  static Map<String, Object> flat(JsonObject json) {
    Map<String, Object> out = new java.util.LinkedHashMap<>();
    for (Map.Entry<String, Object> e : json) {
      if (e.getValue() instanceof JsonObject) {
        flat((JsonObject) e.getValue()).forEach((k, v) -> out.put(e.getKey() + "." + k, v));
      } else {
        out.put(e.getKey(), e.getValue());
      }
    }
    return out;
  }

  static Stream<Arguments> badValues() {
    return Stream.of(
      Arguments.of(new JsonObject().put("port", 0), "port: expected an integer from 1 to 65535, got 0"),
      Arguments.of(new JsonObject().put("port", 70000), "port: expected an integer from 1 to 65535, got 70000"),
      Arguments.of(new JsonObject().put("port", "abc"), "port: expected an integer from 1 to 65535, got \"abc\""),
      Arguments.of(new JsonObject().put("port", 80.5), "port: expected an integer from 1 to 65535, got 80.5"),
      Arguments.of(new JsonObject().put("port", null), "port: expected an integer from 1 to 65535, got null"),
      Arguments.of(new JsonObject().put("exitOnClose", null), "exitOnClose: expected true or false, got null"),
      Arguments.of(new JsonObject().put("host", ""), "host: expected a non-empty host name, got \"\""),
      Arguments.of(new JsonObject().put("host", 12), "host: expected a non-empty host name, got 12"),
      Arguments.of(new JsonObject().put("address", " "), "address: expected a non-empty event-bus address, got \" \""),
      Arguments.of(new JsonObject().put("framing", new JsonObject().put("mode", "xml")),
        "framing.mode: expected one of raw, line, length, got \"xml\""),
      Arguments.of(new JsonObject().put("framing", new JsonObject().put("delimiter", "")),
        "framing.delimiter: expected a non-empty string, got \"\""),
      Arguments.of(new JsonObject().put("framing", new JsonObject().put("maxFrameSize", 0)),
        "framing.maxFrameSize: expected an integer from 1 to 2147483647, got 0"),
      Arguments.of(new JsonObject().put("framing", new JsonObject().put("mode", "length").put("maxFrameSize", 4)),
        "framing.maxFrameSize: expected an integer > 4 (the length framing's own bytes), got 4"),
      Arguments.of(new JsonObject().put("ping", new JsonObject().put("interval", -1)),
        "ping.interval: expected a number of ms >= 0 (0 turns pings off), got -1"),
      Arguments.of(new JsonObject().put("ping", 5), "ping: expected an object, got 5"),
      Arguments.of(new JsonObject().put("connectTimeout", 0), "connectTimeout: expected a number of ms >= 1, got 0"),
      Arguments.of(new JsonObject().put("reconnect", new JsonObject().put("initialDelay", -5)),
        "reconnect.initialDelay: expected a number of ms >= 0, got -5"),
      Arguments.of(new JsonObject().put("reconnect", new JsonObject().put("maxDelay", "5s")),
        "reconnect.maxDelay: expected a number of ms >= 0, got \"5s\""),
      Arguments.of(new JsonObject().put("reconnect", new JsonObject().put("maxDelay", -1)),
        "reconnect.maxDelay: expected a number of ms >= 0, got -1"),
      Arguments.of(new JsonObject().put("reconnect", new JsonObject().put("initialDelay", 1000).put("maxDelay", 10)),
        "reconnect.maxDelay: expected a number of ms >= reconnect.initialDelay (1000), got 10"),
      Arguments.of(new JsonObject().put("outbox", new JsonObject().put("cluster", true)),
        "outbox.cluster: expected false without singleton: true (the cluster's outbox is written by the one node that"
          + " holds the connection), got true"),
      Arguments.of(new JsonObject().put("lease", new JsonObject().put("ttl", 50)),
        "lease.ttl: expected a number of ms >= 100, got 50"),
      Arguments.of(new JsonObject().put("reconnect", new JsonObject().put("jitter", 1.5)),
        "reconnect.jitter: expected a number from 0 to 1, got 1.5"),
      Arguments.of(new JsonObject().put("reconnect", new JsonObject().put("jitter", -0.1)),
        "reconnect.jitter: expected a number from 0 to 1, got -0.1"),
      Arguments.of(new JsonObject().put("reconnect", new JsonObject().put("multiplier", 0.5)),
        "reconnect.multiplier: expected a number >= 1.0, got 0.5"),
      Arguments.of(new JsonObject().put("reconnect", new JsonObject().put("maxAttempts", -2)),
        "reconnect.maxAttempts: expected an integer >= -1 (-1 forever, 0 never reconnect), got -2"),
      Arguments.of(new JsonObject().put("exitOnClose", "yes"), "exitOnClose: expected true or false, got \"yes\""),
      Arguments.of(new JsonObject().put("singleton", 1), "singleton: expected true or false, got 1"),
      Arguments.of(new JsonObject().put("outbox", new JsonObject().put("capacity", -1)),
        "outbox.capacity: expected an integer >= 0, got -1"),
      Arguments.of(new JsonObject().put("outbox", new JsonObject().put("ttl", -1)),
        "outbox.ttl: expected a number of ms >= 0 (0 means no limit), got -1"),
      Arguments.of(new JsonObject().put("tls", "on"), "tls: expected an object, got \"on\""),
      Arguments.of(new JsonObject().put("tls.enabled", "yes"), "tls.enabled: expected true or false, got \"yes\""),
      Arguments.of(new JsonObject().put("tls.trustStore", ""),
        "tls.trustStore: expected the path of a PEM, JKS or PKCS12 file, or null for the JVM's trust, got \"\""),
      Arguments.of(new JsonObject().put("tls.trustStore", "ca.bin"),
        "tls.trustStoreType: expected one of pem, jks, pkcs12, or null to tell it from the file name"
          + " (the type of \"ca.bin\" cannot be told from its name), got null"),
      Arguments.of(new JsonObject().put("tls.trustStoreType", "der"),
        "tls.trustStoreType: expected one of pem, jks, pkcs12, or null to tell it from the file name, got \"der\""),
      Arguments.of(new JsonObject().put("tls.keyStoreType", "pem"),
        "tls.keyStoreType: expected one of jks, pkcs12, or null to tell it from the file name, got \"pem\""),
      Arguments.of(new JsonObject().put("tls.keyStore", "client.pem"),
        "tls.keyStoreType: expected one of jks, pkcs12, or null to tell it from the file name"
          + " (the type of \"client.pem\" cannot be told from its name), got null"),
      Arguments.of(new JsonObject().put("tls.keyStore", 7), "tls.keyStore: expected the path of a JKS or PKCS12 file, or null, got 7"),
      Arguments.of(new JsonObject().put("tls.keyStorePasswordEnv", "MY-PASSWORD"),
        "tls.keyStorePasswordEnv: expected the name of an environment variable, or null, got \"MY-PASSWORD\""),
      Arguments.of(new JsonObject().put("tls.trustStorePasswordEnv", "1X"),
        "tls.trustStorePasswordEnv: expected the name of an environment variable, or null, got \"1X\""),
      Arguments.of(new JsonObject().put("tls", new JsonObject().put("keyStorePassword", "pw").put("keyStorePasswordEnv", "PW")),
        "tls.keyStorePasswordEnv: expected null when tls.keyStorePassword is set (one or the other), got \"PW\""),
      Arguments.of(new JsonObject().put("tls", new JsonObject().put("trustStorePassword", "pw").put("trustStorePasswordEnv", "PW")),
        "tls.trustStorePasswordEnv: expected null when tls.trustStorePassword is set (one or the other), got \"PW\""),
      Arguments.of(new JsonObject().put("tls", new JsonObject().put("keyStore", "c.p12").put("certFile", "c.pem").put("keyFile", "k.pem")),
        "tls.certFile: expected null when tls.keyStore is set (the client certificate comes from one or the other), got \"c.pem\""),
      Arguments.of(new JsonObject().put("tls.certFile", "c.pem"),
        "tls.keyFile: expected the path of a PEM private key, with tls.certFile, got null"),
      Arguments.of(new JsonObject().put("tls.keyFile", "k.pem"),
        "tls.certFile: expected the path of a PEM certificate chain, with tls.keyFile, got null"),
      Arguments.of(new JsonObject().put("tls.verifyHost", 1), "tls.verifyHost: expected true or false, got 1"),
      Arguments.of(new JsonObject().put("tls.serverName", "a b"), "tls.serverName: expected a host name for SNI, or null, got \"a b\""),
      Arguments.of(new JsonObject().put("tls.protocols", new JsonArray()),
        "tls.protocols: expected a non-empty list of TLSv1.3, TLSv1.2, TLSv1.1, TLSv1, got []"),
      Arguments.of(new JsonObject().put("tls.protocols", new JsonArray().add("SSLv3")),
        "tls.protocols: expected a non-empty list of TLSv1.3, TLSv1.2, TLSv1.1, TLSv1, got [\"SSLv3\"]"),
      Arguments.of(new JsonObject().put("tls.protocols", new JsonArray().add(13)),
        "tls.protocols: expected a non-empty list of TLSv1.3, TLSv1.2, TLSv1.1, TLSv1, got [13]"),
      Arguments.of(new JsonObject().put("tls.protocols", "TLSv1.3"),
        "tls.protocols: expected a non-empty list of TLSv1.3, TLSv1.2, TLSv1.1, TLSv1, got \"TLSv1.3\""),
      Arguments.of(new JsonObject().put("tls.reloadInterval", -1),
        "tls.reloadInterval: expected a number of ms >= 0 (0 turns reloading off), got -1"),
      Arguments.of(new JsonObject().put("metrics", new JsonObject().put("enabled", "true")),
        "metrics.enabled: expected true or false, got \"true\""),
      Arguments.of(new JsonObject().put("metrics.host", ""),
        "metrics.host: expected a non-empty host name or address to bind, got \"\""),
      Arguments.of(new JsonObject().put("metrics.port", 65536), "metrics.port: expected an integer from 0 to 65535, got 65536"),
      Arguments.of(new JsonObject().put("metrics.port", -1), "metrics.port: expected an integer from 0 to 65535, got -1"),
      Arguments.of(new JsonObject().put("health.enabled", null), "health.enabled: expected true or false, got null"));
  }

  @ParameterizedTest
  @MethodSource("badValues")
  void aBadValueNamesTheKeyTheValueAndWhatWasExpected(JsonObject config, String message) {
    TetherConfigException e = assertThrows(TetherConfigException.class, () -> new TetherOptions(config));
    assertEquals(message, e.getMessage());
    assertTrue(message.startsWith(e.key() + ":"), e.key());
    assertEquals(1, e.getMessage().lines().count());
  }

  @Test
  void anUnknownKeyIsAnErrorThatNamesTheNearestKnownOne() {
    TetherConfigException e = assertThrows(TetherConfigException.class,
      () -> new TetherOptions(new JsonObject().put("pingInterval", 100)));
    assertEquals("pingInterval", e.key());
    assertEquals("pingInterval: unknown key; did you mean ping.interval?", e.getMessage());
    assertEquals("prot: unknown key; did you mean port?", unknown(new JsonObject().put("prot", 9001)));
    assertEquals("tls.keystore: unknown key; did you mean tls.keyStore?",
      unknown(new JsonObject().put("tls", new JsonObject().put("keystore", "k.p12"))));
    assertEquals("reconnect.maxDelays: unknown key; did you mean reconnect.maxDelay?",
      unknown(new JsonObject().put("reconnect.maxDelays", 5)));

    // nothing near: the keys of its group, else the README
    TetherConfigException nested = assertThrows(TetherConfigException.class,
      () -> new TetherOptions(new JsonObject().put("ping", new JsonObject().put("every", 100))));
    assertEquals("ping.every", nested.key());
    assertEquals("ping.every: unknown key; the keys of ping are ping.interval, ping.payload, ping.expect, ping.expectRegex",
      nested.getMessage());
    assertEquals("colour: unknown key; see the README's key table", unknown(new JsonObject().put("colour", "red")));
    assertEquals("proxy: unknown key; see the README's key table",
      unknown(new JsonObject().put("proxy", new JsonObject().put("host", "p"))));
  }

  private static String unknown(JsonObject config) {
    TetherConfigException e = assertThrows(TetherConfigException.class, () -> new TetherOptions(config));
    assertEquals(1, e.getMessage().lines().count());
    assertTrue(e.getMessage().startsWith(e.key() + ": unknown key; "), e.getMessage());
    return e.getMessage();
  }

  @Test
  void settersCheckTheirInput() {
    TetherOptions o = new TetherOptions();
    assertEquals("port", assertThrows(TetherConfigException.class, () -> o.setPort(65536)).key());
    assertEquals("host", assertThrows(TetherConfigException.class, () -> o.setHost(null)).key());
    assertEquals("reconnect.jitter: expected a number from 0 to 1, got NaN",
      assertThrows(TetherConfigException.class, () -> o.reconnect().setJitter(Double.NaN)).getMessage());
    assertEquals("reconnect.multiplier: expected a number >= 1.0, got Infinity",
      assertThrows(TetherConfigException.class, () -> o.reconnect().setMultiplier(Double.POSITIVE_INFINITY)).getMessage());
    assertEquals("framing.mode: expected one of raw, line, length, got null",
      assertThrows(TetherConfigException.class, () -> o.framing().setMode(null)).getMessage());
    assertEquals("heartbeat.timeout: expected a number of ms >= 0 (0 off), or -1 for three ping intervals, got -2",
      assertThrows(TetherConfigException.class, () -> o.heartbeat().setTimeout(-2)).getMessage());
    assertEquals("tls.protocols: expected a non-empty list of TLSv1.3, TLSv1.2, TLSv1.1, TLSv1, got [\"SSLv3\"]",
      assertThrows(TetherConfigException.class, () -> o.tls().setProtocols(List.of("SSLv3"))).getMessage());
    assertEquals("endpoints", assertThrows(TetherConfigException.class, () -> o.setEndpoints(null)).key());
    assertEquals(9001, o.getPort());
    assertEquals(0.2, o.reconnect().jitter());
    // -1 is the one value below 0 a heartbeat timeout takes; a store type is kept in its canonical form
    assertEquals(-1, o.heartbeat().setTimeout(-1).timeout());
    assertEquals("pkcs12", o.tls().setKeyStoreType("PFX").keyStoreType());
  }
}
