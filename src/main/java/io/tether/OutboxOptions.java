package io.tether;

import io.tether.impl.config.Keys;
import io.vertx.core.json.JsonObject;

/**
 * The {@code outbox} group: what is held while it cannot be written, for how long, and what a full outbox does.
 */
public class OutboxOptions extends OptionGroup {

  public static final int DEFAULT_CAPACITY = 1000;
  /** Below Vert.x's default request timeout of 30 s, so that a sender hears from the outbox first. */
  public static final long DEFAULT_TTL = 25000;
  public static final OverflowPolicy DEFAULT_OVERFLOW = OverflowPolicy.REJECT;
  /** The outbox is in the memory of the node that holds the connection. */
  public static final boolean DEFAULT_CLUSTER = false;

  private int capacity = DEFAULT_CAPACITY;
  private long ttl = DEFAULT_TTL;
  private OverflowPolicy overflow = DEFAULT_OVERFLOW;
  private boolean cluster = DEFAULT_CLUSTER;

  /** The defaults. */
  public OutboxOptions() {
  }

  /** A copy. */
  public OutboxOptions(OutboxOptions other) {
    Keys.OUTBOX.copy(other, this);
  }

  /**
   * The defaults overridden by {@code json}, the group's own object ({@code {"capacity": 10}}), read strictly.
   *
   * @throws TetherConfigException on an unknown key, a wrong type or a value out of range
   */
  public OutboxOptions(JsonObject json) {
    Keys.OUTBOX.read(json, this);
  }

  @Override
  JsonObject json(boolean masked) {
    return Keys.OUTBOX.write(this, masked);
  }

  /** {@code outbox.capacity}: messages held while they cannot be written. */
  public int capacity() {
    return capacity;
  }

  public OutboxOptions setCapacity(int capacity) {
    this.capacity = Keys.OUTBOX_CAPACITY.check(capacity);
    return this;
  }

  /** {@code outbox.ttl}: ms a message may wait before it fails with {@code EXPIRED}; 0 no limit. */
  public long ttl() {
    return ttl;
  }

  public OutboxOptions setTtl(long ttl) {
    this.ttl = Keys.OUTBOX_TTL.check(ttl);
    return this;
  }

  /** {@code outbox.overflow}: what a full outbox does with a new message. */
  public OverflowPolicy overflow() {
    return overflow;
  }

  public OutboxOptions setOverflow(OverflowPolicy overflow) {
    this.overflow = Keys.OUTBOX_OVERFLOW.check(overflow);
    return this;
  }

  /**
   * {@code outbox.cluster}: with {@code singleton}, messages of {@code <address>.out} are held in the cluster until
   * written, so that the node that takes over the connection writes what its predecessor had not.
   */
  public boolean cluster() {
    return cluster;
  }

  public OutboxOptions setCluster(boolean cluster) {
    this.cluster = cluster;
    return this;
  }
}
