package io.tether.impl;

import io.tether.TetherConfigException;
import io.tether.impl.config.UnknownKey;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads a JSON configuration strictly: nested groups ({@code "ping": {"interval": 2000}}) and dotted keys
 * ({@code "ping.interval": 2000}) are the same key; an unknown key fails with the nearest known one
 * ({@link UnknownKey}), a wrong type or a value out of range with the key in dotted form, the value and what was
 * expected.
 */
public final class ConfigReader {

  private final Map<String, Object> flat = new LinkedHashMap<>();

  /**
   * @param json   the configuration
   * @param groups the names of nested groups, e.g. {@code ping}, {@code reconnect}
   * @param known  every dotted key that may be given
   */
  public ConfigReader(JsonObject json, Set<String> groups, Set<String> known) {
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

  public boolean has(String key) {
    return flat.containsKey(key);
  }

  /** The value of a key that has no "unset" value: absent gives {@code null}, an explicit {@code null} fails. */
  private Object present(String key, String expected) {
    Object v = flat.get(key);
    if (v == null && flat.containsKey(key)) {
      throw TetherConfigException.expected(key, expected, null);
    }
    return v;
  }

  public String string(String key, String expected) {
    Object v = flat.get(key);
    if (v == null || v instanceof String) {
      return (String) v;
    }
    throw TetherConfigException.expected(key, expected, v);
  }

  public Integer integer(String key, String expected) {
    Long v = whole(key, expected);
    if (v == null) {
      return null;
    }
    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
      throw TetherConfigException.expected(key, expected, flat.get(key));
    }
    return v.intValue();
  }

  /** A whole number; {@code null} when the key is absent; an explicit {@code null} is an error. */
  public Long whole(String key, String expected) {
    Object v = present(key, expected);
    if (v == null) {
      return null;
    }
    if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
      return ((Number) v).longValue();
    }
    if (v instanceof Number) {
      double d = ((Number) v).doubleValue();
      if (d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 9.0e15) {
        return (long) d;
      }
    }
    throw TetherConfigException.expected(key, expected, v);
  }

  public Double number(String key, String expected) {
    Object v = present(key, expected);
    if (v == null) {
      return null;
    }
    if (v instanceof Number) {
      double d = ((Number) v).doubleValue();
      if (!Double.isNaN(d) && !Double.isInfinite(d)) {
        return d;
      }
    }
    throw TetherConfigException.expected(key, expected, v);
  }

  public Boolean bool(String key, String expected) {
    Object v = present(key, expected);
    if (v == null || v instanceof Boolean) {
      return (Boolean) v;
    }
    throw TetherConfigException.expected(key, expected, v);
  }

  public JsonArray array(String key, String expected) {
    Object v = flat.get(key);
    if (v == null || v instanceof JsonArray) {
      return (JsonArray) v;
    }
    throw TetherConfigException.expected(key, expected, v);
  }
}
