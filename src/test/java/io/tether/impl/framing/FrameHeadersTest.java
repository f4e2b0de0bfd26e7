package io.tether.impl.framing;

import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FrameHeadersTest {

  private static List<String> pairs(MultiMap m) {
    return m.entries().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.toList());
  }

  @Test
  void readsLikeAnyHeaderMap() {
    FrameHeaders h = new FrameHeaders(FrameHeaders.connection("c-1"), 42, -1);
    assertEquals("42", h.get("seq"));
    assertEquals("42", h.get("SEQ"));
    assertEquals("c-1", h.get((CharSequence) "connection"));
    assertNull(h.get("frames"));
    assertTrue(h.contains("seq"));
    assertFalse(h.isEmpty());
    assertEquals(2, h.size());
    assertEquals(List.of("connection=c-1", "seq=42"), pairs(h));
    // what the event bus does with headers when it delivers a message locally
    MultiMap copy = MultiMap.caseInsensitiveMultiMap();
    for (Map.Entry<String, String> e : h.entries()) {
      copy.add(e.getKey(), e.getValue());
    }
    assertEquals("42", copy.get("seq"));
  }

  @Test
  void aBatchCarriesItsFrameCount() {
    FrameHeaders h = new FrameHeaders(FrameHeaders.connection("c-2"), 7, 3);
    assertEquals("3", h.get("frames"));
    assertEquals(3, h.size());
    assertEquals(List.of("connection=c-2", "seq=7", "frames=3"), pairs(h));
  }

  @Test
  void aChangeTurnsItIntoAnOrdinaryMap() {
    FrameHeaders h = new FrameHeaders(FrameHeaders.connection("c-3"), 1, -1);
    h.add("trace", "abc");
    h.set("seq", "2");
    assertEquals("abc", h.get("trace"));
    assertEquals("2", h.get("seq"));
    assertEquals(3, h.size());
    assertEquals(List.of("abc"), h.getAll("trace"));
    h.remove("trace");
    assertEquals(List.of("connection=c-3", "seq=2"), pairs(h));
  }
}
