package io.tether.impl.launcher;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * The fat jar's logging, set in code: Logback reads it as a {@link Configurator} service (registered in the fat jar
 * only), which skips parsing an XML file at start-up. Tether's own lines (the conversation, the companion server, the
 * client's warnings) print as the seed recipe does, the message alone; an error that stops the launch goes to stderr
 * with its level; Vert.x, Netty and Hazelcast log at {@code WARN}, with time and level.
 * <p>
 * A {@code -Dlogback.configurationFile}, or a {@code logback.xml} or {@code logback-test.xml} on the classpath, wins:
 * then this does nothing and Logback reads that file as usual.
 */
public final class ApplicationLogging extends ContextAwareBase implements Configurator {

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    ClassLoader loader = ApplicationLogging.class.getClassLoader();
    if (System.getProperty("logback.configurationFile") != null || loader.getResource("logback-test.xml") != null
      || loader.getResource("logback.xml") != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    ConsoleAppender<ILoggingEvent> conversation = console(context, "CONVERSATION", "%msg%n", false);
    ConsoleAppender<ILoggingEvent> console = console(context, "CONSOLE",
      "%d{HH:mm:ss.SSS} %-5level %logger{36} - %msg%n", false);
    ConsoleAppender<ILoggingEvent> errors = console(context, "ERRORS", "%level %msg%n", true);

    Logger tether = context.getLogger("io.tether");
    tether.setLevel(Level.INFO);
    tether.setAdditive(false);
    tether.addAppender(conversation);
    Logger application = context.getLogger("io.tether.TetherApplication");
    application.setAdditive(false);
    application.addAppender(errors);

    context.getLogger("io.vertx").setLevel(Level.WARN);
    // on shutdown every verticle is undeployed at once: a last status event may find its logger gone
    context.getLogger("io.vertx.core.eventbus.impl.MessageConsumerImpl").setLevel(Level.ERROR);
    // a scan that cannot read the config file: ConfigWatcher says so in one line, vertx-config adds a stack trace
    context.getLogger("io.vertx.config.impl.ConfigRetrieverImpl").setLevel(Level.OFF);
    context.getLogger("io.netty").setLevel(Level.WARN);
    context.getLogger("com.hazelcast").setLevel(Level.WARN);
    // Vert.x's cluster-wide locks and maps are Hazelcast maps, not CP structures: the CP warning does not apply
    context.getLogger("com.hazelcast.cp.CPSubsystem").setLevel(Level.ERROR);

    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.INFO);
    root.addAppender(console);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  private static ConsoleAppender<ILoggingEvent> console(LoggerContext context, String name, String pattern,
      boolean stderr) {
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(pattern);
    encoder.start();
    ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
    appender.setContext(context);
    appender.setName(name);
    appender.setEncoder(encoder);
    if (stderr) {
      appender.setTarget("System.err");
    }
    appender.start();
    return appender;
  }
}
