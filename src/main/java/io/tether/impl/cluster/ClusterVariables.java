package io.tether.impl.cluster;

import com.hazelcast.config.replacer.spi.ConfigReplacer;

import java.util.Map;
import java.util.Properties;

/**
 * Fills {@code $ENV{NAME:-default}} in Tether's {@code cluster.xml} with the system property {@code NAME}, else the
 * environment variable {@code NAME}, else the default; {@code $ENV{NAME}} has no default and fails the
 * configuration when neither is set. Hazelcast loads it from the file's {@code <config-replacers>}.
 */
public final class ClusterVariables implements ConfigReplacer {

  private static final String DEFAULT_SEPARATOR = ":-";

  private final Map<String, String> env;
  private final Properties system;

  public ClusterVariables() {
    this(System.getenv(), System.getProperties());
  }

  ClusterVariables(Map<String, String> env, Properties system) {
    this.env = env;
    this.system = system;
  }

  @Override
  public void init(Properties properties) {
    // no settings of its own
  }

  @Override
  public String getPrefix() {
    return "ENV";
  }

  @Override
  public String getReplacement(String variable) {
    int sep = variable.indexOf(DEFAULT_SEPARATOR);
    String name = (sep < 0 ? variable : variable.substring(0, sep)).trim();
    String value = system.getProperty(name);
    if (value == null || value.isBlank()) {
      value = env.get(name);
    }
    if (value == null || value.isBlank()) {
      value = sep < 0 ? null : variable.substring(sep + DEFAULT_SEPARATOR.length());
    }
    return value == null ? null : value.trim();
  }
}
