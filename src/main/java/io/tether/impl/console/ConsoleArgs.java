package io.tether.impl.console;

import io.tether.Endpoint;
import io.tether.TetherConfigException;
import io.tether.impl.config.ConfigLoader;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The command line of {@code console}: the server, the framing and display flags, client keys as {@code -D}, and
 * {@code --attach}. Client settings come out as {@code tether.*} properties, the highest of the client's sources.
 */
final class ConsoleArgs {

  static final long DEFAULT_WAIT_MS = 1000;

  static final String USAGE = String.join("\n",
    "Usage: console [OPTIONS] [HOST:PORT | HOST PORT]",
    "       console --attach ADDRESS -cluster [-cluster-host H] [--hex] [--timestamps] [--wait MS]",
    "",
    "A client whose standard input and output are the conversation: each line typed is sent as one message, each",
    "frame received is printed, and it reconnects by itself. On a terminal it edits lines and keeps a history",
    "(~/.tether_history, or the file TETHER_HISTORY names); piped, it sends each line and exits once standard input",
    "has ended and the server has been quiet for --wait ms, or at once when the connection ends.",
    "",
    "Options:",
    "  --line            line framing with \"\\n\" (the default)",
    "  --crlf            line framing with \"\\r\\n\"",
    "  --raw             no framing: each read is a frame, each line is sent without an end",
    "  --length          frames with a 4-byte big-endian length before them",
    "  --hex             print frames as hex dumps; typed lines are hex (50 49 4e 47 sends PING)",
    "  --timestamps      the time before each line printed",
    "  --wait MS         piped: how long the server must be quiet after standard input ends (default 1000)",
    "  --tls             connect with TLS (tls.enabled=true; the other tls.* keys with -D)",
    "  --conf FILE       a client config file, JSON or YAML (as TETHER_CONF)",
    "  -DKEY=VALUE       any client key, e.g. -Dreconnect.maxDelay=5000 (or -Dtether.KEY=VALUE)",
    "  --attach ADDRESS  with -cluster: no connection of its own; types into the client of ADDRESS on another node",
    "  -cluster, -cluster-host H, -cluster-port P   join the Vert.x cluster (conf/cluster.xml)",
    "  -h, --help        this text",
    "",
    "Commands (a line that starts with ':'; '::' sends a line that starts with ':'):",
    "  :stats :reconnect :pause :resume :drain :close :request TEXT :quit :help",
    "",
    "Exit codes: 0 done (input ended and the server went quiet or closed, :quit, Ctrl-D); 1 a line not sent, the",
    "client gave up, or no connection; 2 bad arguments or configuration; 130 Ctrl-C.");

  /** A command line that cannot be run, with the reason. */
  static final class UsageException extends RuntimeException {
    UsageException(String message) {
      super(message);
    }
  }

  boolean help;
  Endpoint target;
  String framing;
  boolean hex;
  boolean timestamps;
  long waitMs = DEFAULT_WAIT_MS;
  String conf;
  final Properties properties = new Properties();
  String attach;
  boolean cluster;
  String clusterHost;
  int clusterPort = -1;

  private ConsoleArgs() {
  }

  /** The arguments after {@code console}. */
  static ConsoleArgs parse(List<String> args) {
    ConsoleArgs a = new ConsoleArgs();
    List<String> positional = new ArrayList<>();
    boolean clientKeys = false;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      String value = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        value = arg.substring(eq + 1);
        arg = arg.substring(0, eq);
      }
      switch (arg) {
        case "-h", "--help" -> a.help = true;
        case "--line", "--crlf", "--raw", "--length" -> {
          if (a.framing != null && !a.framing.equals(arg)) {
            throw new UsageException(a.framing + " and " + arg + ": one framing at a time");
          }
          a.framing = arg;
        }
        case "--hex" -> a.hex = true;
        case "--timestamps" -> a.timestamps = true;
        case "--tls" -> {
          a.properties.setProperty(ConfigLoader.PROPERTY_PREFIX + "tls.enabled", "true");
          clientKeys = true;
        }
        case "--wait" -> {
          String ms = value != null ? value : next(args, ++i, arg);
          try {
            a.waitMs = Long.parseLong(ms);
          } catch (NumberFormatException e) {
            a.waitMs = -1;
          }
          if (a.waitMs < 0) {
            throw new UsageException("--wait: expected a number of ms, 0 or more, got \"" + ms + "\"");
          }
        }
        case "--conf", "-conf" -> {
          a.conf = value != null ? value : next(args, ++i, arg);
          clientKeys = true;
        }
        case "--attach" -> a.attach = value != null ? value : next(args, ++i, arg);
        case "-cluster", "--cluster" -> a.cluster = true;
        case "-cluster-host", "--cluster-host" -> {
          a.clusterHost = value != null ? value : next(args, ++i, arg);
          a.cluster = true;
        }
        case "-cluster-port", "--cluster-port" -> {
          String port = value != null ? value : next(args, ++i, arg);
          try {
            a.clusterPort = Integer.parseInt(port);
          } catch (NumberFormatException e) {
            throw new UsageException(arg + ": expected a port number, got \"" + port + "\"");
          }
          a.cluster = true;
        }
        default -> {
          if (arg.startsWith("-D") && arg.length() > 2) {
            a.define(arg.substring(2));
            clientKeys = true;
          } else if (arg.startsWith("-") && !arg.equals("-")) {
            throw new UsageException("unknown option " + arg);
          } else {
            positional.add(arg);
          }
        }
      }
    }
    a.target(positional);
    if (a.attach != null) {
      if (!a.cluster) {
        throw new UsageException("--attach needs -cluster: the client it types into runs on another node");
      }
      if (a.target != null || a.framing != null || clientKeys) {
        throw new UsageException("--attach types into the connection of another node's client: no HOST:PORT,"
          + " framing, --tls, --conf or -D keys of a client of its own");
      }
    } else if (a.cluster) {
      throw new UsageException("-cluster goes with --attach ADDRESS (the console's own client is not shared)");
    }
    return a;
  }

  private static String next(List<String> args, int i, String option) {
    if (i >= args.size()) {
      throw new UsageException(option + " needs a value");
    }
    return args.get(i);
  }

  /** {@code -DKEY=VALUE} or {@code -Dtether.KEY=VALUE}. */
  private void define(String definition) {
    int eq = definition.indexOf('=');
    if (eq <= 0) {
      throw new UsageException("-D" + definition + ": expected -DKEY=VALUE");
    }
    String key = definition.substring(0, eq);
    if (!key.startsWith(ConfigLoader.PROPERTY_PREFIX)) {
      key = ConfigLoader.PROPERTY_PREFIX + key;
    }
    properties.setProperty(key, definition.substring(eq + 1));
  }

  private void target(List<String> positional) {
    try {
      switch (positional.size()) {
        case 0 -> target = null;
        case 1 -> target = Endpoint.parse("HOST:PORT", positional.get(0));
        case 2 -> target = Endpoint.parse("HOST PORT", positional.get(0) + ":" + positional.get(1));
        default -> throw new UsageException("expected HOST:PORT or HOST PORT, got " + String.join(" ", positional));
      }
    } catch (TetherConfigException e) {
      throw new UsageException(e.getMessage());
    }
  }

  /**
   * The client's {@code tether.*} properties from this command line: {@code -D} keys, then the server and the
   * framing flag, which win.
   */
  Properties clientProperties() {
    Properties p = new Properties();
    p.putAll(properties);
    if (target != null) {
      p.setProperty(ConfigLoader.PROPERTY_PREFIX + "host", target.host());
      p.setProperty(ConfigLoader.PROPERTY_PREFIX + "port", Integer.toString(target.port()));
    }
    if (framing != null) {
      String mode = switch (framing) {
        case "--raw" -> "raw";
        case "--length" -> "length";
        default -> "line";
      };
      p.setProperty(ConfigLoader.PROPERTY_PREFIX + "framing.mode", mode);
      if (mode.equals("line")) {
        p.setProperty(ConfigLoader.PROPERTY_PREFIX + "framing.delimiter", framing.equals("--crlf") ? "\\r\\n" : "\\n");
      }
    }
    return p;
  }
}
