package io.tether;

import io.tether.impl.ClientMonitor;
import io.tether.impl.ConfigLoader;
import io.tether.impl.TetherClient;
import io.tether.impl.TlsSupport;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/**
 * One logical connection to a TCP server, put on the event bus both ways.
 * <p>
 * It connects to {@code host:port}, pings with {@code vertx.setPeriodic}, publishes every inbound frame on
 * {@code <address>.in}, writes what is sent to {@code <address>.out}, publishes its state on
 * {@code <address>.status} and answers {@code <address>.stats}. When the connection drops it reconnects with
 * backoff; what is sent meanwhile waits in the outbox.
 * <p>
 * Its configuration comes from the deployment's config, the file named by {@code TETHER_CONF}, the environment
 * ({@code TETHER_HOST}, {@code TETHER_PORT}) and system properties ({@code -Dtether.<key>}); see
 * {@link TetherOptions} for the keys. Start completes once the first connect is under way, and fails with a
 * {@link TetherConfigException} on a bad value.
 * <p>
 * With {@code tls.enabled} it connects with TLS ({@code tls.*} keys). With {@code metrics.enabled} or
 * {@code health.enabled} it serves {@code /metrics}, {@code /health/ready} and {@code /health/live} on
 * {@code metrics.host:metrics.port} (verticles listening on the same address share one server) and answers
 * {@code <address>.health.ready} and {@code <address>.health.live} on the event bus.
 */
public class ClientVerticle extends VerticleBase {

  private final TetherOptions options;
  private TetherClient client;
  private TlsSupport tls;
  private ClientMonitor monitor;

  /** A client configured from its sources (deployment config, file, environment, system properties). */
  public ClientVerticle() {
    this(null);
  }

  /** A client with these options, used as they are. */
  public ClientVerticle(TetherOptions options) {
    this.options = options == null ? null : new TetherOptions(options).validate();
  }

  @Override
  public Future<?> start() {
    Future<TetherOptions> resolved = options != null
      ? Future.succeededFuture(options)
      : ConfigLoader.clientOptions(vertx, config(), System.getenv(), System.getProperties());
    return resolved.compose(o -> TlsSupport.load(vertx, o, System.getenv()).compose(t -> {
      tls = t;
      client = new TetherClient(vertx, o, this::exitProcess).tls(t);
      monitor = new ClientMonitor(vertx, context, client, o);
      return monitor.start().compose(m -> client.start());
    }));
  }

  /** The running client, for tests of this package. */
  TetherClient client() {
    return client;
  }

  @Override
  public Future<?> stop() {
    if (tls != null) {
      tls.close();
    }
    Future<Void> monitorClosed = monitor == null ? Future.succeededFuture() : monitor.close();
    return Future.join(monitorClosed, client == null ? Future.succeededFuture() : client.close());
  }

  /**
   * The port of this client's metrics and health server, once started (useful with {@code metrics.port} 0);
   * -1 when neither {@code metrics.enabled} nor {@code health.enabled} is set.
   */
  public int actualMetricsPort() {
    return monitor == null ? -1 : monitor.actualPort();
  }

  /** {@code exitOnClose}: the server ended the connection, so the process ends, with exit code 0. */
  private void exitProcess() {
    vertx.close().onComplete(ar -> new Thread(() -> System.exit(0), "tether-exit").start());
  }
}
