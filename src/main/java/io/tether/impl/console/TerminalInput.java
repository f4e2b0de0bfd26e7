package io.tether.impl.console;

import io.vertx.core.buffer.Buffer;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Lines typed on a terminal, with JLine: editing, and a history kept in a file ({@value #HISTORY_SIZE} lines at most)
 * and saved after each line and at the end. What is typed is sent as it is: no history expansion of {@code !}, no
 * quoting or escapes, and a tab is a tab. Ctrl-C ends the console with 130, Ctrl-D on an empty line with 0.
 */
final class TerminalInput implements Input {

  static final int HISTORY_SIZE = 1000;
  static final String PROMPT = "> ";

  private final Terminal terminal;
  private final LineReader reader;
  private volatile boolean closed;

  private TerminalInput(Terminal terminal, LineReader reader) {
    this.terminal = terminal;
    this.reader = reader;
  }

  static TerminalInput open(Path history) throws IOException {
    Terminal terminal = TerminalBuilder.builder().system(true).name("tether").build();
    if (history.getParent() != null) {
      Files.createDirectories(history.getParent());
    }
    LineReader reader = LineReaderBuilder.builder()
      .terminal(terminal)
      .appName("tether")
      .parser(new DefaultParser().escapeChars(new char[0]).quoteChars(new char[0]))
      .variable(LineReader.HISTORY_FILE, history)
      .variable(LineReader.HISTORY_SIZE, HISTORY_SIZE)
      .variable(LineReader.HISTORY_FILE_SIZE, HISTORY_SIZE)
      .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
      .option(LineReader.Option.INSERT_TAB, true)
      .build();
    return new TerminalInput(terminal, reader);
  }

  LineReader reader() {
    return reader;
  }

  @Override
  public void read(ClientConsole console) {
    while (!closed) {
      String line;
      try {
        line = reader.readLine(PROMPT);
      } catch (UserInterruptException e) {
        console.quit(ClientConsole.EXIT_INTERRUPTED);
        return;
      } catch (EndOfFileException e) {
        console.quit(ClientConsole.EXIT_OK);
        return;
      } catch (RuntimeException | java.io.IOError e) {
        // the terminal was closed under us, at the end
        if (!closed) {
          console.quit(ClientConsole.EXIT_FAILED);
        }
        return;
      }
      if (!console.input(Buffer.buffer(line))) {
        return;
      }
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      reader.getHistory().save();
    } catch (IOException e) {
      reader.printAbove("console: cannot save the history: " + e.getMessage());
    }
    try {
      terminal.close();
    } catch (IOException ignored) {
      // the process ends
    }
  }
}
