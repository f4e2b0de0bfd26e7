package io.tether;

/**
 * A server to connect to: a host name or address and a port, written {@code host:port}
 * (an IPv6 address in brackets: {@code [::1]:9001}).
 */
public record Endpoint(String host, int port) {

  public Endpoint {
    if (host == null || host.isBlank() || port < 1 || port > 65535) {
      throw new IllegalArgumentException("expected a host and a port from 1 to 65535, got " + host + ":" + port);
    }
  }

  /**
   * Reads {@code host:port}.
   *
   * @param key the configuration key, for the error message
   * @throws TetherConfigException naming {@code key} when the value is not a {@code host:port} string
   */
  public static Endpoint parse(String key, Object value) {
    String expected = "\"host:port\" with a port from 1 to 65535";
    if (!(value instanceof String)) {
      throw TetherConfigException.expected(key, expected, value);
    }
    String s = ((String) value).trim();
    int colon = s.lastIndexOf(':');
    if (colon <= 0 || colon == s.length() - 1) {
      throw TetherConfigException.expected(key, expected, value);
    }
    String host = s.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    try {
      int port = Integer.parseInt(s.substring(colon + 1));
      return new Endpoint(host, port);
    } catch (IllegalArgumentException e) {
      throw TetherConfigException.expected(key, expected, value);
    }
  }

  @Override
  public String toString() {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }
}
