package io.tether.impl.connection;

import io.tether.Endpoint;
import io.tether.TetherOptions;
import io.tether.impl.tls.TlsSupport;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;

import java.util.concurrent.TimeUnit;

/**
 * The {@link NetClient} a session connects with: its options (connect timeout, TLS, Netty's write timeout), and the
 * hand-over to a new one when the configuration changes. Without TLS it is the one its Vert.x instance shares among
 * the clients of the same options ({@link SharedNetClients}); with TLS one of the session's own, whose material
 * {@link TlsSupport} reloads.
 */
final class Dialer {

  /** A client to connect with, of the session's own or shared. */
  private interface Line {
    Future<NetSocket> connect(Endpoint target);

    Future<Void> close();
  }

  private final Vertx vertx;
  private final Context context;
  private final TlsSupport tls;
  private Line line;
  /** The client of the connection a reconfiguration closes, closed in turn once that connection has ended. */
  private Line retiring;

  Dialer(Vertx vertx, Context context, TlsSupport tls, TetherOptions options) {
    this.vertx = vertx;
    this.context = context;
    this.tls = tls;
    this.line = create(options);
  }

  Future<NetSocket> connect(Endpoint target) {
    return line.connect(target);
  }

  /** A client for new options; the current one is kept until {@link #retire()} (its connection may still be open). */
  void reconfigure(TetherOptions options) {
    retire();
    retiring = line;
    line = create(options);
  }

  /** Closes the client a reconfiguration replaced, and with it anything of the old configuration. */
  void retire() {
    if (retiring != null) {
      retiring.close();
      retiring = null;
    }
  }

  Future<Void> close() {
    retire();
    return line.close();
  }

  private Line create(TetherOptions options) {
    NetClientOptions clientOptions = tls == null ? new NetClientOptions() : tls.netClientOptions();
    clientOptions.setConnectTimeout(options.getConnectTimeout());
    long heartbeat = options.heartbeat().effectiveTimeout(options.ping().interval());
    if (heartbeat > 0 && options.ping().interval() > 0) {
      // A peer that takes no byte for heartbeat.timeout, pings included, is closed by Netty itself: a close of
      // ours would wait for the unwritten bytes and never complete.
      clientOptions.setWriteIdleTimeout((int) Math.min(Integer.MAX_VALUE, heartbeat))
        .setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
    }
    if (!clientOptions.isSsl()) {
      SharedNetClients.Hold hold = SharedNetClients.of(vertx).hold(clientOptions, context);
      return new Line() {
        @Override
        public Future<NetSocket> connect(Endpoint target) {
          return hold.connect(target);
        }

        @Override
        public Future<Void> close() {
          return hold.release();
        }
      };
    }
    NetClient c = vertx.createNetClient(clientOptions);
    tls.watch(c);
    return new Line() {
      @Override
      public Future<NetSocket> connect(Endpoint target) {
        return c.connect(target.port(), target.host(), tls.serverName());
      }

      @Override
      public Future<Void> close() {
        return c.close();
      }
    };
  }
}
