package io.tether.impl.metrics;

import io.tether.impl.Logs;
import io.micrometer.core.instrument.Tags;
import io.tether.ConnectionState;
import io.tether.TetherConfigException;
import io.tether.Endpoint;
import io.tether.HealthOptions;
import io.tether.MetricsOptions;
import io.tether.TetherOptions;
import io.tether.impl.config.Keys;
import io.tether.impl.connection.Session;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.CheckResult;
import io.vertx.ext.healthchecks.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The metrics and health of one client: its {@link TetherMeters}, its readiness and liveness checks, its event-bus
 * health addresses, and its share of the HTTP server on {@code metrics.host:metrics.port}.
 * <p>
 * The client's numbers are read on the client's own event loop ({@link #refresh()}): once a second for the meters,
 * before each scrape, and for each health check. Readiness is UP while the client is {@code CONNECTED}; liveness while
 * its event loop answers within the check's timeout (1 s) and it is not closed.
 */
public final class ClientMonitor {

  private static final Logger log = LoggerFactory.getLogger(Logs.CLIENT);

  /** How often the meters' snapshot is read when nobody scrapes. */
  public static final long SNAPSHOT_INTERVAL_MS = 1000;

  private final Vertx vertx;
  private final Context context;
  private final Session client;
  private final String address;
  private final Endpoint endpoint;
  private final MetricsOptions metrics;
  private final HealthOptions health;
  private final List<MessageConsumer<?>> consumers = new ArrayList<>();
  private volatile JsonObject snapshot;
  private Monitoring monitoring;
  private Monitoring.Server server;
  private String name;
  private TetherMeters meters;
  private HttpServer http;
  private long timer = -1;

  /**
   * @param context  the client's context, where {@link Session#stats()} may be read
   * @param address  the client's {@code address}: a tag of its meters, and the prefix of its health addresses
   * @param endpoint the server the client connects to, a tag of its meters
   */
  public ClientMonitor(Vertx vertx, Context context, Session client, String address, Endpoint endpoint,
                       MetricsOptions metrics, HealthOptions health) {
    this.vertx = vertx;
    this.context = context;
    this.client = client;
    this.address = address;
    this.endpoint = endpoint;
    this.metrics = metrics;
    this.health = health;
  }

  /** The client's name on its port: its address, or {@code address#2} ... when several share it. */
  String name() {
    return name;
  }

  String address() {
    return address;
  }

  Endpoint endpoint() {
    return endpoint;
  }

  boolean metricsEnabled() {
    return metrics.enabled();
  }

  boolean healthEnabled() {
    return health.enabled();
  }

  /** Registers the meters and checks and listens; nothing when neither metrics nor health is enabled. */
  public Future<ClientMonitor> start() {
    if (!metrics.enabled() && !health.enabled()) {
      return Future.succeededFuture(this);
    }
    snapshot = client.stats();
    monitoring = Monitoring.of(vertx);
    name = monitoring.claimName(address);
    server = monitoring.server(metrics.host(), metrics.port());
    server.add(this);
    if (metrics.enabled()) {
      Tags tags = Tags.of("address", address, "endpoint", endpoint.toString(), "client", name);
      meters = new TetherMeters(monitoring.registry(), tags, () -> snapshot);
      timer = vertx.setPeriodic(SNAPSHOT_INTERVAL_MS, id -> snapshot = client.stats());
    }
    if (health.enabled()) {
      server.register("ready/" + checkName(), p -> check(p, true));
      server.register("live/" + checkName(), p -> check(p, false));
      consumers.add(vertx.eventBus().consumer(address + ".health.ready", m -> answer("ready", m)));
      consumers.add(vertx.eventBus().consumer(address + ".health.live", m -> answer("live", m)));
    }
    List<Future<?>> ready = new ArrayList<>();
    consumers.forEach(c -> ready.add(c.completion()));
    http = vertx.createHttpServer().requestHandler(server::handle);
    String where = metrics.host() + ":" + metrics.port();
    ready.add(http.listen(metrics.port(), metrics.host())
      .recover(err -> Future.failedFuture(new TetherConfigException(Keys.METRICS_PORT.name(),
        Keys.METRICS_PORT.name() + ": cannot listen on " + where + ": " + err.getMessage())))
      .onSuccess(s -> log.info("{}{} of {} on http://{}:{} (also /stats and /control/ACTION)",
        metrics.enabled() ? "Metrics (/metrics)" : "",
        health.enabled() ? (metrics.enabled() ? " and health" : "Health") + " (/health/ready, /health/live)" : "",
        endpoint.toString(), metrics.host(), s.actualPort())));
    return Future.all(ready).map(this).recover(err -> close().transform(v -> Future.failedFuture(err)));
  }

  /** A health-check name: segments are separated by '/', so an address may not bring its own. */
  private String checkName() {
    return name.replace('/', '_');
  }

  /** The client's stats, read on its own event loop. */
  Future<JsonObject> refresh() {
    Promise<JsonObject> p = Promise.promise();
    context.runOnContext(v -> {
      snapshot = client.stats();
      p.complete(snapshot);
    });
    return p.future().timeout(1, TimeUnit.SECONDS);
  }

  private void check(Promise<Status> p, boolean readiness) {
    refresh().onComplete(ar -> {
      if (ar.failed()) {
        p.tryFail(ar.cause());
        return;
      }
      String state = ar.result().getString("state");
      JsonObject data = new JsonObject().put("state", state).put("endpoint", endpoint.toString());
      boolean up = readiness ? ConnectionState.CONNECTED.name().equals(state) : !ConnectionState.CLOSED.name().equals(state);
      p.tryComplete(up ? Status.OK(data) : Status.KO(data));
    });
  }

  private void answer(String group, io.vertx.core.eventbus.Message<Object> m) {
    server.status(group + "/" + checkName()).onComplete(ar -> {
      CheckResult r = ar.succeeded() ? ar.result() : CheckResult.from(checkName(), ar.cause());
      m.reply(r.toJson());
    });
  }

  /** The port the metrics and health server listens on; -1 when neither is enabled. */
  public int actualPort() {
    return http == null ? -1 : http.actualPort();
  }

  /** Records an answer's time in the {@code tether.answer} histogram; nothing when metrics are off. */
  public void recordAnswer(double ms) {
    if (meters != null) {
      meters.recordAnswer(ms);
    }
  }

  /** Records a round-trip time in the {@code tether.rtt} histogram; nothing when metrics are off. */
  public void recordRtt(double ms) {
    if (meters != null) {
      meters.recordRtt(ms);
    }
  }

  /** Removes the meters and checks, unregisters the consumers and stops listening. */
  public Future<Void> close() {
    if (server == null) {
      return Future.succeededFuture();
    }
    if (timer != -1) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
    if (meters != null) {
      meters.close();
      meters = null;
    }
    if (health.enabled()) {
      server.unregister("ready/" + checkName());
      server.unregister("live/" + checkName());
    }
    server.remove(this);
    monitoring.releaseName(name);
    List<Future<?>> done = new ArrayList<>();
    consumers.forEach(c -> done.add(c.unregister()));
    consumers.clear();
    if (http != null) {
      done.add(http.close());
    }
    server = null;
    return Future.join(done).mapEmpty();
  }
}
