package io.tether.impl.cluster;

import io.tether.ConnectionState;
import io.tether.Endpoint;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

/**
 * What a {@code singleton} client shows while another node holds the connection: a {@code STANDBY} status event,
 * with the holder's node as {@code owner}, each time the holder or the epoch changes (and again when the cluster grows
 * or merges this node back, for the nodes that missed it: see {@link Lease}); and its own stats, to a
 * {@code <address>.stats} request made on its node when no owner is there to answer it. The consumer is local: the
 * cluster's requests go to the owner, so that everyone sees one snapshot. Without a cluster, the owner is always
 * within reach, and only it answers.
 */
public final class Standby {

  private final Vertx vertx;
  private final String address;
  private final Endpoint endpoint;
  private final String node;
  private MessageConsumer<Object> stats;
  private String owner;
  private long epoch;

  public Standby(Vertx vertx, String address, Endpoint endpoint, String node) {
    this.vertx = vertx;
    this.address = address;
    this.endpoint = endpoint;
    this.node = node;
  }

  /** Publishes {@code STANDBY} with the holder seen now ({@code owner} null: nobody holds it). */
  public Future<Void> show(String owner, long epoch) {
    this.owner = owner;
    this.epoch = epoch;
    vertx.eventBus().publish(address + ".status", snapshot().put("attempt", 0));
    if (stats == null && vertx.isClustered()) {
      stats = vertx.eventBus().localConsumer(address + ".stats", m -> m.reply(snapshot()));
      return stats.completion();
    }
    return Future.succeededFuture();
  }

  /** This node takes the connection over, or the client stops: no more standby. */
  public Future<Void> stop() {
    if (stats == null) {
      return Future.succeededFuture();
    }
    MessageConsumer<Object> c = stats;
    stats = null;
    return c.unregister();
  }

  private JsonObject snapshot() {
    return new JsonObject()
      .put("state", ConnectionState.STANDBY.name())
      .put("endpoint", endpoint.toString())
      .put("owner", owner)
      .put("epoch", epoch)
      .put("node", node)
      .put("connection", null)
      .put("connectedSince", null);
  }
}
