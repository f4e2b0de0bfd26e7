package io.tether.impl.console;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.joran.spi.JoranException;
import org.slf4j.LoggerFactory;

import java.net.URL;

/**
 * Log events on the console's display instead of standard output, which is the conversation: INFO as a dim line,
 * WARN and ERROR as an error line, the message alone (no stack trace). Installed by {@link #install(Display)} with
 * {@code logback-console.xml} beside this class, when Logback is the SLF4J binding (the fat jar's).
 */
public final class DisplayAppender extends AppenderBase<ILoggingEvent> {

  /** The class of Logback's SLF4J factory: this class may be loaded only when it is the binding. */
  static final String LOGBACK = "ch.qos.logback.classic.LoggerContext";
  private static volatile Display display;

  /** Sends the log to {@code target} from now on; call only when the SLF4J factory is {@link #LOGBACK}. */
  static void install(Display target) {
    display = target;
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    URL config = DisplayAppender.class.getResource("logback-console.xml");
    context.reset();
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    try {
      configurator.doConfigure(config);
    } catch (JoranException e) {
      target.error("logging: " + e.getMessage());
    }
  }

  @Override
  protected void append(ILoggingEvent event) {
    Display d = display;
    if (d == null) {
      return;
    }
    String message = event.getFormattedMessage();
    if (event.getThrowableProxy() != null && event.getThrowableProxy().getMessage() != null) {
      message += ": " + event.getThrowableProxy().getMessage();
    }
    if (event.getLevel().isGreaterOrEqual(Level.WARN)) {
      d.error(message);
    } else {
      d.notice(message);
    }
  }
}
