package io.tether.impl.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tether.ConnectionState;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A client's meters in a Micrometer registry, read from its {@code stats} snapshot: nothing inside the client counts
 * twice. Every meter carries the tags {@code address}, {@code endpoint} and {@code client} (the address, with
 * {@code #2}, {@code #3} ... for further instances of a client on the same address).
 * <pre>
 * tether.connected            gauge    1 while connected, else 0
 * tether.state{state}         gauge    1 for the current state, 0 for the others
 * tether.connects             counter  connections opened
 * tether.reconnects           counter  of those, after the first
 * tether.frames.in / .out     counter  frames read / written (pings included)
 * tether.bytes.in / .out      counter  bytes read / written
 * tether.messages.sent        counter  messages received on &lt;address&gt;.out
 * tether.messages{outcome}    counter  written, rejected, expired, failed, dropped
 * tether.outbox.depth         gauge    messages waiting or in flight
 * tether.dead.letters         counter  messages given up on (0 until the client reports them)
 * tether.rtt                  timer    round-trip times, with a histogram; fed by {@link #recordRtt(double)}
 * tether.requests             counter  requests received on &lt;address&gt;.request
 * tether.answers{outcome}     counter  answered, timeout, lost
 * tether.answer               timer    from a request's write to its answer's end, with a histogram
 * </pre>
 * Fields the snapshot does not have yet read as 0.
 */
public final class TetherMeters {

  private final MeterRegistry registry;
  private final Supplier<JsonObject> snapshot;
  private final List<Meter> meters = new ArrayList<>();
  private final Timer rtt;
  private final Timer answer;

  /** Tether's own Prometheus registry, with JVM memory, thread and processor meters, when Vert.x has none. */
  static MeterRegistry ownRegistry() {
    PrometheusMeterRegistry own = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(own);
    new JvmThreadMetrics().bindTo(own);
    new ProcessorMetrics().bindTo(own);
    return own;
  }

  public TetherMeters(MeterRegistry registry, Tags tags, Supplier<JsonObject> snapshot) {
    this.registry = registry;
    this.snapshot = snapshot;
    meters.add(Gauge.builder("tether.connected", this, m -> m.isState(ConnectionState.CONNECTED))
      .description("1 while the client is connected, else 0").tags(tags).register(registry));
    for (ConnectionState s : ConnectionState.values()) {
      meters.add(Gauge.builder("tether.state", this, m -> m.isState(s))
        .description("1 for the client's current state, 0 for the others").tags(tags).tag("state", s.name())
        .register(registry));
    }
    counter("tether.connects", "connects", "Connections opened", tags);
    counter("tether.reconnects", "reconnects", "Connections opened after the first", tags);
    counter("tether.frames.in", "framesIn", "Frames read from the server and published", tags);
    counter("tether.frames.out", "framesOut", "Frames written to the server, pings included", tags);
    counter("tether.bytes.in", "bytesIn", "Bytes read from the server", tags);
    counter("tether.bytes.out", "bytesOut", "Bytes written to the server", tags);
    counter("tether.messages.sent", "sent", "Messages received on the client's .out address", tags);
    for (String outcome : List.of("written", "rejected", "expired", "failed", "dropped")) {
      counter("tether.messages", outcome, "Messages sent to the client, by outcome", tags.and("outcome", outcome));
    }
    counter("tether.dead.letters", "deadLetters", "Messages given up on and sent to the dead-letter address", tags);
    meters.add(Gauge.builder("tether.outbox.depth", this, m -> m.value("queued"))
      .description("Messages waiting in the outbox or written and not yet confirmed").tags(tags).register(registry));
    rtt = Timer.builder("tether.rtt").description("Round-trip time of a ping to the server and its answer")
      .tags(tags).publishPercentileHistogram()
      .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(30))
      .register(registry);
    meters.add(rtt);
    counter("tether.requests", "requests", "Requests received on the client's .request address", tags);
    counter("tether.answers", "answers", "Requests, by outcome", tags.and("outcome", "answered"));
    counter("tether.answers", "timeouts", "Requests, by outcome", tags.and("outcome", "timeout"));
    counter("tether.answers", "lost", "Requests, by outcome", tags.and("outcome", "lost"));
    answer = Timer.builder("tether.answer").description("Time from a request's write to the end of its answer")
      .tags(tags).publishPercentileHistogram()
      .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(30))
      .register(registry);
    meters.add(answer);
  }

  private void counter(String name, String field, String description, Tags tags) {
    meters.add(FunctionCounter.builder(name, this, m -> m.value(field))
      .description(description).tags(tags).register(registry));
  }

  private double value(String field) {
    JsonObject s = snapshot.get();
    Object v = s == null ? null : s.getValue(field);
    return v instanceof Number ? ((Number) v).doubleValue() : 0;
  }

  private double isState(ConnectionState state) {
    JsonObject s = snapshot.get();
    return s != null && state.name().equals(s.getString("state")) ? 1 : 0;
  }

  /** Records one round-trip time; the client calls it for each answer to a ping it can time. */
  public void recordRtt(double ms) {
    rtt.record(Math.round(ms * 1_000_000), TimeUnit.NANOSECONDS);
  }

  /** Records the time an answer took, in ms. */
  public void recordAnswer(double ms) {
    answer.record(Math.round(ms * 1_000_000), TimeUnit.NANOSECONDS);
  }

  /** Removes this client's meters from the registry. */
  public void close() {
    meters.forEach(registry::remove);
    meters.clear();
  }
}
