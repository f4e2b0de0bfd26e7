package io.tether;

import io.tether.impl.ConfigReader;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The seed recipe's companion "Bi-Directional Server": for every chunk of data a client sends, it answers
 * {@code You have N peers on this server} ({@code peer} when N is 1), where N is the number of other clients
 * connected now. It never closes a connection itself.
 * <p>
 * Config: {@code host} (default {@code 127.0.0.1}), {@code port} (default {@code 9001}; {@code 0} picks a free port).
 */
public class PeerServerVerticle extends VerticleBase {

  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 9001;

  private static final Logger log = LoggerFactory.getLogger(PeerServerVerticle.class);

  private final Set<NetSocket> clients = new LinkedHashSet<>();
  private NetServer server;

  @Override
  public Future<?> start() {
    ConfigReader reader = new ConfigReader(config(), Set.of(), Set.of("host", "port"));
    String host = reader.string("host", "a non-empty host name");
    Integer port = reader.integer("port", "an integer from 0 to 65535");
    if (host == null) {
      host = DEFAULT_HOST;
    } else if (host.isBlank()) {
      throw TetherConfigException.expected("host", "a non-empty host name", host);
    }
    if (port == null) {
      port = DEFAULT_PORT;
    } else if (port < 0 || port > 65535) {
      throw TetherConfigException.expected("port", "an integer from 0 to 65535", port);
    }
    String bound = host;
    server = vertx.createNetServer().connectHandler(this::accept);
    return server.listen(port, host)
      .onSuccess(s -> log.info("Listening to {}:{}", bound, s.actualPort()));
  }

  /** The port it listens on, once started. */
  public int actualPort() {
    return server.actualPort();
  }

  private void accept(NetSocket socket) {
    String ip = socket.remoteAddress().hostAddress();
    clients.add(socket);
    log.info("New connection from {}", ip);
    socket.handler(data -> {
      log.info("{} sent: {}", ip, data);
      int peers = clients.size() - 1;
      socket.write("You have " + peers + (peers == 1 ? " peer" : " peers") + " on this server");
    });
    socket.closeHandler(v -> clients.remove(socket));
  }

  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }
}
