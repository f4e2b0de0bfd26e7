package io.tether.impl.console;

/** Where the console's lines come from: a terminal ({@link TerminalInput}) or a stream ({@link StreamInput}). */
interface Input {

  /** Reads lines into {@code conversation} on a daemon thread of its own until the input ends or {@code :quit}. */
  default void start(Conversation conversation) {
    Thread t = new Thread(() -> read(conversation), "console-input");
    t.setDaemon(true);
    t.start();
  }

  /** Reads lines into {@code conversation} until the input ends or {@code :quit}; blocks. */
  void read(Conversation conversation);

  /** Stops reading and gives back what it holds (the terminal, the history file). */
  void close();
}
