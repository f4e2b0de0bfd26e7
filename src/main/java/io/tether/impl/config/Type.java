package io.tether.impl.config;

import io.tether.Endpoint;
import io.vertx.core.json.JsonArray;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The Java type of a configuration value, and its three forms: the JSON of a config file, the JSON {@code toJson}
 * writes, and the plain string of an environment variable or a {@code -D} property.
 * <p>
 * Reading is strict: a JSON value of another type is rejected by the key, with the value as given; it is never
 * converted to something the user did not write (a whole number may be written {@code 5.0}, nothing else).
 *
 * @param <T> the Java type of the value
 */
public abstract class Type<T> {

  /** A JSON string. */
  public static final Type<String> STRING = new Exact<>(String.class);

  /** A JSON boolean; {@code true} or {@code false} in any case from a plain string. */
  public static final Type<Boolean> BOOLEAN = new Exact<>(Boolean.class) {
    @Override
    Object fromString(String plain) {
      String v = plain.trim();
      return v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false") ? (Object) Boolean.parseBoolean(v) : plain;
    }
  };

  /** A whole number that fits an {@code int}. */
  public static final Type<Integer> INT = new Whole<>(Integer.MIN_VALUE, Integer.MAX_VALUE, Long::intValue);

  /** A whole number. */
  public static final Type<Long> LONG = new Whole<>(Long.MIN_VALUE, Long.MAX_VALUE, v -> v);

  /** A finite number. */
  public static final Type<Double> DOUBLE = new Type<>() {
    @Override
    Double fromJson(Key<Double> key, Object raw) {
      if (raw instanceof Number) {
        double d = ((Number) raw).doubleValue();
        if (!Double.isNaN(d) && !Double.isInfinite(d)) {
          return d;
        }
      }
      throw key.rejected(raw);
    }

    @Override
    Object fromString(String plain) {
      return parsed(plain, Double::parseDouble);
    }
  };

  /** A JSON list of strings; comma-separated in a plain string. */
  public static final Type<List<String>> STRINGS = new Type<>() {
    @Override
    List<String> fromJson(Key<List<String>> key, Object raw) {
      if (!(raw instanceof JsonArray)) {
        throw key.rejected(raw);
      }
      List<String> out = new ArrayList<>();
      for (Object o : (JsonArray) raw) {
        if (!(o instanceof String)) {
          throw key.rejected(raw);
        }
        out.add((String) o);
      }
      return out;
    }

    @Override
    Object toJson(List<String> value) {
      return new JsonArray(new ArrayList<>(value));
    }

    @Override
    Object fromString(String plain) {
      return list(plain);
    }
  };

  /** A JSON list of {@code "host:port"} strings, each read by {@link Endpoint#parse}; comma-separated in a plain string. */
  public static final Type<List<Endpoint>> ENDPOINTS = new Type<>() {
    @Override
    List<Endpoint> fromJson(Key<List<Endpoint>> key, Object raw) {
      if (!(raw instanceof JsonArray)) {
        throw key.rejected(raw);
      }
      JsonArray list = (JsonArray) raw;
      List<Endpoint> out = new ArrayList<>();
      for (int i = 0; i < list.size(); i++) {
        out.add(Endpoint.parse(key.name() + "[" + i + "]", list.getValue(i)));
      }
      return out;
    }

    @Override
    Object toJson(List<Endpoint> value) {
      JsonArray out = new JsonArray();
      value.forEach(e -> out.add(e.toString()));
      return out;
    }

    @Override
    Object fromString(String plain) {
      return list(plain);
    }
  };

  /**
   * A JSON list of objects, each read by {@code parse} with its place ({@code answers[0]}) for its errors and
   * written by {@code write}; a plain string is read as the JSON of such a list.
   */
  public static <E> Type<List<E>> records(java.util.function.BiFunction<String, Object, E> parse,
                                          Function<E, Object> write) {
    return new Type<>() {
      @Override
      List<E> fromJson(Key<List<E>> key, Object raw) {
        if (!(raw instanceof JsonArray)) {
          throw key.rejected(raw);
        }
        JsonArray list = (JsonArray) raw;
        List<E> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
          out.add(parse.apply(key.name() + "[" + i + "]", list.getValue(i)));
        }
        return List.copyOf(out);
      }

      @Override
      Object toJson(List<E> value) {
        JsonArray out = new JsonArray();
        value.forEach(e -> out.add(write.apply(e)));
        return out;
      }

      @Override
      Object fromString(String plain) {
        try {
          return new JsonArray(plain);
        } catch (io.vertx.core.json.DecodeException e) {
          return plain;
        }
      }
    };
  }

  /** One of {@code values}, written by {@code name} and read in any case. */
  public static <E extends Enum<E>> Type<E> choice(E[] values, Function<E, String> name) {
    return new Type<>() {
      @Override
      E fromJson(Key<E> key, Object raw) {
        if (raw instanceof String) {
          for (E e : values) {
            if (name.apply(e).equals(((String) raw).toLowerCase(Locale.ROOT))) {
              return e;
            }
          }
        }
        throw key.rejected(raw);
      }

      @Override
      Object toJson(E value) {
        return name.apply(value);
      }
    };
  }

  Type() {
  }

  /** JSON values of one Java class, as they are. */
  private static class Exact<T> extends Type<T> {

    private final Class<T> type;

    Exact(Class<T> type) {
      this.type = type;
    }

    @Override
    T fromJson(Key<T> key, Object raw) {
      if (type.isInstance(raw)) {
        return type.cast(raw);
      }
      throw key.rejected(raw);
    }
  }

  /** Whole numbers from {@code min} to {@code max}, written {@code 5} or {@code 5.0} in JSON. */
  private static final class Whole<N extends Number> extends Type<N> {

    private final long min;
    private final long max;
    private final Function<Long, N> narrow;

    Whole(long min, long max, Function<Long, N> narrow) {
      this.min = min;
      this.max = max;
      this.narrow = narrow;
    }

    @Override
    N fromJson(Key<N> key, Object raw) {
      Long v = whole(raw);
      if (v == null || v < min || v > max) {
        throw key.rejected(raw);
      }
      return narrow.apply(v);
    }

    @Override
    Object fromString(String plain) {
      return parsed(plain, Long::parseLong);
    }
  }

  /**
   * The value of a non-null JSON value.
   *
   * @throws io.tether.TetherConfigException from {@link Key#rejected} when {@code raw} is not of this type
   */
  abstract T fromJson(Key<T> key, Object raw);

  /** The JSON form of a non-null value. */
  Object toJson(T value) {
    return value;
  }

  /**
   * The JSON value a plain string stands for: a number, a boolean or a list where the type is one, else the string
   * with the escapes of {@link Escapes} decoded. A string that does not convert is kept, for the reader to reject.
   */
  Object fromString(String plain) {
    return Escapes.decode(plain);
  }

  private static Long whole(Object raw) {
    if (raw instanceof Integer || raw instanceof Long || raw instanceof Short || raw instanceof Byte) {
      return ((Number) raw).longValue();
    }
    if (raw instanceof Number) {
      double d = ((Number) raw).doubleValue();
      if (d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 9.0e15) {
        return (long) d;
      }
    }
    return null;
  }

  private static Object parsed(String plain, Function<String, ?> parse) {
    try {
      return parse.apply(plain.trim());
    } catch (NumberFormatException e) {
      return plain;
    }
  }

  private static JsonArray list(String plain) {
    JsonArray list = new JsonArray();
    for (String item : plain.trim().split(",")) {
      if (!item.isBlank()) {
        list.add(item.trim());
      }
    }
    return list;
  }
}
