package io.tether.impl.cluster;

import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The name of a node in the {@code owner} of status events and stats: {@code PID@HOST} of its JVM, so that a person
 * can tell which process holds a connection, with {@code #N} for the N-th Vert.x instance of one JVM. The same for
 * every client of one Vert.x instance.
 */
public final class NodeId {

  private static final String LOCAL_MAP = "io.tether.node";
  private static final AtomicInteger INSTANCES = new AtomicInteger();

  private NodeId() {
  }

  /** This Vert.x instance's node name. */
  public static String of(Vertx vertx) {
    LocalMap<String, String> map = vertx.sharedData().getLocalMap(LOCAL_MAP);
    return map.computeIfAbsent("id", k -> {
      int n = INSTANCES.incrementAndGet();
      return ProcessHandle.current().pid() + "@" + host() + (n == 1 ? "" : "#" + n);
    });
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
