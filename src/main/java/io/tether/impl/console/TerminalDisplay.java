package io.tether.impl.console;

import io.vertx.core.buffer.Buffer;
import org.jline.reader.LineReader;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;

/**
 * The display of an interactive console: every line is printed above the prompt with JLine's
 * {@link LineReader#printAbove(AttributedString)}, which redraws the line being typed below it, so that a frame
 * that arrives mid-word never breaks it. State changes are dim, errors red; a frame's control characters are
 * escaped ({@link FrameFormat#escape(String)}).
 */
final class TerminalDisplay implements Display {

  private static final AttributedStyle DIM = AttributedStyle.DEFAULT.faint();
  private static final AttributedStyle RED = AttributedStyle.DEFAULT.foreground(AttributedStyle.RED);

  private final LineReader reader;
  private final FrameFormat format;
  private volatile boolean closed;

  TerminalDisplay(LineReader reader, FrameFormat format) {
    this.reader = reader;
    this.format = format;
  }

  @Override
  public void frame(Buffer frame) {
    format.show(frame).forEach(l -> print(l, AttributedStyle.DEFAULT));
  }

  @Override
  public void notice(String text) {
    print(text, DIM);
  }

  @Override
  public void info(String text) {
    text.lines().forEach(l -> print(l, AttributedStyle.DEFAULT));
  }

  @Override
  public void error(String text) {
    print(text, RED);
  }

  private void print(String text, AttributedStyle style) {
    if (!closed) {
      reader.printAbove(new AttributedString(format.prefix() + text, style));
    }
  }

  @Override
  public void close() {
    closed = true;
  }
}
