package io.tether.bench;

import io.tether.ClientVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryContext;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;

import java.lang.management.ManagementFactory;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Many connections in one JVM, all pinging an echo server every 2 s: prints {@code HEAP <before> <after> <ms>}, the
 * heap used after a full GC before the connections and once they are all up and have pinged, and the time from the
 * first connect to the last CONNECTED.
 * <p>
 * Two shapes of each: {@code raw} and {@code tether} deploy once, a raw client's sockets from one {@code NetClient}
 * and Tether's clients as instances of one configuration, all on one address; {@code raw-verticles} and {@code
 * tether-deployments} are a gateway's, one deployment per device with a configuration of its own, a raw verticle
 * with its own {@code NetClient} and a Tether client with its own address.
 */
public final class Scale {

  private Scale() {
  }

  public static void main(String[] args) throws Exception {
    String kind = args[0];
    int port = Integer.parseInt(args[1]);
    int n = Integer.parseInt(args[2]);
    Vertx vertx = Vertx.vertx();
    long before = heapAfterGc();
    long start = System.nanoTime();
    CountDownLatch connected = new CountDownLatch(n);
    // every client's status, whatever its address, without a consumer of its own to count in its heap
    Handler<DeliveryContext<Object>> statuses = ctx -> {
      if (ctx.message().address().endsWith(".status") && ctx.message().body() instanceof JsonObject status
        && "CONNECTED".equals(status.getString("state"))) {
        connected.countDown();
      }
      ctx.next();
    };
    vertx.eventBus().addOutboundInterceptor(statuses);
    switch (kind) {
      case "raw" -> {
        var client = vertx.createNetClient();
        for (int i = 0; i < n; i++) {
          client.connect(port, "127.0.0.1").onSuccess(so -> ping(vertx, so, connected));
        }
      }
      case "raw-verticles" -> {
        for (int i = 0; i < n; i++) {
          vertx.deployVerticle(new VerticleBase() {
            @Override
            public Future<?> start() {
              return vertx.createNetClient().connect(config().getInteger("port"), config().getString("host"))
                .onSuccess(so -> ping(vertx, so, connected));
            }
          }, new DeploymentOptions().setConfig(config(port, "device-" + i)));
        }
      }
      case "tether" -> vertx.deployVerticle(ClientVerticle.class,
        new DeploymentOptions().setInstances(n).setConfig(config(port, "scale")));
      case "tether-deployments" -> {
        for (int i = 0; i < n; i++) {
          vertx.deployVerticle(ClientVerticle.class, new DeploymentOptions().setConfig(config(port, "device-" + i)));
        }
      }
      default -> throw new IllegalArgumentException("no such kind: " + kind);
    }
    if (!connected.await(60, TimeUnit.SECONDS)) {
      System.out.println("FAILED only " + (n - connected.getCount()) + " of " + n + " connected");
      System.exit(1);
    }
    long connectedMs = (System.nanoTime() - start) / 1_000_000;
    vertx.eventBus().removeOutboundInterceptor(statuses);
    // one ping interval and more, so that every connection has pinged and been answered
    TimeUnit.MILLISECONDS.sleep(2500);
    System.out.println("HEAP " + before + " " + heapAfterGc() + " " + connectedMs);
    System.exit(0);
  }

  /** A client's configuration: the echo server, line frames, a ping every 2 s. */
  private static JsonObject config(int port, String address) {
    return new JsonObject().put("host", "127.0.0.1").put("port", port).put("address", address)
      .put("framing", new JsonObject().put("mode", "line"))
      .put("ping", new JsonObject().put("interval", 2000).put("payload", "ECHO"));
  }

  /** A raw connection as Tether's: a ping now and every 2 s, what comes back read and dropped. */
  private static void ping(Vertx vertx, NetSocket so, CountDownLatch connected) {
    so.handler(b -> { });
    so.write("ECHO\n");
    vertx.setPeriodic(2000, id -> so.write("ECHO\n"));
    connected.countDown();
  }

  /**
   * The bytes of the objects alive on the heap, from the JVM's class histogram (which runs a full GC first and
   * counts only what survives it). The heap's "used" figure after {@code System.gc()} also counts what was
   * allocated since and whole regions of G1: it measured 15 KB and 32 KB per client in two runs of the same commit.
   */
  private static long heapAfterGc() throws Exception {
    String histogram = (String) ManagementFactory.getPlatformMBeanServer().invoke(
      new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
      new Object[] {new String[0]}, new String[] {String[].class.getName()});
    for (String line : histogram.split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length == 3 && f[0].equals("Total")) {
        return Long.parseLong(f[2]);
      }
    }
    throw new IllegalStateException("no Total in the class histogram");
  }
}
