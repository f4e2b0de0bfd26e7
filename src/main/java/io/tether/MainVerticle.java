package io.tether;

import io.tether.impl.config.ConfigLoader;
import io.tether.impl.config.ConfigLoader.Origin;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

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
 * <p>
 * The whole file is checked before anything is deployed: every entry's fields, that its class is on the classpath,
 * and the config of Tether's own verticles, with every source a client reads. An error names the entry and the file:
 * {@code verticles[2].config.prot: unknown key; did you mean port? (from deployment file conf/tether.json)}.
 */
public class MainVerticle extends VerticleBase {

  public static final String DEFAULT_DEPLOYMENT = "conf/tether.json";
  private static final Set<String> ENTRY_KEYS = Set.of("verticle", "instances", "config", "options");
  private static final String JAVA_PREFIX = "java:";

  /** The checks of the config of Tether's own verticles, by class name; a user's verticle has none. */
  private static final Map<String, Function<Entry, Future<?>>> CHECKS = Map.of(
    ClientVerticle.class.getName(), e -> ClientVerticle.check(e.vertx(), e.config(), e.origin()),
    LoggerVerticle.class.getName(), e -> e.sync(LoggerVerticle::check),
    PeerServerVerticle.class.getName(), e -> e.sync(PeerServerVerticle::check));

  @Override
  public Future<?> start() {
    return description().compose(d -> plan(vertx, d.json(), d.source(), d.clientReadsFile())).compose(this::deployAll);
  }

  /**
   * A deployment description and where it came from.
   *
   * @param source          how an error names the file, or null when the launcher gave the description
   * @param clientReadsFile a client's config from {@code TETHER_CONF}, which the client reads itself
   */
  private record Description(JsonObject json, String source, boolean clientReadsFile) {
  }

  private Future<Description> description() {
    JsonObject config = config();
    if (!config.isEmpty()) {
      return Future.succeededFuture(new Description(config, null, false));
    }
    String file = System.getenv(ConfigLoader.ENV_CONF);
    if (file != null && !file.isEmpty()) {
      return ConfigLoader.readFile(vertx, file, ConfigLoader.ENV_CONF)
        .map(json -> new Description(json, "deployment file " + file, !json.containsKey("verticles")));
    }
    return ConfigLoader.readFile(vertx, DEFAULT_DEPLOYMENT, "deployment")
      .map(json -> new Description(json, "deployment file " + DEFAULT_DEPLOYMENT, false));
  }

  private Future<?> deployAll(List<Deployment> deployments) {
    Future<?> chain = Future.succeededFuture();
    for (Deployment d : deployments) {
      chain = chain.compose(v -> vertx.deployVerticle(d.name(), d.options())
        .recover(err -> Future.failedFuture(d.explain(err))));
    }
    return chain;
  }

  /**
   * What {@code description} deploys, once all of it has been checked: the entries' fields, their classes and the
   * config of Tether's own verticles (a client's with every source it reads).
   *
   * @param source          how errors name where the description came from ({@code -conf conf/tether.json}), or null
   * @param clientReadsFile the description is a client's config from {@code TETHER_CONF}: the client is deployed with
   *                        no config of its own, since it reads that file itself
   * @return a future failed with a {@link TetherConfigException} naming the first bad entry, in the file's order
   */
  public static Future<List<Deployment>> plan(Vertx vertx, JsonObject description, String source,
                                              boolean clientReadsFile) {
    if (!description.containsKey("verticles")) {
      JsonObject clientConfig = clientReadsFile ? new JsonObject() : description;
      Origin origin = new Origin(source == null ? Origin.DEPLOYMENT.source() : source, "");
      return ClientVerticle.check(vertx, clientConfig, origin).map(o -> clientAndLogger(o.getAddress(), clientConfig));
    }
    List<Deployment> deployments;
    try {
      deployments = deployments(description);
    } catch (TetherConfigException e) {
      return Future.failedFuture(e.from(source));
    }
    Future<?> checked = Future.succeededFuture();
    for (Deployment d : deployments) {
      checked = checked.compose(v -> d.check(vertx, source));
    }
    return checked.map(deployments);
  }

  /** A client and a logger of its address, the logger first so that it prints the client's first lines. */
  private static List<Deployment> clientAndLogger(String address, JsonObject clientConfig) {
    return List.of(
      new Deployment("logger", LoggerVerticle.class.getName(),
        new DeploymentOptions().setConfig(new JsonObject().put("address", address))),
      new Deployment("client", ClientVerticle.class.getName(), new DeploymentOptions().setConfig(clientConfig)));
  }

  /** One entry, for the check of its config. */
  private record Entry(Vertx vertx, JsonObject config, Origin origin) {
    Future<?> sync(Consumer<JsonObject> check) {
      try {
        check.accept(config);
        return Future.succeededFuture();
      } catch (TetherConfigException e) {
        return Future.failedFuture(e.at(origin.path(), origin.source()));
      }
    }
  }

  /** One verticle to deploy: {@code key} names its entry in errors ({@code verticles[2]}). */
  record Deployment(String key, String name, DeploymentOptions options) {

    /** Its class is on the classpath, and the config of one of Tether's verticles is valid. */
    Future<?> check(Vertx vertx, String source) {
      String className = name.startsWith(JAVA_PREFIX) ? name.substring(JAVA_PREFIX.length()) : name;
      if (className.contains(":")) {
        // another verticle factory's name: that factory will judge it
        return Future.succeededFuture();
      }
      try {
        Class.forName(className, false, classLoader());
      } catch (ClassNotFoundException | LinkageError e) {
        return Future.failedFuture(notFound().from(source));
      }
      return checkConfig(vertx, className, options.getConfig(), new Origin(source, key + ".config."));
    }

    private TetherConfigException notFound() {
      return TetherConfigException.expected(key + ".verticle", "a verticle class on the classpath", name);
    }

    Throwable explain(Throwable err) {
      Throwable t = err;
      while (t != null) {
        if (t instanceof TetherException) {
          return t;
        }
        if (t instanceof ClassNotFoundException) {
          return notFound();
        }
        t = t.getCause() == t ? null : t.getCause();
      }
      return err;
    }
  }

  /**
   * Checks the config of one of Tether's verticles, {@code className}, as it would be deployed; nothing for any other
   * class. An error about a value of {@code config} names {@code origin}.
   */
  static Future<?> checkConfig(Vertx vertx, String className, JsonObject config, Origin origin) {
    Function<Entry, Future<?>> check = CHECKS.get(className);
    return check == null ? Future.succeededFuture() : check.apply(new Entry(vertx, config, origin));
  }

  private static ClassLoader classLoader() {
    ClassLoader tccl = Thread.currentThread().getContextClassLoader();
    return tccl != null ? tccl : MainVerticle.class.getClassLoader();
  }

  /**
   * The entries of {@code description}, their fields checked; a config without {@code verticles} is a client's, with
   * a logger of its {@code address}.
   *
   * @throws TetherConfigException naming the first bad entry
   */
  static List<Deployment> deployments(JsonObject description) {
    if (!description.containsKey("verticles")) {
      Object address = description.getValue("address");
      return clientAndLogger(address instanceof String ? (String) address : TetherOptions.DEFAULT_ADDRESS, description);
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

  private static boolean exists(String className) {
    try {
      Class.forName(className, false, classLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
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
    if (!className.contains(".") && !className.contains(":") && exists("io.tether." + className)) {
      // Tether's own verticles by their short names; any other name without a dot is a class of the default package
      className = "io.tether." + className;
    }
    DeploymentOptions deploymentOptions = new DeploymentOptions((JsonObject) options)
      .setInstances(((Number) instances).intValue())
      .setConfig((JsonObject) config);
    return new Deployment(key, className, deploymentOptions);
  }
}
