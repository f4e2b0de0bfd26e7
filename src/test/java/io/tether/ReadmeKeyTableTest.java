package io.tether;

import io.tether.impl.config.Key;
import io.tether.impl.config.Keys;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's table of a client's keys lists exactly the keys there are, each with its default. */
class ReadmeKeyTableTest {

  private static final String SECTION = "## Configuration of a client";
  private static final Pattern ROW = Pattern.compile("^\\| `([^`]+)` \\| `([^`]*)` \\|.*\\|$");

  /** Key to default, as the README's table writes them, in its order. */
  private static Map<String, String> table() throws IOException {
    List<String> lines = Files.readAllLines(Path.of("README.md"));
    int start = lines.indexOf(SECTION);
    assertTrue(start >= 0, "README.md has a section \"" + SECTION + "\"");
    Map<String, String> rows = new LinkedHashMap<>();
    for (String line : lines.subList(start + 1, lines.size())) {
      if (line.startsWith("#")) {
        break;
      }
      if (line.startsWith("| `")) {
        Matcher m = ROW.matcher(line);
        assertTrue(m.matches(), "a row of one key and its default: " + line);
        assertNull(rows.put(m.group(1), m.group(2)), "listed twice: " + m.group(1));
      }
    }
    assertFalse(rows.isEmpty(), "the section has a table of keys");
    return rows;
  }

  @Test
  void theTableListsEveryKeyAndNoOther() throws IOException {
    assertEquals(Keys.ALL.stream().map(Key::name).sorted().toList(), table().keySet().stream().sorted().toList());
  }

  @Test
  void eachKeyHasItsDefault() throws IOException {
    Map<String, String> table = table();
    for (Key<?> key : Keys.ALL) {
      String shown = table.get(key.name());
      Object written = written(key);
      if (written instanceof JsonArray) {
        assertEquals(written, new JsonArray(shown), key.name());
      } else {
        assertEquals(readme(written), shown, key.name());
      }
    }
  }

  private static <T> Object written(Key<T> key) {
    return key.write(key.defaultValue());
  }

  /** How the README writes a default: a string as its JSON escapes without the quotes ({@code \n}), else as JSON. */
  private static String readme(Object value) {
    String json = Json.encode(value);
    return value instanceof String ? json.substring(1, json.length() - 1) : json;
  }
}
