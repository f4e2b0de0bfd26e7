package io.tether;

import io.tether.impl.config.Keys;
import io.vertx.core.json.JsonObject;

/**
 * The {@code ping} group: how often the client pings, what a ping writes and what answers it.
 */
public class PingOptions extends OptionGroup {

  public static final long DEFAULT_INTERVAL = 2000;
  public static final String DEFAULT_PAYLOAD = "Ping";
  /** No answer is expected: pings are not timed. */
  public static final String DEFAULT_EXPECT = null;
  /** No pattern: {@code ping.expect} alone says what answers a ping. */
  public static final String DEFAULT_EXPECT_REGEX = null;

  private long interval = DEFAULT_INTERVAL;
  private String payload = DEFAULT_PAYLOAD;
  private String expect = DEFAULT_EXPECT;
  private String expectRegex = DEFAULT_EXPECT_REGEX;

  /** The defaults. */
  public PingOptions() {
  }

  /** A copy. */
  public PingOptions(PingOptions other) {
    Keys.PING.copy(other, this);
  }

  /**
   * The defaults overridden by {@code json}, the group's own object ({@code {"interval": 500}}), read strictly.
   *
   * @throws TetherConfigException on an unknown key, a wrong type or a value out of range
   */
  public PingOptions(JsonObject json) {
    Keys.PING.read(json, this);
  }

  @Override
  JsonObject json(boolean masked) {
    return Keys.PING.write(this, masked);
  }

  /** {@code ping.interval}: ms between pings; 0 turns them off. */
  public long interval() {
    return interval;
  }

  public PingOptions setInterval(long interval) {
    this.interval = Keys.PING_INTERVAL.check(interval);
    return this;
  }

  /** {@code ping.payload}: what a ping writes, as UTF-8, framed like any message. */
  public String payload() {
    return payload;
  }

  public PingOptions setPayload(String payload) {
    this.payload = Keys.PING_PAYLOAD.check(payload);
    return this;
  }

  /** {@code ping.expect}: the frame, or the prefix of a frame, that answers a ping; each gives a round-trip time. */
  public String expect() {
    return expect;
  }

  public PingOptions setExpect(String expect) {
    this.expect = Keys.PING_EXPECT.check(expect);
    return this;
  }

  /**
   * {@code ping.expectRegex}: a regular expression found in the frame that answers a ping, for answers that do not
   * start the same way every time (IRC's {@code :irc.example PONG ...}); with {@code ping.expect}, either one answers.
   */
  public String expectRegex() {
    return expectRegex;
  }

  public PingOptions setExpectRegex(String expectRegex) {
    this.expectRegex = Keys.PING_EXPECT_REGEX.check(expectRegex);
    return this;
  }
}
