package io.tether.impl.config;

/**
 * The escapes understood in plain-string configuration values (environment, {@code -D}, flags):
 * {@code \r}, {@code \n}, {@code \t} and {@code \\}. Any other backslash is kept as it is.
 */
public final class Escapes {

  private Escapes() {
  }

  public static String decode(String s) {
    if (s.indexOf('\\') < 0) {
      return s;
    }
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        char n = s.charAt(i + 1);
        switch (n) {
          case 'r': out.append('\r'); i++; continue;
          case 'n': out.append('\n'); i++; continue;
          case 't': out.append('\t'); i++; continue;
          case '\\': out.append('\\'); i++; continue;
          default:
        }
      }
      out.append(c);
    }
    return out.toString();
  }
}
