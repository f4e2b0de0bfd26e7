package io.tether;

import io.tether.impl.config.ConfigLoader;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The fat jar's {@code Main-Verticle}: deploys what a deployment file lists, in order, each after the one before
 * has started.
 * <pre>
 * { "verticles": [
 *     { "verticle": "io.tether.PeerServerVerticle", "config": { "port": 9001 } },
 *     { "verticle": "io.tether.LoggerVerticle" },
 *     { "verticle": "io.tether.ClientVerticle", "instances": 1, "config": { "host": "localhost", "port": 9001 } }
 * ] }
 * </pre>
 * {@code verticle} is a class name on the classpath (Tether's own may be given without their package);
 * {@code instances} (default 1), {@code config} and {@code options} (Vert.x {@code DeploymentOptions} JSON, e.g.
 * {@code {"ha": true}}) are optional.
 * <p>
 * The file is the launcher's {@code -conf}, else the file named by {@code TETHER_CONF}, else {@code conf/tether.json}
 * (from the working directory, or the copy inside the jar). A config without {@code verticles} is one client's:
 * then a {@link LoggerVerticle} and a {@link ClientVerticle} with that config are deployed.
 */
public class MainVerticle extends VerticleBase {

  public static final String DEFAULT_DEPLOYMENT = "conf/tether.json";
  private static final Set<String> ENTRY_KEYS = Set.of("verticle", "instances", "config", "options");

  @Override
  public Future<?> start() {
    return description().compose(this::deployAll);
  }

  private Future<JsonObject> description() {
    JsonObject config = config();
    if (config.containsKey("verticles") || !config.isEmpty()) {
      return Future.succeededFuture(config);
    }
    String file = System.getenv(ConfigLoader.ENV_CONF);
    if (file != null && !file.isEmpty()) {
      return ConfigLoader.readFile(vertx, file, ConfigLoader.ENV_CONF);
    }
    return ConfigLoader.readFile(vertx, DEFAULT_DEPLOYMENT, "deployment");
  }

  private Future<?> deployAll(JsonObject description) {
    List<Deployment> deployments = deployments(description);
    Future<?> chain = Future.succeededFuture();
    for (Deployment d : deployments) {
      chain = chain.compose(v -> vertx.deployVerticle(d.name(), d.options())
        .recover(err -> Future.failedFuture(d.explain(err))));
    }
    return chain;
  }

  record Deployment(String key, String name, DeploymentOptions options) {
    Throwable explain(Throwable err) {
      Throwable t = err;
      while (t != null) {
        if (t instanceof TetherConfigException) {
          return t;
        }
        if (t instanceof ClassNotFoundException) {
          return TetherConfigException.expected(key + ".verticle", "a verticle class on the classpath", name);
        }
        t = t.getCause() == t ? null : t.getCause();
      }
      return err;
    }
  }

  static List<Deployment> deployments(JsonObject description) {
    if (!description.containsKey("verticles")) {
      JsonObject logger = new JsonObject();
      Object address = description.getValue("address");
      if (address != null) {
        logger.put("address", address);
      }
      return List.of(
        new Deployment("logger", LoggerVerticle.class.getName(), new DeploymentOptions().setConfig(logger)),
        new Deployment("client", ClientVerticle.class.getName(), new DeploymentOptions().setConfig(description)));
    }
    for (String key : description.fieldNames()) {
      if (!key.equals("verticles")) {
        throw new TetherConfigException(key, key + ": unknown key (a deployment file has only \"verticles\")");
      }
    }
    Object list = description.getValue("verticles");
    if (!(list instanceof JsonArray) || ((JsonArray) list).isEmpty()) {
      throw TetherConfigException.expected("verticles", "a non-empty list of {\"verticle\": ...} entries", list);
    }
    List<Deployment> out = new ArrayList<>();
    JsonArray entries = (JsonArray) list;
    for (int i = 0; i < entries.size(); i++) {
      String key = "verticles[" + i + "]";
      Object value = entries.getValue(i);
      if (!(value instanceof JsonObject)) {
        throw TetherConfigException.expected(key, "an object with \"verticle\"", value);
      }
      out.add(entry(key, (JsonObject) value));
    }
    return out;
  }

  private static Deployment entry(String key, JsonObject entry) {
    for (String field : entry.fieldNames()) {
      if (!ENTRY_KEYS.contains(field)) {
        throw new TetherConfigException(key + "." + field, key + "." + field
          + ": unknown key (known keys: verticle, instances, config, options)");
      }
    }
    Object name = entry.getValue("verticle");
    if (!(name instanceof String) || ((String) name).isBlank()) {
      throw TetherConfigException.expected(key + ".verticle", "a verticle class name", name);
    }
    Object instances = entry.getValue("instances", 1);
    if (!(instances instanceof Integer || instances instanceof Long) || ((Number) instances).longValue() < 1
      || ((Number) instances).longValue() > 10_000) {
      throw TetherConfigException.expected(key + ".instances", "an integer from 1 to 10000", instances);
    }
    Object config = entry.getValue("config", new JsonObject());
    if (!(config instanceof JsonObject)) {
      throw TetherConfigException.expected(key + ".config", "an object", config);
    }
    Object options = entry.getValue("options", new JsonObject());
    if (!(options instanceof JsonObject)) {
      throw TetherConfigException.expected(key + ".options", "an object of Vert.x deployment options", options);
    }
    String className = (String) name;
    if (!className.contains(".")) {
      className = "io.tether." + className;
    }
    DeploymentOptions deploymentOptions = new DeploymentOptions((JsonObject) options)
      .setInstances(((Number) instances).intValue())
      .setConfig((JsonObject) config);
    return new Deployment(key, className, deploymentOptions);
  }
}
