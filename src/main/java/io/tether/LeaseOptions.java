package io.tether;

import io.tether.impl.config.Keys;
import io.vertx.core.json.JsonObject;

/**
 * The {@code lease} group: how long a {@code singleton} client's claim on the connection lasts without a renewal.
 * The owner renews every third of it; an owner that could not renew within it (a pause, a split of the cluster)
 * closes its connection before it writes anything more, and another node takes over only once it has seen the
 * claim unchanged for as long.
 */
public class LeaseOptions extends OptionGroup {

  public static final long DEFAULT_TTL = 5000;

  private long ttl = DEFAULT_TTL;

  /** The defaults. */
  public LeaseOptions() {
  }

  /** A copy. */
  public LeaseOptions(LeaseOptions other) {
    Keys.LEASE.copy(other, this);
  }

  /**
   * The defaults overridden by {@code json}, the group's own object ({@code {"ttl": 2000}}), read strictly.
   *
   * @throws TetherConfigException on an unknown key, a wrong type or a value out of range
   */
  public LeaseOptions(JsonObject json) {
    Keys.LEASE.read(json, this);
  }

  @Override
  JsonObject json(boolean masked) {
    return Keys.LEASE.write(this, masked);
  }

  /** {@code lease.ttl}: ms a claim lasts without a renewal. */
  public long ttl() {
    return ttl;
  }

  public LeaseOptions setTtl(long ttl) {
    this.ttl = Keys.LEASE_TTL.check(ttl);
    return this;
  }
}
