package io.tether;

import io.tether.impl.config.ConfigReader;
import io.tether.impl.config.Check;
import io.tether.impl.config.Key;
import io.tether.impl.config.Keys;
import io.tether.impl.Logs;
import io.tether.impl.framing.FrameCodec;
import io.tether.impl.framing.FrameCodec.Sink;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.BindException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The seed recipe's companion "Bi-Directional Server": for every message a client sends, it answers
 * {@code You have N peers on this server} ({@code peer} when N is 1), where N is the number of other clients
 * connected now.
 * <p>
 * Config: {@code host} (default {@code 127.0.0.1}), {@code port} (default {@code 9001}; {@code 0} picks a free port),
 * {@code framing.mode} and {@code framing.delimiter}, as a client's: in {@code raw} mode (the default, as in the
 * recipe) every chunk read is a message and an answer has no terminator; in {@code line} mode messages are lines and
 * an answer ends with the delimiter; in {@code length} mode both have a 4-byte length prefix. And the limits that
 * keep a hostile client from hurting it: {@code maxConnections} (default 100; a connection over it is closed at
 * once), {@code maxChunkSize} (default 8192: the most bytes one read takes, and in {@code line} or {@code length}
 * mode the longest message) and {@code idleTimeout} (default 300000 ms; a connection that sends nothing for that long
 * is closed; {@code 0} never).
 * <p>
 * It names each client by its address and port ({@code 127.0.0.1:52144}), and logs when one connects and leaves.
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
  private static final List<Key<?>> KEYS = List.of(HOST, PORT, Keys.FRAMING_MODE, Keys.FRAMING_DELIMITER,
    MAX_CONNECTIONS, MAX_CHUNK_SIZE, IDLE_TIMEOUT);

  private final Set<NetSocket> clients = new LinkedHashSet<>();
  private NetServer server;
  private int maxConnections;
  private int maxChunkSize;
  private long idleTimeout;
  private FramingMode framing;
  private String delimiter;

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
    framing = reader.value(Keys.FRAMING_MODE);
    delimiter = reader.value(Keys.FRAMING_DELIMITER);
    maxConnections = reader.value(MAX_CONNECTIONS);
    maxChunkSize = reader.value(MAX_CHUNK_SIZE);
    idleTimeout = reader.value(IDLE_TIMEOUT);
    // A fixed receive buffer: Vert.x reads at most this many bytes at a time, so no chunk is larger.
    server = vertx.createNetServer(new NetServerOptions().setReceiveBufferSize(maxChunkSize)).connectHandler(this::accept);
    return server.listen(port, host)
      .recover(err -> Future.failedFuture(cannotListen(host, port, err)))
      .onSuccess(s -> log.info("Listening to {}:{}", host, s.actualPort()));
  }

  /**
   * The one line for a port that is taken: most often a second {@code ./run.sh} started beside the first, where a
   * second client was meant.
   */
  private static TetherException cannotListen(String host, int port, Throwable err) {
    String why = err.getMessage() == null ? err.getClass().getSimpleName() : err.getMessage();
    String message = "The companion server cannot listen on " + host + ":" + port + ": " + why;
    if (err instanceof BindException && why.contains("in use")) {
      message += ". Another ./run.sh is probably running there; a second client of it is ./run.sh --port " + port;
    }
    return new TetherException(message, err);
  }

  /** The port it listens on, once started. */
  public int actualPort() {
    return server.actualPort();
  }

  private void accept(NetSocket socket) {
    String peer = socket.remoteAddress().hostAddress() + ":" + socket.remoteAddress().port();
    if (clients.size() >= maxConnections) {
      log.warn("Refused connection from {}: {} connections already (maxConnections)", peer, clients.size());
      socket.close();
      return;
    }
    clients.add(socket);
    log.info("New connection from {}", peer);
    Idle idle = idleTimeout > 0 ? new Idle(socket, peer) : null;
    FrameCodec answers = new FrameCodec(framing, delimiter, maxChunkSize, (Sink) (buf, from, to) -> true);
    Handler<Buffer> onMessage = message -> {
      log.info("{} sent: {}", peer, Logs.text(message));
      int peers = clients.size() - 1;
      socket.write(answers.encode(Buffer.buffer("You have " + peers + (peers == 1 ? " peer" : " peers") + " on this server")));
    };
    FrameCodec messages = framing == FramingMode.RAW ? null : new FrameCodec(framing, delimiter, maxChunkSize, onMessage);
    socket.handler(data -> {
      if (idle != null) {
        idle.lastRead = System.currentTimeMillis();
      }
      if (messages == null) {
        onMessage.handle(data);
        return;
      }
      try {
        messages.decode(data);
      } catch (TetherException e) {
        log.warn("Closing connection from {}: {} (maxChunkSize)", peer, e.getMessage());
        socket.close();
      }
    });
    socket.closeHandler(v -> {
      clients.remove(socket);
      if (idle != null) {
        idle.cancel();
      }
      log.info("Connection from {} closed", peer);
    });
  }

  /** Closes a connection that has sent nothing for {@code idleTimeout} ms: one timer, re-armed for what is left. */
  private final class Idle {
    private final NetSocket socket;
    private final String peer;
    private long lastRead = System.currentTimeMillis();
    private long timer;

    Idle(NetSocket socket, String peer) {
      this.socket = socket;
      this.peer = peer;
      arm(idleTimeout);
    }

    private void arm(long delay) {
      timer = vertx.setTimer(Math.max(1, delay), id -> {
        long quiet = System.currentTimeMillis() - lastRead;
        if (quiet >= idleTimeout) {
          log.info("Closing idle connection from {}: nothing received for {} ms (idleTimeout)", peer, quiet);
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
