package io.tether;

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
 */
public class ClientVerticle extends VerticleBase {

  private final TetherOptions options;
  private TetherClient client;
  private TlsSupport tls;

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
      return client.start();
    }));
  }

  @Override
  public Future<?> stop() {
    if (tls != null) {
      tls.close();
    }
    return client == null ? Future.succeededFuture() : client.close();
  }

  /** {@code exitOnClose}: the server ended the connection, so the process ends, with exit code 0. */
  private void exitProcess() {
    vertx.close().onComplete(ar -> new Thread(() -> System.exit(0), "tether-exit").start());
  }
}
