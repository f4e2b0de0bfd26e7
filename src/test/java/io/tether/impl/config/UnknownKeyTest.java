package io.tether.impl.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class UnknownKeyTest {

  @Test
  void distanceCountsInsertionsDeletionsReplacementsAndSwaps() {
    assertEquals(0, UnknownKey.distance("port", "port"));
    assertEquals(1, UnknownKey.distance("prot", "port"), "a swap is one edit");
    assertEquals(1, UnknownKey.distance("pingInterval".toLowerCase(), "ping.interval"));
    assertEquals(1, UnknownKey.distance("hst", "host"));
    assertEquals(1, UnknownKey.distance("hosts", "host"));
    assertEquals(1, UnknownKey.distance("most", "host"));
    assertEquals(4, UnknownKey.distance("", "host"));
  }

  @Test
  void theNearestKeyIsOnlyNamedWhenItIsNearEnough() {
    List<String> known = List.of("host", "port", "ping.interval", "ping.payload");
    assertEquals("port", UnknownKey.nearest("prot", known));
    assertEquals("host", UnknownKey.nearest("HOST", known));
    assertEquals("ping.payload", UnknownKey.nearest("ping.paylod", known));
    assertNull(UnknownKey.nearest("pt", known), "two edits in two letters is not near");
    assertNull(UnknownKey.nearest("colour", known));
  }

  @Test
  void withNothingNearTheMessageNamesTheGroupsKeysOrAllOfAFewKeys() {
    List<String> known = List.of("host", "port", "ping.interval", "ping.payload");
    assertEquals("ping.every: unknown key; the keys of ping are ping.interval, ping.payload",
      UnknownKey.error("ping.every", known).getMessage());
    assertEquals("colour: unknown key; known keys: host, port, ping.interval, ping.payload",
      UnknownKey.error("colour", known).getMessage());
    assertEquals("colour", UnknownKey.error("colour", known).key());
  }
}
