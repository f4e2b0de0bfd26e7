package io.tether.impl.cluster;

import java.util.Comparator;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The cluster's record of who holds a connection, as one string in the map {@link Lease#MAP} under the client's
 * address: {@code EPOCH VERSION HOLDER TOKEN CURSOR}.
 * <ul>
 *   <li>{@code EPOCH} grows at every change of holder;</li>
 *   <li>{@code VERSION} at every renewal, so that the other nodes see that the holder is alive;</li>
 *   <li>{@code HOLDER} is the holder's {@link NodeId} and {@code TOKEN} tells its claims apart; both are {@code -} in
 *   a record that was given up;</li>
 *   <li>{@code CURSOR} is the key of the last message of the cluster's outbox written to the server ({@code -}: none),
 *   so that a copy of a message that a merge of the cluster brings back is never written again.</li>
 * </ul>
 * A string compares equal by value in the cluster manager's compare-and-set, and a merge policy can read it without
 * Tether's classes beyond this one.
 */
record LeaseRecord(long epoch, long version, String holder, String token, String cursor) {

  private static final String NONE = "-";

  /** Outbox keys ({@code EPOCH:SEQ}) in the order they were taken: by epoch, then by sequence. */
  static final Comparator<String> KEY_ORDER = Comparator.comparingLong((String k) -> part(k, 0))
    .thenComparingLong(k -> part(k, 1));

  /** The record in the map, or null for none or one that cannot be read. */
  static LeaseRecord parse(String s) {
    if (s == null) {
      return null;
    }
    String[] f = s.split(" ");
    if (f.length != 5) {
      return null;
    }
    try {
      return new LeaseRecord(Long.parseLong(f[0]), Long.parseLong(f[1]), f[2], f[3], f[4]);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** A claim by {@code node} after {@code previous} (null: none), with an epoch above any seen so far. */
  static LeaseRecord claim(LeaseRecord previous, long highestSeen, String node, long nowMs) {
    long epoch = Math.max(Math.max(previous == null ? 0 : previous.epoch, highestSeen) + 1, nowMs);
    String token = Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1);
    return new LeaseRecord(epoch, 0, node, token, previous == null ? NONE : previous.cursor);
  }

  String encode() {
    return epoch + " " + version + " " + holder + " " + token + " " + cursor;
  }

  /** The next renewal of this claim, with the outbox's cursor now ({@code null}: unchanged). */
  LeaseRecord renewed(String newCursor) {
    return new LeaseRecord(epoch, version + 1, holder, token, newCursor == null ? cursor : newCursor);
  }

  /** The claim given up: anyone may take it at once; the epoch and the cursor stay. */
  LeaseRecord released(String newCursor) {
    return new LeaseRecord(epoch, version + 1, NONE, NONE, newCursor == null ? cursor : newCursor);
  }

  boolean isReleased() {
    return NONE.equals(holder);
  }

  /** The holder's node, or null when the record was given up. */
  String holderOrNull() {
    return isReleased() ? null : holder;
  }

  /** The cursor, or null for none. */
  String cursorOrNull() {
    return NONE.equals(cursor) ? null : cursor;
  }

  /** Whether an outbox key comes after {@code cursor} (null: every key does). */
  static boolean after(String key, String cursor) {
    return cursor == null || KEY_ORDER.compare(key, cursor) > 0;
  }

  private static long part(String key, int i) {
    int colon = key.indexOf(':');
    try {
      return Long.parseLong(i == 0 ? key.substring(0, colon) : key.substring(colon + 1));
    } catch (RuntimeException e) {
      return -1;
    }
  }
}
