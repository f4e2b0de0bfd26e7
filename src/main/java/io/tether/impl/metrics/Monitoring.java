package io.tether.impl.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.Shareable;
import io.vertx.ext.healthchecks.CheckResult;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.micrometer.backends.BackendRegistries;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What the clients of one Vert.x instance share for metrics and health: the meter registry, the names of the clients,
 * and one {@link Server} per {@code metrics.host:metrics.port}.
 * <p>
 * The registry is Vert.x's own when Vert.x metrics are enabled with vertx-micrometer-metrics (its default registry),
 * so that Tether's meters sit beside Vert.x's; otherwise Tether's own Prometheus registry, with JVM memory, thread and
 * processor meters. Each client verticle with metrics or health listens on its {@code metrics.host:metrics.port};
 * Vert.x shares one socket between the verticles that listen on the same address, and they all answer from the same
 * {@link Server}, so every request sees every client of that address.
 * <p>
 * With {@code health.enabled} alone, this class must load without Micrometer on the classpath: code here only passes
 * its types along, and what the JVM would have to load to check (a registry made here) lives in {@link TetherMeters}.
 */
public final class Monitoring implements Shareable {

  private static final String KEY = "io.tether.monitoring";

  /** The Prometheus text format's content type. */
  public static final String PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final Vertx vertx;
  private final Set<String> names = new HashSet<>();
  private final Map<String, Server> servers = new HashMap<>();
  private MeterRegistry registry;

  private Monitoring(Vertx vertx) {
    this.vertx = vertx;
  }

  /** The shared state of {@code vertx}'s clients. */
  public static Monitoring of(Vertx vertx) {
    return vertx.sharedData().<String, Monitoring>getLocalMap(KEY).computeIfAbsent(KEY, k -> new Monitoring(vertx));
  }

  /** Where Tether's meters go: Vert.x's default registry when Vert.x metrics are on, else Tether's own. */
  public synchronized MeterRegistry registry() {
    if (registry == null) {
      MeterRegistry vertxRegistry = vertx.isMetricsEnabled() ? BackendRegistries.getDefaultNow() : null;
      registry = vertxRegistry != null ? vertxRegistry : TetherMeters.ownRegistry();
    }
    return registry;
  }

  /** The Prometheus registry to scrape: the registry itself or one inside it; {@code null} when there is none. */
  static PrometheusMeterRegistry prometheus(MeterRegistry r) {
    if (r instanceof PrometheusMeterRegistry) {
      return (PrometheusMeterRegistry) r;
    }
    if (r instanceof CompositeMeterRegistry) {
      for (MeterRegistry inner : ((CompositeMeterRegistry) r).getRegistries()) {
        PrometheusMeterRegistry p = prometheus(inner);
        if (p != null) {
          return p;
        }
      }
    }
    return null;
  }

  /** A name for a client on {@code address}, unique in this Vert.x instance: the address, then address#2 ... */
  public synchronized String claimName(String address) {
    String name = address;
    for (int n = 2; names.contains(name); n++) {
      name = address + "#" + n;
    }
    names.add(name);
    return name;
  }

  public synchronized void releaseName(String name) {
    names.remove(name);
  }

  /** The server state for {@code host:port}, made on first use. */
  public synchronized Server server(String host, int port) {
    return servers.computeIfAbsent(host + ":" + port, k -> new Server(k));
  }

  synchronized void release(Server server) {
    if (server.clients.isEmpty()) {
      servers.remove(server.key);
    }
  }

  /**
   * The answers of one metrics and health address: {@code GET /metrics}, {@code /health/ready}, {@code /health/live}
   * and {@code /health}; the health checks of its clients are named {@code ready/<client>} and {@code live/<client>}.
   * For the shell, {@link ClientEndpoints}: {@code GET /}, {@code GET /stats} and {@code POST /control/ACTION}.
   */
  public final class Server {

    private final String key;
    private final HealthChecks checks = HealthChecks.create(vertx);
    private final List<ClientMonitor> clients = new CopyOnWriteArrayList<>();
    private final ClientEndpoints endpoints;

    private Server(String key) {
      this.key = key;
      this.endpoints = new ClientEndpoints(vertx, clients);
    }

    /*
     * Vert.x's HealthChecks makes a group ("ready", "live") on its first check with a get-then-add that two event
     * loops can run at once, each adding a group of its own: the instances of one client, deployed together on one
     * port, then lost one of their checks. Every use of it goes through this server's lock.
     */

    /** Adds the check {@code name} ({@code ready/<client>} or {@code live/<client>}). */
    public synchronized void register(String name, Handler<Promise<Status>> procedure) {
      checks.register(name, procedure);
    }

    /** Removes the check {@code name}. */
    public synchronized void unregister(String name) {
      checks.unregister(name);
    }

    /** The outcome of the checks of {@code name} (a group or one check), or of them all for null. */
    public synchronized Future<CheckResult> status(String name) {
      return name == null ? checks.checkStatus() : checks.checkStatus(name);
    }

    void add(ClientMonitor client) {
      clients.add(client);
    }

    void remove(ClientMonitor client) {
      clients.remove(client);
      release(this);
    }

    private boolean serves(boolean metrics) {
      for (ClientMonitor c : clients) {
        if (metrics ? c.metricsEnabled() : c.healthEnabled()) {
          return true;
        }
      }
      return false;
    }

    public void handle(HttpServerRequest req) {
      if (req.path().startsWith(ClientEndpoints.CONTROL)) {
        endpoints.control(req);
        return;
      }
      if (req.method() != HttpMethod.GET && req.method() != HttpMethod.HEAD) {
        req.response().setStatusCode(405).putHeader(HttpHeaders.ALLOW, "GET, HEAD").end();
        return;
      }
      switch (req.path()) {
        case "/":
          endpoints.index(req, serves(true), serves(false));
          return;
        case "/stats":
          endpoints.stats(req);
          return;
        case "/metrics":
          if (serves(true)) {
            metrics(req);
            return;
          }
          break;
        case "/health":
          if (serves(false)) {
            health(req, null);
            return;
          }
          break;
        case "/health/ready":
          if (serves(false)) {
            health(req, "ready");
            return;
          }
          break;
        case "/health/live":
          if (serves(false)) {
            health(req, "live");
            return;
          }
          break;
        default:
      }
      req.response().setStatusCode(404).putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
        .end("Not found: " + req.path() + " (GET / lists what this port serves)\n");
    }

    /** Refreshes every client's snapshot on its own event loop, then answers with the registry's text. */
    private void metrics(HttpServerRequest req) {
      PrometheusMeterRegistry prometheus = prometheus(registry());
      if (prometheus == null) {
        req.response().setStatusCode(404).putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
          .end("No Prometheus registry: Vert.x metrics use another backend\n");
        return;
      }
      List<Future<JsonObject>> refreshed = new ArrayList<>();
      clients.forEach(c -> refreshed.add(c.refresh()));
      Future.join(refreshed).onComplete(ar -> req.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, PROMETHEUS_CONTENT_TYPE)
        .end(prometheus.scrape()));
    }

    private void health(HttpServerRequest req, String group) {
      Future<CheckResult> result = status(group);
      result.onComplete(ar -> {
        JsonObject body = ar.succeeded() && ar.result() != null
          ? ar.result().toJson()
          : new JsonObject().put("status", "UP").put("outcome", "UP").put("checks", new io.vertx.core.json.JsonArray());
        boolean up = "UP".equals(body.getString("status"));
        req.response().setStatusCode(up ? 200 : 503)
          .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
          .end(body.encode());
      });
    }
  }
}
