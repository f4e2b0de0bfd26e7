package io.tether;

import java.util.Locale;

/** How inbound frames reach the event bus. */
public enum DeliveryMode {
  /** Each frame (or batch) is published to every consumer of {@code <address>.in}; nothing waits for them. */
  PUBLISH,
  /**
   * Each frame (or batch) is sent as a request to one consumer; while {@code delivery.window} frames are
   * unanswered the client stops reading, so a slow consumer slows the server down instead of filling memory.
   */
  REQUEST,
  /**
   * Each frame (or batch) is sent to one consumer, with no reply; the consumers give credit back in bulk by sending a
   * number to {@code <address>.credit}. The client starts each connection with {@code delivery.window} credits, spends
   * one per frame and stops reading at none: back-pressure at a fraction of a request's cost per frame.
   */
  CREDIT;

  /** The name used in configuration: {@code publish} or {@code request}. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
