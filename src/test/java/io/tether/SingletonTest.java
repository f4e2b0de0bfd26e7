package io.tether;

import io.tether.testkit.FakeServer;
import io.tether.testkit.Await;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.eventbus.Message;
import io.vertx.core.shareddata.AsyncMap;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code singleton: true} on one Vert.x instance, where the lock is local: one connection, and a stand-in. */
@ExtendWith(VertxExtension.class)
class SingletonTest extends ClientTestBase {

  /** Connections of the clients whose stats answer ten requests in a row. */
  private static Set<String> answering(Vertx vertx, String address) {
    Set<String> connections = new HashSet<>();
    for (int i = 0; i < 10; i++) {
      connections.add(stats(vertx, address).getString("connection"));
    }
    return connections;
  }

  @Test
  void oneOfTwoClientsConnectsAndTheOtherTakesOverWhenItStops(Vertx vertx) {
    FakeServer server = FakeServer.start(vertx);
    Await.Events<JsonObject> status = status(vertx, "one");
    JsonObject config = client("one", server.port()).put("singleton", true);
    String first = deployClient(vertx, config);
    NetSocket firstConn = server.nextConnection();
    String firstId = awaitState(status, ConnectionState.CONNECTED).getString("connection");
    deployClient(vertx, config);

    // the second one stands by with no consumer: every request reaches the first, every message goes out once
    assertEquals(Set.of(firstId), answering(vertx, "one"));
    for (int i = 0; i < 4; i++) {
      Await.result(vertx.eventBus().request("one.out", "m" + i + ";"));
    }
    server.awaitReceived("m0;m1;m2;m3;");
    assertEquals("m0;m1;m2;m3;", server.receivedText());

    Await.result(vertx.undeploy(first));
    awaitState(status, ConnectionState.CLOSED);
    NetSocket secondConn = server.nextConnection();
    assertNotEquals(firstConn, secondConn);
    String secondId = awaitState(status, ConnectionState.CONNECTED).getString("connection");
    assertNotEquals(firstId, secondId);
    assertEquals(Set.of(secondId), answering(vertx, "one"));
    Await.result(vertx.eventBus().request("one.out", "after"));
    server.awaitReceived("m0;m1;m2;m3;after");
  }

  /**
   * With outbox.cluster, what the owner could not write stays in the cluster's map when it leaves, and the next owner
   * writes it first, in order; those senders get no reply from it (theirs is the node that left), newer ones do.
   */
  @Test
  void theClusterOutboxHandsWhatWasNotWrittenToTheNextOwnerInOrder(Vertx vertx) {
    int port = FakeServer.freePort(vertx);
    JsonObject config = client("held", port).put("singleton", true)
      .put("outbox", new JsonObject().put("cluster", true))
      .put("shutdown", new JsonObject().put("drainTimeout", 50));
    Await.Events<JsonObject> status = status(vertx, "held");
    Await.Events<JsonObject> dead = new Await.Events<>();
    Await.result(vertx.eventBus().<JsonObject>consumer("held.dead", m -> dead.add(m.body())).completion());
    String first = deployClient(vertx, config);
    awaitState(status, ConnectionState.BACKING_OFF);
    deployClient(vertx, config);
    JsonObject standing = awaitState(status, ConnectionState.STANDBY);
    JsonObject owner = stats(vertx, "held");
    assertEquals(owner.getString("owner"), standing.getString("owner"));
    assertEquals(owner.getLong("epoch"), standing.getLong("epoch"));

    // the server is down: the messages wait, each held in the cluster's map
    for (int i = 0; i < 4; i++) {
      vertx.eventBus().request("held.out", "m" + i + ";");
    }
    AsyncMap<String, String> held = Await.result(vertx.sharedData().getAsyncMap("io.tether.outbox.held"));
    Await.until("four messages held", () -> Await.result(held.size()) == 4);
    Await.result(vertx.undeploy(first));

    FakeServer server = FakeServer.start(vertx, port);
    JsonObject connected = awaitState(status, ConnectionState.CONNECTED);
    assertTrue(connected.getLong("epoch") > standing.getLong("epoch"), "a new owner, a new epoch");
    Message<Object> reply = Await.result(vertx.eventBus().request("held.out", "after"));
    server.awaitReceived("m0;m1;m2;m3;after");
    assertEquals("m0;m1;m2;m3;after", server.receivedText());
    assertEquals(connected.getLong("epoch") + ":1", reply.headers().get("id"));
    JsonObject s = stats(vertx, "held");
    assertEquals(4, s.getLong("inherited"));
    assertEquals(5, s.getLong("sent"));
    assertEquals(5, s.getLong("written"));
    assertCountsAddUp(s);
    Await.until("the map emptied", () -> Await.result(held.size()) == 0);
    assertEquals(null, dead.poll(), "nothing failed");
  }

  /**
   * With outbox.cluster, an owner that cannot run for longer than its lease (a pause; here its event loop is held for
   * six lease times) takes on waking what its consumer was given meanwhile, before any timer of its own says that the
   * lease lapsed: it fails each of those at once with CLOSED, and holds none of them in the cluster's outbox, where the
   * new owner, which read the outbox when it took over, would never look again. The new owner writes what the old one
   * held before the pause, in order, and the outbox empties.
   */
  @Test
  void anOwnerThatWakesAfterItsLeaseLapsedHoldsNothingMoreInTheClusterOutbox(Vertx vertx) throws Exception {
    int port = FakeServer.freePort(vertx);
    long ttl = 300;
    JsonObject config = client("paused", port).put("singleton", true)
      .put("lease", new JsonObject().put("ttl", ttl))
      .put("outbox", new JsonObject().put("cluster", true));
    Await.Events<JsonObject> status = status(vertx, "paused");
    ClientVerticle owner = new ClientVerticle();
    Await.result(vertx.deployVerticle(owner, new DeploymentOptions().setConfig(config)));
    JsonObject owning = awaitState(status, ConnectionState.BACKING_OFF);
    ClientVerticle standby = new ClientVerticle();
    Await.result(vertx.deployVerticle(standby, new DeploymentOptions().setConfig(config)));
    awaitState(status, ConnectionState.STANDBY);
    assertNotSame(((ContextInternal) owner.runsOn()).nettyEventLoop(),
      ((ContextInternal) standby.runsOn()).nettyEventLoop(), "the two clients share an event loop");
    for (int i = 0; i < 4; i++) {
      vertx.eventBus().request("paused.out", "m" + i + ";");
    }
    AsyncMap<String, String> held = Await.result(vertx.sharedData().getAsyncMap("io.tether.outbox.paused"));
    Await.until("four messages held", () -> Await.result(held.size()) == 4);

    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch released = new CountDownLatch(1);
    owner.runsOn().runOnContext(v -> {
      holding.countDown();
      try {
        // the pause itself, as a GC or SIGSTOP would make it: nothing of the owner runs meanwhile
        TimeUnit.MILLISECONDS.sleep(6 * ttl);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      released.countDown();
    });
    assertTrue(holding.await(10, TimeUnit.SECONDS));
    // the owner's consumer is still the only one: these wait for it to wake
    List<Future<Message<Object>>> late = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      late.add(vertx.eventBus().request("paused.out", "late" + i + ";"));
    }
    assertTrue(released.await(10, TimeUnit.SECONDS));
    for (Future<Message<Object>> f : late) {
      Throwable t = Await.failure(f);
      assertTrue(t instanceof ReplyException r && r.failureCode() == FailureCode.CLOSED.code()
        && t.getMessage().contains("lease lapsed"), String.valueOf(t));
    }
    JsonObject taken = status.nextMatching(e -> "BACKING_OFF".equals(e.getString("state"))
      && e.getLong("epoch") > owning.getLong("epoch"));

    FakeServer server = FakeServer.start(vertx, port);
    server.awaitReceived("m0;m1;m2;m3;");
    Await.until("the cluster's outbox emptied", () -> Await.result(held.size()) == 0);
    Await.result(vertx.eventBus().request("paused.out", "after"));
    server.awaitReceived("m0;m1;m2;m3;after");
    assertEquals("m0;m1;m2;m3;after", server.receivedText());
    JsonObject s = stats(vertx, "paused");
    assertEquals(taken.getLong("epoch"), s.getLong("epoch"));
    assertEquals(4, s.getLong("inherited"));
    assertEquals(0, Await.result(held.size()));
  }

  @Test
  void withoutSingletonBothConnect(Vertx vertx) {
    FakeServer server = FakeServer.start(vertx);
    deployClient(vertx, client("two", server.port()));
    deployClient(vertx, client("two", server.port()));
    server.nextConnection();
    server.nextConnection();
    Await.until("requests answered by both clients", () -> answering(vertx, "two").size() == 2);
  }

  @Test
  void clientsOfOtherAddressesDoNotWait(Vertx vertx) {
    FakeServer server = FakeServer.start(vertx);
    deployClient(vertx, client("a", server.port()).put("singleton", true));
    deployClient(vertx, client("b", server.port()).put("singleton", true));
    server.nextConnection();
    server.nextConnection();
  }
}
