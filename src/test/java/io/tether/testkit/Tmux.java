package io.tether.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A program on a real pseudo-terminal, for tests of what a person sees: tmux on a server socket of its own, in a
 * temporary folder (so no other tmux session is touched, and nothing is left behind) runs the command in a pane; the test types with {@code send-keys} and reads the
 * screen with {@code capture-pane}. When the program ends, the pane's shell prints its exit status, and stays.
 * Needs tmux: without it a test fails in CI and is skipped elsewhere, as with {@link RealServer}'s programs
 * ({@code .ci/run} installs it).
 */
public final class Tmux implements AutoCloseable {

  private static final String SESSION = "t";
  private static final String EXITED = "[exited with ";

  /** The server's socket, in a folder of its own that {@link #close()} removes. */
  private final Path socket;

  private final String program;

  private Tmux(String program) throws IOException {
    this.program = program;
    this.socket = Files.createTempDirectory("tether-tmux").resolve("socket");
  }

  /** Runs {@code command} (with {@code env} added) in a pane of {@code width} x {@code height}. */
  public static Tmux start(int width, int height, Map<String, String> env, List<String> command) throws Exception {
    Tmux t = new Tmux(RealServer.require("tmux", "tmux"));
    List<String> line = new ArrayList<>();
    line.add("env");
    env.forEach((k, v) -> line.add(k + "=" + v));
    line.addAll(command);
    // the shell prints the exit status: tmux does not always get it from a program that ended itself
    String shell = line.stream().map(Tmux::quote).collect(Collectors.joining(" ")) + "; echo \"" + EXITED + "$?]\"";
    t.tmux("new-session", "-d", "-s", SESSION, "-x", Integer.toString(width), "-y", Integer.toString(height),
      "-c", Child.BASEDIR.toAbsolutePath().toString(), shell, ";", "set-option", "-t", SESSION, "remain-on-exit", "on");
    return t;
  }

  private static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }

  private String tmux(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(program, "-S", socket.toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
      fail("tmux " + String.join(" ", args) + " failed: " + out);
    }
    return out;
  }

  /** The screen as text, one line each, trailing blanks trimmed. */
  public String screen() throws IOException, InterruptedException {
    return tmux("capture-pane", "-p", "-t", SESSION);
  }

  /** The screen with its colours and attributes as escape sequences. */
  public String screenWithEscapes() throws IOException, InterruptedException {
    return tmux("capture-pane", "-p", "-e", "-t", SESSION);
  }

  /** The lines of the screen up to the last one that is not blank. */
  public List<String> lines() throws IOException, InterruptedException {
    List<String> lines = new ArrayList<>(screen().lines().map(String::stripTrailing).toList());
    while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
      lines.remove(lines.size() - 1);
    }
    return lines;
  }

  /** Types {@code text} as it is. */
  public void type(String text) throws IOException, InterruptedException {
    tmux("send-keys", "-t", SESSION, "-l", text);
  }

  /** Presses keys by tmux's names: {@code Enter}, {@code Up}, {@code C-c}. */
  public void press(String... keys) throws IOException, InterruptedException {
    List<String> args = new ArrayList<>(List.of("send-keys", "-t", SESSION));
    args.addAll(List.of(keys));
    tmux(args.toArray(String[]::new));
  }

  /** Waits until the screen's lines satisfy {@code condition}, within {@code deadline}; returns those lines. */
  public List<String> await(String what, Duration deadline, Predicate<List<String>> condition) {
    List<List<String>> seen = new ArrayList<>(List.of(List.of()));
    try {
      Await.until(what, deadline, () -> {
        seen.set(0, linesNow());
        return condition.test(seen.get(0));
      });
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "; the screen:\n" + String.join("\n", seen.get(0)), e);
    }
    return seen.get(0);
  }

  private List<String> linesNow() {
    try {
      return lines();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The exit status of the program once it has ended, else null. */
  public Integer exitStatus() throws IOException, InterruptedException {
    for (String l : lines()) {
      if (l.startsWith(EXITED) && l.endsWith("]")) {
        return Integer.valueOf(l.substring(EXITED.length(), l.length() - 1));
      }
    }
    return null;
  }

  /** The lines of the screen before the one of the exit status. */
  public List<String> linesBeforeExit() throws IOException, InterruptedException {
    List<String> lines = lines();
    return lines.subList(0, lines.size() - (exitStatus() == null ? 0 : 1));
  }

  @Override
  public void close() throws IOException, InterruptedException {
    new ProcessBuilder(program, "-S", socket.toString(), "kill-server").redirectErrorStream(true).start().waitFor(10,
      TimeUnit.SECONDS);
    Files.deleteIfExists(socket);
    Files.deleteIfExists(socket.getParent());
  }
}
