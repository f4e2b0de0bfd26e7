package io.tether.impl.console;

import io.vertx.core.json.JsonObject;

import java.util.Locale;

/**
 * A client's stats snapshot in one line for a person, as {@code :stats} and {@code status} print it:
 * <pre>CONNECTED 127.0.0.1:9001 | up 1m 05s | rtt 0.41 ms | in 12 frames 1.2 kB | out 3 frames 45 B | outbox 0</pre>
 * State and endpoint, how long the connection has been up ({@code down} when there is none), the last round-trip
 * time ({@code -} before one was measured), what came in and went out, and what waits in the outbox.
 */
final class StatusLine {

  private StatusLine() {
  }

  static String of(JsonObject stats, long nowMs) {
    StringBuilder b = new StringBuilder(100);
    b.append(stats.getString("state", "?")).append(' ').append(stats.getString("endpoint", "?"));
    Long since = stats.getLong("connectedSince");
    b.append(" | ").append(since == null ? "down" : "up " + duration(Math.max(0, nowMs - since)));
    Number rtt = stats.getNumber("lastRttMs");
    b.append(" | rtt ").append(rtt == null ? "-" : trim(String.format(Locale.ROOT, "%.2f", rtt.doubleValue())) + " ms");
    b.append(" | in ").append(count(stats.getLong("framesIn", 0L), "frame")).append(' ')
      .append(bytes(stats.getLong("bytesIn", 0L)));
    b.append(" | out ").append(count(stats.getLong("framesOut", 0L), "frame")).append(' ')
      .append(bytes(stats.getLong("bytesOut", 0L)));
    b.append(" | outbox ").append(stats.getLong("queued", 0L));
    if (Boolean.TRUE.equals(stats.getBoolean("paused"))) {
      b.append(" | paused");
    }
    return b.toString();
  }

  /** {@code 850 ms}, {@code 42 s}, {@code 3m 07s}, {@code 2h 05m}, {@code 3d 04h}. */
  static String duration(long ms) {
    if (ms < 1000) {
      return ms + " ms";
    }
    long s = ms / 1000;
    if (s < 60) {
      return s + " s";
    }
    long m = s / 60;
    if (m < 60) {
      return String.format(Locale.ROOT, "%dm %02ds", m, s % 60);
    }
    long h = m / 60;
    if (h < 24) {
      return String.format(Locale.ROOT, "%dh %02dm", h, m % 60);
    }
    return String.format(Locale.ROOT, "%dd %02dh", h / 24, h % 24);
  }

  /** {@code 45 B}, {@code 1.2 kB}, {@code 3.4 MB}, {@code 5.6 GB} (powers of 1000). */
  static String bytes(long n) {
    if (n < 1000) {
      return n + " B";
    }
    String[] units = {"kB", "MB", "GB", "TB"};
    double v = n;
    int u = -1;
    while (v >= 1000 && u < units.length - 1) {
      v /= 1000;
      u++;
    }
    return trim(String.format(Locale.ROOT, "%.1f", v)) + " " + units[u];
  }

  /** A delay as the console says it: {@code 20 ms}, {@code 0.5 s}, {@code 2 s}, {@code 1.3 s}. */
  static String delay(long ms) {
    if (ms < 100) {
      return ms + " ms";
    }
    return trim(String.format(Locale.ROOT, "%.1f", ms / 1000.0)) + " s";
  }

  private static String count(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  private static String trim(String decimal) {
    if (decimal.indexOf('.') < 0) {
      return decimal;
    }
    String t = decimal.replaceAll("0+$", "");
    return t.endsWith(".") ? t.substring(0, t.length() - 1) : t;
  }
}
