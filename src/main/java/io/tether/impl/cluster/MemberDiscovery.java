package io.tether.impl.cluster;

import com.hazelcast.cluster.Address;
import com.hazelcast.logging.ILogger;
import com.hazelcast.spi.discovery.AbstractDiscoveryStrategy;
import com.hazelcast.spi.discovery.DiscoveryNode;
import com.hazelcast.spi.discovery.SimpleDiscoveryNode;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * How the nodes of {@code conf/cluster.xml} find each other: the members of {@code TETHER_CLUSTER_MEMBERS}, each host
 * with its port or, without one, with every port of a range (as Hazelcast's {@code tcp-ip} join lists them), but only
 * those where something accepts a TCP connection now.
 * <p>
 * <b>Why not Hazelcast's {@code tcp-ip} join.</b> A node split off from its cluster (frozen for longer than the member
 * timeout, or cut off) is a cluster of its own, and it merges back only once its own split-brain search reaches the
 * master of the larger part: the larger part's master finding it is not enough, since the smaller part has to start
 * the merge. {@code TcpIpJoiner.searchForOtherClusters()} (run every {@code hazelcast.merge.next.run.delay.seconds})
 * tries the possible addresses one by one, in the order of a {@code HashSet}, and an address where nothing listens
 * costs it 5 s ({@code AbstractJoiner.SPLIT_BRAIN_CONN_TIMEOUT_MILLIS}, a constant, not a property): it polls for a
 * connection that a refused connect never makes. With a member given without a port, 19 of the 20 ports of the range
 * were tried, most of them dead, and one search took up to 95 s before it came to the master, and as long again to
 * start over: a woken node merged back after 1 s or after 100 s, depending on where the master's port fell in that
 * order. Given only the addresses that listen, Hazelcast's {@code DiscoveryJoiner} (the same joiner, with this list)
 * reaches the master in its first search, within milliseconds of its start.
 * <p>
 * The probe is a plain non-blocking connect to every candidate at once, closed as soon as it is made, bounded by
 * {@code probe-timeout-millis}; a filtered port (no answer) counts as dead once that time has passed. A node that finds
 * nobody (the first node of a cluster) waits {@code hazelcast.wait.seconds.before.join} for somebody, then forms the
 * cluster alone. Properties (see {@link MemberDiscoveryFactory}): {@code members}, {@code ports}, and
 * {@code probe-timeout-millis}.
 */
public final class MemberDiscovery extends AbstractDiscoveryStrategy {

  /** The members: comma-separated {@code host}, {@code host:port}, {@code [ipv6]:port} or an IPv6 address alone. */
  static final String MEMBERS = "members";
  /** The ports tried for a member given without one: {@code 5701-5720}, or one port. */
  static final String PORTS = "ports";
  /** How long a connect may take before its address counts as dead. */
  static final String PROBE_TIMEOUT = "probe-timeout-millis";

  static final String DEFAULT_PORTS = "5701-5720";
  static final int DEFAULT_PROBE_TIMEOUT_MILLIS = 500;

  private final List<Entry> members;
  private final int firstPort;
  private final int lastPort;
  private final long probeTimeoutMillis;
  private final InetSocketAddress self;
  private final Set<String> unresolved = new HashSet<>();

  MemberDiscovery(DiscoveryNode local, ILogger logger, Map<String, Comparable> properties) {
    super(logger, properties);
    members = parse(String.valueOf(properties.get(MEMBERS)));
    Object ports = properties.get(PORTS);
    int[] range = range(ports == null ? DEFAULT_PORTS : ports.toString());
    firstPort = range[0];
    lastPort = range[1];
    Object timeout = properties.get(PROBE_TIMEOUT);
    probeTimeoutMillis = timeout == null ? DEFAULT_PROBE_TIMEOUT_MILLIS : Integer.parseInt(timeout.toString());
    if (probeTimeoutMillis <= 0) {
      throw new IllegalArgumentException(PROBE_TIMEOUT + " must be positive: " + timeout);
    }
    self = local == null || local.getPrivateAddress() == null ? null : socketAddress(local.getPrivateAddress());
  }

  @Override
  public Iterable<DiscoveryNode> discoverNodes() {
    List<InetSocketAddress> candidates = candidates();
    // the members of this node's cluster are not probed (JoinedMembers): Hazelcast leaves them out of its searches
    // anyway, and each probe would make the member probed log a connection closed, at INFO
    Set<InetSocketAddress> joined = JoinedMembers.of(self);
    List<InetSocketAddress> unknown = new ArrayList<>(candidates);
    unknown.removeAll(joined);
    List<DiscoveryNode> nodes = new ArrayList<>();
    for (InetSocketAddress a : candidates) {
      if (joined.contains(a)) {
        nodes.add(new SimpleDiscoveryNode(new Address(a.getAddress(), a.getPort())));
      }
    }
    for (InetSocketAddress up : listening(unknown, probeTimeoutMillis)) {
      nodes.add(new SimpleDiscoveryNode(new Address(up.getAddress(), up.getPort())));
    }
    if (getLogger().isFineEnabled()) {
      getLogger().fine("Listening: " + nodes.size() + " of " + candidates.size() + " candidates: " + nodes);
    }
    return nodes;
  }

  /** Every address of the members, resolved now, in the order given, this node's own left out. */
  List<InetSocketAddress> candidates() {
    Set<InetSocketAddress> all = new LinkedHashSet<>();
    for (Entry m : members) {
      InetAddress[] resolved;
      try {
        resolved = InetAddress.getAllByName(m.host());
      } catch (UnknownHostException e) {
        if (unresolved.add(m.host())) {
          getLogger().warning("Cannot resolve the cluster member '" + m.host() + "'");
        }
        continue;
      }
      unresolved.remove(m.host());
      for (InetAddress a : resolved) {
        if (m.port() > 0) {
          all.add(new InetSocketAddress(a, m.port()));
        } else {
          for (int port = firstPort; port <= lastPort; port++) {
            all.add(new InetSocketAddress(a, port));
          }
        }
      }
    }
    if (self != null) {
      all.remove(self);
    }
    return new ArrayList<>(all);
  }

  /** Those of {@code candidates} that accept a connection within {@code timeoutMillis}, in their order. */
  static List<InetSocketAddress> listening(List<InetSocketAddress> candidates, long timeoutMillis) {
    Set<InetSocketAddress> up = new HashSet<>();
    Map<SocketChannel, InetSocketAddress> pending = new LinkedHashMap<>();
    try (Selector selector = Selector.open()) {
      for (InetSocketAddress a : candidates) {
        SocketChannel ch = SocketChannel.open();
        try {
          ch.configureBlocking(false);
          if (ch.connect(a)) {
            up.add(a);
            ch.close();
          } else {
            ch.register(selector, SelectionKey.OP_CONNECT);
            pending.put(ch, a);
          }
        } catch (IOException refused) {
          ch.close();
        }
      }
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
      while (!pending.isEmpty()) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
          break;
        }
        selector.select(left);
        for (SelectionKey key : selector.selectedKeys()) {
          SocketChannel ch = (SocketChannel) key.channel();
          InetSocketAddress a = pending.remove(ch);
          try {
            if (ch.finishConnect()) {
              up.add(a);
            }
          } catch (IOException refused) {
            // nothing listens there
          }
          key.cancel();
          ch.close();
        }
        selector.selectedKeys().clear();
      }
    } catch (IOException e) {
      // no selector: nothing can be told
    } finally {
      for (SocketChannel ch : pending.keySet()) {
        try {
          ch.close();
        } catch (IOException ignored) {
          // closing
        }
      }
    }
    List<InetSocketAddress> ordered = new ArrayList<>();
    for (InetSocketAddress a : candidates) {
      if (up.contains(a)) {
        ordered.add(a);
      }
    }
    return ordered;
  }

  /** A member as given: a port of 0 for none. */
  record Entry(String host, int port) {
  }

  /** {@code 10.0.0.5, 10.0.0.6:5702, [::1]:5701, ::1, node-a}: a port of 0 for none. */
  static List<Entry> parse(String members) {
    List<Entry> list = new ArrayList<>();
    for (String raw : members.split("[,;\\s]+")) {
      String s = raw.trim();
      if (s.isEmpty()) {
        continue;
      }
      String host = s;
      int port = 0;
      if (s.startsWith("[")) {
        int end = s.indexOf(']');
        if (end < 0) {
          throw new IllegalArgumentException("A cluster member without its closing ']': " + s);
        }
        host = s.substring(1, end);
        if (end + 1 < s.length()) {
          if (s.charAt(end + 1) != ':') {
            throw new IllegalArgumentException("A cluster member of an unknown form: " + s);
          }
          port = port(s.substring(end + 2), s);
        }
      } else if (s.indexOf(':') >= 0 && s.indexOf(':') == s.lastIndexOf(':')) {
        host = s.substring(0, s.indexOf(':'));
        port = port(s.substring(s.indexOf(':') + 1), s);
      }
      list.add(new Entry(host, port));
    }
    if (list.isEmpty()) {
      throw new IllegalArgumentException("No cluster member given: '" + members + "'");
    }
    return list;
  }

  private static int port(String text, String member) {
    try {
      int port = Integer.parseInt(text);
      if (port > 0 && port < 65536) {
        return port;
      }
    } catch (NumberFormatException ignored) {
      // below
    }
    throw new IllegalArgumentException("A cluster member with an invalid port: " + member);
  }

  /** {@code 5701-5720} or {@code 5701}. */
  static int[] range(String ports) {
    String s = ports.trim();
    int dash = s.indexOf('-');
    int first = port(dash < 0 ? s : s.substring(0, dash).trim(), s);
    int last = dash < 0 ? first : port(s.substring(dash + 1).trim(), s);
    if (last < first) {
      throw new IllegalArgumentException("An empty range of ports: " + ports);
    }
    return new int[] {first, last};
  }

  private static InetSocketAddress socketAddress(Address a) {
    try {
      return new InetSocketAddress(a.getInetAddress(), a.getPort());
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
