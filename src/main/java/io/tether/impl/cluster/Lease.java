package io.tether.impl.cluster;

import io.tether.impl.Logs;
import io.tether.impl.connection.Fence;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.AsyncMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * One {@code singleton} client's claim on its connection: a lease with a time to live, not a lock. Its record
 * ({@link LeaseRecord}) sits in the cluster-wide map {@link #MAP} under the client's address, through the cluster
 * manager's {@code SharedData} (Hazelcast's {@code IMap}, with a backup; a local map without a cluster).
 * <p>
 * <b>The owner</b> renews its record every third of {@code lease.ttl} with a compare-and-set, and trusts its claim
 * for {@link #TRUST} of {@code lease.ttl} from the moment it asked for the last renewal that succeeded, on its own
 * monotonic clock. {@link #writable()} checks that clock: the way out asks before every write batch, so an owner that
 * wakes from a pause (a GC, SIGSTOP) or could not reach the cluster in time writes nothing more, whatever its timers
 * say; it tells its listener {@link Listener#lost}, which closes the connection, and stands by again. A renewal that
 * finds another record (another node took over, or a merge of the cluster brought back a newer one) loses the claim
 * the same way.
 * <p>
 * <b>The others</b> read the record every tenth of {@code lease.ttl} (at most every 500 ms). A record they have seen unchanged for a whole
 * {@code lease.ttl} on their own clock belongs to an owner that is dead or fenced: the renewals it asked for before
 * then are older still, so its trust ran out first. They take it over with a compare-and-set, with a higher epoch. A
 * record given up on purpose ({@link #release()}) is taken at once.
 * <p>
 * <b>A node cut off from its cluster</b> (a pause longer than Hazelcast's member timeout splits it off) is a
 * cluster of its own until Hazelcast merges it back, and sees only its own part of the cluster's data, where nobody
 * renews its old record: it must not claim there, while the node that took over holds the connection. After a
 * lapse it therefore claims again only once it has waited {@code lease.ttl} and its cluster manager counts more than
 * half of the nodes it counted at its last renewal ({@link ClusterView}): once merged back, it sees the newer
 * owner's record, which the merge keeps ({@link LeaseMergePolicy}). A node whose part of the network is cut off
 * without a pause cannot tell, and keeps renewing in its part: see the README's failure model.
 * <p>
 * <b>The epoch</b> of a claim is above the epoch of the record it replaces and at least the wall-clock time of the
 * claim in ms, so that it also grows across a restart of the whole cluster; a server can refuse an older owner with
 * {@code ${epoch}} in a handshake step.
 * <p>
 * Everything runs on the context of the client that claims.
 */
public final class Lease implements Fence {

  /** The cluster-wide map of the records, one per address. */
  public static final String MAP = "io.tether.lease";
  /** The part of {@code lease.ttl} an owner trusts its last renewal for: the rest allows for clocks that drift. */
  static final double TRUST = 0.9;

  private static final Logger log = LoggerFactory.getLogger(Logs.CLIENT);

  /** What a claim tells its client, on the client's context. */
  public interface Listener {
    /** The claim holds the lease from now on, with this epoch: connect. */
    void acquired(long epoch);

    /** The claim was lost (the fence is already closed): close the connection, writing nothing more. */
    void lost(String cause);

    /**
     * The record seen while standing by changed, or the cluster did (it grew, or merged this node back: the others may
     * have missed what it said): held by {@code owner} (null: nobody) with {@code epoch}.
     */
    void held(String owner, long epoch);
  }

  private enum Phase { STANDING_BY, OWNING, RELEASED }

  private final Vertx vertx;
  private final Context context;
  private final String address;
  private final String node;
  private final long ttlNanos;
  private final long trustNanos;
  private final long pollMs;
  private final long renewMs;
  private final LongSupplier clock;
  /** How many nodes the cluster manager counts now; null without a cluster. */
  private final IntSupplier nodes;
  /** How many times the cluster merged this node back (ClusterView.merges); null if it cannot tell. */
  private final IntSupplier merges;
  private final Listener listener;
  private final Promise<Boolean> decided = Promise.promise();

  private AsyncMap<String, String> map;
  private Phase phase = Phase.STANDING_BY;
  /** While owning: the record as last written. */
  private LeaseRecord mine;
  /** While owning: whether the client was told (a claim is trusted before it is announced). */
  private boolean announced;
  /** While owning: the end of the trust, on {@link #clock}. */
  private long trustedUntil;
  /** While standing by: the record last seen, and when it was first seen as it is. */
  private LeaseRecord seen;
  private long seenAt;
  private boolean told;
  /** The nodes counted when the holder was last read: a standby tells the holder again when the count grows. */
  private int toldNodes;
  /** The merges counted when the holder was last read: a standby tells the holder again after each merge. */
  private int toldMerges;
  /** After a merge or a join: when a standby tells the holder once more, on {@link #clock}; see {@link #observe}. */
  private long settledAt;
  private boolean settling;
  private long highest;
  /** The epoch of the claim this lease held last and lost, or -1. */
  private long lostEpoch = -1;
  /** No claim before this time, on {@link #clock}: after a lapse, the time to be merged back. */
  private long notBefore;
  /** The nodes counted at the last renewal; after a lapse, more than half of them are needed to claim again. */
  private int knownNodes;
  /** After a lapse: the nodes the cluster manager must count before a claim; 0 for no such rule. */
  private int quorum;
  /** The key of the last message of the cluster's outbox written, for the next renewal; null: none new. */
  private String cursor;
  private boolean busy;
  private long timer = -1;

  Lease(Vertx vertx, Context context, String address, String node, long ttlMs, LongSupplier clock,
        IntSupplier nodes, Listener listener) {
    this(vertx, context, address, node, ttlMs, clock, nodes, null, listener);
  }

  Lease(Vertx vertx, Context context, String address, String node, long ttlMs, LongSupplier clock,
        IntSupplier nodes, IntSupplier merges, Listener listener) {
    this.vertx = vertx;
    this.context = context;
    this.address = address;
    this.node = node;
    this.ttlNanos = TimeUnit.MILLISECONDS.toNanos(ttlMs);
    this.trustNanos = (long) (ttlNanos * TRUST);
    this.pollMs = Math.max(20, Math.min(500, ttlMs / 10));
    this.renewMs = Math.max(10, ttlMs / 3);
    this.clock = clock;
    this.nodes = nodes;
    this.merges = merges;
    this.listener = listener;
    this.notBefore = clock.getAsLong();
  }

  /**
   * Claims the connection of {@code address} for the client on whose context this is called; {@link #decided()}
   * says whether it holds the lease or stands by.
   */
  public static Lease claim(Vertx vertx, String address, long ttlMs, Listener listener) {
    Lease lease = new Lease(vertx, vertx.getOrCreateContext(), address, NodeId.of(vertx), ttlMs, System::nanoTime,
      ClusterView.nodes(vertx), ClusterView.merges(vertx), listener);
    lease.start();
    return lease;
  }

  void start() {
    vertx.sharedData().<String, String>getAsyncMap(MAP).onComplete(ar -> {
      if (ar.failed()) {
        log.warn("Cannot reach the cluster's map {}: {}; standing by", MAP, ar.cause().getMessage());
        decided.tryComplete(false);
        schedule(pollMs);
        return;
      }
      map = ar.result();
      poll();
    });
  }

  /** Completes with {@code true} once the claim holds the lease, or {@code false} once it stands by. */
  public Future<Boolean> decided() {
    return decided.future();
  }

  /** This node's name, as in the {@code owner} of status events and stats. */
  public String node() {
    return node;
  }

  /** The epoch of the claim while it holds the lease, else of the record last seen, else the highest seen. */
  public long epoch() {
    return phase == Phase.OWNING ? mine.epoch() : seen == null ? highest : seen.epoch();
  }

  /** Whether a standby is still to tell the holder once more, a lease.ttl after its cluster grew or merged. */
  boolean settling() {
    return settling;
  }

  /** The holder's node: this one while owning, else the holder last seen (null: nobody). */
  public String owner() {
    return phase == Phase.OWNING ? node : holder(seen);
  }

  /**
   * The key of the last message of the cluster's outbox that an owner wrote, as the record held when this claim took
   * it over and as this owner moved it since; null for none.
   */
  public String cursor() {
    return cursor != null ? cursor : mine == null ? null : mine.cursorOrNull();
  }

  /** The cluster's outbox wrote the message of this key: the next renewal carries it. */
  public void written(String key) {
    cursor = key;
  }

  @Override
  public boolean writable() {
    if (phase != Phase.OWNING || !announced) {
      return false;
    }
    long late = clock.getAsLong() - trustedUntil;
    if (late < 0) {
      return true;
    }
    lapse("no renewal of the lease for " + TimeUnit.NANOSECONDS.toMillis(late + trustNanos)
      + " ms (lease.ttl " + TimeUnit.NANOSECONDS.toMillis(ttlNanos) + ")");
    return false;
  }

  /** Gives the lease up, for the next claim to take at once; or stops standing by. */
  public Future<Void> release() {
    Phase was = phase;
    phase = Phase.RELEASED;
    cancel();
    if (was != Phase.OWNING || map == null) {
      return Future.succeededFuture();
    }
    LeaseRecord given = mine.released(cursor);
    return map.replaceIfPresent(address, mine.encode(), given.encode())
      .otherwise(false)
      .mapEmpty();
  }

  /**
   * Gives the lease up and stands by again, leaving the others one {@code lease.ttl} to take it first: the owner could
   * not start its connection.
   */
  public void resign() {
    if (phase != Phase.OWNING) {
      return;
    }
    LeaseRecord given = mine.released(cursor);
    map.replaceIfPresent(address, mine.encode(), given.encode());
    notBefore = clock.getAsLong() + ttlNanos;
    phase = Phase.STANDING_BY;
    mine = null;
    cursor = null;
    schedule(pollMs);
  }

  // ---- standing by

  private void poll() {
    if (phase != Phase.STANDING_BY || busy) {
      return;
    }
    busy = true;
    map.get(address).onComplete(ar -> {
      busy = false;
      if (phase != Phase.STANDING_BY) {
        return;
      }
      if (ar.failed()) {
        failedOp("read", ar.cause());
        return;
      }
      long now = clock.getAsLong();
      LeaseRecord r = LeaseRecord.parse(ar.result());
      if (ar.result() != null && r == null) {
        log.warn("The record of {} in {} cannot be read: {}", address, MAP, ar.result());
      }
      observe(r, now);
      boolean mayClaim = now - notBefore >= 0 && (quorum == 0 || nodes.getAsInt() >= quorum);
      if (mayClaim && r == null) {
        take(null, ar.result());
      } else if (mayClaim && (r.isReleased() || now - seenAt >= ttlNanos)) {
        take(r, ar.result());
      } else {
        standBy();
      }
    });
  }

  private void observe(LeaseRecord r, long now) {
    if (r != null) {
      highest = Math.max(highest, r.epoch());
    }
    boolean changed = seen == null ? r != null : !seen.equals(r);
    // A standby tells the holder again when its cluster grows, and after a merge: a node that joined, or the cluster
    // that a merge brought this node back into, missed what it said before. A node split off tells its part alone, and
    // there it may already read the new owner's record (from the backups it received until it froze), or read it
    // right after the join, before Hazelcast's MERGED, when Vert.x still sends to this node's own consumers alone.
    // MERGED is not the end of that either: Vert.x's event bus keeps sending to the consumers of an address it saw
    // while split off until the cluster's registrations for that address change, which they do once vertx-hazelcast,
    // on MERGED, has put this node's own registrations back, in the background (20 to 60 ms later, measured), and
    // nothing here sees when. The tell at the first read after MERGED may come first: a standby tells once more at
    // the first read a lease.ttl after each merge. So it does after the cluster grows: a node that joins registers
    // its consumers only once it has joined.
    int count = nodes == null ? 0 : nodes.getAsInt();
    int merged = merges == null ? 0 : merges.getAsInt();
    boolean again = count > toldNodes || merged != toldMerges;
    if (again) {
      settling = true;
      settledAt = now + ttlNanos;
    } else if (settling && now - settledAt >= 0) {
      settling = false;
      again = true;
    }
    toldNodes = count;
    toldMerges = merged;
    if (changed || !told) {
      String before = holder(seen);
      long epochBefore = seen == null ? -1 : seen.epoch();
      seen = r;
      seenAt = now;
      String owner = holder(r);
      long epoch = r == null ? 0 : r.epoch();
      if (!told || again || !Objects.equals(before, owner) || epochBefore != epoch) {
        told = true;
        if (decided.future().isComplete()) {
          listener.held(owner, epoch);
        }
      }
    } else if (again && decided.future().isComplete()) {
      listener.held(holder(r), r == null ? 0 : r.epoch());
    }
  }

  /**
   * Who holds the connection by record {@code r}: nobody for no record, one given up, or the claim this lease lost
   * itself (read where nobody took it over yet: in its own part of a split cluster), which no node uses.
   */
  private String holder(LeaseRecord r) {
    if (r == null || r.epoch() == lostEpoch && node.equals(r.holderOrNull())) {
      return null;
    }
    return r.holderOrNull();
  }

  /** Nothing to take now: says so once, and reads again later. */
  private void standBy() {
    decided.tryComplete(false);
    schedule(pollMs);
  }

  private void take(LeaseRecord previous, String previousText) {
    LeaseRecord claim = LeaseRecord.claim(previous, highest, node, System.currentTimeMillis());
    long asked = clock.getAsLong();
    busy = true;
    Future<Boolean> taken = previous == null
      ? map.putIfAbsent(address, claim.encode()).map(v -> v == null)
      : map.replaceIfPresent(address, previousText, claim.encode());
    taken.onComplete(ar -> {
      busy = false;
      if (phase != Phase.STANDING_BY) {
        if (ar.succeeded() && ar.result()) {
          // released meanwhile: give it back
          map.replaceIfPresent(address, claim.encode(), claim.released(null).encode());
        }
        return;
      }
      if (ar.failed()) {
        failedOp("claim", ar.cause());
        return;
      }
      if (!ar.result()) {
        // another node was faster
        schedule(1);
        return;
      }
      phase = Phase.OWNING;
      announced = false;
      quorum = 0;
      mine = claim;
      cursor = null;
      highest = claim.epoch();
      trustedUntil = asked + trustNanos;
      seen = null;
      told = false;
      settling = false;
      confirm();
    });
  }

  /**
   * A claim that took longer than its trust to land (the record's partition was on a member that froze, until the
   * cluster dropped it) is renewed first: the client connects only once it can trust the claim.
   */
  private void confirm() {
    if (clock.getAsLong() - trustedUntil >= 0) {
      renew();
      return;
    }
    announced = true;
    countNodes();
    schedule(renewMs);
    if (!decided.tryComplete(true)) {
      listener.acquired(mine.epoch());
    }
  }

  // ---- owning

  private void renew() {
    if (phase != Phase.OWNING || announced && !writable()) {
      return;
    }
    if (busy) {
      schedule(renewMs);
      return;
    }
    LeaseRecord current = mine;
    LeaseRecord next = current.renewed(cursor);
    long asked = clock.getAsLong();
    busy = true;
    map.replaceIfPresent(address, current.encode(), next.encode()).onComplete(ar -> {
      busy = false;
      if (phase != Phase.OWNING || mine != current) {
        if (phase == Phase.STANDING_BY) {
          if (ar.succeeded() && ar.result()) {
            // it lapsed while this renewal was under way: give it up rather than keep the others waiting
            map.replaceIfPresent(address, next.encode(), next.released(null).encode());
          }
          schedule(pollMs);
        }
        return;
      }
      if (ar.failed()) {
        log.debug("Cannot renew the lease of {}: {}", address, ar.cause().getMessage());
      } else if (ar.result()) {
        mine = next;
        trustedUntil = asked + trustNanos;
        countNodes();
        if (!announced) {
          confirm();
          return;
        }
      } else {
        lose("another node holds the lease now");
        return;
      }
      schedule(renewMs);
    });
  }

  private void countNodes() {
    if (nodes != null) {
      knownNodes = nodes.getAsInt();
    }
  }

  private void lapse(String cause) {
    // not alone in a part of the cluster split off from the rest: wait to be merged back
    notBefore = clock.getAsLong() + ttlNanos;
    if (nodes != null && knownNodes > 1) {
      quorum = knownNodes / 2 + 1;
      log.info("The lease of {} lapsed: this node claims it again only once it counts {} of the {} nodes of its"
        + " cluster (now {})", address, quorum, knownNodes, nodes.getAsInt());
    }
    lose(cause);
  }

  private void lose(String cause) {
    if (phase != Phase.OWNING) {
      return;
    }
    phase = Phase.STANDING_BY;
    lostEpoch = mine.epoch();
    mine = null;
    cursor = null;
    cancel();
    if (!announced) {
      // the client never knew it had it
      schedule(pollMs);
      return;
    }
    context.runOnContext(v -> {
      if (phase == Phase.RELEASED) {
        return;
      }
      listener.lost(cause);
      poll();
    });
  }

  // ---- timers

  private void schedule(long delayMs) {
    cancel();
    if (phase == Phase.RELEASED) {
      return;
    }
    timer = vertx.setTimer(Math.max(1, delayMs), id -> {
      timer = -1;
      if (phase == Phase.OWNING) {
        renew();
      } else if (map == null) {
        start();
      } else {
        poll();
      }
    });
  }

  private void cancel() {
    if (timer != -1) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }

  private void failedOp(String what, Throwable cause) {
    log.debug("Cannot {} the lease of {}: {}", what, address, cause.getMessage());
    standBy();
  }

  /** Pending timers of this claim, for the stats. */
  public int timers() {
    return timer == -1 ? 0 : 1;
  }
}
