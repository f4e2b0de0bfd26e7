package io.tether.impl.config;

import io.tether.TetherConfigException;
import io.vertx.core.json.JsonObject;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Reads a JSON configuration strictly against a set of {@link Key}s: nested groups ({@code "ping": {"interval": 2000}})
 * and dotted keys ({@code "ping.interval": 2000}) are the same key; an unknown key fails with the nearest known one
 * ({@link UnknownKey}), a wrong type or a value out of range with the key in dotted form, the value and what was
 * expected.
 */
public final class ConfigReader {

  private final Map<String, Object> flat = new LinkedHashMap<>();

  /**
   * @param json the configuration
   * @param keys every key that may be given; the groups are the prefixes of their dotted names
   * @throws TetherConfigException on an unknown key, or a group that is not an object
   */
  public ConfigReader(JsonObject json, Collection<? extends Key<?>> keys) {
    Set<String> known = new LinkedHashSet<>();
    Set<String> groups = new LinkedHashSet<>();
    for (Key<?> key : keys) {
      known.add(key.name());
      for (int dot = key.name().indexOf('.'); dot > 0; dot = key.name().indexOf('.', dot + 1)) {
        groups.add(key.name().substring(0, dot));
      }
    }
    flatten("", json, groups);
    for (String key : flat.keySet()) {
      if (!known.contains(key)) {
        throw UnknownKey.error(key, known);
      }
    }
  }

  private void flatten(String prefix, JsonObject json, Set<String> groups) {
    for (Map.Entry<String, Object> e : json) {
      String key = prefix + e.getKey();
      Object value = e.getValue();
      if (groups.contains(key)) {
        if (!(value instanceof JsonObject)) {
          throw TetherConfigException.expected(key, "an object", value);
        }
        flatten(key + ".", (JsonObject) value, groups);
      } else {
        flat.put(key, value);
      }
    }
  }

  /** Whether the configuration gives {@code key}, be it with {@code null}. */
  public boolean has(Key<?> key) {
    return flat.containsKey(key.name());
  }

  /**
   * The value of {@code key}, checked; its default when the configuration does not give it.
   *
   * @throws TetherConfigException on a value of the wrong type or out of range
   */
  public <T> T value(Key<T> key) {
    return has(key) ? key.read(flat.get(key.name())) : key.defaultValue();
  }
}
