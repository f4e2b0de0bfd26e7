package io.tether.impl.console;

import io.tether.ClientVerticle;
import io.tether.FramingMode;
import io.tether.OutboxOptions;
import io.tether.TetherConfigException;
import io.tether.TetherOptions;
import io.tether.impl.config.ConfigLoader;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.json.JsonObject;
import org.slf4j.LoggerFactory;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code console}: a client of this process (or, with {@code --attach}, another node's) whose standard input and
 * output are the conversation. See {@link ConsoleArgs#USAGE} and the README's "Console".
 * <p>
 * The client is a {@link ClientVerticle} configured from the usual sources, over the console's own defaults: line
 * framing with {@code \n} and no pings. A {@link ClientConsole} types into it through its event-bus addresses, as it
 * types into an attached client. Ctrl-C, SIGTERM and the end of the conversation all close the same way: the client
 * is undeployed (its connection closed), then the history is saved and the terminal given back.
 */
final class Console {

  static final int EXIT_USAGE = 2;

  /** The console's defaults, which every source of configuration overrides. */
  static final JsonObject DEFAULTS = new JsonObject()
    .put("framing", new JsonObject().put("mode", "line").put("delimiter", "\n"))
    .put("ping", new JsonObject().put("interval", 0));

  /** The environment variable that names the history file, instead of {@code ~/.tether_history}. */
  static final String ENV_HISTORY = "TETHER_HISTORY";

  private static final long CLOSE_TIMEOUT_S = 10;

  private final ConsoleArgs args;
  private final FrameFormat format;
  private final AtomicBoolean closed = new AtomicBoolean();
  private Display display;
  private Input input;
  private Vertx vertx;
  private String clientDeployment;

  private Console(ConsoleArgs args) {
    this.args = args;
    this.format = new FrameFormat(args.hex, args.timestamps);
  }

  /** Runs the console with the arguments after {@code console}; returns the exit code. */
  static int run(List<String> argv) {
    ConsoleArgs args;
    try {
      args = ConsoleArgs.parse(argv);
    } catch (ConsoleArgs.UsageException e) {
      System.err.println("console: " + e.getMessage() + " (console --help shows the options)");
      return EXIT_USAGE;
    }
    if (args.help) {
      System.out.println(ConsoleArgs.USAGE);
      return 0;
    }
    return new Console(args).run();
  }

  private int run() {
    boolean terminal = isTerminal();
    try {
      if (terminal) {
        TerminalInput t = TerminalInput.open(historyFile());
        display = new TerminalDisplay(t.reader(), format);
        input = t;
      } else {
        display = new StreamDisplay(new FileOutputStream(FileDescriptor.out), System.err, format);
        input = new StreamInput(System.in);
      }
    } catch (IOException e) {
      System.err.println("console: cannot open the terminal: " + e.getMessage());
      return ClientConsole.EXIT_FAILED;
    }
    if (LoggerFactory.getILoggerFactory().getClass().getName().equals(DisplayAppender.LOGBACK)) {
      DisplayAppender.install(display);
    }
    Runtime.getRuntime().addShutdownHook(new Thread(this::close, "console-shutdown"));
    try {
      return converse(!terminal);
    } finally {
      close();
    }
  }

  private int converse(boolean piped) {
    ClientConsole console;
    if (args.attach != null) {
      display.notice("joining the cluster to attach to " + args.attach);
      try {
        vertx = await(Vertx.builder().with(clusterOptions()).buildClustered());
      } catch (Exception e) {
        display.error("cannot join the cluster: " + message(e));
        return ClientConsole.EXIT_FAILED;
      }
      console = new ClientConsole(new ClientConsole.Settings(args.attach, piped, args.waitMs,
        OutboxOptions.DEFAULT_TTL, false, false, null), display, format, true);
      await(vertx.deployVerticle(console));
    } else {
      vertx = Vertx.vertx();
      TetherOptions options;
      try {
        options = await(clientOptions(vertx, args, System.getenv(), System.getProperties()));
      } catch (Exception e) {
        return failed(e);
      }
      boolean line = options.framing().mode() == FramingMode.LINE;
      console = new ClientConsole(new ClientConsole.Settings(options.getAddress(), piped, args.waitMs,
        options.outbox().ttl(), options.isExitOnClose(), options.delivery().batch() > 1,
        line ? options.framing().delimiter() : null), display, format, false);
      await(vertx.deployVerticle(console));
      try {
        // the console ends the process itself when exitOnClose asks for it, once it has shown everything
        clientDeployment = await(vertx.deployVerticle(new ClientVerticle(new TetherOptions(options)
          .setExitOnClose(false))));
      } catch (Exception e) {
        return failed(e);
      }
    }
    input.start(console);
    return await(console.exit());
  }

  /** A client that cannot start: 2 for a bad value (one line naming the key), 1 for anything else. */
  private int failed(Exception e) {
    Throwable t = e;
    while (t != null && !(t instanceof TetherConfigException)) {
      t = t.getCause() == t ? null : t.getCause();
    }
    display.error(t != null ? t.getMessage() : message(e));
    return t != null ? EXIT_USAGE : ClientConsole.EXIT_FAILED;
  }

  /**
   * The client's options: the console's defaults under the config file ({@code --conf}, else {@code TETHER_CONF}),
   * then the environment, the system properties and the command line's keys and flags, as {@link ConfigLoader#fromFile}
   * layers them; a deployment file ({@code verticles}) is not a client's and is left out, as a client does.
   */
  static Future<TetherOptions> clientOptions(Vertx vertx, ConsoleArgs args, Map<String, String> environment,
                                             Properties system) {
    Map<String, String> env = new HashMap<>(environment);
    if (args.conf != null) {
      env.put(ConfigLoader.ENV_CONF, Path.of(args.conf).toAbsolutePath().toString());
    }
    Properties properties = new Properties();
    properties.putAll(system);
    properties.putAll(args.clientProperties());
    String file = env.get(ConfigLoader.ENV_CONF);
    Future<JsonObject> fromFile = file == null || file.isEmpty() ? Future.succeededFuture(new JsonObject())
      : ConfigLoader.readFile(vertx, file, ConfigLoader.ENV_CONF);
    return fromFile.map(json -> ConfigLoader.fromFile(DEFAULTS.copy().mergeIn(json.containsKey("verticles")
      ? new JsonObject() : json, true), file, env, properties));
  }

  private VertxOptions clusterOptions() {
    EventBusOptions bus = new EventBusOptions();
    if (args.clusterHost != null) {
      bus.setHost(args.clusterHost);
    }
    if (args.clusterPort >= 0) {
      bus.setPort(args.clusterPort);
    }
    return new VertxOptions().setEventBusOptions(bus);
  }

  /**
   * Undeploys the client (its connection closed, {@code CLOSED} shown), closes Vert.x, then saves the history and
   * gives back the terminal; once, from the end of {@link #run()} or from the shutdown hook of Ctrl-C or SIGTERM.
   */
  private void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (vertx != null) {
      if (clientDeployment != null) {
        within(vertx.undeploy(clientDeployment), "closing the client");
      }
      within(vertx.close(), "closing Vert.x");
    }
    if (input != null) {
      input.close();
    }
    if (display != null) {
      display.close();
    }
  }

  private void within(Future<?> f, String what) {
    try {
      f.toCompletionStage().toCompletableFuture().get(CLOSE_TIMEOUT_S, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      display.error(what + ": no end after " + CLOSE_TIMEOUT_S + " s");
    } catch (Exception e) {
      display.error(what + ": " + message(e));
    }
  }

  private static Path historyFile() {
    String file = System.getenv(ENV_HISTORY);
    if (file != null && !file.isBlank()) {
      return Path.of(file);
    }
    return Path.of(System.getProperty("user.home"), ".tether_history");
  }

  /** Standard input and output are a terminal (on Java 22 and later, {@code System.console()} alone does not say). */
  private static boolean isTerminal() {
    java.io.Console c = System.console();
    if (c == null) {
      return false;
    }
    try {
      return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(c);
    } catch (ReflectiveOperationException e) {
      return true;
    }
  }

  private static <T> T await(Future<T> f) {
    try {
      return f.toCompletionStage().toCompletableFuture().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    }
  }

  private static String message(Throwable e) {
    Throwable t = e;
    while ((t instanceof IllegalStateException || t instanceof java.util.concurrent.CompletionException)
      && t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }
}
