package io.tether.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.fail;

/** A child process of the fat jar (or of run.sh), its output read line by line, killed when the test ends. */
public final class Child implements AutoCloseable {

  public static final Path JAR = Path.of(System.getProperty("it.jar", "target/tether.jar"));
  public static final Path BASEDIR = Path.of(System.getProperty("it.basedir", "."));

  private final Process process;
  private final Await.Events<String> out = new Await.Events<>();
  private final Await.Events<String> err = new Await.Events<>();
  private final List<String> outLines = new ArrayList<>();
  private final List<String> errLines = new ArrayList<>();

  /** The threads that read the process's output: done once it has exited and they have read all of it. */
  private final List<Thread> readers;

  private Child(Process process) {
    this.process = process;
    readers = List.of(read(process.getInputStream(), outLines, out), read(process.getErrorStream(), errLines, err));
  }

  /** {@code java [jvmArgs] -jar target/tether.jar [args]} with these extra environment variables. */
  public static Child jar(Map<String, String> env, List<String> jvmArgs, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmArgs);
    cmd.add("-jar");
    cmd.add(JAR.toString());
    cmd.addAll(List.of(args));
    return start(cmd, env);
  }

  /** {@code java [jvmArgs] -cp target/tether.jar mainClass [args]}: another main class of the fat jar. */
  public static Child main(Map<String, String> env, List<String> jvmArgs, String mainClass, String... args)
    throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmArgs);
    cmd.add("-cp");
    cmd.add(JAR.toString());
    cmd.add(mainClass);
    cmd.addAll(List.of(args));
    return start(cmd, env);
  }

  /** {@code ./run.sh [args]} from the project's folder. */
  public static Child runSh(Map<String, String> env, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(BASEDIR.resolve("run.sh").toString());
    cmd.addAll(List.of(args));
    return start(cmd, env);
  }

  /** Any command, from the project's folder, with these extra environment variables. */
  public static Child command(Map<String, String> env, List<String> cmd) throws IOException {
    return start(cmd, env);
  }

  private static Child start(List<String> cmd, Map<String, String> env) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(BASEDIR.toFile());
    pb.environment().remove("TETHER_HOST");
    pb.environment().remove("TETHER_PORT");
    pb.environment().remove("TETHER_CONF");
    pb.environment().remove("JAVA_OPTS");
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    pb.environment().putAll(env);
    return new Child(pb.start());
  }

  private static Thread read(InputStream stream, List<String> lines, Await.Events<String> events) {
    Thread t = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          synchronized (lines) {
            lines.add(line);
          }
          if (events != null) {
            events.add(line);
          }
        }
      } catch (IOException ignored) {
        // the process ended
      }
    }, "child-output");
    t.setDaemon(true);
    t.start();
    return t;
  }

  /** The next line of standard output that matches, skipping others, within the deadline. */
  public String awaitLine(Predicate<String> match) {
    try {
      return out.nextMatching(match);
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "; output so far:\n" + output(), e);
    }
  }

  /** The next line of standard output that matches, skipping others, within {@code deadline}. */
  public String awaitLine(Predicate<String> match, Duration deadline) {
    try {
      return out.nextMatching(match, deadline);
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "; output so far:\n" + output(), e);
    }
  }

  /** The next line of standard error that matches, skipping others, within {@code deadline}. */
  public String awaitErrLine(Predicate<String> match, Duration deadline) {
    try {
      return err.nextMatching(match, deadline);
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "; output so far:\n" + output(), e);
    }
  }

  /** The process's standard input. */
  public java.io.OutputStream stdin() {
    return process.getOutputStream();
  }

  /** Writes {@code text} as UTF-8 to the process's standard input, at once. */
  public void type(String text) throws IOException {
    process.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
    process.getOutputStream().flush();
  }

  /** Closes the process's standard input: the end of what it reads. */
  public void endInput() throws IOException {
    process.getOutputStream().close();
  }

  /**
   * Sends SIGINT, as Ctrl-C in a terminal does. A process started with SIGINT ignored (a build run in the
   * background of a shell without job control, e.g. {@code mvn verify &} in a script, hands that on to every process
   * it starts) keeps it ignored, and the JVM then never sees it: that fails here, at once and saying so, rather than
   * as a process that does not exit.
   */
  public void interrupt() throws IOException, InterruptedException {
    if (ignoresSigint(process.pid())) {
      fail("SIGINT is ignored by process " + process.pid() + ", as by the build that started it (run in the background"
        + " of a shell without job control?): run the build in the foreground");
    }
    Process kill = new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).inheritIO().start();
    if (kill.waitFor() != 0) {
      fail("kill -INT " + process.pid() + " failed");
    }
  }

  /** Whether the process ignores SIGINT (signal 2): the second bit of its {@code SigIgn} mask in {@code /proc}. */
  private static boolean ignoresSigint(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("SigIgn:")) {
        return (Long.parseUnsignedLong(line.substring("SigIgn:".length()).trim(), 16) & (1L << 1)) != 0;
      }
    }
    return false;
  }

  /** The next line of standard output, within the deadline. */
  public String nextLine() {
    return out.next();
  }

  /** The exit code, waiting up to {@code deadline}. */
  public int exitCode(Duration deadline) throws InterruptedException {
    if (!process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
      fail("the process did not exit within " + deadline + "; output:\n" + output());
    }
    // the process has exited, but its last lines may still be on their way to the readers
    for (Thread t : readers) {
      t.join(TimeUnit.SECONDS.toMillis(5));
    }
    return process.exitValue();
  }

  public List<String> stdout() {
    synchronized (outLines) {
      return List.copyOf(outLines);
    }
  }

  public List<String> stderr() {
    synchronized (errLines) {
      return List.copyOf(errLines);
    }
  }

  public String output() {
    return String.join("\n", stdout()) + "\n--- stderr ---\n" + String.join("\n", stderr());
  }

  /** A copy in {@code dir} of the file {@code name} under conf/, with the default port 9001 replaced by {@code port}. */
  public static Path conf(Path dir, String name, int port) throws IOException {
    String text = Files.readString(BASEDIR.resolve("conf").resolve(name)).replace("9001", Integer.toString(port));
    Path copy = dir.resolve(name);
    Files.writeString(copy, text);
    return copy;
  }

  /** The process and every process it started have ended: nothing of it is left running. */
  public void assertGone() {
    Await.until("the process and its children to end", () -> !process.isAlive()
      && process.descendants().noneMatch(ProcessHandle::isAlive));
  }

  /** Nothing listens on these ports of 127.0.0.1: each can be bound. */
  public static void assertNothingListens(int... ports) {
    for (int port : ports) {
      try (ServerSocket socket = new ServerSocket()) {
        socket.bind(new InetSocketAddress("127.0.0.1", port));
      } catch (IOException e) {
        fail("something still listens on 127.0.0.1:" + port + ": " + e.getMessage());
      }
    }
  }

  /** SIGSTOP: the process freezes, as in a long GC pause; its sockets stay open and its kernel takes bytes. */
  public void freeze() {
    signal("STOP");
  }

  /** SIGCONT: a frozen process goes on from where it was. */
  public void thaw() {
    signal("CONT");
  }

  /** The process's id, as Java's launcher and run.sh's exec leave it: the JVM's. */
  public long pid() {
    return process.pid();
  }

  private void signal(String signal) {
    Signals.send(process.pid(), signal);
  }

  /** Kills the process and its descendants with SIGKILL, as a crash would end them, and waits until they are gone. */
  public void kill() throws InterruptedException {
    close();
  }

  @Override
  public void close() throws InterruptedException {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }
}
