package io.tether;

import io.tether.impl.config.Keys;
import io.vertx.core.json.JsonObject;

/**
 * The {@code health} group: readiness and liveness on {@code /health/ready} and {@code /health/live} of the metrics
 * server ({@link MetricsOptions}), and on the event bus.
 */
public class HealthOptions extends OptionGroup {

  public static final boolean DEFAULT_ENABLED = false;

  private boolean enabled = DEFAULT_ENABLED;

  /** The defaults. */
  public HealthOptions() {
  }

  /** A copy. */
  public HealthOptions(HealthOptions other) {
    Keys.HEALTH.copy(other, this);
  }

  /**
   * The defaults overridden by {@code json}, the group's own object ({@code {"enabled": true}}), read strictly.
   *
   * @throws TetherConfigException on an unknown key or a wrong type
   */
  public HealthOptions(JsonObject json) {
    Keys.HEALTH.read(json, this);
  }

  @Override
  JsonObject json(boolean masked) {
    return Keys.HEALTH.write(this, masked);
  }

  /** {@code health.enabled}. */
  public boolean enabled() {
    return enabled;
  }

  public HealthOptions setEnabled(boolean enabled) {
    this.enabled = enabled;
    return this;
  }
}
