package io.tether;

import io.tether.impl.config.Keys;
import io.vertx.core.json.JsonObject;

/**
 * The {@code heartbeat} group: how long the client waits for a byte from the server before it declares the
 * connection dead. Only what is received counts: the client's own pings do not keep a dead peer alive.
 */
public class HeartbeatOptions extends OptionGroup {

  /** {@code heartbeat.timeout} of -1: three ping intervals (no timeout when pings are off). */
  public static final long DEFAULT_TIMEOUT = -1;

  private long timeout = DEFAULT_TIMEOUT;

  /** The defaults. */
  public HeartbeatOptions() {
  }

  /** A copy. */
  public HeartbeatOptions(HeartbeatOptions other) {
    Keys.HEARTBEAT.copy(other, this);
  }

  /**
   * The defaults overridden by {@code json}, the group's own object ({@code {"timeout": 6000}}), read strictly.
   *
   * @throws TetherConfigException on an unknown key, a wrong type or a value out of range
   */
  public HeartbeatOptions(JsonObject json) {
    Keys.HEARTBEAT.read(json, this);
  }

  @Override
  JsonObject json(boolean masked) {
    return Keys.HEARTBEAT.write(this, masked);
  }

  /** {@code heartbeat.timeout}: ms without a byte received; 0 off, -1 three ping intervals. */
  public long timeout() {
    return timeout;
  }

  public HeartbeatOptions setTimeout(long timeout) {
    this.timeout = Keys.HEARTBEAT_TIMEOUT.check(timeout);
    return this;
  }

  /** The timeout in force with pings every {@code pingInterval} ms: three intervals for -1; 0 when off. */
  public long effectiveTimeout(long pingInterval) {
    return timeout == -1 ? 3 * pingInterval : timeout;
  }
}
