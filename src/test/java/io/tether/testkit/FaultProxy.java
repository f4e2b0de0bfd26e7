package io.tether.testkit;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A proxy on 127.0.0.1 between a client and a real server, both ways, that can break the conversation on demand:
 * cut every chunk into pieces of 1 to 7 bytes, delay it, stop forwarding while keeping the connections open (a
 * blackhole), reset every connection with an RST, and refuse connects (stop listening) and accept them again.
 * Everything it forwards keeps its order.
 */
public final class FaultProxy {

  private final Vertx vertx;
  private final int targetPort;
  private final Random random = new Random(7);
  private final List<NetSocket> open = new CopyOnWriteArrayList<>();
  private volatile boolean split;
  private volatile long latencyMs;
  private volatile boolean blackhole;
  private volatile int accepted;
  private NetServer server;
  private int port;

  private FaultProxy(Vertx vertx, int targetPort) {
    this.vertx = vertx;
    this.targetPort = targetPort;
  }

  /** A proxy on a free port of 127.0.0.1 to {@code 127.0.0.1:targetPort}. */
  public static FaultProxy start(Vertx vertx, int targetPort) {
    FaultProxy p = new FaultProxy(vertx, targetPort);
    p.listen(0);
    return p;
  }

  public int port() {
    return port;
  }

  /** Connections accepted so far. */
  public int accepted() {
    return accepted;
  }

  /** Cuts every chunk, both ways, into pieces of 1 to 7 bytes, each written on its own. */
  public FaultProxy split(boolean on) {
    split = on;
    return this;
  }

  /** Delays every chunk, both ways, by this many ms. */
  public FaultProxy latency(long ms) {
    latencyMs = ms;
    return this;
  }

  /** Drops everything, both ways, while the connections stay open. */
  public FaultProxy blackhole(boolean on) {
    blackhole = on;
    return this;
  }

  /** Resets every open connection on the client's side with an RST. */
  public void resetAll() {
    for (NetSocket so : open) {
      so.close();
    }
  }

  /** Stops listening: connects are refused until {@link #accept()}. Open connections stay. */
  public void refuse() {
    Await.result(server.close());
  }

  /** Listens again on the same port. */
  public void accept() {
    listen(port);
  }

  private void listen(int at) {
    // SO_LINGER 0: closing a client-side socket sends an RST, not a FIN
    server = vertx.createNetServer(new NetServerOptions().setSoLinger(0).setTcpNoDelay(true)).connectHandler(this::proxy);
    long end = System.nanoTime() + Await.DEADLINE.toNanos();
    while (true) {
      try {
        port = Await.result(server.listen(at, "127.0.0.1")).actualPort();
        return;
      } catch (AssertionError e) {
        if (at == 0 || System.nanoTime() > end) {
          throw e;
        }
        java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
      }
    }
  }

  private void proxy(NetSocket client) {
    accepted++;
    open.add(client);
    client.pause();
    vertx.createNetClient().connect(targetPort, "127.0.0.1").onComplete(ar -> {
      if (ar.failed()) {
        client.close();
        return;
      }
      NetSocket upstream = ar.result();
      Pipe toServer = new Pipe(upstream);
      Pipe toClient = new Pipe(client);
      client.handler(toServer::push);
      upstream.handler(toClient::push);
      client.closeHandler(v -> {
        open.remove(client);
        upstream.close();
      });
      upstream.closeHandler(v -> client.close());
      client.resume();
    });
  }

  /** One direction: pieces in order, each at its time. */
  private final class Pipe {
    private final NetSocket to;
    private final ArrayDeque<Object[]> queue = new ArrayDeque<>();
    private boolean scheduled;

    Pipe(NetSocket to) {
      this.to = to;
    }

    void push(Buffer chunk) {
      if (blackhole) {
        return;
      }
      if (!split && latencyMs == 0 && queue.isEmpty()) {
        to.write(chunk);
        return;
      }
      long due = System.nanoTime() + latencyMs * 1_000_000;
      if (!split) {
        queue.add(new Object[] {chunk, due});
      } else {
        for (int at = 0; at < chunk.length(); ) {
          int n = Math.min(chunk.length() - at, 1 + random.nextInt(7));
          queue.add(new Object[] {chunk.getBuffer(at, at + n), due});
          at += n;
        }
      }
      schedule();
    }

    private void schedule() {
      if (scheduled || queue.isEmpty()) {
        return;
      }
      scheduled = true;
      long wait = ((long) queue.peek()[1] - System.nanoTime()) / 1_000_000;
      vertx.setTimer(Math.max(1, wait), id -> {
        scheduled = false;
        long now = System.nanoTime();
        // one piece per turn when splitting, so that each is read on its own; else all that is due
        do {
          Object[] next = queue.poll();
          if (!blackhole) {
            to.write((Buffer) next[0]);
          }
        } while (!split && !queue.isEmpty() && (long) queue.peek()[1] <= now);
        schedule();
      });
    }
  }
}
