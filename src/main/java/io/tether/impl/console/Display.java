package io.tether.impl.console;

import io.vertx.core.buffer.Buffer;

/**
 * Where the console shows the conversation: a terminal with a line being edited ({@link TerminalDisplay}), or
 * standard output and standard error when they are not a terminal ({@link StreamDisplay}). Called from any thread.
 */
interface Display {

  /** A frame received from the server. */
  void frame(Buffer frame);

  /** A change of state, such as {@code connected to H:P}: dim on a terminal, on standard error when piped. */
  void notice(String text);

  /** What a command answers, such as the line of {@code :stats}. */
  void info(String text);

  /** Something that went wrong, such as a line that could not be sent. */
  void error(String text);

  /** Flushes what is left; nothing is shown after it. */
  void close();
}
