package io.tether;

import io.tether.testkit.Child;
import io.tether.testkit.Await;
import io.tether.impl.config.OptionalDependencies;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Tether as a library, seen from outside: the thin jar, and an application (src/it/consumer) that a separate,
 * offline Maven build compiles against {@code io.tether:tether} alone, then runs against a companion server.
 * <p>
 * The consumer's local repository is target/it-repo, where the build installed the thin jar and its pom before the
 * ITs; everything else comes from this build's local repository, read as a file mirror, so ~/.m2 is not written.
 */
class LibraryIT {

  private static final String VERSION = property("it.version");
  private static final Path THIN_JAR = Path.of(property("it.thinJar"));
  private static final Path CONSUMER = Child.BASEDIR.resolve("src/it/consumer");

  /** Artifacts that the library declares optional: none may reach a consumer. */
  private static final Pattern OPTIONAL = Pattern.compile(
    "logback|hazelcast|micrometer|prometheus|health-check|launcher|picocli|HdrHistogram|LatencyUtils|jline");

  @TempDir
  static Path dir;

  private static Vertx vertx;
  private static int port;
  private static Path consumer;
  private static List<Path> classpath;

  private static String property(String name) {
    String value = System.getProperty(name);
    if (value == null) {
      fail("no system property " + name + ": LibraryIT runs from failsafe (mvn verify)");
    }
    return value;
  }

  @BeforeAll
  static void buildTheConsumerAndStartACompanionServer() throws Exception {
    consumer = dir.resolve("consumer");
    try (Stream<Path> files = Files.walk(CONSUMER)) {
      for (Path f : (Iterable<Path>) files.filter(f -> !CONSUMER.relativize(f).startsWith("target"))::iterator) {
        Files.copy(f, consumer.resolve(CONSUMER.relativize(f).toString()));
      }
    }
    Path settings = dir.resolve("settings.xml");
    Files.writeString(settings, settings(Path.of(property("it.repo")), Path.of(property("it.cache"))));
    Path cpFile = dir.resolve("classpath.txt");
    List<String> mvn = List.of(Path.of(property("it.mavenHome"), "bin", "mvn").toString(),
      "-B", "-q", "-o", "-U", "-s", settings.toString(), "-f", consumer.resolve("pom.xml").toString(),
      // a file mirror is still a remote repository: offline, this lets the build read it
      "-Daether.offline.protocols=file",
      "-Dtether.version=" + VERSION,
      "-Dslf4j.version=" + property("it.slf4jVersion"),
      "-Dcompiler.plugin.version=" + property("it.compilerPluginVersion"),
      "-Ddependency.plugin.version=" + property("it.dependencyPluginVersion"),
      "compile", "dependency:build-classpath", "-Dmdep.outputFile=" + cpFile);
    try (Child build = Child.command(Map.of(), mvn)) {
      assertEquals(0, build.exitCode(Duration.ofSeconds(120)), "the consumer's build failed: " + mvn + "\n"
        + build.output());
    }
    classpath = new ArrayList<>();
    classpath.add(consumer.resolve("target/classes"));
    Arrays.stream(Files.readString(cpFile).trim().split(":")).map(Path::of).forEach(classpath::add);

    vertx = Vertx.vertx();
    PeerServerVerticle server = new PeerServerVerticle();
    Await.result(vertx.deployVerticle(server,
      new DeploymentOptions().setConfig(new JsonObject().put("host", "127.0.0.1").put("port", 0))));
    port = server.actualPort();
  }

  @AfterAll
  static void close() {
    if (vertx != null) {
      Await.result(vertx.close());
    }
  }

  /** The consumer's own local repository, and this build's local repository as the only source of the rest. */
  private static String settings(Path repo, Path cache) {
    String url = cache.toUri().toString();
    String repository = "<id>central</id><url>" + url + "</url>"
      + "<releases><checksumPolicy>ignore</checksumPolicy></releases><snapshots><enabled>false</enabled></snapshots>";
    return "<settings>\n"
      + "  <localRepository>" + repo + "</localRepository>\n"
      + "  <mirrors><mirror><id>cache</id><mirrorOf>*</mirrorOf><url>" + url + "</url></mirror></mirrors>\n"
      + "  <profiles><profile><id>cache</id>\n"
      + "    <repositories><repository>" + repository + "</repository></repositories>\n"
      + "    <pluginRepositories><pluginRepository>" + repository + "</pluginRepository></pluginRepositories>\n"
      + "  </profile></profiles>\n"
      + "  <activeProfiles><activeProfile>cache</activeProfile></activeProfiles>\n"
      + "</settings>\n";
  }

  /** {@code java -cp CONSUMER'S-CLASSPATH [extra] mainClass args}, logging (slf4j-simple) to standard output. */
  private static Child java(List<Path> extra, String mainClass, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
      "-Dorg.slf4j.simpleLogger.logFile=System.out", "-cp",
      Stream.concat(classpath.stream(), extra.stream()).map(Path::toString).collect(Collectors.joining(":")),
      mainClass));
    cmd.addAll(List.of(args));
    return Child.command(Map.of(), cmd);
  }

  @Test
  void theThinJarHoldsTethersClassesAlone() throws IOException {
    long size = Files.size(THIN_JAR);
    System.out.printf("LibraryIT: %s is %,d bytes%n", THIN_JAR.getFileName(), size);
    assertTrue(size < 1 << 20, THIN_JAR + " is " + size + " bytes");
    List<String> entries;
    try (JarFile jar = new JarFile(THIN_JAR.toFile())) {
      entries = jar.stream().map(JarEntry::getName).collect(Collectors.toList());
    }
    assertTrue(entries.contains("io/tether/ClientVerticle.class"), entries.toString());
    assertTrue(entries.contains("io/tether/PeerServerVerticle.class"), entries.toString());
    assertTrue(entries.contains("io/tether/impl/config/OptionalDependencies.class"), entries.toString());
    assertTrue(entries.contains("conf/tether.json"), entries.toString());
    for (String e : entries) {
      assertFalse(e.equals("logback.xml") || e.equals("cluster.xml") || e.startsWith("io/tether/bench/")
        || e.startsWith("META-INF/services/ch.qos.logback"), e);
      assertTrue(e.startsWith("io/tether/") || e.startsWith("conf/") || e.startsWith("META-INF/")
        || e.equals("io/"), "not Tether's: " + e);
    }
  }

  @Test
  void theConsumersClasspathHasTheRequiredDependenciesOnly() throws Exception {
    List<String> jars = classpath.stream().skip(1).map(p -> p.getFileName().toString()).collect(Collectors.toList());
    for (String required : List.of("tether-" + VERSION + ".jar", "vertx-core-", "vertx-config-", "vertx-config-yaml-",
      "slf4j-api-", "slf4j-simple-")) {
      assertTrue(jars.stream().anyMatch(j -> j.startsWith(required)), required + " missing from " + jars);
    }
    for (String jar : jars) {
      assertFalse(OPTIONAL.matcher(jar).find(), "an optional artifact reached the consumer: " + jar);
    }
    try (Child probe = java(List.of(), "com.example.Probe", "classes", "io.tether.ClientVerticle",
      "ch.qos.logback.classic.Logger", "com.hazelcast.core.Hazelcast", "io.micrometer.core.instrument.MeterRegistry",
      "io.vertx.ext.healthchecks.HealthChecks")) {
      assertEquals(0, probe.exitCode(Await.DEADLINE), probe.output());
      assertEquals(List.of("present io.tether.ClientVerticle", "absent ch.qos.logback.classic.Logger",
        "absent com.hazelcast.core.Hazelcast", "absent io.micrometer.core.instrument.MeterRegistry",
        "absent io.vertx.ext.healthchecks.HealthChecks"), probe.stdout(), probe.output());
    }
  }

  @Test
  void theReadmesExampleTalksToTheCompanionServer() throws Exception {
    Path example = consumer.resolve("src/main/java/com/example/EmbeddedTether.java");
    assertEquals(Files.readString(example).trim(), readmeBlock("public class EmbeddedTether"),
      "the README's example and src/it/consumer/src/main/java/com/example/EmbeddedTether.java differ");
    try (Child app = java(List.of(), "com.example.EmbeddedTether", "127.0.0.1", Integer.toString(port))) {
      app.awaitLine(l -> l.endsWith(" - State: CONNECTED"));
      app.awaitLine(l -> l.endsWith(" - Written to 127.0.0.1:" + port));
      // raw framing: an answer may share a read with the one before; the next ping's answer comes alone
      app.awaitLine(l -> l.endsWith(" - Received: You have 0 peers on this server"));
      assertFalse(app.output().contains("Exception"), app.output());
    }
  }

  @Test
  void aFeatureWithoutItsArtifactStopsTheDeploymentWithOneLine() throws Exception {
    try (Child probe = java(List.of(), "com.example.Probe", "deploy", "127.0.0.1", Integer.toString(port), "metrics")) {
      probe.awaitLine(l -> l.equals("refused: metrics.enabled: needs io.vertx:vertx-micrometer-metrics and "
        + "io.micrometer:micrometer-registry-prometheus:1.15.7 on the classpath"));
    }
    try (Child probe = java(List.of(), "com.example.Probe", "deploy", "127.0.0.1", Integer.toString(port), "health")) {
      probe.awaitLine(l -> l.equals("refused: health.enabled: needs io.vertx:vertx-health-check on the classpath"));
    }
  }

  @Test
  void healthNeedsVertxHealthCheckAndNothingOfMicrometer() throws Exception {
    String vertxVersion = classpath.stream().map(p -> p.getFileName().toString())
      .filter(j -> j.matches("vertx-core-[0-9].*\\.jar")).findFirst().orElseThrow()
      .replaceAll("vertx-core-(.*)\\.jar", "$1");
    Path healthCheck = Path.of(property("it.cache"), "io", "vertx", "vertx-health-check", vertxVersion,
      "vertx-health-check-" + vertxVersion + ".jar");
    assertTrue(Files.isRegularFile(healthCheck), healthCheck + " missing");
    try (Child probe = java(List.of(healthCheck), "com.example.Probe", "deploy", "127.0.0.1", Integer.toString(port),
      "health")) {
      String line = probe.awaitLine(l -> l.startsWith("deployed, metrics port ") || l.startsWith("refused:"));
      assertTrue(line.startsWith("deployed"), probe.output());
      int metricsPort = Integer.parseInt(line.substring("deployed, metrics port ".length()));
      // Vert.x's client, closed here: the JDK's keeps its selector open until it is collected, which the file
      // descriptor count of FaultIT, in the same JVM, would see.
      HttpClient http = vertx.createHttpClient();
      try {
        String live = Await.result(http.request(HttpMethod.GET, metricsPort, "127.0.0.1", "/health/live")
          .compose(HttpClientRequest::send)
          .compose(r -> r.body().map(body -> r.statusCode() + " " + body)));
        assertTrue(live.startsWith("200 ") && live.contains("\"UP\""), live);
      } finally {
        Await.result(http.close());
      }
    }
  }

  /** The README's fenced Java block that contains {@code marker}. */
  private static String readmeBlock(String marker) throws IOException {
    Matcher m = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL)
      .matcher(Files.readString(Child.BASEDIR.resolve("README.md")));
    while (m.find()) {
      if (m.group(1).contains(marker)) {
        return m.group(1).trim();
      }
    }
    return fail("no ```java block with " + marker + " in README.md");
  }
}
