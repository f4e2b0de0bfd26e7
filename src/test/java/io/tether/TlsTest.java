package io.tether;

import io.tether.testkit.LogCapture;
import io.tether.testkit.TestPki;
import io.tether.testkit.FakeServer;
import io.tether.testkit.Await;
import io.tether.impl.tls.TlsSupport;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.PfxOptions;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLPeerUnverifiedException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The client against real TLS servers, with certificates made at test time ({@link TestPki}). */
@ExtendWith(VertxExtension.class)
class TlsTest extends ClientTestBase {

  @TempDir
  Path dir;

  static NetServerOptions tlsServer(String keyStore) {
    return new NetServerOptions().setTcpNoDelay(true).setSsl(true).setSni(true)
      .setKeyCertOptions(new PfxOptions().setPath(TestPki.path(keyStore)).setPassword(TestPki.PASSWORD));
  }

  static NetServerOptions mutualTlsServer() {
    return tlsServer("server.p12").setClientAuth(ClientAuth.REQUIRED)
      .setTrustOptions(new PemTrustOptions().addCertPath(TestPki.path("ca.pem")));
  }

  static JsonObject tlsClient(String address, int port, JsonObject tls) {
    return client(address, port).put("tls", tls.put("enabled", true));
  }

  static JsonObject trustingCa() {
    return new JsonObject().put("trustStore", TestPki.path("ca.pem"));
  }

  private static JsonObject awaitCause(Await.Events<JsonObject> status, String prefix) {
    return status.nextMatching(e -> e.getString("cause", "").startsWith(prefix));
  }

  @Test
  void aTrustedServerCarriesTheConversationBothWays(Vertx vertx) throws Exception {
    FakeServer server = FakeServer.start(vertx, tlsServer("server.p12"));
    Await.Events<Message<Buffer>> in = inbound(vertx, "t");
    deployClient(vertx, tlsClient("t", server.port(), trustingCa()));
    NetSocket conn = server.nextConnection();
    assertTrue(conn.isSsl());
    assertEquals("TLSv1.3", conn.sslSession().getProtocol());
    assertNull(conn.indicatedServerName(), "no SNI for an IP address");
    Await.result(vertx.eventBus().request("t.out", "over TLS"));
    server.awaitReceived("over TLS");
    conn.write("and back");
    assertEquals("and back", in.next().body().toString());
  }

  @Test
  void trustStoresInJksAndPkcs12FormatsAndTheJvmsOwnTrust(Vertx vertx) {
    FakeServer server = FakeServer.start(vertx, tlsServer("server.p12"));
    Await.Events<JsonObject> jks = status(vertx, "jks");
    Await.Events<JsonObject> p12 = status(vertx, "p12");
    Await.Events<JsonObject> jvm = status(vertx, "jvm");
    deployClient(vertx, tlsClient("jks", server.port(), new JsonObject()
      .put("trustStore", TestPki.path("ca.jks")).put("trustStorePassword", TestPki.PASSWORD)));
    deployClient(vertx, tlsClient("p12", server.port(), new JsonObject()
      .put("trustStore", TestPki.path("ca.p12")).put("trustStorePassword", TestPki.PASSWORD)));
    awaitState(jks, ConnectionState.CONNECTED);
    awaitState(p12, ConnectionState.CONNECTED);
    // no trust store: the JVM's CAs, which do not include the test CA
    deployClient(vertx, tlsClient("jvm", server.port(), new JsonObject()));
    awaitCause(jvm, "TLS handshake failed: the server's certificate is not trusted");
  }

  @Test
  void anUntrustedCertificateIsRefusedWithAClearCause(Vertx vertx) {
    FakeServer server = FakeServer.start(vertx, tlsServer("server2.p12"));
    Await.Events<JsonObject> status = status(vertx, "u");
    deployClient(vertx, tlsClient("u", server.port(), trustingCa()));
    assertEquals(ConnectionState.CONNECTING.name(), status.next().getString("state"));
    JsonObject refused = status.next();
    assertEquals(ConnectionState.BACKING_OFF.name(), refused.getString("state"));
    assertEquals("TLS handshake failed: the server's certificate is not trusted (PKIX path building failed: "
        + "sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path to requested target)",
      refused.getString("cause"));
    assertEquals(ConnectionState.CONNECTING.name(), status.next().getString("state"));
    assertEquals(ConnectionState.BACKING_OFF.name(), status.next().getString("state"));
    assertEquals(0, stats(vertx, "u").getLong("connects"));
    assertEquals(0, server.received().length());
  }

  @Test
  void aCertificateForAnotherHostIsRefusedUnlessVerifyHostIsOff(Vertx vertx) {
    FakeServer server = FakeServer.start(vertx, tlsServer("wronghost.p12"));
    Await.Events<JsonObject> checked = status(vertx, "h");
    deployClient(vertx, tlsClient("h", server.port(), trustingCa()));
    JsonObject refused = awaitCause(checked, "TLS handshake failed");
    assertEquals("TLS handshake failed: the server's certificate is not for this host "
      + "(No subject alternative names matching IP address 127.0.0.1 found)", refused.getString("cause"));
    assertEquals(0, stats(vertx, "h").getLong("connects"));

    Await.Events<JsonObject> unchecked = status(vertx, "nh");
    deployClient(vertx, tlsClient("nh", server.port(), trustingCa().put("verifyHost", false)));
    awaitState(unchecked, ConnectionState.CONNECTED);
  }

  @Test
  void mutualTlsAcceptsTheClientsCertificateFromAKeyStoreOrPemFiles(Vertx vertx) throws Exception {
    FakeServer server = FakeServer.start(vertx, mutualTlsServer());
    deployClient(vertx, tlsClient("m12", server.port(), trustingCa()
      .put("keyStore", TestPki.path("client.p12")).put("keyStorePassword", TestPki.PASSWORD)));
    assertClientCertificate(server.nextConnection());
    deployClient(vertx, tlsClient("mjks", server.port(), trustingCa()
      .put("keyStore", TestPki.path("client.jks")).put("keyStorePassword", TestPki.PASSWORD)));
    assertClientCertificate(server.nextConnection());
    deployClient(vertx, tlsClient("mpem", server.port(), trustingCa()
      .put("certFile", TestPki.path("client.pem")).put("keyFile", TestPki.path("client-key.pem"))));
    assertClientCertificate(server.nextConnection());
    Await.result(vertx.eventBus().request("mpem.out", "with a client certificate"));
    server.awaitReceived("with a client certificate");
  }

  private static void assertClientCertificate(NetSocket conn) throws SSLPeerUnverifiedException {
    X509Certificate cert = (X509Certificate) conn.sslSession().getPeerCertificates()[0];
    assertEquals("CN=tether-client", cert.getSubjectX500Principal().getName());
  }

  @Test
  void mutualTlsRefusesAClientWithoutACertificate(Vertx vertx) {
    FakeServer server = FakeServer.start(vertx, mutualTlsServer());
    Await.Events<JsonObject> status = status(vertx, "nocert");
    deployClient(vertx, tlsClient("nocert", server.port(), trustingCa()).put("ping", new JsonObject().put("interval", 20)));
    // With TLS 1.3 the client's side of the handshake ends before the server checks the certificate: the refusal
    // arrives as an alert on the new connection.
    JsonObject refused = awaitCause(status, "TLS handshake failed");
    assertEquals("TLS handshake failed: the server refused the client certificate (Received fatal alert: bad_certificate)",
      refused.getString("cause"));
    awaitCause(status, "TLS handshake failed");
    assertEquals(0, server.received().length(), "the server accepted nothing from it");
  }

  @Test
  void sniAndProtocolVersionsAreAsConfigured(Vertx vertx) {
    FakeServer server = FakeServer.start(vertx, tlsServer("server.p12"));
    deployClient(vertx, tlsClient("sni", server.port(), trustingCa()
      .put("serverName", "feed.tether.test").put("protocols", new JsonArray().add("TLSv1.2"))));
    NetSocket conn = server.nextConnection();
    assertEquals("feed.tether.test", conn.indicatedServerName());
    assertEquals("TLSv1.2", conn.sslSession().getProtocol());

    deployClient(vertx, tlsClient("byname", server.port(), trustingCa()).put("host", "localhost"));
    assertEquals("localhost", server.nextConnection().indicatedServerName());

    FakeServer only13 = FakeServer.start(vertx, tlsServer("server.p12")
      .setEnabledSecureTransportProtocols(Set.of("TLSv1.3")));
    Await.Events<JsonObject> status = status(vertx, "old");
    deployClient(vertx, tlsClient("old", only13.port(), trustingCa().put("protocols", new JsonArray().add("TLSv1.2"))));
    assertTrue(awaitCause(status, "TLS handshake failed").getString("cause")
      .startsWith("TLS handshake failed: no TLS version in common with the server ("));
  }

  @Test
  void aRotatedTrustFileIsUsedFromTheNextConnectWithoutLosingTheOutbox(Vertx vertx) throws Exception {
    Path trust = dir.resolve("trust.pem");
    TestPki.install("ca.pem", trust);
    FakeServer server = FakeServer.start(vertx, tlsServer("server.p12"));
    int port = server.port();
    Await.Events<JsonObject> status = status(vertx, "rot");
    deployClient(vertx, tlsClient("rot", port, new JsonObject().put("trustStore", trust.toString()).put("reloadInterval", 50)));
    awaitState(status, ConnectionState.CONNECTED);
    Await.result(vertx.eventBus().request("rot.out", "a"));
    server.awaitReceived("a");

    // the server goes away and comes back with a certificate from another CA
    server.stop();
    awaitState(status, ConnectionState.DISCONNECTED);
    Future<Message<Object>> b = vertx.eventBus().request("rot.out", "b");
    Future<Message<Object>> c = vertx.eventBus().request("rot.out", "c");
    server.options(tlsServer("server2.p12")).listen(port);
    awaitCause(status, "TLS handshake failed: the server's certificate is not trusted");
    assertEquals(2, stats(vertx, "rot").getLong("queued"));

    // the operator rotates the trust file: no restart, and what waited is written in order
    TestPki.install("ca2.pem", trust);
    Await.result(b);
    Await.result(c);
    server.awaitReceived("abc");
    assertEquals("abc", server.receivedText());
    JsonObject stats = stats(vertx, "rot");
    assertEquals(3, stats.getLong("written"));
    assertEquals(2, stats.getLong("connects"));
  }

  @Test
  void badTlsMaterialFailsTheDeploymentNamingTheKey(Vertx vertx) throws Exception {
    assertEquals("tls.trustStore: cannot read \"" + dir.resolve("missing.pem") + "\": no such file",
      deployFailure(vertx, new JsonObject().put("trustStore", dir.resolve("missing.pem").toString())));
    String wrong = deployFailure(vertx, new JsonObject()
      .put("keyStore", TestPki.path("client.p12")).put("keyStorePassword", "not-the-password"));
    assertTrue(wrong.startsWith("tls.keyStore: cannot load \"" + TestPki.path("client.p12") + "\" as PKCS12: "), wrong);
    assertFalse(wrong.contains("not-the-password"), wrong);
    Path notPem = Files.writeString(dir.resolve("garbage.pem"), "not a certificate");
    String garbage = deployFailure(vertx, new JsonObject().put("trustStore", notPem.toString()));
    assertTrue(garbage.startsWith("tls.trustStore: cannot load \"" + notPem + "\" as PEM: "), garbage);
    assertEquals("tls.keyStorePasswordEnv: expected the name of an environment variable that is set, got \"TETHER_TEST_UNSET_PW\"",
      deployFailure(vertx, new JsonObject().put("keyStore", TestPki.path("client.p12"))
        .put("keyStorePasswordEnv", "TETHER_TEST_UNSET_PW")));
    assertTrue(vertx.deploymentIDs().isEmpty());
  }

  private static String deployFailure(Vertx vertx, JsonObject tls) {
    Throwable t = Await.failure(vertx.deployVerticle(new ClientVerticle(),
      new DeploymentOptions().setConfig(tlsClient("bad", 1, tls))));
    assertInstanceOf(TetherConfigException.class, t);
    assertEquals(1, t.getMessage().lines().count(), t.getMessage());
    return t.getMessage();
  }

  @Test
  void passwordsComeFromTheEnvironmentVariableTheConfigNames(Vertx vertx) {
    TlsOptions o = new TlsOptions().setEnabled(true).setKeyStore(TestPki.path("client.p12"))
      .setKeyStorePasswordEnv("CLIENT_PW").setTrustStore(TestPki.path("ca.jks")).setTrustStorePasswordEnv("CA_PW");
    Endpoint server = new Endpoint("localhost", 1);
    TlsSupport tls = Await.result(TlsSupport.load(vertx, o, server,
      Map.of("CLIENT_PW", TestPki.PASSWORD, "CA_PW", TestPki.PASSWORD)));
    assertTrue(tls.netClientOptions().isSsl());
    assertEquals("localhost", tls.serverName());
    Throwable wrong = Await.failure(TlsSupport.load(vertx, o, server,
      Map.of("CLIENT_PW", "nope-nope", "CA_PW", TestPki.PASSWORD)));
    assertTrue(wrong.getMessage().startsWith("tls.keyStore: cannot load"), wrong.getMessage());
  }

  /**
   * A TLS run that connects, is refused, reloads material that is broken and fails a deployment with a wrong password:
   * the password is nowhere in what it logs, publishes, answers or throws.
   */
  @Test
  void secretsNeverReachLogsStatusEventsStatsOrErrors(Vertx vertx) throws Exception {
    String secret = TestPki.PASSWORD;
    List<String> seen = new ArrayList<>();
    try (LogCapture logs = new LogCapture()) {
      vertx.eventBus().<JsonObject>consumer("sec.status", m -> {
        synchronized (seen) {
          seen.add(m.body().encode());
        }
      });
      Path keyStore = dir.resolve("client.p12");
      TestPki.install("client.p12", keyStore);
      FakeServer server = FakeServer.start(vertx, mutualTlsServer());
      Await.Events<JsonObject> status = status(vertx, "sec");
      JsonObject config = tlsClient("sec", server.port(), trustingCa()
        .put("keyStore", keyStore.toString()).put("keyStorePassword", secret).put("reloadInterval", 20));
      deployClient(vertx, config);
      server.nextConnection();
      awaitState(status, ConnectionState.CONNECTED);
      seen.add(stats(vertx, "sec").encode());
      // a key store that no longer opens with the password: logged, not used
      Files.writeString(keyStore, "broken");
      Await.until("the broken key store to be noticed", () -> logs.text().contains("cannot be used, keeping the current one"));
      // the server refuses the client: a status with a cause
      server.stop();
      server.options(tlsServer("server2.p12")).listen(server.port());
      awaitCause(status, "TLS handshake failed");
      seen.add(stats(vertx, "sec").encode());
      // a deployment that fails on a wrong password
      Throwable failed = Await.failure(vertx.deployVerticle(new ClientVerticle(), new DeploymentOptions().setConfig(
        tlsClient("sec2", server.port(), trustingCa().put("keyStore", TestPki.path("client.jks")).put("keyStorePassword", secret + "x")))));
      seen.add(failed.toString());
      seen.add(new TetherOptions(config).toString());

      String logged = logs.text();
      assertTrue(logged.contains("TLS material for 127.0.0.1:" + server.port() + " changed but cannot be used"), logged);
      assertTrue(logged.contains(".p12\" as PKCS12"), logged);
      assertFalse(logged.contains(secret), logged);
      synchronized (seen) {
        assertTrue(seen.size() > 5, seen.toString());
        for (String s : seen) {
          assertFalse(s.contains(secret), s);
        }
      }
    }
  }

  /** Interoperability with a server that is not Vert.x: {@code openssl s_server}, mutual TLS with PEM files. */
  @Test
  void opensslServerWithMutualTls(Vertx vertx) throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")) || Files.isExecutable(Path.of("/usr/local/bin/openssl")),
      "openssl is not installed");
    Process p = new ProcessBuilder("openssl", "s_server", "-accept", "127.0.0.1:0", "-naccept", "1",
      "-cert", TestPki.path("server.pem"), "-key", TestPki.path("server-key.pem"),
      "-CAfile", TestPki.path("ca.pem"), "-Verify", "1", "-verify_return_error")
      .redirectErrorStream(true).start();
    try {
      Await.Events<String> lines = new Await.Events<>();
      Thread reader = new Thread(() -> {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
          for (String line; (line = r.readLine()) != null; ) {
            lines.add(line);
          }
        } catch (Exception ignored) {
          // the process ended
        }
      }, "openssl-output");
      reader.setDaemon(true);
      reader.start();
      String accept = lines.nextMatching(l -> l.startsWith("ACCEPT "));
      int port = Integer.parseInt(accept.substring(accept.lastIndexOf(':') + 1));
      Await.Events<Message<Buffer>> in = inbound(vertx, "ossl");
      deployClient(vertx, tlsClient("ossl", port, new JsonObject().put("trustStore", TestPki.path("ca.pem"))
        .put("certFile", TestPki.path("client.pem")).put("keyFile", TestPki.path("client-key.pem"))));
      Await.result(vertx.eventBus().request("ossl.out", "hello openssl\n"));
      lines.nextMatching(l -> l.equals("hello openssl"));
      OutputStream toClient = p.getOutputStream();
      toClient.write("hello tether\n".getBytes(StandardCharsets.UTF_8));
      toClient.flush();
      assertEquals("hello tether\n", in.next().body().toString());
    } finally {
      p.destroyForcibly();
    }
  }
}
