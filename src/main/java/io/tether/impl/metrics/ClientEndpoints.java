package io.tether.impl.metrics;

import io.tether.FailureCode;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What the metrics and health port serves for the shell, beside {@code /metrics} and {@code /health}:
 * {@code GET /} (what the port serves), {@code GET /stats} (a client's stats JSON) and {@code POST /control/ACTION}
 * (a {@code tether.control} action, answered with the stats snapshot after it).
 * <p>
 * A port may serve several clients (every client of one Vert.x instance with the same {@code metrics.host:port}):
 * {@code ?address=A} picks the client named A (its {@code address}; {@code A#2} for the second of one address in
 * one process, as in the meters' {@code client} tag); without it, the port must serve one client only. An action
 * goes to the client's {@code <address>.control} in this process, as a message would; so it is refused (409) when
 * several clients of the port share that address, since the event bus would give it to any one of them.
 */
final class ClientEndpoints {

  static final String CONTROL = "/control/";
  private static final String TEXT = "text/plain; charset=utf-8";
  private static final long CONTROL_TIMEOUT_MS = 30_000;

  private final Vertx vertx;
  private final List<ClientMonitor> clients;

  ClientEndpoints(Vertx vertx, List<ClientMonitor> clients) {
    this.vertx = vertx;
    this.clients = clients;
  }

  /** {@code GET /}: the paths this port serves, and its clients. */
  void index(HttpServerRequest req, boolean metrics, boolean health) {
    StringBuilder b = new StringBuilder();
    b.append("Tether on ").append(req.localAddress()).append(": ").append(names()).append('\n');
    if (metrics) {
      b.append("GET  /metrics                        Prometheus text of the meters\n");
    }
    if (health) {
      b.append("GET  /health, /health/ready, /health/live   health checks (JSON; 503 when down)\n");
    }
    b.append("GET  /stats[?address=A]              a client's stats (JSON)\n");
    b.append("POST /control/ACTION[?address=A]     ACTION: reconnect, pause, resume, drain or close;"
      + " answers the stats\n");
    if (clients.size() > 1) {
      b.append("Several clients: ?address= says which.\n");
    }
    req.response().putHeader(HttpHeaders.CONTENT_TYPE, TEXT).end(b.toString());
  }

  /** {@code GET /stats}: the client's stats, read on its own event loop. */
  void stats(HttpServerRequest req) {
    ClientMonitor client = pick(req);
    if (client == null) {
      return;
    }
    client.refresh().onComplete(ar -> {
      if (ar.succeeded()) {
        json(req, ar.result());
      } else {
        text(req, 503, "the client " + client.name() + " did not answer: " + ar.cause().getMessage());
      }
    });
  }

  /** {@code POST /control/ACTION}: the action, then the stats; an action the client does not know is a 400. */
  void control(HttpServerRequest req) {
    if (req.method() != HttpMethod.POST) {
      req.response().setStatusCode(405).putHeader(HttpHeaders.ALLOW, "POST").putHeader(HttpHeaders.CONTENT_TYPE, TEXT)
        .end(req.path() + " takes POST\n");
      return;
    }
    ClientMonitor client = pick(req);
    if (client == null) {
      return;
    }
    long sharing = clients.stream().filter(c -> c.address().equals(client.address())).count();
    if (sharing > 1) {
      text(req, 409, sharing + " clients of this process share the address " + client.address() + ", and "
        + client.address() + ".control reaches any one of them: give each client an address of its own");
      return;
    }
    String action = req.path().substring(CONTROL.length());
    DeliveryOptions local = new DeliveryOptions().setLocalOnly(true).setSendTimeout(CONTROL_TIMEOUT_MS);
    vertx.eventBus().<JsonObject>request(client.address() + ".control", new JsonObject().put("action", action), local)
      .onComplete(ar -> {
        if (ar.succeeded()) {
          json(req, ar.result().body());
        } else if (ar.cause() instanceof ReplyException r && r.failureCode() == FailureCode.BAD_BODY.code()) {
          text(req, 400, r.getMessage());
        } else {
          text(req, 503, client.address() + ".control: " + ar.cause().getMessage());
        }
      });
  }

  /** The client that {@code ?address=} names, or the only one; else answers 400 or 404 and returns null. */
  private ClientMonitor pick(HttpServerRequest req) {
    String address = req.getParam("address");
    if (address == null) {
      if (clients.size() == 1) {
        return clients.get(0);
      }
      text(req, clients.isEmpty() ? 404 : 400, clients.isEmpty() ? "no client on this port"
        : "this port serves several clients (" + names() + "): choose one with ?address=");
      return null;
    }
    for (ClientMonitor c : clients) {
      if (c.name().equals(address)) {
        return c;
      }
    }
    text(req, 404, "no client " + address + " on this port (" + names() + ")");
    return null;
  }

  private String names() {
    return clients.isEmpty() ? "no client" : clients.stream().map(c -> c.name() + " -> " + c.endpoint())
      .collect(Collectors.joining(", "));
  }

  private static void json(HttpServerRequest req, JsonObject body) {
    req.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(body.encode());
  }

  private static void text(HttpServerRequest req, int status, String message) {
    req.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, TEXT).end(message + "\n");
  }
}
