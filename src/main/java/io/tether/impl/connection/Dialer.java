package io.tether.impl.connection;

import io.tether.Endpoint;
import io.tether.TetherOptions;
import io.tether.impl.tls.TlsSupport;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;

import java.util.concurrent.TimeUnit;

/**
 * The {@link NetClient} a session connects with: its options (connect timeout, TLS, Netty's write timeout), and the
 * hand-over to a new one when the configuration changes.
 */
final class Dialer {

  private final Vertx vertx;
  private final TlsSupport tls;
  private NetClient client;
  /** The client of the connection a reconfiguration closes, closed in turn once that connection has ended. */
  private NetClient retiring;

  Dialer(Vertx vertx, TlsSupport tls, TetherOptions options) {
    this.vertx = vertx;
    this.tls = tls;
    this.client = create(options);
  }

  Future<NetSocket> connect(Endpoint target) {
    return client.connect(target.port(), target.host(), tls == null ? null : tls.serverName());
  }

  /** A client for new options; the current one is kept until {@link #retire()} (its connection may still be open). */
  void reconfigure(TetherOptions options) {
    retire();
    retiring = client;
    client = create(options);
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
    return client.close();
  }

  private NetClient create(TetherOptions options) {
    NetClientOptions clientOptions = tls == null ? new NetClientOptions() : tls.netClientOptions();
    clientOptions.setConnectTimeout(options.getConnectTimeout());
    long heartbeat = options.heartbeat().effectiveTimeout(options.ping().interval());
    if (heartbeat > 0 && options.ping().interval() > 0) {
      // A peer that takes no byte for heartbeat.timeout, pings included, is closed by Netty itself: a close of
      // ours would wait for the unwritten bytes and never complete.
      clientOptions.setWriteIdleTimeout((int) Math.min(Integer.MAX_VALUE, heartbeat))
        .setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
    }
    NetClient c = vertx.createNetClient(clientOptions);
    if (tls != null) {
      tls.watch(c);
    }
    return c;
  }
}
