package io.tether.impl.config;

import io.tether.TetherOptions;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A group of keys as the JSON nests them ({@code "ping": {"interval": 2000}}), bound to the options object that holds
 * their values ({@code TetherOptions.ping()}); the top level is a group with an empty name. Each key is declared once,
 * with {@link #key}, and from that one row follow reading, writing, copying and masking.
 *
 * @param <G> the options object of the group
 */
public final class Group<G> {

  /** A key and where its value lives in the group's options object. */
  private record Field<G, T>(Key<T> key, Function<G, T> get, BiConsumer<G, T> set) {

    void read(ConfigReader reader, G target) {
      if (reader.has(key)) {
        set.accept(target, reader.value(key));
      }
    }

    void write(G source, JsonObject json, String local, boolean masked) {
      T value = get.apply(source);
      json.put(local, masked && key.secret() && value != null ? TetherOptions.MASK : key.write(value));
    }

    void copy(G from, G to) {
      set.accept(to, get.apply(from));
    }

    boolean differs(G a, G b) {
      return !Objects.equals(key.write(get.apply(a)), key.write(get.apply(b)));
    }
  }

  private final String name;
  private final Function<TetherOptions, G> in;
  private final Consumer<G> rules;
  private final boolean restart;
  private final List<Field<G, ?>> fields = new ArrayList<>();
  private final List<Key<?>> keys = new ArrayList<>();

  /**
   * @param name    the JSON name of the group; empty for the top level
   * @param in      the group's options object within a client's options
   * @param rules   the rules across its keys, run after a read
   * @param restart whether a change of any of its keys needs a restart
   */
  Group(String name, Function<TetherOptions, G> in, Consumer<G> rules, boolean restart) {
    this.name = name;
    this.in = in;
    this.rules = rules;
    this.restart = restart;
  }

  /** Declares a key of this group, whose value {@code get} reads and {@code set} (a checked setter) writes. */
  <T> Key<T> key(String local, T defaultValue, Check<T> check, Function<G, T> get, BiConsumer<G, T> set) {
    return add(local, defaultValue, check, get, set, false, restart);
  }

  /** {@link #key}, for a key whose change needs a restart in a group whose other keys do not. */
  <T> Key<T> restartKey(String local, T defaultValue, Check<T> check, Function<G, T> get, BiConsumer<G, T> set) {
    return add(local, defaultValue, check, get, set, false, true);
  }

  /** {@link #key}, for a secret: never shown in {@code toString()} or in an error. */
  <T> Key<T> secret(String local, T defaultValue, Check<T> check, Function<G, T> get, BiConsumer<G, T> set) {
    return add(local, defaultValue, check, get, set, true, restart);
  }

  private <T> Key<T> add(String local, T defaultValue, Check<T> check, Function<G, T> get, BiConsumer<G, T> set,
                         boolean secret, boolean restart) {
    Key<T> key = new Key<>(name.isEmpty() ? local : name + "." + local, defaultValue, check, secret, restart);
    fields.add(new Field<>(key, get, set));
    keys.add(key);
    return key;
  }

  /** The JSON name; empty for the top level. */
  public String name() {
    return name;
  }

  /** Its keys, in the order they were declared. */
  public List<Key<?>> keys() {
    return Collections.unmodifiableList(keys);
  }

  /**
   * Reads the group's own JSON ({@code {"interval": 2000}} for {@code ping}) into {@code target} strictly, then checks
   * the rules across its keys.
   *
   * @throws io.tether.TetherConfigException naming the key in dotted form
   */
  public void read(JsonObject json, G target) {
    read(new ConfigReader(name.isEmpty() ? json : new JsonObject().put(name, json), keys), target);
    validate(target);
  }

  /** Sets in {@code target} every key of this group that {@code reader} holds. */
  void read(ConfigReader reader, G target) {
    fields.forEach(f -> f.read(reader, target));
  }

  /** The group's own JSON, every key with its value; with {@code masked}, a secret that is set reads {@code ****}. */
  public JsonObject write(G source, boolean masked) {
    JsonObject json = new JsonObject();
    write(source, json, masked);
    return json;
  }

  private void write(G source, JsonObject json, boolean masked) {
    for (Field<G, ?> f : fields) {
      f.write(source, json, f.key().name().substring(name.isEmpty() ? 0 : name.length() + 1), masked);
    }
  }

  /** Copies every value of {@code from} to {@code to}. */
  public void copy(G from, G to) {
    fields.forEach(f -> f.copy(from, to));
  }

  /** Checks the rules across the group's keys. */
  public void validate(G target) {
    if (rules != null) {
      rules.accept(target);
    }
  }

  // ---- the same, on the group's object within a client's options

  G in(TetherOptions options) {
    return in.apply(options);
  }

  void read(ConfigReader reader, TetherOptions target) {
    read(reader, in(target));
  }

  /** Adds the group to a client's JSON: its keys at the top for the top level, else as a nested object. */
  void writeInto(TetherOptions source, JsonObject json, boolean masked) {
    if (name.isEmpty()) {
      write(in(source), json, masked);
    } else {
      json.put(name, write(in(source), masked));
    }
  }

  void copy(TetherOptions from, TetherOptions to) {
    copy(in(from), in(to));
  }

  void validate(TetherOptions target) {
    validate(in(target));
  }

  /** The first key of this group that needs a restart and differs between {@code a} and {@code b}, or null. */
  Key<?> restartKeyChanged(TetherOptions a, TetherOptions b) {
    for (Field<G, ?> f : fields) {
      if (f.key().restart() && f.differs(in(a), in(b))) {
        return f.key();
      }
    }
    return null;
  }
}
