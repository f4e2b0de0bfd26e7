package io.tether;

import io.tether.impl.config.Keys;
import io.vertx.core.json.JsonObject;

/**
 * The {@code config} group: how the client's own configuration is watched while it runs.
 */
public class ConfigOptions extends OptionGroup {

  /** The file is never read again. */
  public static final long DEFAULT_SCAN_PERIOD = 0;

  private long scanPeriod = DEFAULT_SCAN_PERIOD;

  /** The defaults. */
  public ConfigOptions() {
  }

  /** A copy. */
  public ConfigOptions(ConfigOptions other) {
    Keys.CONFIG.copy(other, this);
  }

  /**
   * The defaults overridden by {@code json}, the group's own object ({@code {"scanPeriod": 1000}}), read strictly.
   *
   * @throws TetherConfigException on an unknown key, a wrong type or a value out of range
   */
  public ConfigOptions(JsonObject json) {
    Keys.CONFIG.read(json, this);
  }

  @Override
  JsonObject json(boolean masked) {
    return Keys.CONFIG.write(this, masked);
  }

  /**
   * {@code config.scanPeriod}: ms between reads of the config file ({@code TETHER_CONF}) for changes applied while
   * running; 0 never.
   */
  public long scanPeriod() {
    return scanPeriod;
  }

  public ConfigOptions setScanPeriod(long scanPeriod) {
    this.scanPeriod = Keys.CONFIG_SCAN_PERIOD.check(scanPeriod);
    return this;
  }
}
