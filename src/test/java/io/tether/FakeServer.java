package io.tether;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A scripted server on 127.0.0.1: records what each connection sends, lets a test write to a connection, close it,
 * stop listening and listen again on the same port.
 */
public final class FakeServer {

  private final Vertx vertx;
  private final List<NetSocket> open = new CopyOnWriteArrayList<>();
  private final Await.Events<NetSocket> connections = new Await.Events<>();
  private final Buffer received = Buffer.buffer();
  private NetServer server;
  private int port;

  private FakeServer(Vertx vertx) {
    this.vertx = vertx;
  }

  /** A server on a free port of 127.0.0.1. */
  public static FakeServer start(Vertx vertx) {
    return start(vertx, 0);
  }

  public static FakeServer start(Vertx vertx, int port) {
    FakeServer s = new FakeServer(vertx);
    s.listen(port);
    return s;
  }

  /** A port that was free a moment ago: listened on, then closed. */
  public static int freePort(Vertx vertx) {
    NetServer s = Await.result(vertx.createNetServer().connectHandler(NetSocket::close).listen(0, "127.0.0.1"));
    int port = s.actualPort();
    Await.result(s.close());
    return port;
  }

  public FakeServer listen(int port) {
    server = vertx.createNetServer(new NetServerOptions().setTcpNoDelay(true)).connectHandler(so -> {
      open.add(so);
      so.handler(data -> {
        synchronized (received) {
          received.appendBuffer(data);
        }
      });
      so.closeHandler(v -> open.remove(so));
      connections.add(so);
    });
    this.port = Await.result(server.listen(port, "127.0.0.1")).actualPort();
    return this;
  }

  public int port() {
    return port;
  }

  /** The next connection accepted, waiting with the deadline. */
  public NetSocket nextConnection() {
    return connections.next();
  }

  /** The next connection accepted, waiting up to {@code deadline}. */
  public NetSocket nextConnection(java.time.Duration deadline) {
    return connections.next(deadline);
  }

  /** The connections accepted and not yet taken with {@link #nextConnection()}. */
  public int pendingConnections() {
    return connections.size();
  }

  /** Everything received so far, from every connection, as bytes. */
  public Buffer received() {
    synchronized (received) {
      return received.copy();
    }
  }

  public String receivedText() {
    return received().toString(StandardCharsets.UTF_8);
  }

  /** Waits until what was received contains {@code text}. */
  public void awaitReceived(String text) {
    Await.until("the server to receive " + text.replace("\n", "\\n") + " (got " + receivedText() + ")",
      () -> receivedText().contains(text));
  }

  /** Stops listening and closes every connection. */
  public void stop() {
    for (NetSocket so : open) {
      Await.result(so.close());
    }
    Await.result(server.close());
    Await.until("connections closed", open::isEmpty);
  }
}
