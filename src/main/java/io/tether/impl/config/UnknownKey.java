package io.tether.impl.config;

import io.tether.TetherConfigException;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The error for a key that is not known, with the nearest known one when there is one:
 * {@code prot: unknown key; did you mean port?}. Near means a few edits away (a letter added, dropped, changed or
 * two swapped, case aside). When nothing is near, it names the keys of the group the key is in, or all the keys when
 * they are few, else points to the README's table.
 */
public final class UnknownKey {

  /** Up to this many keys are listed when no key is near and the unknown key is in no known group. */
  static final int LISTED = 8;

  private UnknownKey() {
  }

  /** The error for {@code key}, given the dotted names that are known. */
  public static TetherConfigException error(String key, Collection<String> known) {
    return new TetherConfigException(key, key + ": unknown key; " + hint(key, known));
  }

  private static String hint(String key, Collection<String> known) {
    String nearest = nearest(key, known);
    if (nearest != null) {
      return "did you mean " + nearest + "?";
    }
    int dot = key.lastIndexOf('.');
    if (dot > 0) {
      String group = key.substring(0, dot + 1);
      List<String> siblings = known.stream().filter(k -> k.startsWith(group)).collect(Collectors.toList());
      if (!siblings.isEmpty()) {
        return "the keys of " + key.substring(0, dot) + " are " + String.join(", ", siblings);
      }
    }
    return known.size() <= LISTED ? "known keys: " + String.join(", ", known) : "see the README's key table";
  }

  /** The known name fewest edits away, if it is near enough: at most a third of the key's length, and 1 at least. */
  public static String nearest(String key, Collection<String> known) {
    int limit = Math.max(1, key.length() / 3);
    String best = null;
    int bestDistance = limit + 1;
    for (String k : known) {
      int d = distance(key.toLowerCase(Locale.ROOT), k.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        best = k;
        bestDistance = d;
      }
    }
    return best;
  }

  /** The edits from {@code a} to {@code b}: letters inserted, deleted, replaced, or two next to each other swapped. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
