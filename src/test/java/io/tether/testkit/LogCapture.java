package io.tether.testkit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.stream.Collectors;

/** Everything Tether logs while it is open, at every level, with the message formatted and any stack trace. */
public final class LogCapture implements AutoCloseable {

  private final Logger tether = (Logger) LoggerFactory.getLogger("io.tether");
  private final Level before = tether.getLevel();
  private final boolean additive = tether.isAdditive();
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  public LogCapture() {
    appender.start();
    tether.setLevel(Level.ALL);
    tether.setAdditive(false);
    tether.addAppender(appender);
  }

  /** Each line as it would be printed: level, message, and the throwable's class, message and causes. */
  public List<String> lines() {
    // the appender adds under its own lock (AppenderBase.doAppend is synchronized)
    synchronized (appender) {
      return appender.list.stream().map(LogCapture::render).collect(Collectors.toList());
    }
  }

  public String text() {
    return String.join("\n", lines());
  }

  private static String render(ILoggingEvent e) {
    StringBuilder b = new StringBuilder(e.getLevel() + " " + e.getLoggerName() + " " + e.getFormattedMessage());
    for (var t = e.getThrowableProxy(); t != null; t = t.getCause()) {
      b.append(" | ").append(t.getClassName()).append(": ").append(t.getMessage());
    }
    return b.toString();
  }

  @Override
  public void close() {
    tether.detachAppender(appender);
    tether.setLevel(before);
    tether.setAdditive(additive);
    appender.stop();
  }
}
