package io.tether.impl.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/**
 * The count of Hazelcast's {@code MERGED} events of one instance (see {@link ClusterView#merges}); one listener per
 * instance, whatever the number of clients. Loaded only with vertx-hazelcast on the classpath.
 */
final class HazelcastMerges {

  private static final Map<HazelcastInstance, AtomicInteger> COUNTS = new WeakHashMap<>();

  private HazelcastMerges() {
  }

  static synchronized IntSupplier of(ClusterManager manager) {
    HazelcastInstance hz = ((HazelcastClusterManager) manager).getHazelcastInstance();
    if (hz == null) {
      return null;
    }
    AtomicInteger count = COUNTS.get(hz);
    if (count == null) {
      AtomicInteger created = new AtomicInteger();
      hz.getLifecycleService().addLifecycleListener(e -> {
        if (e.getState() == LifecycleEvent.LifecycleState.MERGED) {
          created.incrementAndGet();
        }
      });
      COUNTS.put(hz, created);
      count = created;
    }
    return count::get;
  }
}
