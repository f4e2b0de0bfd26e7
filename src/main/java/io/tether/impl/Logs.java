package io.tether.impl;

import io.vertx.core.buffer.Buffer;

/**
 * The log categories Tether writes to, and how a message's bytes read in a log line. The machinery logs under the name of the verticle a user configures, so that
 * one logger setting covers a client whatever part of it speaks, without the machinery importing the verticles.
 */
public final class Logs {

  /** Everything about a client's connection: {@code io.tether.ClientVerticle}. */
  public static final String CLIENT = "io.tether.ClientVerticle";

  private Logs() {
  }

  /**
   * A message's bytes as a log line shows them: as UTF-8 text, without one line end at its end, which would print
   * as a blank line after it.
   */
  public static String text(Buffer message) {
    String s = message.toString();
    return s.substring(0, withoutLineEnd(s));
  }

  /** Where {@code s} ends without one line end ({@code \r\n} or {@code \n}) at its end. */
  private static int withoutLineEnd(String s) {
    return s.endsWith("\r\n") ? s.length() - 2 : s.endsWith("\n") ? s.length() - 1 : s.length();
  }

  /** The longest text {@link #escaped} shows; the rest is counted. */
  static final int SHOWN = 200;

  /**
   * {@code s} on one line: a trailing line end dropped, CR, LF, tab and other control characters as {@code \r},
   * {@code \n}, {@code \t}, {@code \xNN}, and no more than {@value #SHOWN} characters of it.
   */
  public static String escaped(String s) {
    if (s == null) {
      return "null";
    }
    int end = withoutLineEnd(s);
    StringBuilder b = new StringBuilder(Math.min(end, SHOWN) + 8);
    for (int i = 0; i < end; i++) {
      if (b.length() >= SHOWN) {
        return b.append("... (").append(end - i).append(" more characters)").toString();
      }
      char c = s.charAt(i);
      if (c == '\r') {
        b.append("\\r");
      } else if (c == '\n') {
        b.append("\\n");
      } else if (c == '\t') {
        b.append("\\t");
      } else if (c < 0x20 || c == 0x7f) {
        b.append(String.format("\\x%02x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}
