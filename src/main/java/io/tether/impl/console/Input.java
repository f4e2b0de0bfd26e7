package io.tether.impl.console;

/** Where the console's lines come from: a terminal ({@link TerminalInput}) or a stream ({@link StreamInput}). */
interface Input {

  /** Reads lines into {@code conversation} on a thread of its own until the input ends or {@code :quit}. */
  void start(Conversation conversation);

  /** Stops reading and gives back what it holds (the terminal, the history file). */
  void close();
}
