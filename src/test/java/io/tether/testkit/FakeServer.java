package io.tether.testkit;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/**
 * A scripted server on 127.0.0.1: records what each connection sends, lets a test write to a connection, close it,
 * stop listening and listen again on the same port.
 */
public final class FakeServer {

  private final Vertx vertx;
  private final List<NetSocket> open = new CopyOnWriteArrayList<>();
  private final Await.Events<NetSocket> connections = new Await.Events<>();
  private final Buffer received = Buffer.buffer();
  private NetServerOptions options = new NetServerOptions().setTcpNoDelay(true);
  private volatile BiConsumer<NetSocket, Buffer> onData = (so, data) -> { };
  private volatile java.util.function.Consumer<NetSocket> script;
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

  /** A server with these options (TLS, for instance) on a free port of 127.0.0.1. */
  public static FakeServer start(Vertx vertx, NetServerOptions options) {
    FakeServer s = new FakeServer(vertx);
    s.options = options;
    s.listen(0);
    return s;
  }

  /** The options the next {@link #listen} uses: a server that comes back with another certificate. */
  public FakeServer options(NetServerOptions options) {
    this.options = options;
    return this;
  }

  /** A port that was free a moment ago: listened on, then closed. */
  public static int freePort(Vertx vertx) {
    NetServer s = Await.result(vertx.createNetServer().connectHandler(NetSocket::close).listen(0, "127.0.0.1"));
    int port = s.actualPort();
    Await.result(s.close());
    return port;
  }

  public FakeServer listen(int port) {
    server = vertx.createNetServer(options).connectHandler(so -> {
      open.add(so);
      java.util.function.Consumer<NetSocket> s = script;
      if (s != null) {
        s.accept(so);
      } else {
        so.handler(data -> {
          synchronized (received) {
            received.appendBuffer(data);
          }
          onData.accept(so, data);
        });
      }
      so.closeHandler(v -> open.remove(so));
      connections.add(so);
    });
    this.port = listenWithin(port);
    return this;
  }

  /**
   * Listens, and when the port was given and is briefly taken (a client's connect from that very port, another
   * process's ephemeral port), tries again until the deadline.
   */
  private int listenWithin(int port) {
    long end = System.nanoTime() + Await.DEADLINE.toNanos();
    while (true) {
      try {
        return Await.result(server.listen(port, "127.0.0.1")).actualPort();
      } catch (AssertionError e) {
        if (port == 0 || System.nanoTime() > end || !String.valueOf(e.getMessage()).contains("Address already in use")) {
          throw e;
        }
        java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
      }
    }
  }

  /**
   * What every connection does with each chunk it receives, after recording it: answer, echo, close ... (without a
   * {@link #script}, which takes the connection whole).
   */
  public FakeServer onData(BiConsumer<NetSocket, Buffer> action) {
    this.onData = action;
    return this;
  }

  /** From now on each new connection is handed to {@code script} as it is accepted, before any byte is read. */
  public FakeServer script(java.util.function.Consumer<NetSocket> script) {
    this.script = script;
    return this;
  }

  /** The connections open now. */
  public int openConnections() {
    return open.size();
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

  /** Whether this connection is still open, as the server sees it. */
  public boolean isOpen(NetSocket so) {
    return open.contains(so);
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

  /** How many bytes were received so far, without copying them. */
  public int receivedLength() {
    synchronized (received) {
      return received.length();
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
