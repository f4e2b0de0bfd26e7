package io.tether.impl.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.InitialMembershipEvent;
import com.hazelcast.cluster.InitialMembershipListener;

import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The members of each Hazelcast node of this JVM, as its membership events tell them, by the node's own address: what
 * {@link MemberDiscovery} leaves out of its probes. {@code conf/cluster.xml} declares it as a listener. The discovery
 * cannot ask the instance itself: during the join, {@code Hazelcast.getAllHazelcastInstances()} waits for the instance
 * that is joining.
 */
public final class JoinedMembers implements InitialMembershipListener {

  private static final Map<InetSocketAddress, Set<InetSocketAddress>> OTHERS = new ConcurrentHashMap<>();

  /** The other members of the node at {@code self}; none if it has not started or is not known. */
  static Set<InetSocketAddress> of(InetSocketAddress self) {
    return self == null ? Set.of() : OTHERS.getOrDefault(self, Set.of());
  }

  @Override
  public void init(InitialMembershipEvent event) {
    update(event.getMembers());
  }

  @Override
  public void memberAdded(MembershipEvent event) {
    update(event.getMembers());
  }

  @Override
  public void memberRemoved(MembershipEvent event) {
    update(event.getMembers());
  }

  private static void update(Collection<Member> members) {
    InetSocketAddress self = null;
    Set<InetSocketAddress> others = new HashSet<>();
    for (Member m : members) {
      InetSocketAddress a = socketAddress(m);
      if (a == null) {
        continue;
      }
      if (m.localMember()) {
        self = a;
      } else {
        others.add(a);
      }
    }
    if (self != null) {
      OTHERS.put(self, Set.copyOf(others));
    }
  }

  private static InetSocketAddress socketAddress(Member m) {
    try {
      return new InetSocketAddress(m.getAddress().getInetAddress(), m.getAddress().getPort());
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
