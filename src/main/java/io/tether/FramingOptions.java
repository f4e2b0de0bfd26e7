package io.tether;

import io.tether.impl.config.Keys;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;

/**
 * The {@code framing} group: how the byte stream is cut into messages, both ways, and the largest frame.
 */
public class FramingOptions extends OptionGroup {

  public static final FramingMode DEFAULT_MODE = FramingMode.RAW;
  public static final String DEFAULT_DELIMITER = "\n";
  public static final int DEFAULT_MAX_FRAME_SIZE = 65536;

  private FramingMode mode = DEFAULT_MODE;
  private String delimiter = DEFAULT_DELIMITER;
  private int maxFrameSize = DEFAULT_MAX_FRAME_SIZE;

  /** The defaults. */
  public FramingOptions() {
  }

  /** A copy. */
  public FramingOptions(FramingOptions other) {
    Keys.FRAMING.copy(other, this);
  }

  /**
   * The defaults overridden by {@code json}, the group's own object ({@code {"mode": "line"}}), read strictly.
   *
   * @throws TetherConfigException on an unknown key, a wrong type, a value out of range, or a {@code maxFrameSize}
   *                               that leaves no room for the framing's own bytes
   */
  public FramingOptions(JsonObject json) {
    Keys.FRAMING.read(json, this);
  }

  @Override
  JsonObject json(boolean masked) {
    return Keys.FRAMING.write(this, masked);
  }

  /** {@code framing.mode}. */
  public FramingMode mode() {
    return mode;
  }

  public FramingOptions setMode(FramingMode mode) {
    this.mode = Keys.FRAMING_MODE.check(mode);
    return this;
  }

  /** {@code framing.delimiter}: what ends a frame in {@code line} mode. */
  public String delimiter() {
    return delimiter;
  }

  public FramingOptions setDelimiter(String delimiter) {
    this.delimiter = Keys.FRAMING_DELIMITER.check(delimiter);
    return this;
  }

  /** {@code framing.maxFrameSize}: the bytes a frame may take on the wire, delimiter or prefix included. */
  public int maxFrameSize() {
    return maxFrameSize;
  }

  public FramingOptions setMaxFrameSize(int maxFrameSize) {
    this.maxFrameSize = Keys.FRAMING_MAX_FRAME_SIZE.check(maxFrameSize);
    return this;
  }

  /** The bytes framing adds to each message: the delimiter, the 4-byte prefix, or nothing. */
  public int overhead() {
    switch (mode) {
      case LINE:
        return delimiter.getBytes(StandardCharsets.UTF_8).length;
      case LENGTH:
        return 4;
      default:
        return 0;
    }
  }
}
