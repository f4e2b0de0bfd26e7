package io.tether.impl.console;

import io.vertx.core.buffer.Buffer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The display of a console whose standard input or output is not a terminal: frames go to standard output as they
 * came, one a line (the bytes unchanged, so that a script gets what the server sent), or as hex dumps with
 * {@code --hex}; answers to commands go there too; state changes and errors go to standard error, so that they never
 * mix with the data.
 */
final class StreamDisplay implements Display {

  private static final byte[] NEWLINE = {'\n'};

  private final OutputStream out;
  private final PrintStream err;
  private final FrameFormat format;
  private boolean closed;

  StreamDisplay(OutputStream out, PrintStream err, FrameFormat format) {
    this.out = out;
    this.err = err;
    this.format = format;
  }

  @Override
  public synchronized void frame(Buffer frame) {
    if (format.hex()) {
      format.show(frame).forEach(this::line);
    } else {
      write(format.prefix().getBytes(StandardCharsets.UTF_8), frame.getBytes());
    }
  }

  @Override
  public synchronized void info(String text) {
    text.lines().forEach(this::line);
  }

  @Override
  public synchronized void notice(String text) {
    if (!closed) {
      err.println(format.prefix() + text);
    }
  }

  @Override
  public synchronized void error(String text) {
    if (!closed) {
      err.println(format.prefix() + "console: " + text);
    }
  }

  private void line(String text) {
    write((format.prefix() + text).getBytes(StandardCharsets.UTF_8), new byte[0]);
  }

  private void write(byte[] prefix, byte[] bytes) {
    if (closed) {
      return;
    }
    try {
      out.write(prefix);
      out.write(bytes);
      out.write(NEWLINE);
      out.flush();
    } catch (IOException e) {
      // standard output is gone (a closed pipe): nothing more can be shown
      closed = true;
    }
  }

  @Override
  public synchronized void close() {
    try {
      out.flush();
    } catch (IOException ignored) {
      // as in write
    }
    err.flush();
    closed = true;
  }
}
