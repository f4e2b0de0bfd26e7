package io.tether.impl.config;

import io.tether.Endpoint;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What a valid value of a key is, as a test and as the words an error gives for it: {@code INTEGER.between(1, 65535)}
 * accepts 1 to 65535 and reads "an integer from 1 to 65535". The words are made from the same bounds and choices as
 * the test, so that the two cannot drift apart.
 * <p>
 * A check is immutable; {@link #note}, {@link #orNull} and {@link #or} give a new one.
 *
 * @param <T> the Java type of the value
 */
public final class Check<T> {

  /** Whole numbers that fit an {@code int}, in words "an integer". */
  public static final Numbers<Integer> INTEGER = new Numbers<>(Type.INT, "an integer", false);
  /** A duration that fits an {@code int}, in words "a number of ms". */
  public static final Numbers<Integer> MS_INT = new Numbers<>(Type.INT, "a number of ms", false);
  /** A duration, in words "a number of ms". */
  public static final Numbers<Long> MS = new Numbers<>(Type.LONG, "a number of ms", false);
  /** A finite number, in words "a number". */
  public static final Numbers<Double> NUMBER = new Numbers<>(Type.DOUBLE, "a number", true);

  private final Type<T> type;
  private final String expected;
  private final Predicate<T> accepts;
  private final boolean nullable;
  private final UnaryOperator<T> canonical;

  private Check(Type<T> type, String expected, Predicate<T> accepts, boolean nullable, UnaryOperator<T> canonical) {
    this.type = type;
    this.expected = expected;
    this.accepts = accepts;
    this.nullable = nullable;
    this.canonical = canonical;
  }

  /** A check of values of {@code type} that {@code accepts} takes, described as {@code expected}. */
  public static <T> Check<T> of(Type<T> type, String expected, Predicate<T> accepts) {
    return new Check<>(type, expected, accepts, false, UnaryOperator.identity());
  }

  /** {@code true} or {@code false}. */
  public static Check<Boolean> bool() {
    return of(Type.BOOLEAN, "true or false", b -> true);
  }

  /** Any string. */
  public static Check<String> string() {
    return text("a string", s -> true);
  }

  /** A string that {@code accepts} takes, described as {@code expected}. */
  public static Check<String> text(String expected, Predicate<String> accepts) {
    return of(Type.STRING, expected, accepts);
  }

  /** A string of at least one character, described as "a non-empty {@code what}". */
  public static Check<String> nonEmpty(String what) {
    return text("a non-empty " + what, s -> !s.isEmpty());
  }

  /** A string with more than white space, described as "a non-empty {@code what}". */
  public static Check<String> nonBlank(String what) {
    return text("a non-empty " + what, s -> !s.isBlank());
  }

  /** The path of a file, described as "the path of {@code what}". */
  public static Check<String> path(String what) {
    return text("the path of " + what, s -> !s.isBlank());
  }

  /** The name of an environment variable: letters, digits and underscores, not starting with a digit. */
  public static Check<String> envName() {
    return text("the name of an environment variable", s -> s.matches("[A-Za-z_][A-Za-z0-9_]*"));
  }

  /**
   * One of {@code names}, in any case, written in lower case; {@code aliases} maps other names to one of them.
   */
  public static Check<String> oneOfNames(List<String> names, Function<String, String> aliases) {
    return new Check<>(Type.STRING, oneOf(names.stream()), names::contains, false,
      s -> aliases.apply(s.toLowerCase(Locale.ROOT)));
  }

  /** One of the constants of an enum, by {@code name}. */
  public static <E extends Enum<E>> Check<E> oneOf(E[] values, Function<E, String> name) {
    return of(Type.choice(values, name), oneOf(Stream.of(values).map(name)), e -> true);
  }

  /** A non-empty list whose items are all among {@code allowed}. */
  public static Check<List<String>> someOf(List<String> allowed) {
    return of(Type.STRINGS, "a non-empty list of " + String.join(", ", allowed),
      list -> !list.isEmpty() && list.stream().allMatch(s -> s != null && allowed.contains(s)));
  }

  /** A list of {@code host:port} endpoints, possibly empty. */
  public static Check<List<Endpoint>> endpoints() {
    return of(Type.ENDPOINTS, "a list of \"host:port\" strings", list -> list.stream().allMatch(Objects::nonNull));
  }

  /** A list of objects of one shape, each read and checked by {@code type}, possibly empty. */
  public static <E> Check<List<E>> records(Type<List<E>> type, String expected) {
    return of(type, expected, list -> true);
  }

  /** A regular expression, compiled to check it; with {@code groups}, one with at least that many groups. */
  public static Check<String> regex(int groups) {
    String expected = groups == 0 ? "a regular expression" : "a regular expression with " + groups + " group";
    return text(expected, s -> {
      try {
        return java.util.regex.Pattern.compile(s).matcher("").groupCount() >= groups;
      } catch (java.util.regex.PatternSyntaxException e) {
        return false;
      }
    });
  }

  /** The name of a class: a Java identifier, dotted. */
  public static Check<String> className(String what) {
    return text("the class name of " + what, s -> s.matches("[\\p{L}_$][\\p{L}\\p{N}_$]*(\\.[\\p{L}_$][\\p{L}\\p{N}_$]*)*"));
  }

  private static String oneOf(Stream<String> names) {
    return "one of " + names.collect(Collectors.joining(", "));
  }

  /** This check with a note in brackets: {@code a number of ms >= 0 (0 turns pings off)}. */
  public Check<T> note(String note) {
    return new Check<>(type, expected + " (" + note + ")", accepts, nullable, canonical);
  }

  /** This check that also takes {@code null}: {@code ..., or null}. */
  public Check<T> orNull() {
    return new Check<>(type, expected + ", or null", accepts, true, canonical);
  }

  /** This check that also takes {@code null}, saying what it means: {@code ..., or null for none}. */
  public Check<T> orNull(String meaning) {
    return new Check<>(type, expected + ", or null " + meaning, accepts, true, canonical);
  }

  /** This check that also takes {@code special}, saying what it means: {@code ..., or -1 for three ping intervals}. */
  public Check<T> or(T special, String meaning) {
    return new Check<>(type, expected + ", or " + type.toJson(special) + " " + meaning,
      accepts.or(special::equals), nullable, canonical);
  }

  public Type<T> type() {
    return type;
  }

  /** What a valid value is, in words: {@code an integer from 1 to 65535}. */
  public String expected() {
    return expected;
  }

  /** Whether {@code value} (in its canonical form) is valid. */
  boolean accepts(T value) {
    return value == null ? nullable : accepts.test(value);
  }

  /** The form a value is kept in: the same value, or e.g. a lower-case name. */
  T canonical(T value) {
    return value == null ? null : canonical.apply(value);
  }

  @Override
  public String toString() {
    return expected;
  }

  /**
   * Checks of numbers between bounds, described with the bounds as written: {@code NUMBER.between(0, 1)} reads
   * "a number from 0 to 1", {@code NUMBER.atLeast(1.0)} "a number >= 1.0".
   *
   * @param <N> the Java type of the number
   */
  public static final class Numbers<N extends Number> {

    private final Type<N> type;
    private final String noun;
    private final boolean decimal;

    private Numbers(Type<N> type, String noun, boolean decimal) {
      this.type = type;
      this.noun = noun;
      this.decimal = decimal;
    }

    /** {@code min} or more. */
    public Check<N> atLeast(Number min) {
      return of(type, noun + " >= " + min, n -> compare(n, min) >= 0);
    }

    /** From {@code min} to {@code max}, both included. */
    public Check<N> between(Number min, Number max) {
      return of(type, noun + " from " + min + " to " + max, n -> compare(n, min) >= 0 && compare(n, max) <= 0);
    }

    /** The sign of {@code n - bound}; a NaN or an infinite number is below every bound. */
    private int compare(N n, Number bound) {
      if (!decimal) {
        return Long.compare(n.longValue(), bound.longValue());
      }
      double d = n.doubleValue();
      double b = bound.doubleValue();
      return Double.isNaN(d) || Double.isInfinite(d) || d < b ? -1 : d > b ? 1 : 0;
    }
  }
}
