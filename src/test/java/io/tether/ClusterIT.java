package io.tether;

import io.tether.testkit.Child;
import io.tether.testkit.FakeServer;
import io.tether.testkit.Await;
import io.tether.impl.cluster.ClusterOutbox;
import com.hazelcast.config.Config;
import com.hazelcast.config.XmlConfigBuilder;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tether on a Vert.x cluster of real processes on 127.0.0.1: nodes of the fat jar, and this JVM as one more node that
 * only listens and sends. Every test has a cluster of its own (a random {@code TETHER_CLUSTER_NAME}) and kills every
 * process it started.
 */
class ClusterIT {

  /** A JVM starts and joins the cluster, with two cores shared by every node. */
  private static final Duration JOIN = Duration.ofSeconds(40);
  /** From the kill of a node to the client connected again on another. */
  private static final Duration FAILOVER = Duration.ofSeconds(20);
  private static final String HA_OPTIONS = "{\"haEnabled\":true}";
  /** lease.ttl of the singleton clients: three of them are longer than Hazelcast's member timeout (5 s). */
  private static final long TTL = 2000;
  /**
   * From SIGCONT of a node that the cluster dropped to its STANDBY naming the new owner, once merged back: measured 0.8
   * to 5.5 s over eighteen runs (MemberDiscovery, Hazelcast's look for the cluster every 2 s); up to 123 s before. The
   * longest are runs where the STANDBY said right after MERGED still reached the woken node alone, and the one said a
   * lease.ttl later named the new owner (about one run in six; until the lease said it that once more, such a run
   * never named the new owner).
   */
  private static final Duration MERGE = Duration.ofSeconds(15);

  private static Vertx local;

  @TempDir
  Path dir;

  private final String cluster = "tether-it-" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1);
  private final List<Child> children = new ArrayList<>();
  private FakeServer server;
  private HazelcastClusterManager manager;
  private Vertx node;

  @BeforeAll
  static void vertx() {
    local = Vertx.vertx();
  }

  @AfterAll
  static void close() {
    Await.result(local.close());
  }

  /** This JVM joins first, so that the consumers it registers are there before any client publishes. */
  @BeforeEach
  void join() throws IOException {
    server = FakeServer.start(local);
    Config config = new XmlConfigBuilder(Child.BASEDIR.resolve("conf").resolve("cluster.xml").toString()).build()
      .setClusterName(cluster);
    manager = new HazelcastClusterManager(config);
    node = await(Vertx.builder()
      .with(new VertxOptions().setEventBusOptions(new EventBusOptions().setHost("127.0.0.1")))
      .withClusterManager(manager)
      .buildClustered(), JOIN);
  }

  @AfterEach
  void leave() throws InterruptedException {
    for (Child child : children) {
      child.close();
    }
    if (node != null) {
      await(node.close(), JOIN);
    }
    server.stop();
  }

  private static <T> T await(Future<T> future, Duration deadline) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(deadline.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new AssertionError("no result within " + deadline + ": " + e, e);
    }
  }

  // ---- the nodes

  /** {@code java -jar target/tether.jar ARGS -cluster -cluster-host 127.0.0.1}: the VertxApplication form. */
  private Child node(String... args) throws IOException {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("-cluster", "-cluster-host", "127.0.0.1"));
    Child child = Child.jar(Map.of("TETHER_CLUSTER_NAME", cluster), List.of(), all.toArray(String[]::new));
    children.add(child);
    return child;
  }

  /** {@code ./run.sh ARGS -cluster -cluster-host 127.0.0.1}: Hazelcast reads conf/cluster.xml. */
  private Child runSh(String... args) throws IOException {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("-cluster", "-cluster-host", "127.0.0.1"));
    Child child = Child.runSh(Map.of("TETHER_CLUSTER_NAME", cluster), all.toArray(String[]::new));
    children.add(child);
    return child;
  }

  /** {@code java -cp target/tether.jar io.vertx.core.Launcher ARGS -cluster-host 127.0.0.1}: the Vert.x 4 form. */
  private Child legacyNode(String... args) throws IOException {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("-cluster-host", "127.0.0.1"));
    Child child = Child.main(Map.of("TETHER_CLUSTER_NAME", cluster), List.of("-Dhazelcast.logging.type=slf4j"),
      "io.vertx.core.Launcher", all.toArray(String[]::new));
    children.add(child);
    return child;
  }

  /** A client of the fake server, in line framing, without pings, quick to reconnect. */
  private Path clientConf(boolean singleton) throws IOException {
    return clientConf(new JsonObject().put("singleton", singleton));
  }

  /** {@link #clientConf(boolean)} with these keys on top. */
  private Path clientConf(JsonObject more) throws IOException {
    JsonObject conf = new JsonObject()
      .put("host", "127.0.0.1").put("port", server.port())
      .put("ping", new JsonObject().put("interval", 0))
      .put("framing", new JsonObject().put("mode", "line"))
      .put("reconnect", new JsonObject().put("initialDelay", 100).put("maxDelay", 1000))
      .put("singleton", false)
      .mergeIn(more, true);
    Path file = dir.resolve("client.json");
    Files.writeString(file, conf.encodePrettily());
    return file;
  }

  /** A singleton client with a lease of {@link #TTL} ms, and these keys on top. */
  private Path singletonConf(JsonObject more) throws IOException {
    return clientConf(new JsonObject().put("singleton", true).put("lease", new JsonObject().put("ttl", TTL))
      .mergeIn(more, true));
  }

  // ---- this node

  private Await.Events<Message<Buffer>> inbound() {
    Await.Events<Message<Buffer>> events = new Await.Events<>();
    await(node.eventBus().<Buffer>consumer("tether.in", events::add).completion(), JOIN);
    return events;
  }

  private Await.Events<JsonObject> status() {
    Await.Events<JsonObject> events = new Await.Events<>();
    await(node.eventBus().<JsonObject>consumer("tether.status", m -> events.add(m.body())).completion(), JOIN);
    return events;
  }

  /** Every status event this node receives, kept: a test looks for one whenever it came, in any order. */
  private Seen seen() {
    Seen seen = new Seen();
    await(node.eventBus().<JsonObject>consumer("tether.status", m -> seen.add(m.body())).completion(), JOIN);
    return seen;
  }

  private static final class Seen {
    final List<JsonObject> events = new CopyOnWriteArrayList<>();
    /** When each event arrived (System.nanoTime()), by identity. */
    private final Map<JsonObject, Long> arrived = java.util.Collections.synchronizedMap(new java.util.IdentityHashMap<>());

    void add(JsonObject event) {
      arrived.put(event, System.nanoTime());
      events.add(event);
    }

    JsonObject await(String what, Duration deadline, Predicate<JsonObject> match) {
      Await.until(what + " (seen: " + events + ")", deadline, () -> events.stream().anyMatch(match));
      return events.stream().filter(match).findFirst().orElseThrow();
    }

    /** When {@code event}, one of {@link #events}, arrived. */
    long arrivedAt(JsonObject event) {
      return arrived.get(event);
    }
  }

  private static Predicate<JsonObject> state(String state) {
    return e -> state.equals(e.getString("state"));
  }

  /** Each connection to the fake server with every byte it sent, as the server read them. */
  private Await.Events<Wire> wires() {
    Await.Events<Wire> wires = new Await.Events<>();
    server.script(so -> {
      Wire w = new Wire(so);
      so.handler(w::add);
      wires.add(w);
    });
    return wires;
  }

  private static final class Wire {
    final NetSocket socket;
    private final Buffer bytes = Buffer.buffer();

    Wire(NetSocket socket) {
      this.socket = socket;
    }

    synchronized void add(Buffer b) {
      bytes.appendBuffer(b);
    }

    synchronized int length() {
      return bytes.length();
    }

    synchronized String text() {
      return bytes.toString();
    }

    List<String> lines() {
      return List.of(text().split("\n"));
    }
  }

  /** The first client process among {@code nodes} whose JVM is {@code owner} ({@code PID@HOST}). */
  private static Child byNode(String owner, Child... nodes) {
    for (Child c : nodes) {
      if (owner.startsWith(c.pid() + "@")) {
        return c;
      }
    }
    throw new AssertionError("no node is " + owner);
  }

  private static JsonObject connected(Await.Events<JsonObject> status, Duration deadline, String notConnection) {
    return status.nextMatching(e -> "CONNECTED".equals(e.getString("state"))
      && !e.getString("connection").equals(notConnection), deadline);
  }

  /** The owner's stats, asked for until answered ({@link #requestUntilAnswered}). */
  private JsonObject stats() {
    return this.<JsonObject>requestUntilAnswered("tether.stats", "").body();
  }

  /**
   * Requests {@code address} with {@code body} until one is answered, within {@link #FAILOVER}: each waits 3 s, one
   * that fails at once (NO_HANDLERS, until a new owner's consumer is known on this node) is asked again 100 ms later.
   * The registrations of a killed node linger until the cluster drops it, and once a frozen node has merged back a
   * request can go unanswered, for a reason not yet understood (once for 20 s: a wrong or stale registration is the
   * suspect). How many went unanswered is printed, and a failure names the members and the address's registrations.
   */
  private <T> Message<T> requestUntilAnswered(String address, Object body) {
    DeliveryOptions shortWait = new DeliveryOptions().setSendTimeout(3000);
    long end = System.nanoTime() + FAILOVER.toNanos();
    Map<String, Integer> unanswered = new java.util.LinkedHashMap<>();
    while (true) {
      long asked = System.nanoTime();
      try {
        Message<T> reply = node.eventBus().<T>request(address, body, shortWait).toCompletionStage()
          .toCompletableFuture().get(4, TimeUnit.SECONDS);
        if (!unanswered.isEmpty()) {
          System.out.println("ClusterIT: " + address + " answered after "
            + unanswered.values().stream().mapToInt(Integer::intValue).sum() + " unanswered (" + unanswered + ")");
        }
        return reply;
      } catch (Exception e) {
        unanswered.merge(String.valueOf(e.getCause() == null ? e : e.getCause()), 1, Integer::sum);
        if (System.nanoTime() > end) {
          throw new AssertionError(address + " unanswered within " + FAILOVER + ": " + unanswered + "; members "
            + manager.getHazelcastInstance().getCluster().getMembers() + ", registrations "
            + manager.getHazelcastInstance().getMultiMap("__vertx.subs").get(address), e);
        }
        pace(asked);
      }
    }
  }

  /** After a request that failed at once (NO_HANDLERS), the next one is asked 100 ms after it. */
  private static void pace(long asked) {
    long left = TimeUnit.MILLISECONDS.toNanos(100) - (System.nanoTime() - asked);
    if (left > 0) {
      try {
        TimeUnit.NANOSECONDS.sleep(left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
  }

  /**
   * Waits until every partition of the cluster's data has its backups, as in a cluster that has run for a while:
   * a node killed while the data is still moving to a node that just joined takes some of it along, and the
   * survivors spend seconds sorting that out.
   */
  private void settled() {
    Await.until("the cluster's data to be backed up", JOIN,
      () -> manager.getHazelcastInstance().getPartitionService().isClusterSafe());
  }

  /**
   * Prints the recovery: from the kill to the new connection at the server (the new owner's {@code CONNECTED}), and
   * to that status seen on this node, which waits for the cluster to reassign what the dead node held.
   */
  private static void report(String what, long killed, long connected, long seen) {
    System.out.printf("ClusterIT: %s: %d ms from the kill to the new owner's connection, %d ms to its CONNECTED"
        + " status on another node%n", what, TimeUnit.NANOSECONDS.toMillis(connected - killed),
      TimeUnit.NANOSECONDS.toMillis(seen - killed));
  }

  // ---- the tests

  @Test
  void aConsumerOnAnotherNodeSeesTheFramesInOrderAndReachesTheServer() throws Exception {
    Await.Events<Message<Buffer>> in = inbound();
    Child a = runSh(clientConf(false).toString());
    NetSocket conn = server.nextConnection(JOIN);
    a.awaitLine(l -> l.equals("Opened connection to 127.0.0.1:" + server.port()), JOIN);

    conn.write("one\ntwo\nth");
    conn.write("ree\n");
    List<String> frames = new ArrayList<>();
    for (int seq = 1; seq <= 3; seq++) {
      Message<Buffer> m = in.next();
      frames.add(m.body().toString());
      assertEquals(Integer.toString(seq), m.headers().get("seq"));
    }
    assertEquals(List.of("one", "two", "three"), frames);
    assertTrue(a.stdout().containsAll(List.of("Received: one", "Received: two", "Received: three")), a.output());

    await(node.eventBus().request("tether.out", "from another node"), FAILOVER);
    server.awaitReceived("from another node\n");
    assertEquals("from another node\n", server.receivedText());
    JsonObject stats = stats();
    assertEquals(3, stats.getLong("framesIn"));
    assertEquals(1, stats.getLong("written"));
  }

  @Test
  void theConsoleAttachedOnAnotherNodeTypesIntoTheClientAndShowsWhatItReceives() throws Exception {
    Child a = runSh(clientConf(false).toString());
    NetSocket conn = server.nextConnection(JOIN);
    a.awaitLine(l -> l.equals("Opened connection to 127.0.0.1:" + server.port()), JOIN);
    Child console = Child.jar(Map.of("TETHER_CLUSTER_NAME", cluster), List.of(), "console", "--attach", "tether",
      "-cluster", "-cluster-host", "127.0.0.1", "--wait", "500");
    children.add(console);
    console.awaitErrLine(l -> l.startsWith("attached to tether: CONNECTED 127.0.0.1:" + server.port() + " | up "), JOIN);

    console.type("typed on another node\n");
    server.awaitReceived("typed on another node\n");
    conn.write("seen by the console\n");
    console.awaitLine(l -> l.equals("seen by the console"), JOIN);
    console.type(":stats\n");
    String stats = console.awaitLine(l -> l.startsWith("CONNECTED 127.0.0.1:" + server.port() + " | up "), JOIN);
    assertTrue(stats.endsWith(" | in 1 frame 20 B | out 1 frame 22 B | outbox 0"), stats);
    console.endInput();
    assertEquals(0, console.exitCode(JOIN), console.output());

    assertEquals(List.of("seen by the console", stats), console.stdout());
    assertEquals("typed on another node\n", server.receivedText(), "written once, by the client that owns it");
    assertTrue(a.stdout().contains("Received: seen by the console"), a.output());
    assertFalse(console.stderr().stream().anyMatch(l -> l.contains("Exception")), console.output());
    assertEquals(1, server.openConnections(), "the console made no connection of its own");
  }

  @Test
  void twoNodesWithOneSingletonClientMakeOneConnectionAndTheSurvivorTakesOver() throws Exception {
    Seen seen = seen();
    Path conf = singletonConf(new JsonObject());
    Child a = node("-conf", conf.toString());
    Child b = node("io.tether.ClientVerticle", "-conf", conf.toString());
    server.nextConnection(JOIN);
    seen.await("a CONNECTED", JOIN, state("CONNECTED"));
    // The owner is the node that holds the connection once the cluster's data is backed up: a claim made while the two
    // nodes are still joining may lose its lease before the record's backup is written (the README's "The lease"),
    // and the other node then takes over. Either way, one connection is open at a time.
    settled();
    JsonObject held = stats();
    String ownerNode = held.getString("owner");
    String firstId = held.getString("connection");
    long epoch = held.getLong("epoch");
    Child owner = byNode(ownerNode, a, b);
    Child standby = owner == a ? b : a;
    Await.until("one open connection", JOIN, () -> server.openConnections() == 1);
    int connections = 1;
    for (; server.pendingConnections() > 0; connections++) {
      server.nextConnection();
    }
    if (connections > 1) {
      System.out.println("ClusterIT: " + connections + " connections, one at a time, before the owner held its lease");
    }
    // Hazelcast logs through SLF4J (Logback prints to stdout) and has the JDK access the jar's manifest opens
    assertEquals(List.of(), a.stderr(), a.output());
    assertEquals(List.of(), b.stderr(), b.output());

    // the standby says so, naming the owner and its epoch, and this third node's stats come from the owner
    seen.await("the owner's CONNECTED", JOIN, e -> "CONNECTED".equals(e.getString("state"))
      && firstId.equals(e.getString("connection")) && ownerNode.equals(e.getString("owner")));
    JsonObject standing = seen.await("STANDBY naming the owner", JOIN, e -> "STANDBY".equals(e.getString("state"))
      && ownerNode.equals(e.getString("owner")) && e.getLong("epoch") == epoch);
    assertEquals(standby, byNode(standing.getString("node"), a, b));
    // it logs that it stands by, or, if its own claim lost the lease while the nodes joined, that it lost it
    Await.until("the standby to log why it stands by", JOIN, () -> standingBy(standby)
      || standby.stdout().stream().anyMatch(l -> l.contains("Lost the lease on the connection of tether")));

    // every request reaches the owner, every message goes out once, on the one connection
    Set<String> answering = new HashSet<>();
    for (int i = 0; i < 10; i++) {
      JsonObject st = stats();
      answering.add(st.getString("connection"));
      assertEquals(ownerNode, st.getString("owner"));
      assertEquals(epoch, st.getLong("epoch"));
    }
    assertEquals(Set.of(firstId), answering);
    for (int i = 0; i < 5; i++) {
      await(node.eventBus().request("tether.out", "m" + i), FAILOVER);
    }
    server.awaitReceived("m4\n");
    assertEquals("m0\nm1\nm2\nm3\nm4\n", server.receivedText());
    assertEquals(0, server.pendingConnections(), "a second connection");

    long killed = System.nanoTime();
    owner.kill();
    NetSocket second = server.nextConnection(FAILOVER);
    long recovered = System.nanoTime();
    JsonObject again = seen.await("the new owner's CONNECTED", FAILOVER, e -> "CONNECTED".equals(e.getString("state"))
      && seen.arrivedAt(e) > killed);
    report("singleton takeover", killed, recovered, System.nanoTime());
    assertTrue(server.isOpen(second));
    standby.awaitLine(l -> l.contains("Taking over the connection of tether to 127.0.0.1:" + server.port()), FAILOVER);
    assertTrue(recovered - killed <= FAILOVER.toNanos());
    assertTrue(again.getLong("epoch") > epoch, "the epoch grows with the new owner");
    assertEquals(standing.getString("node"), again.getString("owner"));

    requestUntilAnswered("tether.out", "after");
    server.awaitReceived("m4\nafter\n");
    assertEquals(again.getString("connection"), stats().getString("connection"));
    assertEquals(0, server.pendingConnections(), "a third connection");
  }

  private static boolean standingBy(Child child) {
    return child.stdout().stream().anyMatch(l -> l.contains("Standing by: ") && l.contains(" holds the connection of tether"));
  }

  /**
   * An owner frozen for three lease times (SIGSTOP; longer than Hazelcast's member timeout, so the cluster drops it):
   * the standby takes over with a higher epoch, which the server sees in the handshake; the woken owner writes not one
   * byte more (it pings every 200 ms, and its timers all fire at once on waking), closes its connection, and reports
   * STANDBY at once; once the cluster has merged it back, within {@link #MERGE} of waking, STANDBY naming the new
   * owner. The merge keeps the new owner's record: one connection remains.
   */
  @Test
  void anOwnerFrozenForThreeLeaseTimesWritesNothingOnWakingClosesItsConnectionAndStandsBy() throws Exception {
    Await.Events<Wire> wires = wires();
    Seen seen = seen();
    Path conf = singletonConf(new JsonObject()
      .put("ping", new JsonObject().put("interval", 200))
      .put("outbox", new JsonObject().put("cluster", true))
      .put("handshake", new JsonArray().add(new JsonObject().put("send", "HELLO ${epoch}"))));
    Child a = node("io.tether.ClientVerticle", "-conf", conf.toString());
    Child b = node("io.tether.ClientVerticle", "-conf", conf.toString());
    // The owner is the node whose connection carries its handshake and a ping: a claim made while the two nodes are
    // still joining may lose its lease before it pings, as when the record's backup is slow (see below), and the
    // other node then takes over.
    Predicate<JsonObject> pinging = e -> "CONNECTED".equals(e.getString("state")) && wires.all().stream()
      .anyMatch(w -> server.isOpen(w.socket) && w.text().startsWith("HELLO " + e.getLong("epoch") + "\nPing\n"));
    JsonObject up = seen.await("a CONNECTED whose connection has the handshake and a ping (connections: "
      + wires.all().size() + ")", JOIN, pinging);
    long epoch = up.getLong("epoch");
    Wire first = wires.all().stream().filter(w -> w.text().startsWith("HELLO " + epoch + "\n")).findFirst()
      .orElseThrow();
    Child owner = byNode(up.getString("owner"), a, b);
    Child standby = owner == a ? b : a;
    seen.await("STANDBY naming the owner", JOIN, e -> "STANDBY".equals(e.getString("state"))
      && up.getString("owner").equals(e.getString("owner")));

    settled();
    Map<String, String> held = manager.getHazelcastInstance().getMap(ClusterOutbox.MAP_PREFIX + "tether");
    Stream stream = new Stream(node, 20);
    stream.until(20, "ok");
    // nothing of the stream under way at the freeze: a write the owner began just before it would go out on waking
    stream.pause();
    int known = wires.all().size();
    long claimsBefore = owner.stdout().stream().filter(l -> l.contains("Taking over the connection")).count();
    long frozen = System.nanoTime();
    owner.freeze();
    // the consumer of the frozen node is the only one the cluster knows for tether.out: these wait for it to wake
    int sentBefore = stream.sent();
    stream.resume();
    Await.until("50 requests sent to the frozen node", FAILOVER, () -> stream.sent() >= sentBefore + 50);
    int sent = stream.stop();
    explained(() -> Await.until("a connection after the freeze", FAILOVER, () -> wires.all().size() > known),
      () -> "the standby:\n" + standby.output());
    long taken = System.nanoTime();
    JsonObject again = seen.await("the new owner's CONNECTED", FAILOVER, e -> "CONNECTED".equals(e.getString("state"))
      && seen.arrivedAt(e) > frozen);
    long epoch2 = again.getLong("epoch");
    assertTrue(epoch2 > epoch, epoch2 + " > " + epoch);
    assertEquals(standby, byNode(again.getString("owner"), a, b));
    String newOwner = again.getString("owner");
    // Its handshake sends its epoch. While the frozen node is not yet dropped (5 s) and holds the record's backup, each
    // write of the record waits 1 s for that backup (operation.backup.timeout.millis), longer than a lease.ttl of 2000
    // lets a renewal take: the new owner may then lose its first lease before it writes a byte, and take over again
    // (a higher epoch, a connection of its own) once the cluster has dropped the frozen node. The README says so.
    Await.until("the new owner's handshake", FAILOVER, () -> seen.events.stream()
      .filter(e -> "CONNECTED".equals(e.getString("state")) && newOwner.equals(e.getString("owner"))
        && seen.arrivedAt(e) > frozen)
      .anyMatch(e -> wires.all().stream().anyMatch(w -> w.text().startsWith("HELLO " + e.getLong("epoch") + "\n"))));

    Await.until("three lease times", FAILOVER, () -> System.nanoTime() - frozen >= TimeUnit.MILLISECONDS.toNanos(3 * TTL));
    int before = first.length();
    long thawed = System.nanoTime();
    owner.thaw();
    Await.until("the old connection to close", FAILOVER, () -> !server.isOpen(first.socket));
    long closed = System.nanoTime();
    assertEquals(before, first.length(), "the woken owner wrote after waking: " + first.text());
    owner.awaitLine(l -> l.contains("Lost the lease on the connection of tether"), FAILOVER);

    // it stands by at once, and claims nothing, alone in a part of the cluster of its own or merged back
    String woken = up.getString("owner");
    Supplier<String> nodes = () -> "the woken node:\n" + owner.output() + "\nthe new owner:\n" + standby.output();
    explained(() -> seen.await("STANDBY from the woken node", FAILOVER,
      e -> "STANDBY".equals(e.getString("state")) && woken.equals(e.getString("node"))), nodes);
    long standing = System.nanoTime();

    // Hazelcast merges it back (MemberDiscovery, conf/cluster.xml): then it names the new owner, with the epoch of a
    // connection of the new owner (alone, it may have read and named an earlier claim of the new owner's)
    JsonObject back = explained(() -> seen.await("STANDBY from the woken node, naming the new owner, within " + MERGE
        + " of SIGCONT", MERGE.minusNanos(System.nanoTime() - thawed),
      e -> "STANDBY".equals(e.getString("state")) && woken.equals(e.getString("node"))
        && newOwner.equals(e.getString("owner")) && e.getLong("epoch") >= epoch2), nodes);
    long merged = seen.arrivedAt(back);
    assertTrue(merged - thawed <= MERGE.toNanos(), TimeUnit.NANOSECONDS.toMillis(merged - thawed) + " ms");
    Await.until("three members in this node's cluster again", FAILOVER,
      () -> manager.getHazelcastInstance().getCluster().getMembers().size() == 3);

    // the merge keeps the new owner's record (the higher epoch): the woken node never claims again, and the new
    // owner's connection is the one that remains
    TimeUnit.MILLISECONDS.sleep(4 * TTL);
    assertEquals(claimsBefore, owner.stdout().stream().filter(l -> l.contains("Taking over the connection")).count(), owner.output());
    assertFalse(seen.events.stream().anyMatch(e -> "CONNECTED".equals(e.getString("state"))
      && woken.equals(e.getString("owner")) && seen.arrivedAt(e) > frozen), "the woken node connected again");
    assertEquals(1, server.openConnections());
    JsonObject st = stats();
    assertEquals(newOwner, st.getString("owner"));
    assertTrue(st.getLong("epoch") >= back.getLong("epoch"), st.encode());
    String current = "HELLO " + st.getLong("epoch") + "\n";
    assertTrue(wires.all().stream().anyMatch(w -> server.isOpen(w.socket) && w.text().startsWith(current)),
      "the open connection is the new owner's");

    // What the frozen node's consumer of tether.out was given while it could not run, it takes on waking, when its
    // lease has lapsed: it must not hold any of it in the cluster's outbox, where the new owner, which read the
    // outbox when it took over, would never look again (and the next owner would write it after newer messages, or
    // drop it as written). Every request answered with success is at the server, in the order sent.
    Await.until("every request answered or timed out", Duration.ofMillis(Stream.TIMEOUT_MS + 5000),
      () -> stream.outcomes.size() == sent);
    explained(() -> Await.until("the cluster's outbox to empty (the server is up)", FAILOVER, held::isEmpty),
      () -> "left in it: " + new java.util.TreeMap<>(held).keySet() + " (the new owner's epoch is " + st.getLong("epoch")
        + ", the woken node's " + epoch + ")");
    Map<String, Integer> atServer = asWritten(wires.all().stream().flatMap(w -> w.lines().stream()).toList());
    assertEquals(List.of(), stream.ids("ok").stream().filter(id -> !atServer.containsKey(id)).sorted().toList(),
      "answered with success but not at the server");
    assertInOrderSent(atServer.keySet());
    long takeovers = standby.stdout().stream().filter(l -> l.contains("Taking over the connection of tether")).count();
    System.out.printf("ClusterIT: frozen owner: %d ms from SIGSTOP to the new owner's connection (%d takeover%s); %d ms"
        + " from SIGCONT to the old connection closed, with 0 bytes written after waking; %d ms to its STANDBY; merged"
        + " back and naming the new owner %d ms after SIGCONT%n",
      TimeUnit.NANOSECONDS.toMillis(taken - frozen), takeovers, takeovers == 1 ? "" : "s",
      TimeUnit.NANOSECONDS.toMillis(closed - thawed), TimeUnit.NANOSECONDS.toMillis(standing - thawed),
      TimeUnit.NANOSECONDS.toMillis(merged - thawed));
    System.out.printf("ClusterIT: frozen owner with outbox.cluster: of %d requests, %d ok, %d timed out, %d NO_HANDLERS,"
        + " %d refused by a node that no longer holds the connection (%s)%n", sent, stream.count("ok"),
      stream.count("timeout"), stream.count("no-handlers"), stream.count("code-" + FailureCode.CLOSED.code()),
      stream.outcomes.values().stream().collect(java.util.stream.Collectors.groupingBy(o -> o,
        java.util.TreeMap::new, java.util.stream.Collectors.counting())));
  }

  /**
   * outbox.cluster: a paced stream of requests from this node, while the server is down (the owner holds them) and the
   * owner is SIGKILLed. Every request answered with success reached the server; every message the cluster's outbox
   * held at the kill reaches it through the new owner, in the order sent, before anything newer; duplicates are
   * counted. The requests the new owner wrote for the dead one time out at their senders, as do those this node sent
   * to the dead node before the cluster dropped it.
   */
  @Test
  void aKilledOwnersClusterOutboxIsWrittenByTheNodeThatTakesOver() throws Exception {
    Seen seen = seen();
    Path conf = singletonConf(new JsonObject().put("outbox", new JsonObject().put("cluster", true)));
    Child a = node("io.tether.ClientVerticle", "-conf", conf.toString());
    Child b = node("io.tether.ClientVerticle", "-conf", conf.toString());
    server.nextConnection(JOIN);
    seen.await("CONNECTED", JOIN, state("CONNECTED"));
    seen.await("STANDBY", JOIN, state("STANDBY"));
    settled();
    // the owner is the node that holds the connection now: a claim made while the two nodes were still joining may
    // have lost its lease, and the other node taken over
    JsonObject up = stats();
    Child owner = byNode(up.getString("owner"), a, b);

    Stream stream = new Stream(node, 5);
    stream.until(50, "ok");
    stream.pause();
    int port = server.port();
    server.stop();
    seen.await("the owner disconnected", FAILOVER, state("BACKING_OFF"));
    Map<String, String> held = manager.getHazelcastInstance().getMap(ClusterOutbox.MAP_PREFIX + "tether");
    stream.resume();
    Await.until("a backlog in the cluster's outbox", FAILOVER, () -> held.size() >= 100);
    Set<String> stored = new HashSet<>();
    held.values().forEach(v -> stored.add(new JsonObject(v).getBuffer("payload").toString()));
    long killed = System.nanoTime();
    owner.kill();
    server.listen(port);
    JsonObject again = seen.await("the new owner's CONNECTED", FAILOVER, e -> "CONNECTED".equals(e.getString("state"))
      && seen.arrivedAt(e) > killed);
    long taken = System.nanoTime();
    stream.until(stream.count("ok") + 50, "ok");
    int sent = stream.stop();
    Await.until("every request answered or timed out", Duration.ofMillis(Stream.TIMEOUT_MS + 5000),
      () -> stream.outcomes.size() == sent);
    JsonObject st = stats();

    Map<String, Integer> atServer = asWritten(List.of(server.receivedText().split("\n")));
    List<String> notThere = stream.ids("ok").stream().filter(id -> !atServer.containsKey(id)).toList();
    assertEquals(List.of(), notThere, "answered with success but not at the server");
    List<String> heldButLost = stored.stream().filter(id -> !atServer.containsKey(id)).sorted().toList();
    assertEquals(List.of(), heldButLost, "held in the cluster's outbox at the kill but not at the server");
    assertInOrderSent(atServer.keySet());
    int duplicates = atServer.values().stream().mapToInt(n -> n - 1).sum();
    assertTrue(duplicates <= 10, duplicates + " duplicates");
    assertTrue(st.getLong("inherited") >= stored.size(), st.encode());
    assertEquals(again.getString("connection"), st.getString("connection"));
    ClientTestBase.assertCountsAddUp(st);

    long gapFrom = stream.ids("timeout").stream().mapToLong(id -> stream.sentAt(id) - killed).filter(t -> t >= 0)
      .min().orElse(0);
    List<String> lostInGap = stream.ids("timeout").stream()
      .filter(id -> stream.sentAt(id) >= killed && !atServer.containsKey(id)).toList();
    System.out.printf("ClusterIT: killed owner with outbox.cluster: %d ms from the kill to the new owner's connection;"
        + " %d messages held at the kill, %d taken over, all at the server; %d duplicates; of %d requests sent, %d ok,"
        + " %d timed out (%d of them sent after the kill to the dead node, from %d ms after it, and not written),"
        + " %d NO_HANDLERS, %d failed with a Tether code%n",
      TimeUnit.NANOSECONDS.toMillis(taken - killed), stored.size(), st.getLong("inherited"), duplicates, sent,
      stream.count("ok"), stream.count("timeout"), lostInGap.size(), TimeUnit.NANOSECONDS.toMillis(gapFrom),
      stream.count("no-handlers"), sent - stream.count("ok") - stream.count("timeout") - stream.count("no-handlers"));
  }

  /** The stream's ids among {@code lines}, in the order each first came, with how many times each came. */
  private static Map<String, Integer> asWritten(List<String> lines) {
    Map<String, Integer> ids = new java.util.LinkedHashMap<>();
    lines.stream().filter(l -> l.startsWith("id-")).forEach(l -> ids.merge(l, 1, Integer::sum));
    return ids;
  }

  /** {@code ids} ({@code id-N}) came in the order they were sent: N grows. */
  private static void assertInOrderSent(java.util.Collection<String> ids) {
    List<Integer> order = ids.stream().map(id -> Integer.parseInt(id.substring(3))).toList();
    assertEquals(order.stream().sorted().toList(), order, "written in the order sent");
  }

  /** {@code step}'s result; its failure says {@code context} too (the nodes' output, what was left). */
  private static <T> T explained(Supplier<T> step, Supplier<String> context) {
    try {
      return step.get();
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "\n" + context.get(), e);
    }
  }

  private static void explained(Runnable step, Supplier<String> context) {
    explained(() -> {
      step.run();
      return null;
    }, context);
  }

  /** Requests to tether.out from this node, one every {@code periodMs}, {@code id-N} each, and what became of each. */
  private static final class Stream {
    static final long TIMEOUT_MS = 6000;

    final Map<String, String> outcomes = new ConcurrentHashMap<>();
    private final Map<String, Long> sent = new ConcurrentHashMap<>();
    private final Vertx vertx;
    private final long periodMs;
    private final AtomicInteger next = new AtomicInteger();
    private volatile long timer = -1;

    Stream(Vertx vertx, long periodMs) {
      this.vertx = vertx;
      this.periodMs = periodMs;
      resume();
    }

    void resume() {
      timer = vertx.setPeriodic(periodMs, t -> {
        String id = "id-" + next.incrementAndGet();
        sent.put(id, System.nanoTime());
        vertx.eventBus().request("tether.out", id, new DeliveryOptions().setSendTimeout(TIMEOUT_MS))
          .onComplete(ar -> outcomes.put(id, ar.succeeded() ? "ok" : outcome(ar.cause())));
      });
    }

    /** Stops sending and waits for every outcome so far. */
    void pause() {
      int n = stop();
      Await.until("the outcomes of " + n + " requests", Duration.ofMillis(TIMEOUT_MS + 5000), () -> outcomes.size() == n);
    }

    /** How many requests were sent so far. */
    int sent() {
      return next.get();
    }

    int stop() {
      vertx.cancelTimer(timer);
      // a request sent from the timer's last run is counted once it is in the map
      Await.until("the last request", Duration.ofSeconds(5), () -> sent.size() == next.get());
      return next.get();
    }

    void until(int n, String outcome) {
      Await.until(n + " requests " + outcome + " (" + outcomes.size() + " outcomes)", Duration.ofSeconds(40),
        () -> count(outcome) >= n);
    }

    int count(String outcome) {
      return (int) outcomes.values().stream().filter(outcome::equals).count();
    }

    List<String> ids(String outcome) {
      return outcomes.entrySet().stream().filter(e -> e.getValue().equals(outcome)).map(Map.Entry::getKey).toList();
    }

    long sentAt(String id) {
      return sent.get(id);
    }

    private static String outcome(Throwable t) {
      if (t instanceof ReplyException r) {
        if (r.failureType() == ReplyFailure.TIMEOUT) {
          return "timeout";
        }
        if (r.failureType() == ReplyFailure.NO_HANDLERS) {
          return "no-handlers";
        }
        return "code-" + r.failureCode();
      }
      return t.toString();
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"VertxApplication", "legacy Launcher"})
  void withHaTheClientMovesToASurvivingNodeWhenItsNodeIsKilled(String form) throws Exception {
    Await.Events<Message<Buffer>> in = inbound();
    Await.Events<JsonObject> status = status();
    String conf = clientConf(false).toString();
    boolean legacy = form.startsWith("legacy");
    Child a = legacy
      ? legacyNode("run", "io.tether.ClientVerticle", "-conf", conf, "-ha")
      : node("io.tether.ClientVerticle", "-conf", conf, "--options", HA_OPTIONS, "--deployment-options", "{\"ha\":true}");
    Child survivor = legacy
      ? legacyNode("bare")
      : node("io.tether.LoggerVerticle", "--options", HA_OPTIONS);
    NetSocket first = server.nextConnection(JOIN);
    String firstId = connected(status, JOIN, "").getString("connection");
    Map<String, String> haInfo = manager.getSyncMap("__vertx.haInfo");
    Await.until("two HA nodes, one with the client", JOIN, () -> haInfo.size() == 2
      && haInfo.values().stream().anyMatch(v -> v.contains("io.tether.ClientVerticle")));
    first.write("before\n");
    Message<Buffer> before = in.next();
    assertEquals("before", before.body().toString());
    assertEquals(firstId, before.headers().get("connection"));

    settled();
    long killed = System.nanoTime();
    a.kill();
    // the survivor is the only node left that can host a client: this one has none
    NetSocket second = server.nextConnection(FAILOVER);
    long recovered = System.nanoTime();
    JsonObject again = connected(status, FAILOVER, firstId);
    report("HA failover (" + form + ")", killed, recovered, System.nanoTime());
    assertTrue(recovered - killed <= FAILOVER.toNanos(), survivor.output());

    // the consumer on the third node keeps receiving, now from the client on the survivor
    second.write("after\n");
    Message<Buffer> after = in.next();
    assertEquals("after", after.body().toString());
    assertEquals(again.getString("connection"), after.headers().get("connection"));
    assertEquals("1", after.headers().get("seq"));
  }
}
