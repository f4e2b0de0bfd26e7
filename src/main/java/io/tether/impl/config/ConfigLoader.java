package io.tether.impl.config;

import io.tether.TetherConfigException;
import io.tether.TetherOptions;
import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Builds a client's configuration from its sources, lowest to highest precedence:
 * built-in defaults &lt; the config file ({@code TETHER_CONF}) &lt; the deployment's config ({@code -conf})
 * &lt; {@code TETHER_HOST} / {@code TETHER_PORT} &lt; system properties {@code -Dtether.<key>}.
 * ({@code run.sh} passes its flags as the last {@code -D} of the command line, so they win over any other.)
 * <p>
 * Plain-string sources (environment, system properties) are converted to the key's type and understand the
 * escapes of {@link Escapes}; a list ({@code endpoints}) is written with commas. An error names the source of the
 * bad value. A {@code host} or {@code port} from a source replaces {@code endpoints} from the sources below it.
 */
public final class ConfigLoader {

  public static final String ENV_HOST = "TETHER_HOST";
  public static final String ENV_PORT = "TETHER_PORT";
  public static final String ENV_CONF = "TETHER_CONF";
  public static final String PROPERTY_PREFIX = "tether.";

  private ConfigLoader() {
  }

  /** One source of configuration, in nested form, with the name an error message gives it. */
  private record Layer(String source, JsonObject json) {
  }

  /** Reads a JSON or YAML file ({@code .yaml}, {@code .yml}) with vertx-config. */
  public static Future<JsonObject> readFile(Vertx vertx, String path, String key) {
    ConfigRetriever retriever = ConfigRetriever.create(vertx, fileOnly(path).setScanPeriod(0));
    return retriever.getConfig()
      .eventually(retriever::close)
      .recover(err -> Future.failedFuture(unreadable(key, path, err)));
  }

  /**
   * The options of a retriever that reads {@code path} and nothing else: none of vertx-config's default stores (the
   * deployment's config, the environment, system properties, {@code conf/config.json}), whose order would not be
   * Tether's precedence.
   */
  static ConfigRetrieverOptions fileOnly(String path) {
    return new ConfigRetrieverOptions()
      .setIncludeDefaultStores(false)
      .addStore(new ConfigStoreOptions().setType("file").setFormat(format(path))
        .setConfig(new JsonObject().put("path", path)));
  }

  /** The error for a file that cannot be read or parsed, on one line, named by {@code key}. */
  static TetherConfigException unreadable(String key, String path, Throwable err) {
    return new TetherConfigException(key, key + ": cannot read " + format(path).toUpperCase(Locale.ROOT)
      + " config file \"" + path + "\": " + firstLine(err));
  }

  private static String format(String path) {
    String lower = path.toLowerCase(Locale.ROOT);
    return lower.endsWith(".yaml") || lower.endsWith(".yml") ? "yaml" : "json";
  }

  private static String firstLine(Throwable err) {
    Throwable t = err;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  /**
   * The options of a client deployed with {@code deploymentConfig}, from every source.
   *
   * @return a future failed with a {@link TetherConfigException} on a bad value
   */
  public static Future<TetherOptions> clientOptions(Vertx vertx, JsonObject deploymentConfig, Map<String, String> env,
                                                    Properties properties) {
    String file = env.get(ENV_CONF);
    Future<JsonObject> fileConfig = file == null || file.isEmpty()
      ? Future.succeededFuture(new JsonObject())
      : readFile(vertx, file, ENV_CONF);
    return fileConfig.map(fromFile -> {
      List<Layer> layers = new ArrayList<>();
      if (!fromFile.containsKey("verticles")) {
        layers.add(new Layer("config file " + file, nest(fromFile)));
      }
      layers.add(new Layer("deployment config", nest(deploymentConfig == null ? new JsonObject() : deploymentConfig)));
      layers.add(envLayer(env, ENV_HOST, "host"));
      layers.add(envLayer(env, ENV_PORT, "port"));
      addProperties(layers, properties);
      return options(layers);
    });
  }

  /**
   * The options of a client whose config file now holds {@code fileConfig}: defaults &lt; the file &lt; the
   * environment &lt; system properties.
   *
   * @throws TetherConfigException on a bad value
   */
  public static TetherOptions fromFile(JsonObject fileConfig, String file, Map<String, String> env,
                                       Properties properties) {
    List<Layer> layers = new ArrayList<>();
    layers.add(new Layer("config file " + file, nest(fileConfig)));
    layers.add(envLayer(env, ENV_HOST, "host"));
    layers.add(envLayer(env, ENV_PORT, "port"));
    addProperties(layers, properties);
    return options(layers);
  }

  private static void addProperties(List<Layer> layers, Properties properties) {
    for (String name : properties.stringPropertyNames()) {
      if (name.startsWith(PROPERTY_PREFIX) && name.length() > PROPERTY_PREFIX.length()) {
        String key = name.substring(PROPERTY_PREFIX.length());
        layers.add(new Layer("-D" + name, put(new JsonObject(), key, fromString(key, properties.getProperty(name)))));
      }
    }
  }

  private static Layer envLayer(Map<String, String> env, String variable, String key) {
    String value = env.get(variable);
    JsonObject json = new JsonObject();
    if (value != null) {
      put(json, key, fromString(key, value));
    }
    return new Layer(variable, json);
  }

  private static TetherOptions options(List<Layer> layers) {
    JsonObject merged = new JsonObject();
    for (Layer l : layers) {
      // host or port from a source of higher precedence replaces a list of endpoints from a lower one
      if (l.json().containsKey("host") || l.json().containsKey("port")) {
        merged.remove("endpoints");
      }
      merged.mergeIn(l.json(), true);
    }
    try {
      return new TetherOptions(merged);
    } catch (TetherConfigException e) {
      String source = null;
      for (Layer l : layers) {
        if (has(l.json(), e.key())) {
          source = l.source();
        }
      }
      throw e.from(source);
    }
  }

  /**
   * Converts a plain-string value to the type of its key: a number, a boolean, a list (comma-separated, as in
   * {@code -Dtether.tls.protocols=TLSv1.3,TLSv1.2}), or a string with escapes decoded.
   * A value that does not convert stays a string, and the strict reader reports it.
   */
  static Object fromString(String key, String value) {
    Key<?> k = Keys.find(key);
    return k == null ? value : k.fromString(value);
  }

  /** Turns dotted keys ({@code "ping.interval": 1}) into nested objects, so that layers merge key by key. */
  static JsonObject nest(JsonObject json) {
    JsonObject out = new JsonObject();
    for (Map.Entry<String, Object> e : json) {
      Object value = e.getValue() instanceof JsonObject ? nest((JsonObject) e.getValue()) : e.getValue();
      if (value instanceof JsonObject && out.getValue(e.getKey()) instanceof JsonObject) {
        out.getJsonObject(e.getKey()).mergeIn((JsonObject) value, true);
      } else if (e.getKey().contains(".")) {
        put(out, e.getKey(), value);
      } else {
        out.put(e.getKey(), value);
      }
    }
    return out;
  }

  private static JsonObject put(JsonObject json, String dottedKey, Object value) {
    String[] parts = dottedKey.split("\\.");
    JsonObject at = json;
    for (int i = 0; i < parts.length - 1; i++) {
      Object next = at.getValue(parts[i]);
      if (!(next instanceof JsonObject)) {
        next = new JsonObject();
        at.put(parts[i], next);
      }
      at = (JsonObject) next;
    }
    at.put(parts[parts.length - 1], value);
    return json;
  }

  private static boolean has(JsonObject json, String dottedKey) {
    String[] parts = dottedKey.split("\\.");
    Object at = json;
    for (String part : parts) {
      if (!(at instanceof JsonObject) || !((JsonObject) at).containsKey(part)) {
        return false;
      }
      at = ((JsonObject) at).getValue(part);
    }
    return true;
  }
}
