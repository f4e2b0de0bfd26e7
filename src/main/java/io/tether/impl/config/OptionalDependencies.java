package io.tether.impl.config;

import io.tether.impl.metrics.TetherMeters;
import io.tether.impl.metrics.Monitoring;
import io.tether.impl.metrics.ClientMonitor;
import io.tether.TetherConfigException;
import io.tether.TetherOptions;

import java.util.ArrayList;
import java.util.List;

/**
 * The features that need an artifact the library {@code io.tether:tether} declares optional: an application that
 * turns one on adds the artifact. A feature switched on without it stops the deployment with one line that names the
 * key and the Maven coordinates to add, instead of a {@link NoClassDefFoundError} from deep inside the feature:
 * {@code metrics.enabled: needs io.vertx:vertx-micrometer-metrics on the classpath}.
 * <p>
 * It looks the classes up by name ({@link Class#forName(String, boolean, ClassLoader)}, not initialized) and loads
 * nothing of a feature that is off; the classes that use them ({@link ClientMonitor}, {@link Monitoring},
 * {@link TetherMeters}) are loaded only once a feature is on.
 */
public final class OptionalDependencies {

  /** The version pom.xml's {@code micrometer.version} names: micrometer's artifacts are not in Vert.x's stack. */
  static final String MICROMETER_VERSION = "1.15.7";

  private static final String[][] METRICS = {
    {"io.vertx.micrometer.backends.BackendRegistries", "io.vertx:vertx-micrometer-metrics"},
    {"io.micrometer.prometheusmetrics.PrometheusMeterRegistry",
      "io.micrometer:micrometer-registry-prometheus:" + MICROMETER_VERSION},
  };

  private static final String[][] HEALTH = {
    {"io.vertx.ext.healthchecks.HealthChecks", "io.vertx:vertx-health-check"},
  };

  private OptionalDependencies() {
  }

  /**
   * {@code o} when every feature it turns on finds its classes.
   *
   * @throws TetherConfigException naming the first such key and the artifacts it lacks
   */
  public static TetherOptions check(TetherOptions o) {
    return check(o, OptionalDependencies.class.getClassLoader());
  }

  static TetherOptions check(TetherOptions o, ClassLoader loader) {
    if (o.metrics().enabled()) {
      require("metrics.enabled", METRICS, loader);
    }
    if (o.health().enabled()) {
      require("health.enabled", HEALTH, loader);
    }
    return o;
  }

  private static void require(String key, String[][] classAndArtifact, ClassLoader loader) {
    List<String> missing = new ArrayList<>();
    for (String[] pair : classAndArtifact) {
      try {
        Class.forName(pair[0], false, loader);
      } catch (ClassNotFoundException | LinkageError e) {
        missing.add(pair[1]);
      }
    }
    if (!missing.isEmpty()) {
      throw new TetherConfigException(key, key + ": needs " + String.join(" and ", missing) + " on the classpath");
    }
  }
}
