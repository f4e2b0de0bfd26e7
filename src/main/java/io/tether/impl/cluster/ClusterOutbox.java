package io.tether.impl.cluster;

import io.tether.impl.Logs;
import io.tether.impl.connection.OutboxStore;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The cluster's outbox of one address ({@code outbox.cluster}): a cluster-wide map, {@code io.tether.outbox.ADDRESS},
 * through the cluster manager's {@code SharedData} (Hazelcast's {@code IMap}, whose writes return once the backup on
 * another node has them; a local map without a cluster). Each message of {@code <address>.out} is put under the key
 * {@code EPOCH:SEQ} (the owner's epoch, then its order) before it is written, and removed once written or failed.
 * <p>
 * The node that takes over reads what is left, in the order of the keys: what its predecessors took and did not
 * write, oldest first. A message written just before an owner died is still there when its removal did not make it:
 * it is written again (at least once). The lease's record carries the key of the last message written
 * ({@link Lease#written}), renewed with the lease; a message at or before it was written, and is not written again
 * even when a merge of a split cluster brings back an old copy of it.
 * <p>
 * Used on the owner's context only.
 */
public final class ClusterOutbox implements OutboxStore {

  /** The prefix of the map's name; {@code conf/cluster.xml} gives these maps their backup. */
  public static final String MAP_PREFIX = "io.tether.outbox.";

  private static final Logger log = LoggerFactory.getLogger(Logs.CLIENT);

  private final Vertx vertx;
  private final String name;
  private final Lease lease;
  /** The puts under way, so that a removal never overtakes its put. */
  private final Map<String, Future<Void>> puts = new HashMap<>();
  private AsyncMap<String, String> map;
  private long seq;

  public ClusterOutbox(Vertx vertx, String address, Lease lease) {
    this.vertx = vertx;
    this.name = MAP_PREFIX + address;
    this.lease = lease;
  }

  @Override
  public Future<List<Stored>> inherit() {
    return vertx.sharedData().<String, String>getAsyncMap(name).compose(m -> {
      map = m;
      return m.entries();
    }).map(entries -> {
      String cursor = lease.cursor();
      List<Stored> left = new ArrayList<>();
      for (Map.Entry<String, String> e : entries.entrySet()) {
        Stored st = LeaseRecord.after(e.getKey(), cursor) ? parse(e.getKey(), e.getValue()) : null;
        if (st == null) {
          // written already (a copy a merge brought back, or a removal that did not make it), or unreadable
          map.remove(e.getKey());
        } else {
          left.add(st);
        }
      }
      left.sort((a, b) -> LeaseRecord.KEY_ORDER.compare(a.id(), b.id()));
      return left;
    });
  }

  @Override
  public String store(Buffer payload, boolean batch, int frames, long ttl, long deadline,
                      Handler<AsyncResult<Void>> done) {
    String id = lease.epoch() + ":" + (++seq);
    JsonObject value = new JsonObject().put("payload", payload).put("batch", batch).put("frames", frames)
      .put("ttl", ttl).put("deadline", deadline);
    Future<Void> put = map.put(id, value.encode());
    puts.put(id, put);
    put.onComplete(done);
    return id;
  }

  @Override
  public void forget(String id, boolean written) {
    if (written) {
      lease.written(id);
    }
    Future<Void> put = puts.remove(id);
    Future<Void> stored = put == null ? Future.succeededFuture() : put;
    stored.eventually(() -> map.remove(id)).onFailure(err ->
      log.debug("Cannot remove message {} from the cluster's outbox {}: {}", id, name, err.getMessage()));
  }

  private static Stored parse(String id, String value) {
    try {
      JsonObject j = new JsonObject(value);
      return new Stored(id, j.getBuffer("payload"), j.getBoolean("batch"), j.getInteger("frames"), j.getLong("ttl"),
        j.getLong("deadline"));
    } catch (RuntimeException e) {
      log.warn("A message of the cluster's outbox cannot be read and is dropped: {} = {}", id, value);
      return null;
    }
  }
}
