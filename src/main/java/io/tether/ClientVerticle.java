package io.tether;

import io.tether.impl.ConfigLoader;
import io.tether.impl.Ownership;
import io.tether.impl.TetherClient;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * With {@code singleton: true}, the clients of a cluster that share an {@code address} share one connection: the one
 * that holds the cluster-wide lock of that address connects, and the others stand by, with no consumer on the event
 * bus, until the lock is theirs (see {@link Ownership}). Then start completes once the client either connects or
 * stands by.
 */
public class ClientVerticle extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(ClientVerticle.class);

  private final TetherOptions options;
  private TetherClient client;
  private Ownership.Claim claim;

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
    return resolved.compose(o -> o.isSingleton() ? claim(o) : connect(o));
  }

  private Future<Void> connect(TetherOptions o) {
    client = new TetherClient(vertx, o, this::exitProcess);
    return client.start();
  }

  /** Connects if the lock of the address is free, else stands by and takes over when it is. */
  private Future<Void> claim(TetherOptions o) {
    claim = Ownership.of(vertx, o.getAddress()).claim(() -> {
      log.info("Taking over the connection of {} to {}", o.getAddress(), o.endpoint());
      connect(o).onFailure(err -> log.error("Cannot take over the connection of {}: {}", o.getAddress(),
        err.getMessage()));
    });
    return claim.decided().compose(owner -> {
      if (owner) {
        return connect(o);
      }
      log.info("Standing by: another client holds the connection of {} to {}", o.getAddress(), o.endpoint());
      return Future.succeededFuture();
    });
  }

  /** Closes the connection, then lets the next client in line have it. */
  @Override
  public Future<?> stop() {
    Future<Void> closed = client == null ? Future.succeededFuture() : client.close();
    return closed.eventually(() -> {
      if (claim != null) {
        claim.release();
      }
      return Future.succeededFuture();
    });
  }

  /** {@code exitOnClose}: the server ended the connection, so the process ends, with exit code 0. */
  private void exitProcess() {
    vertx.close().onComplete(ar -> new Thread(() -> System.exit(0), "tether-exit").start());
  }
}
