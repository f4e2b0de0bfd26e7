package io.tether;

import io.tether.testkit.FakeServer;
import io.tether.testkit.Await;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.dns.AddressResolverOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real faults: a server process killed with SIGKILL or stopped with SIGSTOP, a listener whose backlog is full,
 * a host name that does not resolve. The client runs in this JVM; the server is a child process on 127.0.0.1.
 */
class FaultIT extends ClientTestBase {

  private Vertx vertx;
  private final List<Process> processes = new ArrayList<>();
  /** The thread that reads each echo server's output, and closes its pipe once the server has ended. */
  private final Map<Process, Thread> readers = new HashMap<>();

  @TempDir
  Path dir;

  @AfterEach
  void cleanUp() throws InterruptedException {
    for (Process p : processes) {
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
    }
    if (vertx != null) {
      Await.result(vertx.close());
    }
  }

  /** The echo server of io.tether.fault as a child process; its output lines go to {@code lines}. */
  private Process echoServer(int port, Await.Events<String> lines) throws IOException {
    Path classes = Path.of(EchoServerLocation.CLASSES);
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
      "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx32m", "-cp", classes.toString(),
      "io.tether.fault.EchoServer", Integer.toString(port)).redirectErrorStream(true).start();
    processes.add(p);
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          lines.add(line);
        }
      } catch (IOException ignored) {
        // the process ended
      }
    }, "echo-server-output");
    reader.setDaemon(true);
    reader.start();
    readers.put(p, reader);
    assertEquals("LISTENING " + port, lines.next());
    return p;
  }

  private static final class EchoServerLocation {
    static final String CLASSES = Path.of(io.tether.fault.EchoServer.class.getProtectionDomain().getCodeSource()
      .getLocation().getPath()).toString();
  }

  /**
   * How many open descriptors of this JVM name each thing: a file by its path, else its kind ({@code socket},
   * {@code pipe}, {@code anon_inode:[eventpoll]}, ...), inode numbers left out, so that two counts compare.
   */
  private static Map<String, Integer> openFiles() throws IOException {
    Map<String, Integer> named = new TreeMap<>();
    links().forEach(link -> named.merge(link.replaceAll(":\\[\\d+\\]$", ""), 1, Integer::sum));
    return named;
  }

  /** What each open descriptor of this JVM points to. */
  private static List<String> links() throws IOException {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      List<String> links = new ArrayList<>();
      fds.forEach(fd -> {
        try {
          links.add(Files.readSymbolicLink(fd).toString());
        } catch (IOException gone) {
          // closed between the listing and the read (the listing's own descriptors among them)
        }
      });
      return links;
    }
  }

  private static final String[] TCP_STATES = {"?", "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2",
    "TIME_WAIT", "CLOSE", "CLOSE_WAIT", "LAST_ACK", "LISTEN", "CLOSING"};

  /**
   * This JVM's open sockets, each by its protocol, endpoints and, for TCP, its state ({@code /proc/net/tcp},
   * {@code udp}, their IPv6 tables, {@code unix} and {@code netlink}).
   */
  private static List<String> sockets() throws IOException {
    Map<String, String> known = new HashMap<>();
    for (String protocol : List.of("tcp", "tcp6", "udp", "udp6")) {
      for (String[] f : table(protocol)) {
        int state = Integer.parseInt(f[3], 16);
        String stateName = state < TCP_STATES.length ? TCP_STATES[state] : f[3];
        known.put(f[9], protocol + " " + endpoint(f[1]) + " -> " + endpoint(f[2])
          + (protocol.startsWith("tcp") ? " " + stateName : ""));
      }
    }
    for (String[] f : table("unix")) {
      known.put(f[6], "unix" + (f.length > 7 ? " " + f[7] : ""));
    }
    for (String[] f : table("netlink")) {
      known.put(f[9], "netlink");
    }
    List<String> sockets = new ArrayList<>();
    for (String link : links()) {
      if (link.startsWith("socket:[")) {
        String inode = link.substring(8, link.length() - 1);
        // in no table: e.g. a TCP socket neither bound nor connected yet
        sockets.add(known.getOrDefault(inode, "socket " + inode + " in no table of /proc/net"));
      }
    }
    sockets.sort(null);
    return sockets;
  }

  /** The rows of a table of {@code /proc/self/net}, each split into its columns; none where there is no such table. */
  private static List<String[]> table(String name) throws IOException {
    Path table = Path.of("/proc/self/net", name);
    if (!Files.isReadable(table)) {
      return List.of();
    }
    List<String> lines = Files.readAllLines(table);
    return lines.subList(1, lines.size()).stream().map(l -> l.trim().split("\\s+")).toList();
  }

  /**
   * {@code 0100007F:1F90} as {@code 127.0.0.1:8080}: the kernel writes the address as 32-bit words, each in this
   * machine's (little-endian) byte order.
   */
  private static String endpoint(String hex) {
    String[] parts = hex.split(":");
    byte[] address = new byte[parts[0].length() / 2];
    for (int word = 0; word < address.length / 4; word++) {
      for (int b = 0; b < 4; b++) {
        int at = word * 8 + (3 - b) * 2;
        address[word * 4 + b] = (byte) Integer.parseInt(parts[0].substring(at, at + 2), 16);
      }
    }
    try {
      return InetAddress.getByAddress(address).getHostAddress() + ":" + Integer.parseInt(parts[1], 16);
    } catch (UnknownHostException e) {
      return hex;
    }
  }

  private static void signal(Process p, String signal) throws Exception {
    assertEquals(0, new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor());
  }

  @Test
  void fiftyKillsAndRestartsOfTheServerGiveFiftyReconnectsAndLeakNothing() throws Exception {
    vertx = Vertx.vertx();
    int port = FakeServer.freePort(vertx);
    Await.Events<JsonObject> status = status(vertx, "k");
    deployClient(vertx, client("k", port).put("framing.mode", "line")
      .put("ping", new JsonObject().put("interval", 200))
      .put("reconnect", new JsonObject().put("initialDelay", 10).put("maxDelay", 50).put("jitter", 0.0)));
    Map<String, Integer> fdsBefore = null;
    List<String> socketsBefore = List.of();
    int timersBefore = -1;
    for (int i = 1; i <= 50; i++) {
      Await.Events<String> lines = new Await.Events<>();
      Process server = echoServer(port, lines);
      awaitState(status, ConnectionState.CONNECTED);
      String message = "k" + i;
      Await.result(vertx.eventBus().request("k.out", message));
      String recv = lines.nextMatching(l -> l.endsWith(" " + message));
      assertTrue(recv.startsWith("RECV "), recv);
      if (i == 1) {
        fdsBefore = openFiles();
        socketsBefore = sockets();
        timersBefore = stats(vertx, "k").getInteger("timers");
      }
      if (i == 50) {
        break;
      }
      server.destroyForcibly();
      server.waitFor(10, TimeUnit.SECONDS);
      processes.remove(server);
      // the server's pipes are closed here, not a moment after the count by the JDK's reaper and the reader thread
      server.getOutputStream().close();
      readers.remove(server).join(10_000);
      awaitState(status, ConnectionState.DISCONNECTED);
    }
    JsonObject s = stats(vertx, "k");
    assertEquals(50L, s.getLong("connects"));
    assertEquals(49L, s.getLong("reconnects"));
    assertEquals(50L, s.getLong("written"));
    assertEquals(50L, s.getLong("sent"));
    assertEquals(timersBefore, s.getInteger("timers"), s.encode());
    Map<String, Integer> fdsAfter = openFiles();
    // a leak grows the count by one or more per reconnect, 49 or more here; one fewer is a descriptor of an earlier
    // test in this JVM closed meanwhile, and one or two more, one it opened (seen: 91 before, 92 after, in a full
    // verify only, with every killed server's pipes closed before the count; the one that came and went was a socket
    // in no table of /proc/net, neither bound nor connected, so not the client's connection, which is one TCP socket
    // at both counts: the line printed below names each socket at both counts)
    int before = fdsBefore.values().stream().mapToInt(Integer::intValue).sum();
    int after = fdsAfter.values().stream().mapToInt(Integer::intValue).sum();
    Map<String, String> changed = new TreeMap<>();
    Set<String> names = new TreeSet<>(fdsBefore.keySet());
    names.addAll(fdsAfter.keySet());
    for (String name : names) {
      int b = fdsBefore.getOrDefault(name, 0);
      int a = fdsAfter.getOrDefault(name, 0);
      if (a != b) {
        changed.put(name, b + " -> " + a);
      }
    }
    String counts = "open file descriptors before and after 49 kills: " + before + ", " + after + " " + changed;
    if (changed.containsKey("socket")) {
      counts += "; sockets before " + socketsBefore + ", after " + sockets();
    }
    if (!changed.isEmpty()) {
      System.out.println("FaultIT: " + counts);
    }
    assertTrue(after <= before + 2, counts);
  }

  @Test
  void aStoppedServerIsFoundWithinTheHeartbeatAndNothingSentMeanwhileIsLostOrDoubled() throws Exception {
    stoppedServer(600);
  }

  /** The default heartbeat, three ping intervals, finds a stopped server that had answered pings. */
  @Test
  void aStoppedServerIsFoundWithTheDefaultHeartbeat() throws Exception {
    stoppedServer(-1);
  }

  private void stoppedServer(long heartbeat) throws Exception {
    vertx = Vertx.vertx();
    int port = FakeServer.freePort(vertx);
    Await.Events<JsonObject> status = status(vertx, "st");
    Await.Events<String> lines = new Await.Events<>();
    Process server = echoServer(port, lines);
    JsonObject config = client("st", port).put("framing.mode", "line")
      .put("ping", new JsonObject().put("interval", heartbeat > 0 ? 100 : 200))
      .put("reconnect", new JsonObject().put("initialDelay", 100).put("maxDelay", 200).put("jitter", 0.0));
    if (heartbeat > 0) {
      config.put("heartbeat.timeout", heartbeat);
    }
    long deadline = heartbeat > 0 ? heartbeat : 600;
    deployClient(vertx, config);
    awaitState(status, ConnectionState.CONNECTED);
    Await.result(vertx.eventBus().request("st.out", "before"));
    lines.nextMatching(l -> l.endsWith(" before"));

    signal(server, "STOP");
    long stoppedAt = System.nanoTime();
    JsonObject down = awaitState(status, ConnectionState.DISCONNECTED);
    long detectedMs = (System.nanoTime() - stoppedAt) / 1_000_000;
    assertEquals("heartbeat timeout", down.getString("cause"));
    assertTrue(detectedMs <= deadline * 1.2, "detected after " + detectedMs + " ms, heartbeat " + deadline);

    List<io.vertx.core.Future<?>> replies = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      replies.add(vertx.eventBus().request("st.out", "m" + i));
    }
    // the client keeps trying: the stopped process's kernel still accepts, the heartbeat closes again
    awaitState(status, ConnectionState.BACKING_OFF);
    awaitState(status, ConnectionState.CONNECTING);
    signal(server, "CONT");
    Await.until("every message written", () -> replies.stream().allMatch(io.vertx.core.Future::succeeded));
    List<String> received = new ArrayList<>();
    while (received.size() < 10) {
      String line = lines.nextMatching(l -> l.matches("RECV \\d+ m\\d+"));
      received.add(line);
    }
    List<String> messages = received.stream().map(l -> l.replaceAll("RECV \\d+ ", "")).collect(Collectors.toList());
    assertEquals(IntStream.rangeClosed(1, 10).mapToObj(i -> "m" + i).collect(Collectors.toList()), messages);
    assertEquals(1, received.stream().map(l -> l.split(" ")[1]).distinct().count(), "all on one connection: " + received);
    // none twice: a further round trip shows nothing else arrived
    Await.result(vertx.eventBus().request("st.out", "after"));
    String next = lines.nextMatching(l -> l.matches("RECV \\d+ (m\\d+|after)"));
    assertTrue(next.endsWith(" after"), next);
  }

  @Test
  void aConnectToAListenerWithAFullBacklogTimesOut() throws Exception {
    vertx = Vertx.vertx();
    try (ServerSocket listener = new ServerSocket()) {
      listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
      List<Socket> fillers = new ArrayList<>();
      try {
        boolean full = false;
        for (int i = 0; i < 50 && !full; i++) {
          Socket s = new Socket();
          fillers.add(s);
          try {
            s.connect(listener.getLocalSocketAddress(), 200);
          } catch (SocketTimeoutException e) {
            full = true;
          }
        }
        assertTrue(full, "the backlog filled up");
        Await.Events<JsonObject> status = status(vertx, "to");
        deployClient(vertx, client("to", listener.getLocalPort()).put("connectTimeout", 300));
        assertEquals("CONNECTING", status.next().getString("state"));
        long start = System.nanoTime();
        JsonObject backoff = status.next();
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertEquals("BACKING_OFF", backoff.getString("state"));
        assertTrue(backoff.getString("cause").contains("timed out"), backoff.encode());
        assertTrue(tookMs >= 250 && tookMs < 2000, "the attempt took " + tookMs + " ms");
      } finally {
        for (Socket s : fillers) {
          s.close();
        }
      }
    }
  }

  @Test
  void aHostNameThatDoesNotResolveIsRetriedWithItsCause() throws Exception {
    // resolve from a hosts file of our own and a DNS port on loopback where nothing listens: no query leaves
    Path hosts = dir.resolve("hosts");
    Files.writeString(hosts, "127.0.0.1 localhost\n");
    int dnsPort = FakeServer.freePort(Vertx.vertx());
    vertx = Vertx.vertx(new VertxOptions().setAddressResolverOptions(new AddressResolverOptions()
      .setHostsPath(hosts.toString()).setServers(List.of("127.0.0.1:" + dnsPort))
      .setQueryTimeout(500).setMaxQueries(1).setSearchDomains(List.of()).setRotateServers(false)));
    Await.Events<JsonObject> status = status(vertx, "dns");
    deployClient(vertx, client("dns", 9).put("host", "no-such-host.invalid"));
    assertEquals("CONNECTING", status.next().getString("state"));
    JsonObject backoff = status.next();
    assertEquals("BACKING_OFF", backoff.getString("state"));
    assertTrue(backoff.getString("cause").contains("no-such-host.invalid"), backoff.encode());
    JsonObject retry = status.next();
    assertEquals("CONNECTING", retry.getString("state"));
    assertEquals("no-such-host.invalid:9", retry.getString("endpoint"));
  }
}
