package io.tether;

import io.tether.impl.config.Keys;
import io.vertx.core.json.JsonObject;

/**
 * The {@code delivery} group: how inbound frames reach the event bus (published, or sent as requests with
 * back-pressure), how many go in one message, and with which headers.
 * <p>
 * It is not called {@code DeliveryOptions}: that is Vert.x's {@link io.vertx.core.eventbus.DeliveryOptions}, which
 * any code that sends to a client imports. {@link TetherOptions#delivery()} returns it, under the JSON's name.
 */
public class InboundOptions extends OptionGroup {

  public static final DeliveryMode DEFAULT_MODE = DeliveryMode.PUBLISH;
  public static final int DEFAULT_WINDOW = 256;
  /** A message per frame. */
  public static final int DEFAULT_BATCH = 1;
  public static final boolean DEFAULT_HEADERS = true;

  private DeliveryMode mode = DEFAULT_MODE;
  private int window = DEFAULT_WINDOW;
  private int batch = DEFAULT_BATCH;
  private boolean headers = DEFAULT_HEADERS;

  /** The defaults. */
  public InboundOptions() {
  }

  /** A copy. */
  public InboundOptions(InboundOptions other) {
    Keys.DELIVERY.copy(other, this);
  }

  /**
   * The defaults overridden by {@code json}, the group's own object ({@code {"mode": "request"}}), read strictly.
   *
   * @throws TetherConfigException on an unknown key, a wrong type or a value out of range
   */
  public InboundOptions(JsonObject json) {
    Keys.DELIVERY.read(json, this);
  }

  @Override
  JsonObject json(boolean masked) {
    return Keys.DELIVERY.write(this, masked);
  }

  /** {@code delivery.mode}. */
  public DeliveryMode mode() {
    return mode;
  }

  public InboundOptions setMode(DeliveryMode mode) {
    this.mode = Keys.DELIVERY_MODE.check(mode);
    return this;
  }

  /** {@code delivery.window}: in {@code request} mode, frames that may be unanswered before the client stops reading. */
  public int window() {
    return window;
  }

  public InboundOptions setWindow(int window) {
    this.window = Keys.DELIVERY_WINDOW.check(window);
    return this;
  }

  /** {@code delivery.batch}: up to this many frames in one message, flushed at the end of each read. */
  public int batch() {
    return batch;
  }

  public InboundOptions setBatch(int batch) {
    this.batch = Keys.DELIVERY_BATCH.check(batch);
    return this;
  }

  /** {@code delivery.headers}: whether inbound messages carry the {@code connection}, {@code seq} (and {@code frames}) headers. */
  public boolean headers() {
    return headers;
  }

  public InboundOptions setHeaders(boolean headers) {
    this.headers = headers;
    return this;
  }
}
