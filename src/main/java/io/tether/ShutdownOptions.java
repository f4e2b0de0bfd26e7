package io.tether;

import io.tether.impl.config.Keys;
import io.vertx.core.json.JsonObject;

/**
 * The {@code shutdown} group: what an undeploy does with what is still queued.
 */
public class ShutdownOptions extends OptionGroup {

  public static final long DEFAULT_DRAIN_TIMEOUT = 2000;

  private long drainTimeout = DEFAULT_DRAIN_TIMEOUT;

  /** The defaults. */
  public ShutdownOptions() {
  }

  /** A copy. */
  public ShutdownOptions(ShutdownOptions other) {
    Keys.SHUTDOWN.copy(other, this);
  }

  /**
   * The defaults overridden by {@code json}, the group's own object ({@code {"drainTimeout": 500}}), read strictly.
   *
   * @throws TetherConfigException on an unknown key, a wrong type or a value out of range
   */
  public ShutdownOptions(JsonObject json) {
    Keys.SHUTDOWN.read(json, this);
  }

  @Override
  JsonObject json(boolean masked) {
    return Keys.SHUTDOWN.write(this, masked);
  }

  /** {@code shutdown.drainTimeout}: ms an undeploy spends writing what is queued before it gives the rest up. */
  public long drainTimeout() {
    return drainTimeout;
  }

  public ShutdownOptions setDrainTimeout(long drainTimeout) {
    this.drainTimeout = Keys.SHUTDOWN_DRAIN_TIMEOUT.check(drainTimeout);
    return this;
  }
}
