package io.tether.impl.console;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConsoleArgsTest {

  private static ConsoleArgs parse(String... args) {
    return ConsoleArgs.parse(List.of(args));
  }

  private static String usageError(String... args) {
    return assertThrows(ConsoleArgs.UsageException.class, () -> parse(args)).getMessage();
  }

  @Test
  void theServerAndTheFramingFlagBecomeClientKeysThatWin() {
    ConsoleArgs a = parse("--crlf", "-Dreconnect.maxDelay=5000", "-Dtether.framing.mode=raw", "--tls", "db.local:6379");
    Properties p = a.clientProperties();
    assertEquals("db.local", p.getProperty("tether.host"));
    assertEquals("6379", p.getProperty("tether.port"));
    assertEquals("line", p.getProperty("tether.framing.mode"), "the flag wins over -D");
    assertEquals("\\r\\n", p.getProperty("tether.framing.delimiter"));
    assertEquals("5000", p.getProperty("tether.reconnect.maxDelay"));
    assertEquals("true", p.getProperty("tether.tls.enabled"));
    assertEquals(6, p.size(), p.toString());
  }

  @Test
  void hostAndPortMayBeTwoArgumentsAndNeitherIsNeeded() {
    assertEquals("[::1]:9001", parse("::1", "9001").target.toString());
    assertNull(parse("--raw").target);
    assertEquals("raw", parse("--raw").clientProperties().getProperty("tether.framing.mode"));
    assertNull(parse("--raw").clientProperties().getProperty("tether.framing.delimiter"));
    assertEquals("length", parse("--length").clientProperties().getProperty("tether.framing.mode"));
    assertTrue(parse("localhost:1").clientProperties().getProperty("tether.framing.mode") == null,
      "no flag: the config's framing, else the console's default");
  }

  @Test
  void displayAndExitSettings() {
    ConsoleArgs a = parse("--hex", "--timestamps", "--wait=250", "--conf", "c.json", "h:1");
    assertTrue(a.hex);
    assertTrue(a.timestamps);
    assertEquals(250, a.waitMs);
    assertEquals("c.json", a.conf);
    assertEquals(ConsoleArgs.DEFAULT_WAIT_MS, parse("h:1").waitMs);
    assertFalse(parse("h:1").hex);
    assertTrue(parse("--help").help);
  }

  @Test
  void attachNeedsTheClusterAndNothingOfAClientOfItsOwn() {
    ConsoleArgs a = parse("--attach", "orders", "-cluster", "-cluster-host", "10.0.0.5", "--hex");
    assertEquals("orders", a.attach);
    assertTrue(a.cluster);
    assertEquals("10.0.0.5", a.clusterHost);
    assertEquals("--attach needs -cluster: the client it types into runs on another node", usageError("--attach", "x"));
    assertEquals("--attach types into the connection of another node's client: no HOST:PORT, framing, --tls, --conf"
      + " or -D keys of a client of its own", usageError("--attach", "x", "-cluster", "--crlf"));
    assertEquals("-cluster goes with --attach ADDRESS (the console's own client is not shared)",
      usageError("-cluster", "h:1"));
  }

  @Test
  void mistakesAreNamed() {
    assertEquals("unknown option --bogus", usageError("--bogus", "h:1"));
    assertEquals("--crlf and --raw: one framing at a time", usageError("--crlf", "--raw"));
    assertEquals("--wait: expected a number of ms, 0 or more, got \"soon\"", usageError("--wait", "soon"));
    assertEquals("--wait needs a value", usageError("--wait"));
    assertEquals("-Dport: expected -DKEY=VALUE", usageError("-Dport"));
    assertEquals("expected HOST:PORT or HOST PORT, got a b c", usageError("a", "b", "c"));
    assertTrue(usageError("localhost").startsWith("HOST:PORT: expected \"host:port\""), usageError("localhost"));
    assertTrue(usageError("h", "99999").startsWith("HOST PORT: expected"), usageError("h", "99999"));
  }
}
