package io.tether.bench;

import io.tether.ClientVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Many connections in one JVM, all pinging an echo server every 2 s: prints {@code HEAP <before> <after> <ms>}, the
 * heap used after a full GC before the connections and once they are all up and have pinged, and the time from the
 * first connect to the last CONNECTED.
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
    List<NetSocket> sockets = new ArrayList<>();
    if (kind.equals("raw")) {
      var client = vertx.createNetClient();
      for (int i = 0; i < n; i++) {
        client.connect(port, "127.0.0.1").onSuccess(so -> {
          synchronized (sockets) {
            sockets.add(so);
          }
          so.handler(b -> { });
          so.write("ECHO\n");
          vertx.setPeriodic(2000, id -> so.write("ECHO\n"));
          connected.countDown();
        });
      }
    } else {
      vertx.eventBus().<JsonObject>consumer("scale.status", m -> {
        if ("CONNECTED".equals(m.body().getString("state"))) {
          connected.countDown();
        }
      });
      vertx.deployVerticle(ClientVerticle.class, new DeploymentOptions().setInstances(n).setConfig(new JsonObject()
        .put("host", "127.0.0.1").put("port", port).put("address", "scale")
        .put("framing", new JsonObject().put("mode", "line"))
        .put("ping", new JsonObject().put("interval", 2000).put("payload", "ECHO"))));
    }
    if (!connected.await(60, TimeUnit.SECONDS)) {
      System.out.println("FAILED only " + (n - connected.getCount()) + " of " + n + " connected");
      System.exit(1);
    }
    long connectedMs = (System.nanoTime() - start) / 1_000_000;
    // one ping interval and more, so that every connection has pinged and been answered
    TimeUnit.MILLISECONDS.sleep(2500);
    System.out.println("HEAP " + before + " " + heapAfterGc() + " " + connectedMs);
    System.exit(0);
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
