package io.tether.testkit;

import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A real server from the machine's packages (Redis, memcached, ngIRCd), as a child process on a free port of
 * 127.0.0.1, stopped, resumed and killed with real signals. When its program is missing, a test says so loudly: in CI
 * (environment {@code CI} set) it fails, elsewhere it is skipped with the package to install.
 */
public final class RealServer implements AutoCloseable {

  private final Process process;
  private final int port;
  private final Path scratch;

  private RealServer(Process process, int port, Path scratch) {
    this.process = process;
    this.port = port;
    this.scratch = scratch;
  }

  /** {@code redis-server} on a free port, in memory only. */
  public static RealServer redis() {
    String bin = require("redis-server", "redis-server");
    int port = freePort();
    return start(List.of(bin, "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "",
      "--appendonly", "no", "--protected-mode", "no", "--loglevel", "warning"), port, null);
  }

  /** {@code memcached} on a free port of 127.0.0.1, TCP only. */
  public static RealServer memcached() {
    String bin = require("memcached", "memcached");
    int port = freePort();
    return start(List.of(bin, "-p", Integer.toString(port), "-l", "127.0.0.1", "-U", "0", "-u", "root"), port, null);
  }

  /** {@code ngircd} on a free port of 127.0.0.1, pinging idle clients after {@code pingSeconds}. */
  public static RealServer ngircd(int pingSeconds, int pongSeconds) {
    String bin = require("ngircd", "ngircd");
    int port = freePort();
    try {
      Path dir = Files.createTempDirectory("ngircd");
      Path motd = Files.writeString(dir.resolve("motd"), "Tether test server\n");
      Path conf = Files.writeString(dir.resolve("ngircd.conf"), String.join("\n",
        "[Global]", "Name = irc.tether.test", "Info = Tether test server", "Listen = 127.0.0.1",
        "Ports = " + port, "MotdFile = " + motd, "PidFile = " + dir.resolve("pid"), "ServerUID = root",
        "ServerGID = root",
        "[Limits]", "PingTimeout = " + pingSeconds, "PongTimeout = " + pongSeconds, "ConnectRetry = 60",
        "MaxConnectionsIP = 0",
        "[Options]", "DNS = no", "Ident = no", "PAM = no", ""));
      return start(List.of(bin, "--nodaemon", "--config", conf.toString()), port, dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static RealServer start(List<String> cmd, int port, Path scratch) {
    try {
      Process p = new ProcessBuilder(new ArrayList<>(cmd)).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      RealServer s = new RealServer(p, port, scratch);
      s.awaitListening();
      return s;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The program's path; fails in CI, and skips elsewhere, when it is not installed (also {@link Tmux}'s rule). */
  static String require(String program, String pkg) {
    for (String dir : List.of("/usr/bin", "/usr/sbin", "/usr/local/bin", "/usr/local/sbin")) {
      File f = new File(dir, program);
      if (f.canExecute()) {
        return f.getPath();
      }
    }
    String message = program + " is not installed: apt-get install " + pkg + " (.ci/run installs it when it runs as root)";
    System.err.println("*** " + message);
    if (System.getenv("CI") != null) {
      fail(message);
    }
    Assumptions.abort(message);
    return null;
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void awaitListening() {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      try (Socket so = new Socket()) {
        so.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException e) {
        if (!process.isAlive() || System.nanoTime() > end) {
          throw new AssertionError("the server did not listen on 127.0.0.1:" + port + " (alive: " + process.isAlive() + ")");
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
      }
    }
  }

  public int port() {
    return port;
  }

  /** SIGSTOP: the process stops; its kernel still accepts connections and takes bytes. */
  public void stop() {
    signal("STOP");
  }

  /** SIGCONT. */
  public void resume() {
    signal("CONT");
  }

  /** SIGKILL, waiting for the process to be gone. */
  public void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void signal(String signal) {
    Signals.send(process.pid(), signal);
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      signal("CONT");
    }
    kill();
    if (scratch != null) {
      try (var files = Files.walk(scratch)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      } catch (IOException ignored) {
        // a temp folder
      }
    }
  }
}
