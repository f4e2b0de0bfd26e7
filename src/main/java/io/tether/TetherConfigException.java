package io.tether;

/**
 * A bad configuration value. The message names the key in dotted form, the value and what was expected,
 * on one line: {@code framing.mode: expected one of raw, line, length, got "xml"}.
 */
public class TetherConfigException extends TetherException {

  private final String key;

  public TetherConfigException(String key, String message) {
    super(message);
    this.key = key;
  }

  /** A message of the form {@code key: expected E, got V}, with V quoted when it is a string. */
  public static TetherConfigException expected(String key, String expected, Object value) {
    return new TetherConfigException(key, key + ": expected " + expected + ", got " + show(value));
  }

  /** The dotted key that was wrong. */
  public String key() {
    return key;
  }

  /** This error with a note of where the value came from appended, e.g. {@code (from -Dtether.port)}. */
  public TetherConfigException from(String source) {
    return source == null ? this : new TetherConfigException(key, getMessage() + " (from " + source + ")");
  }

  /**
   * This error about a key of a config that is part of a larger document, such as an entry of a deployment file:
   * the key's path in the document ({@code verticles[2].config.}) put before the key, and where the document came
   * from appended, e.g. {@code verticles[2].config.prot: unknown key; did you mean port? (from deployment file x.json)}.
   */
  public TetherConfigException at(String path, String source) {
    if (path.isEmpty() || !getMessage().startsWith(key)) {
      return from(source);
    }
    return new TetherConfigException(path + key, path + getMessage()).from(source);
  }

  static String show(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof CharSequence) {
      return '"' + value.toString().replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t") + '"';
    }
    String s = value.toString();
    return s.length() > 80 ? s.substring(0, 77) + "..." : s;
  }
}
