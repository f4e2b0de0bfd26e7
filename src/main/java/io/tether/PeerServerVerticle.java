package io.tether;

import io.tether.impl.config.ConfigReader;
import io.tether.impl.config.Check;
import io.tether.impl.config.Key;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The seed recipe's companion "Bi-Directional Server": for every chunk of data a client sends, it answers
 * {@code You have N peers on this server} ({@code peer} when N is 1), where N is the number of other clients
 * connected now.
 * <p>
 * Config: {@code host} (default {@code 127.0.0.1}), {@code port} (default {@code 9001}; {@code 0} picks a free port),
 * and the limits that keep a hostile client from hurting it: {@code maxConnections} (default 100; a connection over
 * it is closed at once), {@code maxChunkSize} (default 8192: the most bytes one read takes, so one chunk is never
 * larger) and {@code idleTimeout} (default 300000 ms; a connection that sends nothing for that long is closed;
 * {@code 0} never).
 */
public class PeerServerVerticle extends VerticleBase {

  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 9001;
  public static final int DEFAULT_MAX_CONNECTIONS = 100;
  public static final int DEFAULT_MAX_CHUNK_SIZE = 8192;
  public static final long DEFAULT_IDLE_TIMEOUT = 300_000;

  private static final Logger log = LoggerFactory.getLogger(PeerServerVerticle.class);
  private static final Key<String> HOST = Key.of("host", DEFAULT_HOST, Check.nonBlank("host name"));
  private static final Key<Integer> PORT = Key.of("port", DEFAULT_PORT, Check.INTEGER.between(0, 65535));
  private static final Key<Integer> MAX_CONNECTIONS = Key.of("maxConnections", DEFAULT_MAX_CONNECTIONS,
    Check.INTEGER.atLeast(1));
  private static final Key<Integer> MAX_CHUNK_SIZE = Key.of("maxChunkSize", DEFAULT_MAX_CHUNK_SIZE,
    Check.INTEGER.between(64, 1 << 20));
  private static final Key<Long> IDLE_TIMEOUT = Key.of("idleTimeout", DEFAULT_IDLE_TIMEOUT,
    Check.MS.atLeast(0).note("0 never closes an idle connection"));

  private static final List<Key<?>> KEYS = List.of(HOST, PORT, MAX_CONNECTIONS, MAX_CHUNK_SIZE, IDLE_TIMEOUT);

  private final Set<NetSocket> clients = new LinkedHashSet<>();
  private NetServer server;
  private int maxConnections;
  private long idleTimeout;

  /**
   * Checks a companion server's config.
   *
   * @throws TetherConfigException on an unknown key or a bad value
   */
  static void check(JsonObject config) {
    ConfigReader reader = new ConfigReader(config, KEYS);
    KEYS.forEach(reader::value);
  }

  @Override
  public Future<?> start() {
    ConfigReader reader = new ConfigReader(config(), KEYS);
    String host = reader.value(HOST);
    int port = reader.value(PORT);
    maxConnections = reader.value(MAX_CONNECTIONS);
    int maxChunkSize = reader.value(MAX_CHUNK_SIZE);
    idleTimeout = reader.value(IDLE_TIMEOUT);
    // A fixed receive buffer: Vert.x reads at most this many bytes at a time, so no chunk is larger.
    server = vertx.createNetServer(new NetServerOptions().setReceiveBufferSize(maxChunkSize)).connectHandler(this::accept);
    return server.listen(port, host)
      .onSuccess(s -> log.info("Listening to {}:{}", host, s.actualPort()));
  }

  /** The port it listens on, once started. */
  public int actualPort() {
    return server.actualPort();
  }

  private void accept(NetSocket socket) {
    String ip = socket.remoteAddress().hostAddress();
    if (clients.size() >= maxConnections) {
      log.warn("Refused connection from {}: {} connections already (maxConnections)", ip, clients.size());
      socket.close();
      return;
    }
    clients.add(socket);
    log.info("New connection from {}", ip);
    Idle idle = idleTimeout > 0 ? new Idle(socket, ip) : null;
    socket.handler(data -> {
      if (idle != null) {
        idle.lastRead = System.currentTimeMillis();
      }
      log.info("{} sent: {}", ip, data);
      int peers = clients.size() - 1;
      socket.write("You have " + peers + (peers == 1 ? " peer" : " peers") + " on this server");
    });
    socket.closeHandler(v -> {
      clients.remove(socket);
      if (idle != null) {
        idle.cancel();
      }
    });
  }

  /** Closes a connection that has sent nothing for {@code idleTimeout} ms: one timer, re-armed for what is left. */
  private final class Idle {
    private final NetSocket socket;
    private final String ip;
    private long lastRead = System.currentTimeMillis();
    private long timer;

    Idle(NetSocket socket, String ip) {
      this.socket = socket;
      this.ip = ip;
      arm(idleTimeout);
    }

    private void arm(long delay) {
      timer = vertx.setTimer(Math.max(1, delay), id -> {
        long quiet = System.currentTimeMillis() - lastRead;
        if (quiet >= idleTimeout) {
          log.info("Closing idle connection from {}: nothing received for {} ms (idleTimeout)", ip, quiet);
          socket.close();
        } else {
          arm(idleTimeout - quiet);
        }
      });
    }

    void cancel() {
      vertx.cancelTimer(timer);
    }
  }

  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }
}
