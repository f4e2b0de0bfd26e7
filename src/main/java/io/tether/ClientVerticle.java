package io.tether;

import io.tether.impl.metrics.ClientMonitor;
import io.tether.impl.config.ConfigLoader;
import io.tether.impl.config.ConfigWatcher;
import io.tether.impl.config.OptionalDependencies;
import io.tether.impl.cluster.ClusterOutbox;
import io.tether.impl.cluster.Lease;
import io.tether.impl.cluster.Standby;
import io.tether.impl.tls.TlsSupport;
import io.tether.impl.connection.Session;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.LocalMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Properties;

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
 * <p>
 * With {@code singleton: true}, the clients of a cluster that share an {@code address} share one connection: the one
 * that holds the cluster-wide lease of that address connects, and the others stand by, publishing {@code STANDBY}
 * with the holder as {@code owner}, until the lease is theirs (see {@link Lease}). An owner whose lease lapses closes
 * its connection, with nothing more written, and stands by again. Then start completes once the client either
 * connects or stands by. With {@code outbox.cluster}, messages wait in the cluster's outbox ({@link ClusterOutbox}).
 */
public class ClientVerticle extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(ClientVerticle.class);
  private static final String RUNNING = "io.tether.clients";

  /**
   * The exit code of the process after a client gave up, with {@code reconnect.exitOnGiveUp}: 69, sysexits.h's
   * {@code EX_UNAVAILABLE} (a service it needs is unavailable), apart from the launcher's own codes (1, 2, 11, 15).
   */
  public static final int EXIT_GAVE_UP = 69;

  private final TetherOptions options;
  private final Map<String, String> env;
  private final Properties properties;
  private ConfigWatcher watcher;
  private Session client;
  private TlsSupport tls;
  private ClientMonitor monitor;
  /** The address of this client once it runs, as counted in {@link #running()}. */
  private String running;
  private Lease lease;
  private Standby standby;

  /** A client configured from its sources (deployment config, file, environment, system properties). */
  public ClientVerticle() {
    this(null);
  }

  /** A client with these options, used as they are. */
  public ClientVerticle(TetherOptions options) {
    this(options, System.getenv(), System.getProperties());
  }

  /** A client configured from these environment variables and system properties, for tests. */
  ClientVerticle(Map<String, String> env, Properties properties) {
    this(null, env, properties);
  }

  private ClientVerticle(TetherOptions options, Map<String, String> env, Properties properties) {
    this.options = options == null ? null : new TetherOptions(options).validate();
    this.env = env;
    this.properties = properties;
  }

  @Override
  public Future<?> start() {
    Future<TetherOptions> resolved = options != null
      ? Future.succeededFuture(options).map(OptionalDependencies::check)
      : resolve(vertx, config(), ConfigLoader.Origin.DEPLOYMENT, env, properties);
    return resolved.compose(o -> tls(o).compose(t -> {
      tls = t;
      return o.isSingleton() ? claim(o) : connect(o);
    }));
  }

  /** TLS's material, loaded and checked; {@code null} without {@code tls.enabled}. */
  private Future<TlsSupport> tls(TetherOptions o) {
    return o.tls().enabled() ? TlsSupport.load(vertx, o.tls(), new Endpoint(o.getHost(), o.getPort()), env)
      : Future.succeededFuture();
  }

  /**
   * The options a client deployed with {@code config} would have, from every source, checked as its start checks
   * them (but for TLS material, which it loads when it starts); an error about a value of {@code config} names
   * {@code origin}. For a deployment checked as a whole before any of it starts.
   */
  static Future<TetherOptions> check(Vertx vertx, JsonObject config, ConfigLoader.Origin origin) {
    return resolve(vertx, config, origin, System.getenv(), System.getProperties());
  }

  private static Future<TetherOptions> resolve(Vertx vertx, JsonObject config, ConfigLoader.Origin origin,
                                               Map<String, String> env, Properties properties) {
    return ConfigLoader.clientOptions(vertx, config, origin, env, properties).map(OptionalDependencies::check);
  }

  private Future<Void> connect(TetherOptions o) {
    running = o.getAddress();
    running().merge(running, 1, Integer::sum);
    Session session = new Session(vertx, context, o, env, () -> exitProcess(0)).tls(tls).onGiveUp(() -> {
      log.warn("Exiting with code {} (reconnect.exitOnGiveUp)", EXIT_GAVE_UP);
      exitProcess(EXIT_GAVE_UP);
    });
    client = session;
    if (lease != null) {
      // the epoch of this claim, which the connection keeps in its events to the end, even once it is lost
      long epoch = lease.epoch();
      client.lease(lease, () -> epoch, lease.node());
      if (o.outbox().cluster()) {
        client.store(new ClusterOutbox(vertx, o.getAddress(), lease));
      }
    }
    Future<?> monitored = Future.succeededFuture();
    if (o.metrics().enabled() || o.health().enabled()) {
      // without either, nothing of it is kept: a gateway has thousands of clients
      monitor = new ClientMonitor(vertx, context, client, o.getAddress(), new Endpoint(o.getHost(), o.getPort()),
        o.metrics(), o.health());
      client.onRtt(monitor::recordRtt).onAnswer(monitor::recordAnswer);
      monitored = monitor.start();
    }
    // a session fenced while it starts (its lease lapsed meanwhile) is no longer this verticle's client
    return monitored.compose(m -> session.start()).onSuccess(v -> {
      if (client == session) {
        watch(o);
      }
    });
  }

  /** With {@code config.scanPeriod}, changes of the file named by {@code TETHER_CONF} apply while running. */
  private void watch(TetherOptions o) {
    if (o.config().scanPeriod() == 0) {
      return;
    }
    String file = env.get(ConfigLoader.ENV_CONF);
    if (file == null || file.isEmpty()) {
      log.warn("config.scanPeriod is set but TETHER_CONF names no file: the configuration of {} is not watched",
        o.getAddress());
      return;
    }
    watcher = new ConfigWatcher(vertx, file, o, env, properties, client::reconfigure).start();
  }

  /** The clients of this Vert.x instance that hold or seek a connection, by address: how many of each. */
  private LocalMap<String, Integer> running() {
    return vertx.sharedData().getLocalMap(RUNNING);
  }

  /**
   * Whether a client of {@code address} holds or seeks its connection in this Vert.x instance (not one that stands
   * by): its give-up and the connections it closes itself are logged here, by that client.
   */
  static boolean runsHere(Vertx vertx, String address) {
    return vertx.sharedData().<String, Integer>getLocalMap(RUNNING).containsKey(address);
  }

  /** How many clients of {@code address} hold or seek a connection in this Vert.x instance. */
  static int runningHere(Vertx vertx, String address) {
    Integer n = vertx.sharedData().<String, Integer>getLocalMap(RUNNING).get(address);
    return n == null ? 0 : n;
  }

  /** The context this client runs on; for tests of this package. */
  Context runsOn() {
    return context;
  }

  /** Applies {@code next} to the running client on its own event loop, as hot reconfiguration does; for tests. */
  void reconfigure(TetherOptions next) {
    context.runOnContext(v -> client.reconfigure(next));
  }

  /** The running client, for tests of this package. */
  Session client() {
    return client;
  }

  /** Connects if the lease of the address is free, else stands by and takes over when it is. */
  private Future<Void> claim(TetherOptions o) {
    lease = Lease.claim(vertx, o.getAddress(), o.lease().ttl(), new Lease.Listener() {
      @Override
      public void acquired(long epoch) {
        log.info("Taking over the connection of {} to {} (epoch {})", o.getAddress(), o.endpoint(), epoch);
        standby.stop();
        connect(o).onFailure(err -> {
          log.error("Cannot take over the connection of {}: {}", o.getAddress(), err.getMessage());
          fence("it could not start");
          lease.resign();
        });
      }

      @Override
      public void lost(String cause) {
        log.warn("Lost the lease on the connection of {} to {}: {}; closing it, with nothing more written",
          o.getAddress(), o.endpoint(), cause);
        fence(cause);
      }

      @Override
      public void held(String owner, long epoch) {
        if (client == null) {
          standby.show(owner, epoch);
        }
      }
    });
    standby = new Standby(vertx, o.getAddress(), new Endpoint(o.getHost(), o.getPort()), lease.node());
    return lease.decided().compose(owner -> {
      if (owner) {
        return connect(o).onFailure(err -> lease.release());
      }
      log.info("Standing by: {} holds the connection of {} to {}", lease.owner(), o.getAddress(), o.endpoint());
      return standby.show(lease.owner(), lease.epoch());
    });
  }

  /** The lease is gone: the connection closes at once, and this client stands by. */
  private void fence(String cause) {
    if (watcher != null) {
      watcher.stop();
      watcher = null;
    }
    Session s = client;
    ClientMonitor m = monitor;
    client = null;
    monitor = null;
    if (s != null) {
      s.fenced(cause);
    }
    if (m != null) {
      m.close();
    }
    // said at once: a node cut off from its cluster cannot ask it who holds the connection now
    standby.show(lease.owner(), lease.epoch());
  }

  /** Closes the connection, then lets the next client in line have it. */
  @Override
  public Future<?> stop() {
    if (watcher != null) {
      watcher.stop();
    }
    if (tls != null) {
      tls.close();
    }
    Future<Void> monitorClosed = monitor == null ? Future.succeededFuture() : monitor.close();
    Future<Void> closed = Future.join(monitorClosed, client == null ? Future.succeededFuture() : client.close())
      .mapEmpty();
    if (running != null) {
      running().computeIfPresent(running, (a, n) -> n == 1 ? null : n - 1);
    }
    return closed.eventually(() -> lease == null ? Future.succeededFuture()
      : Future.join(lease.release(), standby.stop()));
  }

  /**
   * The port of this client's metrics and health server, once started (useful with {@code metrics.port} 0);
   * -1 when neither {@code metrics.enabled} nor {@code health.enabled} is set.
   */
  public int actualMetricsPort() {
    return monitor == null ? -1 : monitor.actualPort();
  }

  /**
   * {@code exitOnClose} (the server ended the connection: code 0) or {@code reconnect.exitOnGiveUp}
   * ({@link #EXIT_GAVE_UP}): Vert.x is closed, then the process ends.
   */
  private void exitProcess(int code) {
    vertx.close().onComplete(ar -> new Thread(() -> System.exit(code), "tether-exit").start());
  }
}
