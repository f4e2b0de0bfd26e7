package io.tether.impl;

import io.tether.TetherConfigException;
import io.tether.TetherOptions;
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
 * Reads a client's config file again every {@code config.scanPeriod} and hands over a new, valid configuration when
 * the file changes. The new configuration is: the defaults, then the file (for a deployment file, its
 * {@code ClientVerticle} entry with the client's address), then the environment, then {@code -Dtether.*}. A file
 * that cannot be read or holds a bad value, or a change of a key that needs a restart, is refused with one log
 * line, and the running configuration stays.
 */
public final class ConfigWatcher {

  private static final Logger log = LoggerFactory.getLogger(ConfigWatcher.class);

  private final Vertx vertx;
  private final String file;
  private final Map<String, String> env;
  private final Properties properties;
  private final Consumer<TetherOptions> apply;
  private TetherOptions running;
  private JsonObject lastRead;
  private String lastProblem;
  private boolean reading;
  private long timer = -1;

  public ConfigWatcher(Vertx vertx, String file, TetherOptions running, Map<String, String> env, Properties properties,
                       Consumer<TetherOptions> apply) {
    this.vertx = vertx;
    this.file = file;
    this.running = running;
    this.env = env;
    this.properties = properties;
    this.apply = apply;
  }

  /** Starts reading the file every {@code config.scanPeriod} ms. */
  public ConfigWatcher start() {
    timer = vertx.setPeriodic(running.getConfigScanPeriod(), id -> scan());
    return this;
  }

  public void stop() {
    if (timer != -1) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }

  private void scan() {
    if (reading) {
      return;
    }
    reading = true;
    ConfigLoader.readFile(vertx, file, ConfigLoader.ENV_CONF).onComplete(ar -> {
      reading = false;
      if (timer == -1) {
        return;
      }
      if (ar.failed()) {
        refuse(ar.cause().getMessage());
        return;
      }
      JsonObject json = ar.result();
      if (json.equals(lastRead)) {
        return;
      }
      lastRead = json;
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
    });
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
            && running.getAddress().equals(((JsonObject) config).getString("address", TetherOptions.DEFAULT_ADDRESS))) {
            return (JsonObject) config;
          }
        }
      }
    }
    throw new TetherConfigException("verticles", "verticles: no io.tether.ClientVerticle entry with address \""
      + running.getAddress() + "\"");
  }
}
