package io.tether.impl.config;

import io.tether.TetherConfigException;
import io.tether.TetherOptions;
import io.vertx.config.ConfigRetriever;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * Applies the changes of a client's config file while it runs: one vertx-config {@link ConfigRetriever} reads the file
 * every {@code config.scanPeriod} and calls back when its content changed. The new configuration is: the defaults,
 * then the file (for a deployment file, its {@code ClientVerticle} entry with the client's address), then the
 * environment, then {@code -Dtether.*}. A file that cannot be read or holds a bad value, or a change of a key that
 * needs a restart, is refused with one log line, and the running configuration stays.
 */
public final class ConfigWatcher {

  private static final Logger log = LoggerFactory.getLogger(ConfigWatcher.class);

  private final Vertx vertx;
  private final String file;
  private final Map<String, String> env;
  private final Properties properties;
  private final Consumer<TetherOptions> apply;
  private TetherOptions running;
  private String lastProblem;
  private ConfigRetriever retriever;

  public ConfigWatcher(Vertx vertx, String file, TetherOptions running, Map<String, String> env, Properties properties,
                       Consumer<TetherOptions> apply) {
    this.vertx = vertx;
    this.file = file;
    this.running = running;
    this.env = env;
    this.properties = properties;
    this.apply = apply;
  }

  /**
   * Starts watching the file, on the caller's context: its content now is the base that later scans compare with
   * (and is applied too, should it already differ from the running configuration).
   */
  public ConfigWatcher start() {
    ConfigRetriever r = ConfigRetriever.create(vertx,
      ConfigLoader.fileOnly(file).setScanPeriod(running.config().scanPeriod()));
    retriever = r;
    // vertx-config also logs a failed scan, with its stack trace; the line of refuse() is the one that says it
    r.configStream().exceptionHandler(err -> {
      if (retriever == r) {
        refuse(ConfigLoader.unreadable(ConfigLoader.ENV_CONF, file, err).getMessage());
      }
    });
    r.listen(change -> {
      if (retriever == r) {
        changed(change.getNewConfiguration());
      }
    });
    r.getConfig().onComplete(ar -> {
      if (retriever != r) {
        return;
      }
      if (ar.succeeded()) {
        changed(ar.result());
      } else {
        refuse(ConfigLoader.unreadable(ConfigLoader.ENV_CONF, file, ar.cause()).getMessage());
      }
    });
    return this;
  }

  public void stop() {
    if (retriever != null) {
      retriever.close();
      retriever = null;
    }
  }

  private void changed(JsonObject json) {
    try {
      TetherOptions next = ConfigLoader.fromFile(clientConfig(json), file, env, properties);
      String restart = running.restartKeyChanged(next);
      if (restart != null) {
        refuse(restart + " changed, and a change of " + restart + " needs a restart");
      } else if (!next.equals(running)) {
        log.info("Configuration of {} changed in {}: applying it", running.getAddress(), file);
        lastProblem = null;
        running = next;
        apply.accept(next);
      } else {
        lastProblem = null;
      }
    } catch (TetherConfigException e) {
      refuse(e.getMessage());
    }
  }

  private void refuse(String problem) {
    if (!Objects.equals(problem, lastProblem)) {
      lastProblem = problem;
      log.error("Invalid configuration in {}, the running one stays: {}", file, problem);
    }
  }

  /** The client's part of a file: all of it, or the ClientVerticle entry of a deployment file with this address. */
  private JsonObject clientConfig(JsonObject json) {
    Object list = json.getValue("verticles");
    if (list == null) {
      return json;
    }
    if (list instanceof JsonArray) {
      for (Object entry : (JsonArray) list) {
        if (entry instanceof JsonObject) {
          JsonObject e = (JsonObject) entry;
          String name = String.valueOf(e.getValue("verticle"));
          Object config = e.getValue("config", new JsonObject());
          if ((name.equals("ClientVerticle") || name.equals("io.tether.ClientVerticle")) && config instanceof JsonObject
            && running.getAddress().equals(((JsonObject) config).getString(Keys.ADDRESS.name(), Keys.ADDRESS.defaultValue()))) {
            return (JsonObject) config;
          }
        }
      }
    }
    throw new TetherConfigException("verticles", "verticles: no io.tether.ClientVerticle entry with address \""
      + running.getAddress() + "\"");
  }
}
