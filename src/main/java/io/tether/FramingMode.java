package io.tether;

/**
 * How a byte stream is cut into messages, both ways.
 */
public enum FramingMode {
  /** Each TCP chunk is a message; outbound messages are written as they are. */
  RAW,
  /** Frames end with a delimiter ({@code framing.delimiter}), stripped inbound, appended outbound. */
  LINE,
  /** Frames carry a 4-byte big-endian length prefix, stripped inbound, added outbound. */
  LENGTH;

  /** The name used in configuration: {@code raw}, {@code line} or {@code length}. */
  public String configName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
