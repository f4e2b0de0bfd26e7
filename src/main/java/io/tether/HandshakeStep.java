package io.tether;

import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One step of {@code handshake}, run on every new connection before it is {@code CONNECTED}: {@code {"send": TEXT}}
 * writes TEXT as one framed message; {@code {"expect": REGEX, "timeout": MS}} waits for an inbound frame that REGEX
 * finds. In a {@code send}, {@code ${env:NAME}} is the value of the environment variable NAME: a secret, never
 * logged, never in a status or an error (they show the text as configured); {@code ${epoch}} is the cluster's epoch
 * of the connection's owner (0 outside a cluster).
 */
public final class HandshakeStep {

  /** ms an {@code expect} waits when it names no timeout. */
  public static final long DEFAULT_TIMEOUT = 5000;

  private static final Pattern VARIABLE = Pattern.compile("\\$\\{(env:([A-Za-z_][A-Za-z0-9_]*)|epoch)}");

  private final String send;
  private final Pattern expect;
  private final long timeout;

  private HandshakeStep(String send, Pattern expect, long timeout) {
    this.send = send;
    this.expect = expect;
    this.timeout = timeout;
  }

  /** A step that writes {@code text}. */
  public static HandshakeStep send(String text) {
    return new HandshakeStep(Objects.requireNonNull(text, "text"), null, 0);
  }

  /** A step that waits up to {@code timeoutMs} for a frame that {@code regex} finds. */
  public static HandshakeStep expect(String regex, long timeoutMs) {
    if (timeoutMs < 1) {
      throw new IllegalArgumentException("a handshake timeout is a number of ms >= 1, got " + timeoutMs);
    }
    return new HandshakeStep(null, Pattern.compile(regex), timeoutMs);
  }

  /**
   * A step as a config file gives it; {@code where} names it in an error ({@code handshake[1]}).
   *
   * @throws TetherConfigException when it is neither form
   */
  public static HandshakeStep parse(String where, Object raw) {
    String expected = "{\"send\": TEXT} or {\"expect\": REGEX, \"timeout\": MS}";
    if (!(raw instanceof JsonObject)) {
      throw TetherConfigException.expected(where, expected, raw);
    }
    JsonObject o = (JsonObject) raw;
    if (o.containsKey("send")) {
      if (o.size() != 1 || !(o.getValue("send") instanceof String)) {
        throw TetherConfigException.expected(where, expected, o);
      }
      return send(o.getString("send"));
    }
    Object regex = o.getValue("expect");
    Object timeout = o.getValue("timeout", DEFAULT_TIMEOUT);
    for (String field : o.fieldNames()) {
      if (!field.equals("expect") && !field.equals("timeout")) {
        throw new TetherConfigException(where, where + "." + field + ": unknown key; a step is " + expected);
      }
    }
    if (!(regex instanceof String) || ((String) regex).isEmpty()) {
      throw TetherConfigException.expected(where, expected, o);
    }
    if (!(timeout instanceof Number) || ((Number) timeout).doubleValue() != ((Number) timeout).longValue()
      || ((Number) timeout).longValue() < 1) {
      throw TetherConfigException.expected(where + ".timeout", "a number of ms >= 1", timeout);
    }
    try {
      return expect((String) regex, ((Number) timeout).longValue());
    } catch (PatternSyntaxException e) {
      throw TetherConfigException.expected(where + ".expect", "a regular expression (" + e.getDescription() + ")",
        regex);
    }
  }

  /** The text a {@code send} step writes, as configured; null for an {@code expect}. */
  public String send() {
    return send;
  }

  /** The regular expression of an {@code expect} step; null for a {@code send}. */
  public String expect() {
    return expect == null ? null : expect.pattern();
  }

  public long timeout() {
    return timeout;
  }

  /** Whether {@code frame} is what this {@code expect} step waits for. */
  public boolean matches(CharSequence frame) {
    return expect != null && expect.matcher(frame).find();
  }

  /**
   * The text to write, with {@code ${env:NAME}} and {@code ${epoch}} replaced.
   *
   * @throws IllegalStateException naming the variable (never its value) when it is not set
   */
  public String render(Map<String, String> env, long epoch) {
    Matcher m = VARIABLE.matcher(send);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value;
      if (m.group(2) != null) {
        value = env.get(m.group(2));
        if (value == null) {
          throw new IllegalStateException("the environment variable " + m.group(2) + " is not set");
        }
      } else {
        value = Long.toString(epoch);
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** The step as configured: a {@code send} shows its text with its variables, never their values. */
  public JsonObject toJson() {
    return send != null ? new JsonObject().put("send", send)
      : new JsonObject().put("expect", expect.pattern()).put("timeout", timeout);
  }

  /** How a cause names the step: {@code handshake[1] (expect ^:\S+ 001)}. */
  public String describe(int index) {
    return "handshake[" + index + "] (" + (send != null ? "send " + send : "expect " + expect.pattern()) + ")";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HandshakeStep && ((HandshakeStep) o).toJson().equals(toJson());
  }

  @Override
  public int hashCode() {
    return toJson().hashCode();
  }

  @Override
  public String toString() {
    return toJson().encode();
  }
}
