package io.tether.impl.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.DiscoveryStrategyConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.XmlConfigBuilder;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClusterVariablesTest {

  @Test
  void aSystemPropertyWinsOverTheEnvironmentWhichWinsOverTheDefault() {
    Properties system = new Properties();
    system.setProperty("A", "from-property");
    ClusterVariables v = new ClusterVariables(Map.of("A", "from-env", "B", "from-env"), system);
    assertEquals("from-property", v.getReplacement("A:-default"));
    assertEquals("from-env", v.getReplacement("B:-default"));
    assertEquals("default", v.getReplacement("C:-default"));
    assertEquals("127.0.0.1:5701", v.getReplacement("C:-127.0.0.1:5701"));
    assertNull(v.getReplacement("C"), "no default: Hazelcast fails the configuration");
  }

  @Test
  void aBlankValueIsUnset() {
    ClusterVariables v = new ClusterVariables(Map.of("A", " "), new Properties());
    assertEquals("default", v.getReplacement("A:-default"));
  }

  /** The shipped file: loopback only, no multicast, no phone home, and the variables filled in. */
  @Test
  void theShippedClusterXmlStaysOnThisMachineByDefault() throws Exception {
    Config config = new XmlConfigBuilder(Path.of("conf", "cluster.xml").toString()).build();
    NetworkConfig network = config.getNetworkConfig();
    JoinConfig join = network.getJoin();
    assertFalse(join.getMulticastConfig().isEnabled());
    assertFalse(join.getAutoDetectionConfig().isEnabled());
    // the members are found by MemberDiscovery, among 127.0.0.1's ports, not by Hazelcast's tcp-ip join
    assertFalse(join.getTcpIpConfig().isEnabled());
    assertEquals("true", config.getProperty("hazelcast.discovery.enabled"));
    DiscoveryStrategyConfig discovery = join.getDiscoveryConfig().getDiscoveryStrategyConfigs().iterator().next();
    assertEquals(MemberDiscovery.class.getName(), discovery.getClassName());
    assertEquals("127.0.0.1", discovery.getProperties().get("members"));
    assertTrue(network.getInterfaces().isEnabled());
    assertEquals(List.of("127.0.0.1"), List.copyOf(network.getInterfaces().getInterfaces()));
    assertEquals("false", config.getProperty("hazelcast.socket.bind.any"));
    assertEquals("false", config.getProperty("hazelcast.phone.home.enabled"));
    assertEquals(new ClusterVariables().getReplacement("TETHER_CLUSTER_NAME:-tether"), config.getClusterName());
  }
}
