package io.tether.impl.connection;

import io.tether.ReconnectOptions;
import io.tether.TetherOptions;

import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with a cap and jitter: the n-th retry waits
 * {@code min(maxDelay, initialDelay * multiplier^(n-1)) * (1 ± jitter)}, never more than {@code maxDelay}.
 */
public final class Backoff {

  private final long initialDelay;
  private final long maxDelay;
  private final double multiplier;
  private final double jitter;
  private final DoubleSupplier random;

  /** The backoff of the {@code reconnect} group. */
  public Backoff(ReconnectOptions reconnect, DoubleSupplier random) {
    this(reconnect.initialDelay(), reconnect.maxDelay(), reconnect.multiplier(), reconnect.jitter(), random);
  }

  public Backoff(long initialDelay, long maxDelay, double multiplier, double jitter, DoubleSupplier random) {
    this.initialDelay = initialDelay;
    this.maxDelay = maxDelay;
    this.multiplier = multiplier;
    this.jitter = jitter;
    this.random = random;
  }

  /** The delay before retry number {@code attempt} (1 for the first retry), in ms. */
  public long delay(int attempt) {
    double base = initialDelay * Math.pow(multiplier, Math.max(0, attempt - 1));
    base = Math.min(base, maxDelay);
    double spread = base * jitter * (2 * random.getAsDouble() - 1);
    return Math.max(0, Math.min(maxDelay, Math.round(base + spread)));
  }
}
