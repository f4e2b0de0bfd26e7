package io.tether;

import io.tether.impl.config.Keys;
import io.vertx.core.json.JsonObject;

/**
 * The {@code metrics} group: Tether's meters for a client, served as {@code GET /metrics} on
 * {@code metrics.host:metrics.port}; the health endpoints ({@link HealthOptions}) share that server.
 * <p>
 * Not Vert.x's {@code io.vertx.core.metrics.MetricsOptions}, which configures the metrics of a Vert.x instance; this
 * one is a group of a client's {@link TetherOptions}.
 */
public class MetricsOptions extends OptionGroup {

  public static final boolean DEFAULT_ENABLED = false;
  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 9464;

  private boolean enabled = DEFAULT_ENABLED;
  private String host = DEFAULT_HOST;
  private int port = DEFAULT_PORT;

  /** The defaults. */
  public MetricsOptions() {
  }

  /** A copy. */
  public MetricsOptions(MetricsOptions other) {
    Keys.METRICS.copy(other, this);
  }

  /**
   * The defaults overridden by {@code json}, the group's own object ({@code {"enabled": true}}), read strictly.
   *
   * @throws TetherConfigException on an unknown key, a wrong type or a value out of range
   */
  public MetricsOptions(JsonObject json) {
    Keys.METRICS.read(json, this);
  }

  @Override
  JsonObject json(boolean masked) {
    return Keys.METRICS.write(this, masked);
  }

  /** {@code metrics.enabled}. */
  public boolean enabled() {
    return enabled;
  }

  public MetricsOptions setEnabled(boolean enabled) {
    this.enabled = enabled;
    return this;
  }

  /** {@code metrics.host}: where the metrics and health server listens. */
  public String host() {
    return host;
  }

  public MetricsOptions setHost(String host) {
    this.host = Keys.METRICS_HOST.check(host);
    return this;
  }

  /** {@code metrics.port}: its port; 0 takes a free one. */
  public int port() {
    return port;
  }

  public MetricsOptions setPort(int port) {
    this.port = Keys.METRICS_PORT.check(port);
    return this;
  }
}
