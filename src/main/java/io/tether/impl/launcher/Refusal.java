package io.tether.impl.launcher;

/**
 * A command line the launcher will not run: the one line that says why, and the exit code. No stack trace is of any
 * use to the person who typed it.
 */
public final class Refusal extends RuntimeException {

  /** A command line that does not parse: an unknown option, a missing value, a file where a class was expected. */
  public static final int USAGE = 2;
  /** A configuration that cannot be used: the launcher's code for a failed deployment. */
  public static final int CONFIG = 15;

  private final int exitCode;

  Refusal(int exitCode, String line) {
    super(line, null, false, false);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
