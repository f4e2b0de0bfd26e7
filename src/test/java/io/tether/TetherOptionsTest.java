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
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TetherOptionsTest {

  @Test
  void defaultsAreTheContractsDefaults() {
    TetherOptions o = new TetherOptions();
    assertEquals("localhost", o.getHost());
    assertEquals(9001, o.getPort());
    assertEquals("tether", o.getAddress());
    assertEquals(2000, o.getPingInterval());
    assertEquals("Ping", o.getPingPayload());
    assertEquals(5000, o.getConnectTimeout());
    assertEquals(500, o.getReconnectInitialDelay());
    assertEquals(30000, o.getReconnectMaxDelay());
    assertEquals(2.0, o.getReconnectMultiplier());
    assertEquals(0.2, o.getReconnectJitter());
    assertEquals(-1, o.getReconnectMaxAttempts());
    assertEquals(false, o.isExitOnClose());
    assertEquals(false, o.isSingleton());
    assertEquals(FramingMode.RAW, o.getFramingMode());
    assertEquals("\n", o.getFramingDelimiter());
    assertEquals(65536, o.getMaxFrameSize());
    assertEquals(1000, o.getOutboxCapacity());
    assertEquals(25000, o.getOutboxTtl());
    assertEquals(false, o.isTlsEnabled());
    assertNull(o.getTlsTrustStore());
    assertNull(o.getTlsTrustStoreType());
    assertNull(o.getTlsTrustStorePassword());
    assertNull(o.getTlsTrustStorePasswordEnv());
    assertNull(o.getTlsKeyStore());
    assertNull(o.getTlsKeyStoreType());
    assertNull(o.getTlsKeyStorePassword());
    assertNull(o.getTlsKeyStorePasswordEnv());
    assertNull(o.getTlsCertFile());
    assertNull(o.getTlsKeyFile());
    assertEquals(true, o.isTlsVerifyHost());
    assertNull(o.getTlsServerName());
    assertEquals(List.of("TLSv1.3", "TLSv1.2"), o.getTlsProtocols());
    assertEquals(60000, o.getTlsReloadInterval());
    assertEquals(false, o.isMetricsEnabled());
    assertEquals("127.0.0.1", o.getMetricsHost());
    assertEquals(9464, o.getMetricsPort());
    assertEquals(false, o.isHealthEnabled());
    assertEquals(new TetherOptions(), new TetherOptions(new JsonObject()));
  }

  /** Every field set away from its default survives toJson and back, and is read from the right key. */
  @Test
  void everyFieldRoundTripsThroughJson() {
    TetherOptions o = new TetherOptions()
      .setHost("example.org").setPort(1234).setAddress("feed")
      .setPingInterval(750).setPingPayload("PING\r\n?").setConnectTimeout(1500)
      .setReconnectInitialDelay(10).setReconnectMaxDelay(900).setReconnectMultiplier(1.5)
      .setReconnectJitter(0.5).setReconnectMaxAttempts(7).setExitOnClose(true).setSingleton(true)
      .setFramingMode(FramingMode.LINE).setFramingDelimiter("\r\n").setMaxFrameSize(4096)
      .setOutboxCapacity(12).setOutboxTtl(3000);
    JsonObject json = o.toJson();
    assertEquals(1234, json.getInteger("port"));
    assertEquals(750, json.getJsonObject("ping").getLong("interval"));
    assertEquals("PING\r\n?", json.getJsonObject("ping").getString("payload"));
    assertEquals(1500, json.getInteger("connectTimeout"));
    assertEquals(10, json.getJsonObject("reconnect").getLong("initialDelay"));
    assertEquals(900, json.getJsonObject("reconnect").getLong("maxDelay"));
    assertEquals(1.5, json.getJsonObject("reconnect").getDouble("multiplier"));
    assertEquals(0.5, json.getJsonObject("reconnect").getDouble("jitter"));
    assertEquals(7, json.getJsonObject("reconnect").getInteger("maxAttempts"));
    assertEquals(true, json.getBoolean("exitOnClose"));
    assertEquals(true, json.getBoolean("singleton"));
    assertEquals("line", json.getJsonObject("framing").getString("mode"));
    assertEquals("\r\n", json.getJsonObject("framing").getString("delimiter"));
    assertEquals(4096, json.getJsonObject("framing").getInteger("maxFrameSize"));
    assertEquals(12, json.getJsonObject("outbox").getInteger("capacity"));
    assertEquals(3000, json.getJsonObject("outbox").getLong("ttl"));
    assertEquals("example.org", json.getString("host"));
    assertEquals("feed", json.getString("address"));

    TetherOptions back = new TetherOptions(json);
    assertEquals(o, back);
    assertEquals(json, back.toJson());
    assertEquals(o, new TetherOptions(o));
    // through the encoded text too, as a file would carry it
    assertEquals(o, new TetherOptions(new JsonObject(json.encode())));
    assertNotEquals(new TetherOptions(), back);
  }

  /** The TLS, metrics and health keys, in the two shapes a client certificate can take: a key store, or PEM files. */
  @Test
  void everyTlsMetricsAndHealthFieldRoundTripsThroughJson() {
    TetherOptions store = new TetherOptions()
      .setTlsEnabled(true).setTlsTrustStore("conf/tls/ca.jks").setTlsTrustStoreType("JKS")
      .setTlsTrustStorePassword("trust-pw").setTlsKeyStore("conf/tls/client.bin").setTlsKeyStoreType("p12")
      .setTlsKeyStorePasswordEnv("CLIENT_KS_PW").setTlsVerifyHost(false).setTlsServerName("feed.example.org")
      .setTlsProtocols(List.of("TLSv1.2")).setTlsReloadInterval(1500)
      .setMetricsEnabled(true).setMetricsHost("0.0.0.0").setMetricsPort(0).setHealthEnabled(true);
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
    assertEquals("jks", store.tlsTrustStoreFormat());
    assertEquals("pkcs12", store.tlsKeyStoreFormat());

    TetherOptions pem = new TetherOptions()
      .setTlsEnabled(true).setTlsTrustStore("ca.crt").setTlsTrustStorePasswordEnv("UNUSED_FOR_PEM")
      .setTlsCertFile("client.pem").setTlsKeyFile("client-key.pem").setTlsKeyStorePassword("key-pw");
    json = pem.toJson();
    tls = json.getJsonObject("tls");
    assertEquals("ca.crt", tls.getString("trustStore"));
    assertEquals("UNUSED_FOR_PEM", tls.getString("trustStorePasswordEnv"));
    assertEquals("client.pem", tls.getString("certFile"));
    assertEquals("client-key.pem", tls.getString("keyFile"));
    assertEquals("key-pw", tls.getString("keyStorePassword"));
    TetherOptions back = new TetherOptions(json);
    assertEquals(pem, back);
    assertEquals("client.pem", back.getTlsCertFile());
    assertEquals("client-key.pem", back.getTlsKeyFile());
    assertEquals("UNUSED_FOR_PEM", back.getTlsTrustStorePasswordEnv());
    assertEquals("key-pw", back.getTlsKeyStorePassword());
    assertEquals("pem", pem.tlsTrustStoreFormat());
    assertNotEquals(store, pem);
  }

  @Test
  void secretsAreMaskedInToStringAndNeverRepeatedInErrors() {
    TetherOptions o = new TetherOptions().setTlsTrustStore("ca.p12")
      .setTlsTrustStorePassword("trust-s3cret").setTlsKeyStore("c.p12").setTlsKeyStorePassword("key-s3cret");
    String shown = o.toString();
    assertFalse(shown.contains("s3cret"), shown);
    assertTrue(shown.contains("\"trustStorePassword\":\"****\""), shown);
    assertTrue(shown.contains("\"keyStorePassword\":\"****\""), shown);
    assertFalse(o.toMaskedJson().encode().contains("s3cret"));
    assertEquals("key-s3cret", o.toJson().getJsonObject("tls").getString("keyStorePassword"));
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
    assertEquals(10, dotted.getPingInterval());
    assertEquals(FramingMode.LENGTH, dotted.getFramingMode());
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
    assertEquals("ping.every: unknown key; the keys of ping are ping.interval, ping.payload, ping.expect",
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
    assertEquals("reconnect.jitter", assertThrows(TetherConfigException.class, () -> o.setReconnectJitter(Double.NaN)).key());
    assertEquals(9001, o.getPort());
  }
}
