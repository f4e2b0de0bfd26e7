package io.tether.impl.config;

import io.tether.TetherConfigException;

/**
 * One configuration key: its dotted name, its default, the {@link Check} of its values (which gives its type and
 * the words of its errors), whether it is a secret and whether a change of it needs a restart.
 * <p>
 * Every error about a key comes from here, in one form: {@code port: expected an integer from 1 to 65535, got 0};
 * for a secret, {@code ..., got a value that is not shown}.
 *
 * @param <T> the Java type of its values
 */
public final class Key<T> {

  private final String name;
  private final T defaultValue;
  private final Check<T> check;
  private final boolean secret;
  private final boolean restart;

  Key(String name, T defaultValue, Check<T> check, boolean secret, boolean restart) {
    this.name = name;
    this.defaultValue = defaultValue;
    this.check = check;
    this.secret = secret;
    this.restart = restart;
  }

  /** A key that belongs to no options object, such as a verticle's own: read with {@link io.tether.impl.ConfigReader}. */
  public static <T> Key<T> of(String name, T defaultValue, Check<T> check) {
    return new Key<>(name, defaultValue, check, false, false);
  }

  /** The dotted name: {@code reconnect.maxDelay}. */
  public String name() {
    return name;
  }

  public T defaultValue() {
    return defaultValue;
  }

  /** What a valid value is, in words. */
  public String expected() {
    return check.expected();
  }

  /** Whether the value is a secret, never shown in {@code toString()}, a log or an error. */
  public boolean secret() {
    return secret;
  }

  /** Whether a change of the value needs a restart (hot reconfiguration refuses it). */
  public boolean restart() {
    return restart;
  }

  /**
   * {@code value} in its canonical form, when it is valid.
   *
   * @throws TetherConfigException naming this key, the value and what was expected
   */
  public T check(T value) {
    T canonical = check.canonical(value);
    if (!check.accepts(canonical)) {
      throw rejected(write(value));
    }
    return canonical;
  }

  /**
   * The value of a JSON value, checked.
   *
   * @throws TetherConfigException when {@code raw} is of another type or not valid
   */
  public T read(Object raw) {
    return check(raw == null ? null : check.type().fromJson(this, raw));
  }

  /** The JSON form of a value: what {@code toJson()} writes and {@link #read} reads back. */
  public Object write(T value) {
    return value == null ? null : check.type().toJson(value);
  }

  /** The JSON value a plain string (environment, {@code -D}) stands for; {@link #read} checks it. */
  public Object fromString(String plain) {
    return check.type().fromString(plain);
  }

  /** The error for a value of this key: {@code key: expected E, got V}; V is not shown for a secret. */
  public TetherConfigException rejected(Object shown) {
    if (secret) {
      return new TetherConfigException(name, name + ": expected " + expected() + ", got a value that is not shown");
    }
    return TetherConfigException.expected(name, expected(), shown);
  }

  @Override
  public String toString() {
    return name;
  }
}
