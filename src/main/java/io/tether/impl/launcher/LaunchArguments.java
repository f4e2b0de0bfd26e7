package io.tether.impl.launcher;

import io.tether.impl.config.UnknownKey;
import io.vertx.launcher.application.impl.VertxApplicationCommand;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The launcher's command line, read before anything starts, with the launcher's own parser and options, so that a
 * mistake is one line instead of Vert.x's usage printed twice (once with colour codes), a warning that is then
 * ignored, or a {@code ClassNotFoundException}:
 * <ul>
 *   <li>an unknown option, a missing value or an argument too many: the parser's words, and the nearest option;</li>
 *   <li>a file where the verticle's class name goes ({@code java -jar tether.jar conf/client.json}): how to give it;</li>
 *   <li>a {@code -conf}, {@code --options} or {@code --deployment-options} that is not a readable JSON object.</li>
 * </ul>
 * {@code run.sh} sets {@code TETHER_SCRIPT} to its own name: then its flags are among the suggestions.
 *
 * @param help         {@code --help} was asked for: print {@link #usage()}, and run nothing
 * @param mainVerticle the class name given in place of the {@code Main-Verticle}, or null
 * @param confSource   how an error about a value of the {@code -conf} config names it ({@code -conf conf/client.json}),
 *                     or null
 */
public record LaunchArguments(boolean help, String mainVerticle, String confSource) {

  /** The environment variable by which {@code run.sh} says it started the launcher, and under which name. */
  public static final String SCRIPT = "TETHER_SCRIPT";
  /** The flags {@code run.sh} reads itself, before the launcher sees the rest. */
  static final List<String> SCRIPT_FLAGS = List.of("--host", "--port", "--cp", "--help");
  private static final List<String> JSON_OPTIONS = List.of("-conf", "-options", "-deployment-options");

  /**
   * Reads and checks {@code args} as the launcher will.
   *
   * @param script the name {@code run.sh} gave in {@link #SCRIPT}, or null
   * @throws Refusal with the one line to print and the exit code
   */
  public static LaunchArguments read(String[] args, String script) {
    CommandLine parser = parser();
    ParseResult parsed;
    try {
      parsed = parser.parseArgs(args);
    } catch (ParameterException e) {
      throw new Refusal(Refusal.USAGE, explain(e, parser, script, args));
    }
    if (parsed.isUsageHelpRequested()) {
      return new LaunchArguments(true, null, null);
    }
    String main = parsed.matchedPositionalValue(0, null);
    if (main != null && looksLikeAFile(main)) {
      throw new Refusal(Refusal.USAGE, notAVerticle(main, script));
    }
    String confSource = null;
    for (String option : JSON_OPTIONS) {
      String value = parsed.matchedOptionValue(option, null);
      if (value != null) {
        String source = JsonArgument.check(option, value);
        if (option.equals("-conf")) {
          confSource = source;
        }
      }
    }
    return new LaunchArguments(false, main, confSource);
  }

  /** Tether's usage: what to run, then every option of the launcher, in its own words. */
  public static String usage() {
    // plain text, for terminals and files alike
    CommandLine.Help help = new CommandLine.Help(parser().getCommandSpec(), CommandLine.Help.defaultColorScheme(Ansi.OFF));
    return String.join(System.lineSeparator(),
      "Usage: java -jar target/tether.jar [VERTICLE] [-conf FILE] [OPTIONS]",
      "",
      "  java -jar target/tether.jar                       the demo: companion server, logger and client",
      "  java -jar target/tether.jar -conf FILE.json       a deployment file, or a client's config (JSON)",
      "  java -jar target/tether.jar VERTICLE -conf FILE   one verticle and its config: the form of vertx run",
      "  ./run.sh --help                                   the same from run.sh, with YAML, --host, --port and --cp",
      "  java -jar target/tether.jar console HOST:PORT     type to a server through a client (console --help)",
      "  java -jar target/tether.jar status [PORT]         one line of a running client's state (status --help)",
      "",
      "VERTICLE is a class name: io.tether.ClientVerticle, io.tether.PeerServerVerticle, io.tether.LoggerVerticle,",
      "or yours; without it, io.tether.MainVerticle deploys what the file lists (the file of -conf, else of",
      "TETHER_CONF, else conf/tether.json).",
      "",
      "Environment: TETHER_CONF (a config file, JSON or YAML), TETHER_HOST, TETHER_PORT;",
      "system properties: -Dtether.KEY=VALUE for any key of a client (java -Dtether.port=9002 -jar ...).",
      "Exit codes: 2 a command line that does not parse, 15 a bad configuration or a failed start,",
      "69 a client gave up with reconnect.exitOnGiveUp, 0 exitOnClose or --help.",
      "",
      "Options of the launcher (Vert.x's VertxApplication):",
      help.optionList().stripTrailing(),
      "");
  }

  /** Every option of the launcher, each with the names it is written with ({@code -conf}, {@code --conf}). */
  public static List<List<String>> options() {
    List<List<String>> out = new ArrayList<>();
    parser().getCommandSpec().options().forEach(o -> out.add(List.of(o.names())));
    return out;
  }

  /** The launcher's own parser and options, on a command object that is never run. */
  private static CommandLine parser() {
    return new CommandLine(new VertxApplicationCommand(null, null, null)).setOptionsCaseInsensitive(true);
  }

  private static String explain(ParameterException e, CommandLine parser, String script, String[] args) {
    String help = " (" + (script == null ? "--help" : script + " --help") + " lists the options)";
    if (e instanceof UnmatchedArgumentException) {
      List<String> unmatched = ((UnmatchedArgumentException) e).getUnmatched();
      String first = unmatched.isEmpty() ? "" : unmatched.get(0);
      if (!first.startsWith("-") && looksLikeAFile(first)) {
        // after a verticle: the config of "vertx run c.json" is -conf c.json
        return first + ": an extra argument; give a config file with -conf " + first;
      }
      if (first.startsWith("-")) {
        String option = typed(first, args);
        String name = option.contains("=") ? option.substring(0, option.indexOf('=')) : option;
        List<String> known = new ArrayList<>(parser.getCommandSpec().optionsMap().keySet());
        if (script != null) {
          known.addAll(SCRIPT_FLAGS);
        }
        String nearest = UnknownKey.nearest(name, known);
        return "Unknown option " + name + (nearest == null ? "" : "; did you mean " + nearest + "?") + help;
      }
    }
    return e.getMessage() + help;
  }

  /**
   * The argument as it was typed: the parser reports {@code -conff} as {@code -onff}, having read its {@code -c} as a
   * short option of its own.
   */
  private static String typed(String unmatched, String[] args) {
    for (String a : args) {
      if (a.equals(unmatched)) {
        return a;
      }
    }
    for (String a : args) {
      if (a.startsWith("-") && a.length() > unmatched.length() && a.endsWith(unmatched.substring(1))) {
        return a;
      }
    }
    return unmatched;
  }

  /** A config file given where a verticle's class name goes. */
  private static String notAVerticle(String arg, String script) {
    boolean exists = exists(arg);
    boolean yaml = arg.toLowerCase(Locale.ROOT).matches(".*\\.ya?ml");
    String how = script != null ? script + " " + arg
      : yaml ? "./run.sh " + arg + ", or TETHER_CONF=" + arg + " java -jar target/tether.jar"
      : "java -jar target/tether.jar -conf " + arg;
    if (!exists) {
      return arg + ": no such file" + (arg.contains("/") || hasConfigExtension(arg) ? "" : ", and no verticle class");
    }
    if (!hasConfigExtension(arg)) {
      return arg + ": not a config file (.json, .yaml or .yml), nor a verticle class";
    }
    return arg + " is a config file, not a verticle class: run it with " + how;
  }

  /**
   * A path rather than a class name: it exists as a file, names a folder, or ends as config files do. (A class
   * name's last part starts with a capital letter in every verticle we know of, and a file's extension does not.)
   */
  static boolean looksLikeAFile(String arg) {
    if (arg.contains("/") || arg.contains("\\") || hasConfigExtension(arg) || exists(arg)) {
      return true;
    }
    int dot = arg.lastIndexOf('.');
    return dot >= 0 && dot < arg.length() - 1 && Character.isLowerCase(arg.charAt(dot + 1))
      && arg.length() - dot - 1 <= 4;
  }

  private static boolean hasConfigExtension(String arg) {
    String lower = arg.toLowerCase(Locale.ROOT);
    return lower.endsWith(".json") || lower.endsWith(".yaml") || lower.endsWith(".yml");
  }

  private static boolean exists(String arg) {
    try {
      return Files.exists(Path.of(arg));
    } catch (InvalidPathException e) {
      return false;
    }
  }
}
