package io.tether.impl.console;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class StatusLineTest {

  @Test
  void oneLineWithStateEndpointUptimeRttBytesAndOutbox() {
    JsonObject stats = new JsonObject().put("state", "CONNECTED").put("endpoint", "127.0.0.1:9001")
      .put("connectedSince", 1_000_000L).put("lastRttMs", 0.4132).put("framesIn", 12).put("bytesIn", 1234)
      .put("framesOut", 1).put("bytesOut", 45).put("queued", 3).put("paused", false);
    assertEquals("CONNECTED 127.0.0.1:9001 | up 1m 05s | rtt 0.41 ms | in 12 frames 1.2 kB | out 1 frame 45 B"
      + " | outbox 3", StatusLine.of(stats, 1_065_000L));
  }

  @Test
  void downWithoutAConnectionAndNoRttBeforeOneWasMeasured() {
    JsonObject stats = new JsonObject().put("state", "BACKING_OFF").put("endpoint", "db:5432")
      .putNull("connectedSince").putNull("lastRttMs").put("framesIn", 0).put("bytesIn", 0)
      .put("framesOut", 0).put("bytesOut", 0).put("queued", 0).put("paused", true);
    assertEquals("BACKING_OFF db:5432 | down | rtt - | in 0 frames 0 B | out 0 frames 0 B | outbox 0 | paused",
      StatusLine.of(stats, 0));
  }

  @Test
  void durationsSizesAndDelaysForAPerson() {
    assertEquals("850 ms", StatusLine.duration(850));
    assertEquals("42 s", StatusLine.duration(42_999));
    assertEquals("2h 05m", StatusLine.duration((2 * 3600 + 5 * 60 + 9) * 1000L));
    assertEquals("3d 04h", StatusLine.duration((3 * 86400 + 4 * 3600) * 1000L));
    assertEquals("999 B", StatusLine.bytes(999));
    assertEquals("1 kB", StatusLine.bytes(1000));
    assertEquals("3.5 MB", StatusLine.bytes(3_456_789));
    assertEquals("20 ms", StatusLine.delay(20));
    assertEquals("0.5 s", StatusLine.delay(500));
    assertEquals("2 s", StatusLine.delay(2000));
    assertEquals("1.3 s", StatusLine.delay(1250));
  }
}
