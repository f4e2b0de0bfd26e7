package io.tether.impl.cluster;

import com.hazelcast.logging.Logger;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MemberDiscoveryTest {

  @Test
  void membersAsTcpIpTakesThemWithOrWithoutAPort() {
    assertEquals(List.of(new MemberDiscovery.Entry("10.0.0.5", 0), new MemberDiscovery.Entry("10.0.0.6", 5702),
        new MemberDiscovery.Entry("::1", 5703), new MemberDiscovery.Entry("fe80::1", 0),
        new MemberDiscovery.Entry("node-a", 0)),
      MemberDiscovery.parse(" 10.0.0.5, 10.0.0.6:5702,[::1]:5703 fe80::1,,node-a "));
    assertThrows(IllegalArgumentException.class, () -> MemberDiscovery.parse("10.0.0.5:99999"));
    assertThrows(IllegalArgumentException.class, () -> MemberDiscovery.parse(" , "));
    assertEquals(5701, MemberDiscovery.range("5701-5720")[0]);
    assertEquals(5720, MemberDiscovery.range("5701-5720")[1]);
    assertEquals(5701, MemberDiscovery.range("5701")[1]);
    assertThrows(IllegalArgumentException.class, () -> MemberDiscovery.range("5720-5701"));
  }

  @Test
  void aMemberWithoutAPortIsLookedForOnEveryPortOfTheRange() {
    MemberDiscovery d = discovery("127.0.0.1, 127.0.0.2:6000", "5701-5703");
    List<String> candidates = d.candidates().stream().map(a -> a.getHostString() + ":" + a.getPort()).toList();
    assertEquals(List.of("127.0.0.1:5701", "127.0.0.1:5702", "127.0.0.1:5703", "127.0.0.2:6000"), candidates);
  }

  /** Only the ports where something listens are handed to Hazelcast, in the order given, at once. */
  @Test
  void onlyTheAddressesThatAcceptAConnectionAreFound() throws IOException {
    InetAddress loopback = InetAddress.getLoopbackAddress();
    try (ServerSocket one = new ServerSocket(0, 50, loopback); ServerSocket two = new ServerSocket(0, 50, loopback)) {
      List<InetSocketAddress> candidates = new ArrayList<>();
      List<Integer> dead = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        try (ServerSocket s = new ServerSocket(0, 50, loopback)) {
          dead.add(s.getLocalPort());
        }
      }
      candidates.add(new InetSocketAddress(loopback, dead.get(0)));
      candidates.add(new InetSocketAddress(loopback, two.getLocalPort()));
      for (int port : dead.subList(1, dead.size())) {
        candidates.add(new InetSocketAddress(loopback, port));
      }
      candidates.add(new InetSocketAddress(loopback, one.getLocalPort()));
      long start = System.nanoTime();
      List<InetSocketAddress> up = MemberDiscovery.listening(candidates, 2000);
      long took = (System.nanoTime() - start) / 1_000_000;
      assertEquals(List.of(new InetSocketAddress(loopback, two.getLocalPort()),
        new InetSocketAddress(loopback, one.getLocalPort())), up);
      assertTrue(took < 1000, "refused connects are told at once, not at the timeout: " + took + " ms");
    }
  }

  private static MemberDiscovery discovery(String members, String ports) {
    Map<String, Comparable> properties = new HashMap<>();
    properties.put(MemberDiscovery.MEMBERS, members);
    properties.put(MemberDiscovery.PORTS, ports);
    return new MemberDiscovery(null, Logger.getLogger(MemberDiscoveryTest.class), properties);
  }
}
