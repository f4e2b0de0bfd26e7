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
    int end = s.endsWith("\r\n") ? s.length() - 2 : s.endsWith("\n") ? s.length() - 1 : s.length();
    return s.substring(0, end);
  }
}
