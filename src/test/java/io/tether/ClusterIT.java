package io.tether;

import io.tether.testkit.Child;
import io.tether.testkit.FakeServer;
import io.tether.testkit.Await;
import com.hazelcast.config.Config;
import com.hazelcast.config.XmlConfigBuilder;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.eventbus.Message;
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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

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
    JsonObject conf = new JsonObject()
      .put("host", "127.0.0.1").put("port", server.port())
      .put("ping", new JsonObject().put("interval", 0))
      .put("framing", new JsonObject().put("mode", "line"))
      .put("reconnect", new JsonObject().put("initialDelay", 100).put("maxDelay", 1000))
      .put("singleton", singleton);
    Path file = dir.resolve("client.json");
    Files.writeString(file, conf.encodePrettily());
    return file;
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

  private static JsonObject connected(Await.Events<JsonObject> status, Duration deadline, String notConnection) {
    return status.nextMatching(e -> "CONNECTED".equals(e.getString("state"))
      && !e.getString("connection").equals(notConnection), deadline);
  }

  private JsonObject stats() {
    return await(node.eventBus().<JsonObject>request("tether.stats", ""), FAILOVER).body();
  }

  /** Sends {@code text} to the client until one request is answered: the registrations of a killed node linger. */
  private void sendUntilWritten(String text) {
    DeliveryOptions shortWait = new DeliveryOptions().setSendTimeout(2000);
    Await.until("a node to write " + text, FAILOVER, () -> {
      try {
        node.eventBus().request("tether.out", text, shortWait).toCompletionStage().toCompletableFuture()
          .get(3, TimeUnit.SECONDS);
        return true;
      } catch (Exception e) {
        return false;
      }
    });
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
    Await.Events<JsonObject> status = status();
    Path conf = clientConf(true);
    Child a = node("-conf", conf.toString());
    Child b = node("io.tether.ClientVerticle", "-conf", conf.toString());
    NetSocket first = server.nextConnection(JOIN);
    String firstId = connected(status, JOIN, "").getString("connection");
    Await.until("one node to stand by", JOIN, () -> standingBy(a) || standingBy(b));
    Child owner = standingBy(a) ? b : a;
    Child standby = owner == a ? b : a;
    assertFalse(standingBy(owner), owner.output());
    // Hazelcast logs through SLF4J (Logback prints to stdout) and has the JDK access the jar's manifest opens
    assertEquals(List.of(), a.stderr(), a.output());
    assertEquals(List.of(), b.stderr(), b.output());

    // every request reaches the owner, every message goes out once, on the one connection
    Set<String> answering = new HashSet<>();
    for (int i = 0; i < 10; i++) {
      answering.add(stats().getString("connection"));
    }
    assertEquals(Set.of(firstId), answering);
    for (int i = 0; i < 5; i++) {
      await(node.eventBus().request("tether.out", "m" + i), FAILOVER);
    }
    server.awaitReceived("m4\n");
    assertEquals("m0\nm1\nm2\nm3\nm4\n", server.receivedText());
    assertEquals(0, server.pendingConnections(), "a second connection");

    settled();
    long killed = System.nanoTime();
    owner.kill();
    NetSocket second = server.nextConnection(FAILOVER);
    long recovered = System.nanoTime();
    JsonObject again = connected(status, FAILOVER, firstId);
    report("singleton takeover", killed, recovered, System.nanoTime());
    assertNotEquals(first, second);
    standby.awaitLine(l -> l.contains("Taking over the connection of tether to 127.0.0.1:" + server.port()), FAILOVER);
    assertTrue(recovered - killed <= FAILOVER.toNanos());

    sendUntilWritten("after");
    server.awaitReceived("m4\nafter\n");
    assertEquals(again.getString("connection"), stats().getString("connection"));
    assertEquals(0, server.pendingConnections(), "a third connection");
  }

  private static boolean standingBy(Child child) {
    return child.stdout().stream().anyMatch(l -> l.contains("Standing by: another client holds the connection of tether"));
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
