package io.tether.impl.cluster;

import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Lock;
import io.vertx.core.shareddata.Shareable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Who holds a connection that one client at a time may hold ({@code singleton: true}): a cluster-wide lock named
 * after the client's address, taken through the cluster manager ({@code SharedData.getLockWithTimeout}). Without a
 * cluster the lock is local to the Vert.x instance, with the same effect.
 * <p>
 * The owner keeps the lock until it is released or its node leaves the cluster; the cluster manager then frees it and
 * the next node in line gets it. A node that stands by keeps asking, one request at a time, each waiting up to
 * {@link #REQUEST_MS}: the lock is granted the moment it is free, whatever is left of the wait.
 * <p>
 * The claims of one Vert.x instance for the same address line up here, and only the first of them asks the cluster:
 * Hazelcast's locks belong to a thread and are reentrant, so two claims of one node asking from the same worker thread
 * would both get the lock. When the owner leaves while another claim of its node waits, the lock passes to that claim
 * without being released.
 */
public final class Ownership implements Shareable {

  /** How long one request for the lock waits before it is made again. */
  public static final long REQUEST_MS = 5000;

  private static final String LOCAL_MAP = "io.tether.ownership";
  private static final String LOCK_PREFIX = "io.tether.owner.";
  private static final Logger log = LoggerFactory.getLogger(Ownership.class);

  private final Vertx vertx;
  private final String lockName;
  private final Deque<Claim> waiting = new ArrayDeque<>();
  private Lock lock;
  private Claim owner;
  private long requests;
  /** The request under way, 0 when none is. */
  private long request;
  /** Whether the request under way is a timer before the next one, which goes with the verticle that set it. */
  private boolean delayed;

  private Ownership(Vertx vertx, String address) {
    this.vertx = vertx;
    this.lockName = LOCK_PREFIX + address;
  }

  /** The ownership of {@code address} among the clients of this Vert.x instance and its cluster. */
  public static Ownership of(Vertx vertx, String address) {
    LocalMap<String, Ownership> all = vertx.sharedData().getLocalMap(LOCAL_MAP);
    return all.computeIfAbsent(address, a -> new Ownership(vertx, a));
  }

  /** The name of the cluster-wide lock. */
  public String lockName() {
    return lockName;
  }

  /**
   * Claims the connection for the verticle on whose context this is called.
   *
   * @param takeOver run on that context when the claim gets the lock after it was told to stand by
   */
  public Claim claim(Runnable takeOver) {
    Claim claim = new Claim(vertx.getOrCreateContext(), takeOver);
    synchronized (this) {
      waiting.add(claim);
      if (lock == null && request == 0) {
        ask(1);
      } else {
        claim.standBy();
      }
    }
    return claim;
  }

  /** One request for the lock, on the context of the first claim in line; the monitor is held. */
  private void ask(long timeout) {
    long n = ++requests;
    request = n;
    delayed = false;
    waiting.getFirst().context.runOnContext(v -> {
      long start = System.nanoTime();
      vertx.sharedData().getLockWithTimeout(lockName, timeout)
        .onComplete(ar -> answered(n, timeout, (System.nanoTime() - start) / 1_000_000, ar));
    });
  }

  private synchronized void answered(long n, long timeout, long tookMs, AsyncResult<Lock> ar) {
    if (n != request || waiting.isEmpty()) {
      if (n == request) {
        request = 0;
      }
      if (ar.succeeded()) {
        ar.result().release();
      }
      return;
    }
    request = 0;
    if (ar.succeeded()) {
      lock = ar.result();
      owner = waiting.poll();
      owner.own();
      waiting.forEach(Claim::standBy);
      return;
    }
    waiting.forEach(Claim::standBy);
    if (tookMs >= timeout) {
      ask(REQUEST_MS);
    } else {
      // not a wait that ran out: the cluster manager failed; ask again later rather than in a loop
      log.warn("Cannot get the lock {}: {}", lockName, ar.cause().getMessage());
      long next = ++requests;
      request = next;
      delayed = true;
      waiting.getFirst().context.runOnContext(v -> vertx.setTimer(REQUEST_MS, id -> {
        synchronized (this) {
          if (request == next) {
            request = 0;
            if (!waiting.isEmpty()) {
              ask(REQUEST_MS);
            }
          }
        }
      }));
    }
  }

  private synchronized void release(Claim claim) {
    if (claim.released) {
      return;
    }
    claim.released = true;
    if (owner == claim) {
      owner = waiting.poll();
      if (owner != null) {
        owner.own();
      } else {
        lock.release();
        lock = null;
      }
      return;
    }
    boolean first = waiting.peekFirst() == claim;
    waiting.remove(claim);
    if (first && delayed && request != 0 && !waiting.isEmpty()) {
      // the timer went with the verticle that set it
      ask(REQUEST_MS);
    }
  }

  /** One verticle's claim on the connection. */
  public final class Claim {

    private final Context context;
    private final Runnable takeOver;
    private final Promise<Boolean> decided = Promise.promise();
    private boolean told;
    private volatile boolean released;

    private Claim(Context context, Runnable takeOver) {
      this.context = context;
      this.takeOver = takeOver;
    }

    /**
     * Completes, on the claim's context, with {@code true} when the claim holds the lock, or {@code false} when it
     * stands by; then {@code takeOver} runs once it gets the lock.
     */
    public Future<Boolean> decided() {
      return decided.future();
    }

    /** Gives the lock up, to the next claim of this node if one waits, else to the cluster; or stops waiting. */
    public void release() {
      Ownership.this.release(this);
    }

    private void own() {
      told = true;
      context.runOnContext(v -> {
        if (!released && !decided.tryComplete(true)) {
          takeOver.run();
        }
      });
    }

    private void standBy() {
      if (!told) {
        told = true;
        context.runOnContext(v -> decided.tryComplete(false));
      }
    }
  }
}
