package io.tether.impl.connection;

import io.tether.Endpoint;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.shareddata.Shareable;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The {@link NetClient}s of one Vert.x instance's clients without TLS, one for each set of options, shared by every
 * client that connects with it: a client of its own costs each connection some 1 KB of heap, which a gateway of
 * thousands of clients multiplies. Each socket still runs on the context of the client that connected it.
 * <p>
 * A shared client is made on a thread of no Vert.x context, so that it belongs to no deployment: the end of the
 * client that made it does not close it, and with it the connections of the others. It is closed when the last
 * {@link Hold} on it is released (or with Vert.x). A client with TLS keeps one of its own, whose material it
 * reloads.
 */
final class SharedNetClients implements Shareable {

  private static final String KEY = "tether.sharedNetClients";

  private final Vertx vertx;
  /** By the options' JSON; guarded by {@code this}. */
  private final Map<String, Shared> clients = new HashMap<>();

  private static final class Shared {
    /** The options' JSON, some 700 bytes: the map's key, which no hold keeps a copy of. */
    final String key;
    final CompletableFuture<NetClient> client;
    int holds;

    Shared(String key, CompletableFuture<NetClient> client) {
      this.key = key;
      this.client = client;
    }
  }

  private SharedNetClients(Vertx vertx) {
    this.vertx = vertx;
  }

  static SharedNetClients of(Vertx vertx) {
    return vertx.sharedData().<String, SharedNetClients>getLocalMap(KEY)
      .computeIfAbsent(KEY, k -> new SharedNetClients(vertx));
  }

  /** A hold on the client of {@code options}, made now if there is none; connects run on {@code context}. */
  synchronized Hold hold(NetClientOptions options, Context context) {
    Shared shared = clients.computeIfAbsent(options.toJson().encode(),
      key -> new Shared(key, CompletableFuture.supplyAsync(() -> vertx.createNetClient(options))));
    shared.holds++;
    return new Hold(shared, context);
  }

  private synchronized Future<Void> release(Shared shared) {
    if (--shared.holds > 0) {
      return Future.succeededFuture();
    }
    clients.remove(shared.key, shared);
    Promise<Void> closed = Promise.promise();
    shared.client.whenComplete((c, err) -> {
      if (c == null) {
        closed.complete();
      } else {
        c.close().onComplete(closed);
      }
    });
    return closed.future();
  }

  /** One client's use of a shared {@link NetClient}, until {@link #release()}. */
  final class Hold {

    private final Shared shared;
    private final Context context;
    private boolean released;

    private Hold(Shared shared, Context context) {
      this.shared = shared;
      this.context = context;
    }

    /** Connects to {@code target}; completes on the context of the hold, where the socket runs. */
    Future<NetSocket> connect(Endpoint target) {
      CompletableFuture<NetClient> client = shared.client;
      if (client.isDone() && !client.isCompletedExceptionally()) {
        return client.join().connect(target.port(), target.host());
      }
      Promise<NetSocket> connected = Promise.promise();
      client.whenComplete((c, err) -> context.runOnContext(v -> {
        if (err != null) {
          connected.fail(err instanceof CompletionException && err.getCause() != null ? err.getCause() : err);
        } else {
          c.connect(target.port(), target.host()).onComplete(connected);
        }
      }));
      return connected.future();
    }

    /** Lets go of the client, which closes once no one holds it; once only. */
    Future<Void> release() {
      if (released) {
        return Future.succeededFuture();
      }
      released = true;
      return SharedNetClients.this.release(shared);
    }
  }
}
