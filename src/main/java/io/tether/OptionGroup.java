package io.tether;

import io.vertx.core.json.JsonObject;

/**
 * What every group of {@link TetherOptions} has: its JSON form, and equality and a text made from it. The text masks
 * secrets; {@link #toJson()} carries them as given.
 */
abstract class OptionGroup {

  OptionGroup() {
  }

  /** The group's JSON, every key with its value; with {@code masked}, a secret that is set reads {@code ****}. */
  abstract JsonObject json(boolean masked);

  /** The group's own JSON, as it nests in a client's config: {@code {"interval": 2000, ...}} for {@code ping}. */
  public JsonObject toJson() {
    return json(false);
  }

  @Override
  public boolean equals(Object o) {
    return o != null && o.getClass() == getClass() && toJson().equals(((OptionGroup) o).toJson());
  }

  @Override
  public int hashCode() {
    return toJson().hashCode();
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + json(true).encode();
  }
}
