package io.tether;

import io.tether.testkit.Await;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The seed recipe's conversation between Tether's client and its companion server. */
@ExtendWith(VertxExtension.class)
class SeedConversationTest extends ClientTestBase {

  private static int deployServer(Vertx vertx) {
    PeerServerVerticle server = new PeerServerVerticle();
    Await.result(vertx.deployVerticle(server,
      new DeploymentOptions().setConfig(new JsonObject().put("host", "127.0.0.1").put("port", 0))));
    return server.actualPort();
  }

  @Test
  void theServerAnswersEachPingWithThePeerCount(Vertx vertx) {
    int port = deployServer(vertx);
    Await.Events<Message<Buffer>> in = inbound(vertx, "first");
    Await.Events<Message<Buffer>> pings = new Await.Events<>();
    vertx.eventBus().<Buffer>consumer("first.ping", pings::add);
    Await.Events<JsonObject> status = status(vertx, "first");

    deployClient(vertx, client("first", port).put("ping", new JsonObject().put("interval", 100)));
    assertEquals("CONNECTING", status.next().getString("state"));
    JsonObject connected = status.next();
    assertEquals("CONNECTED", connected.getString("state"));
    assertEquals("127.0.0.1:" + port, connected.getString("endpoint"));

    assertEquals("Ping", pings.next().body().toString());
    Message<Buffer> first = in.next();
    assertEquals("You have 0 peers on this server", first.body().toString());
    assertEquals("1", first.headers().get("seq"));
    String connection = first.headers().get("connection");
    assertNotNull(connection);
    Message<Buffer> second = in.next();
    assertEquals("You have 0 peers on this server", second.body().toString());
    assertEquals("2", second.headers().get("seq"));
    assertEquals(connection, second.headers().get("connection"));

    // a second client: the first one now has one peer
    Await.Events<Message<Buffer>> in2 = inbound(vertx, "second");
    deployClient(vertx, client("second", port).put("ping", new JsonObject().put("interval", 100)));
    assertEquals("You have 1 peer on this server", in2.next().body().toString());
    Message<Buffer> seen = in.nextMatching(m -> m.body().toString().contains("1 peer"));
    assertEquals("You have 1 peer on this server", seen.body().toString());

    // sequence numbers on the first connection stayed contiguous
    long seq = Long.parseLong(seen.headers().get("seq"));
    assertTrue(seq > 2);
    assertEquals(connection, seen.headers().get("connection"));
  }

  @Test
  void theCompanionServerCountsOtherOpenConnections(Vertx vertx) {
    int port = deployServer(vertx);
    NetSocket a = Await.result(vertx.createNetClient().connect(port, "127.0.0.1"));
    Await.Events<String> aHears = new Await.Events<>();
    a.handler(b -> aHears.add(b.toString()));
    a.write("Ping");
    assertEquals("You have 0 peers on this server", aHears.next());
    NetSocket b = Await.result(vertx.createNetClient().connect(port, "127.0.0.1"));
    NetSocket c = Await.result(vertx.createNetClient().connect(port, "127.0.0.1"));
    Await.until("two peers", () -> {
      a.write("Ping");
      String heard = aHears.next();
      return heard.equals("You have 2 peers on this server");
    });
    Await.result(b.close());
    Await.result(c.close());
    Await.until("peers gone", () -> {
      a.write("Ping");
      return aHears.next().equals("You have 0 peers on this server");
    });
  }

  @Test
  void twoClientsGetDistinctConnectionIds(Vertx vertx) {
    int port = deployServer(vertx);
    Await.Events<Message<Buffer>> in1 = inbound(vertx, "x");
    Await.Events<Message<Buffer>> in2 = inbound(vertx, "y");
    deployClient(vertx, client("x", port).put("ping", new JsonObject().put("interval", 50)));
    deployClient(vertx, client("y", port).put("ping", new JsonObject().put("interval", 50)));
    assertNotEquals(in1.next().headers().get("connection"), in2.next().headers().get("connection"));
  }
}
