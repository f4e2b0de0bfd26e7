package io.tether;

import java.util.Locale;

/** How the answers of {@code <address>.request} find their requests. */
public enum RequestMatch {
  /** Answers come in the order the requests were written (Redis, memcached, SMTP, most line protocols). */
  FIFO,
  /** Answers carry the id of their request, found by {@code request.id}; they may come in any order. */
  ID;

  /** The name used in configuration: {@code fifo} or {@code id}. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
