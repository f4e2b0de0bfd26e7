package io.tether.impl.console;

import java.util.Arrays;
import java.util.List;

/**
 * The fat jar's tools for a person at a shell, before the Vert.x launcher sees the command line:
 * {@code console} ({@link Console}) and {@code status} ({@link StatusCommand}).
 */
public final class Shell {

  private Shell() {
  }

  /** Whether {@code args} name one of these tools; anything else is the launcher's. */
  public static boolean handles(String[] args) {
    return args.length > 0 && (args[0].equals("console") || args[0].equals("status"));
  }

  /** Runs the tool {@code args[0]} with the rest; returns the process's exit code. */
  public static int run(String[] args) {
    List<String> rest = Arrays.asList(args).subList(1, args.length);
    return args[0].equals("console") ? Console.run(rest) : StatusCommand.run(rest, System.out, System.err);
  }
}
