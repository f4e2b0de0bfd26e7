package io.tether;

import io.tether.impl.config.Keys;
import io.vertx.core.json.JsonObject;

/**
 * The {@code reconnect} group: the backoff between connect attempts. The n-th retry waits
 * {@code min(maxDelay, initialDelay * multiplier^(n-1))}, spread by {@code jitter}, never past {@code maxDelay}.
 */
public class ReconnectOptions extends OptionGroup {

  public static final long DEFAULT_INITIAL_DELAY = 500;
  public static final long DEFAULT_MAX_DELAY = 30000;
  public static final double DEFAULT_MULTIPLIER = 2.0;
  public static final double DEFAULT_JITTER = 0.2;
  /** Retry forever. */
  public static final int DEFAULT_MAX_ATTEMPTS = -1;
  public static final boolean DEFAULT_EXIT_ON_GIVE_UP = false;

  private long initialDelay = DEFAULT_INITIAL_DELAY;
  private long maxDelay = DEFAULT_MAX_DELAY;
  private double multiplier = DEFAULT_MULTIPLIER;
  private double jitter = DEFAULT_JITTER;
  private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
  private boolean exitOnGiveUp = DEFAULT_EXIT_ON_GIVE_UP;

  /** The defaults. */
  public ReconnectOptions() {
  }

  /** A copy. */
  public ReconnectOptions(ReconnectOptions other) {
    Keys.RECONNECT.copy(other, this);
  }

  /**
   * The defaults overridden by {@code json}, the group's own object ({@code {"maxDelay": 5000}}), read strictly.
   *
   * @throws TetherConfigException on an unknown key, a wrong type, a value out of range, or a {@code maxDelay}
   *                               below {@code initialDelay}
   */
  public ReconnectOptions(JsonObject json) {
    Keys.RECONNECT.read(json, this);
  }

  @Override
  JsonObject json(boolean masked) {
    return Keys.RECONNECT.write(this, masked);
  }

  /** {@code reconnect.initialDelay}: ms before the first retry. */
  public long initialDelay() {
    return initialDelay;
  }

  public ReconnectOptions setInitialDelay(long initialDelay) {
    this.initialDelay = Keys.RECONNECT_INITIAL_DELAY.check(initialDelay);
    return this;
  }

  /** {@code reconnect.maxDelay}: ms, the cap of the backoff. */
  public long maxDelay() {
    return maxDelay;
  }

  public ReconnectOptions setMaxDelay(long maxDelay) {
    this.maxDelay = Keys.RECONNECT_MAX_DELAY.check(maxDelay);
    return this;
  }

  /** {@code reconnect.multiplier}: the growth of the backoff, at least 1. */
  public double multiplier() {
    return multiplier;
  }

  public ReconnectOptions setMultiplier(double multiplier) {
    this.multiplier = Keys.RECONNECT_MULTIPLIER.check(multiplier);
    return this;
  }

  /** {@code reconnect.jitter}: 0 to 1, the fraction by which each delay is spread at random. */
  public double jitter() {
    return jitter;
  }

  public ReconnectOptions setJitter(double jitter) {
    this.jitter = Keys.RECONNECT_JITTER.check(jitter);
    return this;
  }

  /** {@code reconnect.maxAttempts}: retries in a row before giving up; -1 forever, 0 never reconnect. */
  public int maxAttempts() {
    return maxAttempts;
  }

  public ReconnectOptions setMaxAttempts(int maxAttempts) {
    this.maxAttempts = Keys.RECONNECT_MAX_ATTEMPTS.check(maxAttempts);
    return this;
  }

  /**
   * {@code reconnect.exitOnGiveUp}: once the client has given up ({@code GAVE_UP}), the process exits with
   * {@link ClientVerticle#EXIT_GAVE_UP}, so that systemd or Kubernetes restarts it or reports it.
   */
  public boolean exitOnGiveUp() {
    return exitOnGiveUp;
  }

  public ReconnectOptions setExitOnGiveUp(boolean exitOnGiveUp) {
    this.exitOnGiveUp = Keys.RECONNECT_EXIT_ON_GIVE_UP.check(exitOnGiveUp);
    return this;
  }
}
