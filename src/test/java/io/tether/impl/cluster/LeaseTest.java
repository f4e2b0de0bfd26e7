package io.tether.impl.cluster;

import io.tether.testkit.Await;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.AsyncMap;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The lease on one Vert.x instance (its map is local, with the same operations as the cluster's), with a clock the
 * test moves: a jump of the clock is a pause of the owner, as a GC or SIGSTOP would make it.
 */
@ExtendWith(VertxExtension.class)
class LeaseTest {

  private static final long TTL = 1000;

  /** How far the test has moved the clock ahead of the real one. */
  private final AtomicLong paused = new AtomicLong();
  /** How many nodes the claims' cluster manager would count. */
  private final AtomicInteger nodes = new AtomicInteger(1);
  /** How many times Hazelcast would have merged the claims' node back into its cluster. */
  private final AtomicInteger merges = new AtomicInteger();

  /** A claim on a context of its own, and what it was told. */
  private final class Claim implements Lease.Listener {
    final Context context;
    final Lease lease;
    final Await.Events<Long> acquired = new Await.Events<>();
    final Await.Events<String> lost = new Await.Events<>();
    final Await.Events<String> held = new Await.Events<>();

    Claim(Vertx vertx, String node) {
      this(vertx, node, TTL);
    }

    Claim(Vertx vertx, String node, long ttl) {
      context = vertx.getOrCreateContext();
      lease = new Lease(vertx, context, "feed", node, ttl, () -> System.nanoTime() + paused.get(), nodes::get,
        merges::get, this);
      context.runOnContext(v -> lease.start());
    }

    @Override
    public void acquired(long epoch) {
      acquired.add(epoch);
    }

    @Override
    public void lost(String cause) {
      lost.add(cause);
    }

    @Override
    public void held(String owner, long epoch) {
      held.add(owner + " " + epoch);
    }

    <T> T on(Supplier<T> what) {
      Promise<T> p = Promise.promise();
      context.runOnContext(v -> p.complete(what.get()));
      return Await.result(p.future());
    }

    boolean decided() {
      return Await.result(lease.decided());
    }
  }

  /** A claim that holds the lease. */
  private Claim owner(Vertx vertx, String node, long ttl) {
    Claim c = new Claim(vertx, node, ttl);
    assertTrue(c.decided(), node + " holds the lease");
    return c;
  }

  /** A claim that stands by. */
  private Claim standby(Vertx vertx, String node, long ttl) {
    Claim c = new Claim(vertx, node, ttl);
    assertFalse(c.decided(), node + " stands by");
    return c;
  }

  private void pause(long ms) {
    paused.addAndGet(TimeUnit.MILLISECONDS.toNanos(ms));
  }

  @Test
  void oneClaimHoldsTheLeaseAndTheOtherStandsByNamingIt(Vertx vertx) {
    Claim a = owner(vertx, "node-a", TTL);
    Claim b = standby(vertx, "node-b", TTL);
    assertEquals("node-a", b.on(b.lease::owner));
    long epoch = a.on(a.lease::epoch);
    assertEquals(epoch, b.on(b.lease::epoch));
    assertTrue(epoch >= System.currentTimeMillis() - 60_000, "the epoch is at least the time of the claim: " + epoch);
    assertTrue(a.on(a.lease::writable));
    assertFalse(b.on(b.lease::writable));
    // the owner renews: the standby never sees a record unchanged for a whole lease.ttl, however long it waits
    b.acquired.assertNoneWithin(Duration.ofMillis(3 * TTL));
    assertTrue(a.on(a.lease::writable));
  }

  @Test
  void aPausedOwnerWritesNothingOnWakingAndAnotherTakesOverWithAHigherEpoch(Vertx vertx) {
    Claim a = owner(vertx, "node-a", TTL);
    Claim b = standby(vertx, "node-b", TTL);
    long first = a.on(a.lease::epoch);

    // a pause longer than the lease: the first thing the owner does on waking is a check before a write
    pause(3 * TTL);
    assertFalse(a.on(a.lease::writable), "a write after the pause");
    assertTrue(a.lost.next().startsWith("no renewal of the lease for 3"), "the cause says how long");
    assertFalse(a.on(a.lease::writable), "it stays fenced");

    // the standby has seen the record unchanged for the lease's time to live on its own clock: it takes over
    long second = b.acquired.next();
    assertTrue(second > first, second + " > " + first);
    assertTrue(b.on(b.lease::writable));
    assertEquals("node-b", a.held.nextMatching(h -> h.startsWith("node-b")).split(" ")[0]);
    assertEquals(second, a.on(a.lease::epoch));
  }

  /**
   * A paused owner that its cluster dropped wakes in a cluster of its own, where nobody renews its old record: it
   * claims nothing there; once its cluster manager counts more than half the nodes it knew, it may.
   */
  @Test
  void aLapsedOwnerAloneInItsPartOfTheClusterClaimsNothingUntilItIsMergedBack(Vertx vertx) {
    nodes.set(3);
    Claim a = owner(vertx, "node-a", TTL);
    Await.until("a renewal that counts the nodes", () -> a.on(a.lease::epoch) > 0 && renewed(vertx, a));
    pause(3 * TTL);
    nodes.set(1);
    assertFalse(a.on(a.lease::writable));
    a.lost.next();
    // the record it reads is its own lost claim: it names nobody, not itself
    assertEquals("null", a.held.next().split(" ")[0]);
    assertEquals(null, a.on(a.lease::owner));
    // its record stands unrenewed: anywhere else it would take it over after a lease.ttl
    a.acquired.assertNoneWithin(Duration.ofMillis(3 * TTL));
    nodes.set(2);
    assertTrue(a.acquired.next() > 0, "two of three: it is back in the larger part");
  }

  /**
   * A standby tells the holder again when its cluster grows, and once more a lease.ttl later: a node split off may read
   * the new owner's record in its own part already, where nobody else hears it; once merged back, the record is the
   * same, but the others must hear; and a node that joins registers its consumers after it has joined.
   */
  @Test
  void aStandbyNamesTheHolderAgainWhenItsClusterGrows(Vertx vertx) {
    nodes.set(3);
    Claim a = owner(vertx, "node-a", TTL);
    Claim b = standby(vertx, "node-b", TTL);
    long epoch = a.on(a.lease::epoch);
    assertEquals("node-a", b.on(b.lease::owner));
    // its own start counts as its cluster growing, from no nodes to three: the tell once more a lease.ttl later
    // comes first, and would fall into the windows below on a slow machine
    Await.until("the standby's start settled", () -> !b.on(b.lease::settling));
    java.util.List<String> told = b.held.all();
    assertEquals("node-a " + epoch, told.get(told.size() - 1), "what the start told: " + told);
    while (b.held.poll() != null) {
      // what its start told
    }
    b.held.assertNoneWithin(Duration.ofMillis(TTL / 2));
    nodes.set(1);
    b.held.assertNoneWithin(Duration.ofMillis(TTL / 2));
    nodes.set(3);
    assertEquals("node-a " + epoch, b.held.next());
    // and once more a lease.ttl later, for the consumers the nodes that joined register once they have joined
    assertEquals("node-a " + epoch, b.held.next());
    b.held.assertNoneWithin(Duration.ofMillis(2 * TTL));
    assertTrue(a.on(a.lease::writable));
  }

  /**
   * After Hazelcast's MERGED a standby tells the holder at once, and once more a lease.ttl later: until vertx-hazelcast
   * has put the node's own registrations back, Vert.x's event bus may still send the first to the consumers it saw
   * while the node was split off. Not again after that: the record renewed, unchanged otherwise, tells nothing.
   */
  @Test
  void aStandbyNamesTheHolderAfterAMergeAndOnceMoreALeaseTtlLater(Vertx vertx) {
    nodes.set(3);
    Claim a = owner(vertx, "node-a", TTL);
    Claim b = standby(vertx, "node-b", TTL);
    long epoch = a.on(a.lease::epoch);
    b.held.assertNoneWithin(Duration.ofMillis(TTL / 2));
    long merged = System.nanoTime();
    merges.incrementAndGet();
    assertEquals("node-a " + epoch, b.held.next());
    assertEquals("node-a " + epoch, b.held.next());
    long later = System.nanoTime() - merged;
    assertTrue(later >= TimeUnit.MILLISECONDS.toNanos(TTL), "a lease.ttl after the merge: "
      + TimeUnit.NANOSECONDS.toMillis(later) + " ms");
    b.held.assertNoneWithin(Duration.ofMillis(2 * TTL));
    assertTrue(a.on(a.lease::writable));
  }

  /** Whether the owner's record has been renewed at least once. */
  private static boolean renewed(Vertx vertx, Claim c) {
    AsyncMap<String, String> map = Await.result(vertx.sharedData().getAsyncMap(Lease.MAP));
    String record = Await.result(map.get("feed"));
    return record != null && !record.split(" ")[1].equals("0");
  }

  @Test
  void aRenewalThatFindsANewerRecordLosesTheLease(Vertx vertx) {
    Claim a = owner(vertx, "node-a", TTL);
    long epoch = a.on(a.lease::epoch);
    // what a merge of a split cluster does when the other part's owner took over with a higher epoch
    AsyncMap<String, String> map = Await.result(vertx.sharedData().getAsyncMap(Lease.MAP));
    Await.result(map.put("feed", (epoch + 1) + " 0 node-c token -"));
    assertEquals("another node holds the lease now", a.lost.next());
    assertFalse(a.on(a.lease::writable));
    assertEquals("node-c " + (epoch + 1), a.held.next());
  }

  @Test
  void aReleasedLeaseIsTakenAtOnceWithTheCursorItCarries(Vertx vertx) {
    long ttl = 600_000;
    Claim a = owner(vertx, "node-a", ttl);
    Claim b = standby(vertx, "node-b", ttl);
    a.on(() -> {
      a.lease.written("7:42");
      return null;
    });
    // nobody waits ten minutes: only a record given up can be taken
    Await.result(a.on(a.lease::release));
    long epoch = b.acquired.next();
    assertTrue(epoch > a.on(a.lease::epoch), "the epoch grows at every change of owner");
    assertEquals("7:42", b.on(b.lease::cursor));
    assertFalse(a.on(a.lease::writable));
    assertNotEquals(0, b.on(b.lease::timers), "it renews");
    Await.result(b.on(b.lease::release));
    assertEquals(0, b.on(b.lease::timers));
  }

  @Test
  void theMergeKeepsTheRecordOfTheHigherEpochWhicheverSideItComesFrom() {
    String stale = "100 57 node-a t1 100:5";
    String taken = "101 3 node-b t2 100:5";
    assertTrue(LeaseMergePolicy.newer(taken, stale));
    assertFalse(LeaseMergePolicy.newer(stale, taken));
    assertTrue(LeaseMergePolicy.newer("100 58 node-a t1 -", stale), "the same claim, renewed since");
    assertTrue(LeaseMergePolicy.newer(stale, "unreadable"));
    assertFalse(LeaseMergePolicy.newer("unreadable", stale));
  }

  @Test
  void outboxKeysAreOrderedByEpochThenSequence() {
    assertTrue(LeaseRecord.KEY_ORDER.compare("9:10", "10:1") < 0);
    assertTrue(LeaseRecord.KEY_ORDER.compare("10:2", "10:10") < 0);
    assertTrue(LeaseRecord.after("10:3", "10:2"));
    assertFalse(LeaseRecord.after("10:2", "10:2"));
    assertTrue(LeaseRecord.after("1:1", null));
    LeaseRecord previous = LeaseRecord.parse(Long.MAX_VALUE / 2 + " 4 node-a t 3:3");
    LeaseRecord next = LeaseRecord.claim(previous, 0, "node-b", System.currentTimeMillis());
    assertEquals(previous.epoch() + 1, next.epoch());
    assertEquals("3:3", next.cursor());
    assertEquals(next, LeaseRecord.parse(next.encode()));
  }
}
