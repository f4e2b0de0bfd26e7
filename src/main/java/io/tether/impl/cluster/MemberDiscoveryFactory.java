package io.tether.impl.cluster;

import com.hazelcast.config.properties.PropertyDefinition;
import com.hazelcast.config.properties.PropertyTypeConverter;
import com.hazelcast.config.properties.SimplePropertyDefinition;
import com.hazelcast.logging.ILogger;
import com.hazelcast.spi.discovery.DiscoveryNode;
import com.hazelcast.spi.discovery.DiscoveryStrategy;
import com.hazelcast.spi.discovery.DiscoveryStrategyFactory;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Makes {@link MemberDiscovery} for the {@code discovery-strategy} of {@code conf/cluster.xml}, which names the strategy's
 * class; Hazelcast finds this factory through {@code META-INF/services}.
 */
public final class MemberDiscoveryFactory implements DiscoveryStrategyFactory {

  private static final List<PropertyDefinition> PROPERTIES = List.of(
    new SimplePropertyDefinition(MemberDiscovery.MEMBERS, PropertyTypeConverter.STRING),
    new SimplePropertyDefinition(MemberDiscovery.PORTS, true, PropertyTypeConverter.STRING),
    new SimplePropertyDefinition(MemberDiscovery.PROBE_TIMEOUT, true, PropertyTypeConverter.INTEGER));

  @Override
  public Class<? extends DiscoveryStrategy> getDiscoveryStrategyType() {
    return MemberDiscovery.class;
  }

  @Override
  @SuppressWarnings("rawtypes")
  public DiscoveryStrategy newDiscoveryStrategy(DiscoveryNode local, ILogger logger, Map<String, Comparable> properties) {
    return new MemberDiscovery(local, logger, properties);
  }

  @Override
  public Collection<PropertyDefinition> getConfigurationProperties() {
    return PROPERTIES;
  }
}
