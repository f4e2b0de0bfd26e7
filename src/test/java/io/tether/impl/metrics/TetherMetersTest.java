package io.tether.impl.metrics;

import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TetherMetersTest {

  @Test
  void metersReadTheSnapshotAndFieldsNotReportedYetReadZero() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    AtomicReference<JsonObject> snapshot = new AtomicReference<>(new JsonObject().put("state", "CONNECTED")
      .put("connects", 3).put("bytesIn", 10).put("queued", 4));
    TetherMeters meters = new TetherMeters(registry, Tags.of("address", "a"), snapshot::get);
    assertEquals(1.0, registry.get("tether.connected").gauge().value());
    assertEquals(3.0, registry.get("tether.connects").functionCounter().count());
    assertEquals(4.0, registry.get("tether.outbox.depth").gauge().value());
    assertEquals(0.0, registry.get("tether.dead.letters").functionCounter().count());
    assertEquals(0.0, registry.get("tether.messages").tag("outcome", "dropped").functionCounter().count());

    // later snapshots carry the fields added by later versions of the client
    snapshot.set(new JsonObject().put("state", "BACKING_OFF").put("deadLetters", 2).put("dropped", 5));
    assertEquals(0.0, registry.get("tether.connected").gauge().value());
    assertEquals(1.0, registry.get("tether.state").tag("state", "BACKING_OFF").gauge().value());
    assertEquals(2.0, registry.get("tether.dead.letters").functionCounter().count());
    assertEquals(5.0, registry.get("tether.messages").tag("outcome", "dropped").functionCounter().count());

    meters.recordRtt(12);
    meters.recordRtt(250);
    String scrape = registry.scrape();
    assertTrue(scrape.contains("tether_rtt_seconds_count{address=\"a\"} 2"), scrape);
    assertTrue(scrape.contains("tether_rtt_seconds_bucket{address=\"a\",le=\"0.01"), scrape);

    meters.close();
    assertFalse(registry.scrape().contains("tether_"), registry.scrape());
  }
}
