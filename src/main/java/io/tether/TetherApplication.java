package io.tether;

import io.tether.impl.config.ConfigLoader;
import io.tether.impl.config.UnknownKey;
import io.tether.impl.launcher.LaunchArguments;
import io.tether.impl.launcher.Refusal;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.launcher.application.ExitCodes;
import io.vertx.launcher.application.HookContext;
import io.vertx.launcher.application.VertxApplication;
import io.vertx.launcher.application.VertxApplicationHooks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The fat jar's {@code Main-Class}: Vert.x 5's {@link VertxApplication}, with every option of it, except that a
 * mistake ends the process with one line that says what is wrong, with no stack trace: a command line that does not
 * parse (exit code 2), a {@code -conf} that is not a readable JSON object, a bad configuration, a verticle class that
 * is not on the classpath, or a start that fails for an expected reason such as a port in use (exit code 15, the
 * launcher's code for a failed deployment). {@code --help} prints Tether's usage.
 * <p>
 * What is deployed is checked before anything starts (see {@link MainVerticle}); a client deployed on its own, in the
 * form of {@code vertx run} ({@code java -jar tether.jar io.tether.ClientVerticle -conf c.json}), gets a
 * {@link LoggerVerticle} too, so that its conversation prints.
 * <p>
 * With {@code -cluster}, Vert.x uses Hazelcast with the jar's {@code cluster.xml}; unless the command line says
 * otherwise, Hazelcast logs through SLF4J and never phones home.
 */
public class TetherApplication extends VertxApplication implements VertxApplicationHooks {

  private static final Logger log = LoggerFactory.getLogger(TetherApplication.class);
  private static final String HAZELCAST_LOGGING = "hazelcast.logging.type";
  private static final String HAZELCAST_PHONE_HOME = "hazelcast.phone.home.enabled";
  private static final long CHECK_TIMEOUT_S = 30;
  private static final List<String> VERTICLES = List.of(MainVerticle.class.getName(), ClientVerticle.class.getName(),
    LoggerVerticle.class.getName(), PeerServerVerticle.class.getName());

  private final String[] args;
  private LaunchArguments arguments;

  public TetherApplication(String[] args) {
    super(args);
    this.args = args.clone();
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

  /** Reads the command line first: {@code --help}, or a mistake in one line, before anything starts. */
  @Override
  public int launch() {
    try {
      arguments = LaunchArguments.read(args, System.getenv(LaunchArguments.SCRIPT));
    } catch (Refusal r) {
      log.error(r.getMessage());
      System.exit(r.exitCode());
      return r.exitCode();
    }
    if (arguments.help()) {
      System.out.print(LaunchArguments.usage());
      System.out.flush();
      return 0;
    }
    return super.launch();
  }

  /**
   * Checks what is about to be deployed, with the name of the {@code -conf} it came from; a client deployed on its own
   * gets a logger of its address first.
   */
  @Override
  public void beforeDeployingVerticle(HookContext context) {
    String main = context.mainVerticle();
    JsonObject config = context.deploymentOptions().getConfig();
    String source = arguments.confSource();
    Vertx vertx = context.vertx();
    Future<?> checked;
    if (main == null || main.equals(MainVerticle.class.getName())) {
      checked = config == null || config.isEmpty() ? Future.succeededFuture()
        : MainVerticle.plan(vertx, config, source, false);
    } else if (main.equals(ClientVerticle.class.getName())) {
      ConfigLoader.Origin origin = new ConfigLoader.Origin(source == null ? "deployment config" : source, "");
      checked = ClientVerticle.check(vertx, config, origin).compose(o -> vertx.deployVerticle(new LoggerVerticle(),
        new DeploymentOptions().setConfig(new JsonObject().put("address", o.getAddress()))));
    } else {
      checked = MainVerticle.checkConfig(vertx, main, config, new ConfigLoader.Origin(source, ""));
    }
    try {
      checked.toCompletionStage().toCompletableFuture().get(CHECK_TIMEOUT_S, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (oneLine(e.getCause(), main) != null) {
        afterFailureToDeployVerticle(context, e.getCause());
      }
      // else the deployment itself fails the same way, and the launcher says so
    } catch (Exception e) {
      log.debug("Could not check the deployment first", e);
    }
  }

  @Override
  public void afterFailureToDeployVerticle(HookContext context, Throwable t) {
    String line = oneLine(t, context.mainVerticle());
    if (line == null) {
      // not a failure Tether expects: the launcher logs it with its stack trace
      context.vertx().close();
      return;
    }
    log.error(line);
    try {
      context.vertx().close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception ignored) {
      // exiting anyway
    }
    System.exit(ExitCodes.VERTX_DEPLOYMENT);
  }

  /** The one line for a failure Tether expects, or null for any other. */
  private static String oneLine(Throwable t, String main) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof TetherConfigException) {
        return "Invalid configuration: " + c.getMessage();
      }
      if (c instanceof TetherException) {
        return c.getMessage();
      }
      if (c instanceof ClassNotFoundException && main != null) {
        return noSuchVerticle(main);
      }
    }
    return null;
  }

  /** The main verticle's class is not on the classpath: the nearest of Tether's, or how to add one's own. */
  private static String noSuchVerticle(String main) {
    String nearest = main.contains(".") ? UnknownKey.nearest(main, VERTICLES)
      : VERTICLES.contains("io.tether." + main) ? "io.tether." + main : null;
    return "No verticle class " + main + " on the classpath; "
      + (nearest != null ? "did you mean " + nearest + "?" : "your own classes join it with ./run.sh --cp PATH");
  }
}
