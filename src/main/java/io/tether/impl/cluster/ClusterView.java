package io.tether.impl.cluster;

import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.spi.cluster.ClusterManager;

import java.util.function.IntSupplier;

/**
 * How many nodes this node's cluster manager counts in its cluster now: what a node whose lease lapsed needs to tell
 * whether it is back in its cluster or alone in a part split off from it (see {@link Lease}).
 * <p>
 * The count is the cluster manager's own ({@code ClusteredNode.getNodes()}, Vert.x's SPI, for any cluster manager).
 * Vert.x's public API gives no way to a running instance's cluster manager, and {@code SharedData} says nothing of
 * the members, so this class reaches it through {@link VertxInternal}: the one place in Tether that does.
 */
final class ClusterView {

  private ClusterView() {
  }

  /** The count of nodes as this node sees them, or null without a cluster. */
  static IntSupplier nodes(Vertx vertx) {
    if (!vertx.isClustered() || !(vertx instanceof VertxInternal internal)) {
      return null;
    }
    ClusterManager manager = internal.clusterManager();
    return manager == null ? null : () -> manager.getNodes().size();
  }

  /**
   * How many times Hazelcast has merged this node back into its cluster (its {@code MERGED} lifecycle event), or null
   * for another cluster manager or none. Vert.x's event bus knows the other nodes' consumers again only after that
   * event: what it cached of an address's consumers while split off stays until the registrations of that address
   * change, as they do once {@code HazelcastClusterManager}, on {@code MERGED}, has put this node's own back, in the
   * background. What this node published before, right after the join or even right after {@code MERGED}, may have
   * reached its own consumers alone.
   */
  static IntSupplier merges(Vertx vertx) {
    if (!vertx.isClustered() || !(vertx instanceof VertxInternal internal)) {
      return null;
    }
    ClusterManager manager = internal.clusterManager();
    if (manager == null || !HAZELCAST.equals(manager.getClass().getName())) {
      return null;
    }
    return HazelcastMerges.of(manager);
  }

  private static final String HAZELCAST = "io.vertx.spi.cluster.hazelcast.HazelcastClusterManager";
}
