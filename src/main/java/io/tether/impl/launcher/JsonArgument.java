package io.tether.impl.launcher;

import io.tether.impl.config.ConfigLoader;
import io.tether.impl.config.FileProblem;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A launcher option that takes JSON ({@code -conf}, {@code --options}, {@code --deployment-options}): the path of a
 * JSON file, or JSON itself. The launcher reads it the same way, but when it cannot it only warns and goes on without
 * it: a {@code -conf} with a typo ran the demo. Here it is the one line that names the file and what is wrong.
 */
final class JsonArgument {

  private JsonArgument() {
  }

  /**
   * Checks the value of {@code option}: a readable file that holds a JSON object, or a JSON object.
   *
   * @return how an error about the config in it names it: {@code -conf conf/client.json}, or {@code -conf} for JSON
   * @throws Refusal naming the file (or the JSON) and what is wrong, with the exit code of a bad configuration
   */
  static String check(String option, String value) {
    Path path = path(value);
    if (path != null && Files.exists(path)) {
      readFile(option, value, path);
      return option + " " + value;
    }
    if (value.trim().startsWith("{")) {
      try {
        new JsonObject(value);
      } catch (DecodeException e) {
        throw refused(option + ": not a file, nor a valid JSON object: " + FileProblem.describe(e));
      }
      return option;
    }
    throw refused(ConfigLoader.unreadable(option, value, new NoSuchFileException(value)).getMessage());
  }

  private static void readFile(String option, String value, Path path) {
    String lower = value.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
      throw refused(option + ": \"" + value + "\" is a YAML file, and " + option + " reads JSON only (for YAML: ./run.sh "
        + value + ", or TETHER_CONF=" + value + ")");
    }
    if (Files.isDirectory(path)) {
      throw refused(option + ": \"" + value + "\" is a folder, not a JSON file");
    }
    try {
      new JsonObject(Files.readString(path));
    } catch (IOException | DecodeException e) {
      throw refused(ConfigLoader.unreadable(option, value, e).getMessage());
    }
  }

  private static Path path(String value) {
    try {
      return Path.of(value);
    } catch (InvalidPathException e) {
      return null;
    }
  }

  private static Refusal refused(String message) {
    return new Refusal(Refusal.CONFIG, "Invalid configuration: " + message);
  }
}
