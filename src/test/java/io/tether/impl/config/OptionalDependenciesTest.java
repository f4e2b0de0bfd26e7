package io.tether.impl.config;

import io.tether.TetherConfigException;
import io.tether.TetherOptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OptionalDependenciesTest {

  /** Sees nothing but the JDK. */
  private static final ClassLoader BARE = new ClassLoader(null) {
  };

  /** This test's classes, without the packages that start with {@code hidden}. */
  private static ClassLoader without(String hidden) {
    return new ClassLoader(OptionalDependenciesTest.class.getClassLoader()) {
      @Override
      protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (name.startsWith(hidden)) {
          throw new ClassNotFoundException(name);
        }
        return super.loadClass(name, resolve);
      }
    };
  }

  private static TetherConfigException refused(TetherOptions o, ClassLoader loader) {
    return assertThrows(TetherConfigException.class, () -> OptionalDependencies.check(o, loader));
  }

  private static TetherOptions metrics() {
    TetherOptions o = new TetherOptions();
    o.metrics().setEnabled(true);
    return o;
  }

  private static TetherOptions health() {
    TetherOptions o = new TetherOptions();
    o.health().setEnabled(true);
    return o;
  }

  private static TetherOptions metricsAndHealth() {
    TetherOptions o = metrics();
    o.health().setEnabled(true);
    return o;
  }

  @Test
  void featuresThatAreOffNeedNothing() {
    TetherOptions o = new TetherOptions();
    assertSame(o, OptionalDependencies.check(o, BARE));
  }

  @Test
  void metricsWithoutTheirArtifactsNameBoth() {
    TetherConfigException e = refused(metrics(), BARE);
    assertEquals("metrics.enabled", e.key());
    assertEquals("metrics.enabled: needs io.vertx:vertx-micrometer-metrics and "
      + "io.micrometer:micrometer-registry-prometheus:1.15.7 on the classpath", e.getMessage());
  }

  @Test
  void metricsNameOnlyTheArtifactThatIsMissing() {
    TetherConfigException e = refused(metrics(),
      without("io.micrometer.prometheusmetrics."));
    assertEquals("metrics.enabled: needs io.micrometer:micrometer-registry-prometheus:1.15.7 on the classpath",
      e.getMessage());
  }

  @Test
  void healthWithoutItsArtifact() {
    TetherConfigException e = refused(health(), without("io.vertx.ext.healthchecks."));
    assertEquals("health.enabled", e.key());
    assertEquals("health.enabled: needs io.vertx:vertx-health-check on the classpath", e.getMessage());
  }

  @Test
  void healthNeedsNoMicrometer() {
    TetherOptions o = health();
    assertSame(o, OptionalDependencies.check(o, without("io.micrometer.")));
  }

  @Test
  void featuresWithTheirArtifactsPass() {
    TetherOptions o = metricsAndHealth();
    assertSame(o, OptionalDependencies.check(o));
  }

  @Test
  void theMicrometerVersionNamedIsThePoms() throws Exception {
    Matcher m = Pattern.compile("<micrometer.version>([^<]+)</micrometer.version>")
      .matcher(Files.readString(Path.of("pom.xml")));
    assertTrue(m.find(), "pom.xml has no micrometer.version");
    assertEquals(m.group(1), OptionalDependencies.MICROMETER_VERSION);
  }
}
