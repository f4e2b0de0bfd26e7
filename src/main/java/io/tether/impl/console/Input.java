package io.tether.impl.console;

/** Where the console's lines come from: a terminal ({@link TerminalInput}) or a stream ({@link StreamInput}). */
interface Input {

  /** Reads lines into {@code console} on a daemon thread of its own until the input ends or {@code :quit}. */
  default void start(ClientConsole console) {
    Thread t = new Thread(() -> read(console), "console-input");
    t.setDaemon(true);
    t.start();
  }

  /** Reads lines into {@code console} until the input ends or {@code :quit}; blocks. */
  void read(ClientConsole console);

  /** Stops reading and gives back what it holds (the terminal, the history file). */
  void close();
}
