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
 */
public class TetherApplication extends VertxApplication implements VertxApplicationHooks {

  private static final Logger log = LoggerFactory.getLogger(TetherApplication.class);

  public TetherApplication(String[] args) {
    super(args);
  }

  public static void main(String[] args) {
    new TetherApplication(args).launch();
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
