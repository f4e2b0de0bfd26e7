package io.tether;

import java.util.Locale;

/** What a full outbox does with a new message. */
public enum OverflowPolicy {
  /** The new message fails at once with {@code OUTBOX_FULL}. */
  REJECT,
  /** The oldest queued message fails with {@code DROPPED} and the new one is queued. */
  DROP_OLDEST;

  /** The name used in configuration: {@code reject} or {@code drop-oldest}. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
