package io.tether;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
        "outbox.ttl: expected a number of ms >= 0 (0 means no limit), got -1"));
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
  void anUnknownKeyIsAnError() {
    TetherConfigException e = assertThrows(TetherConfigException.class,
      () -> new TetherOptions(new JsonObject().put("pingInterval", 100)));
    assertEquals("pingInterval", e.key());
    assertTrue(e.getMessage().startsWith("pingInterval: unknown key (known keys: host, port, address, ping.interval"),
      e.getMessage());
    TetherConfigException nested = assertThrows(TetherConfigException.class,
      () -> new TetherOptions(new JsonObject().put("ping", new JsonObject().put("every", 100))));
    assertEquals("ping.every", nested.key());
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
