package io.tether;

import io.vertx.launcher.application.ExitCodes;
import io.vertx.launcher.application.HookContext;
import io.vertx.launcher.application.VertxApplication;
import io.vertx.launcher.application.VertxApplicationHooks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/**
 * The fat jar's {@code Main-Class}: Vert.x 5's {@link VertxApplication}, with every option of it, except that a bad
 * configuration ends the process with one line naming the key, the value and what was expected, no stack trace,
 * and exit code 15 (the launcher's code for a failed deployment).
 * <p>
 * With {@code -cluster}, Vert.x uses Hazelcast with the jar's {@code cluster.xml}; unless the command line says
 * otherwise, Hazelcast logs through SLF4J and never phones home.
 */
public class TetherApplication extends VertxApplication implements VertxApplicationHooks {

  private static final Logger log = LoggerFactory.getLogger(TetherApplication.class);
  private static final String HAZELCAST_LOGGING = "hazelcast.logging.type";
  private static final String HAZELCAST_PHONE_HOME = "hazelcast.phone.home.enabled";

  public TetherApplication(String[] args) {
    super(args);
  }

  public static void main(String[] args) {
    clusterDefaults();
    // `console` and `status`: the shell's tools (io.tether.impl.console), before the launcher reads its options
    if (io.tether.impl.console.Shell.handles(args)) {
      System.exit(io.tether.impl.console.Shell.run(args));
    }
    new TetherApplication(args).launch();
  }

  /** Hazelcast reads these before any configuration file, so they are system properties; {@code -D} wins. */
  static void clusterDefaults() {
    if (System.getProperty(HAZELCAST_LOGGING) == null) {
      System.setProperty(HAZELCAST_LOGGING, "slf4j");
    }
    if (System.getProperty(HAZELCAST_PHONE_HOME) == null) {
      System.setProperty(HAZELCAST_PHONE_HOME, "false");
    }
  }

  @Override
  public void afterFailureToDeployVerticle(HookContext context, Throwable t) {
    TetherConfigException bad = configError(t);
    if (bad == null) {
      context.vertx().close();
      return;
    }
    log.error("Invalid configuration: {}", bad.getMessage());
    try {
      context.vertx().close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception ignored) {
      // exiting anyway
    }
    System.exit(ExitCodes.VERTX_DEPLOYMENT);
  }

  private static TetherConfigException configError(Throwable t) {
    while (t != null) {
      if (t instanceof TetherConfigException) {
        return (TetherConfigException) t;
      }
      t = t.getCause() == t ? null : t.getCause();
    }
    return null;
  }
}
