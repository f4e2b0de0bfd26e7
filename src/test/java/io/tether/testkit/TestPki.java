package io.tether.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Certificates made at test time with the JDK's {@code keytool}, once per test JVM, in a temporary folder:
 * two CAs, a server certificate for 127.0.0.1 and localhost signed by each, one for another host, and a client
 * certificate for mutual TLS. Every store has the password {@link #PASSWORD}, which tests look for in logs.
 * <p>
 * Files: {@code ca.pem ca.p12 ca.jks ca2.pem}, {@code server.p12 server2.p12 wronghost.p12 client.p12 client.jks},
 * {@code client.pem client-key.pem server.pem server-key.pem} (keys as PKCS#8).
 */
public final class TestPki {

  public static final String PASSWORD = "Tether-Test-Pw-7f3a9c";

  private static Path dir;

  private TestPki() {
  }

  /** The folder of the files, made on first use. */
  public static synchronized Path dir() {
    if (dir == null) {
      try {
        dir = make();
      } catch (Exception e) {
        throw new AssertionError("cannot make test certificates: " + e, e);
      }
    }
    return dir;
  }

  public static Path file(String name) {
    return dir().resolve(name);
  }

  public static String path(String name) {
    return file(name).toString();
  }

  /** Copies {@code name} over {@code target} atomically, as a rotation would. */
  public static void install(String name, Path target) throws IOException {
    Path tmp = target.resolveSibling(target.getFileName() + ".new");
    Files.copy(file(name), tmp, StandardCopyOption.REPLACE_EXISTING);
    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static Path make() throws Exception {
    Path d = Files.createTempDirectory("tether-pki");
    d.toFile().deleteOnExit();
    run(d,
      genkeypair("ca", "CN=Tether Test CA", "-ext", "bc:c", "-ext", "ku=keyCertSign,cRLSign"),
      genkeypair("ca2", "CN=Tether Test CA 2", "-ext", "bc:c", "-ext", "ku=keyCertSign,cRLSign"),
      genkeypair("server", "CN=localhost"),
      genkeypair("server2", "CN=localhost"),
      genkeypair("wronghost", "CN=elsewhere.example"),
      genkeypair("client", "CN=tether-client"));
    run(d, certreq("server"), certreq("server2"), certreq("wronghost"), certreq("client"));
    String serverSan = "san=ip:127.0.0.1,dns:localhost";
    run(d,
      gencert("ca", "server", serverSan, "serverAuth"),
      gencert("ca2", "server2", serverSan, "serverAuth"),
      gencert("ca", "wronghost", "san=dns:elsewhere.example", "serverAuth"),
      gencert("ca", "client", "san=dns:tether-client", "clientAuth"),
      List.of("-exportcert", "-rfc", "-alias", "ca", "-keystore", "ca.p12", "-storepass", PASSWORD, "-file", "ca.pem"),
      List.of("-exportcert", "-rfc", "-alias", "ca2", "-keystore", "ca2.p12", "-storepass", PASSWORD, "-file", "ca2.pem"));

    Certificate ca = cert(d.resolve("ca.pem"));
    Certificate ca2 = cert(d.resolve("ca2.pem"));
    chain(d, "server", ca);
    chain(d, "server2", ca2);
    chain(d, "wronghost", ca);
    chain(d, "client", ca);
    for (String f : List.of("ca", "ca2")) {
      // the CAs' own stores hold their private keys; trust stores hold only their certificates
      Files.move(d.resolve(f + ".p12"), d.resolve(f + "-keys.p12"));
    }
    trustStore(d.resolve("ca.p12"), "PKCS12", ca);
    trustStore(d.resolve("ca.jks"), "JKS", ca);
    trustStore(d.resolve("ca2.p12"), "PKCS12", ca2);
    // the client's key and certificate as a JKS store and as PEM files
    KeyStore client = load(d.resolve("client.p12"), "PKCS12");
    PrivateKey key = (PrivateKey) client.getKey("client", PASSWORD.toCharArray());
    Certificate[] chain = client.getCertificateChain("client");
    KeyStore jks = KeyStore.getInstance("JKS");
    jks.load(null, null);
    jks.setKeyEntry("client", key, PASSWORD.toCharArray(), chain);
    save(jks, d.resolve("client.jks"));
    StringBuilder pem = new StringBuilder();
    for (Certificate c : chain) {
      pem.append(pem("CERTIFICATE", encoded(c)));
    }
    Files.writeString(d.resolve("client.pem"), pem);
    Files.writeString(d.resolve("client-key.pem"), pem("PRIVATE KEY", key.getEncoded()));
    // the server's too, for servers that read PEM (openssl s_server)
    KeyStore server = load(d.resolve("server.p12"), "PKCS12");
    StringBuilder serverPem = new StringBuilder();
    for (Certificate c : server.getCertificateChain("server")) {
      serverPem.append(pem("CERTIFICATE", encoded(c)));
    }
    Files.writeString(d.resolve("server.pem"), serverPem);
    Files.writeString(d.resolve("server-key.pem"),
      pem("PRIVATE KEY", server.getKey("server", PASSWORD.toCharArray()).getEncoded()));
    return d;
  }

  private static List<String> genkeypair(String alias, String dname, String... ext) {
    List<String> args = new ArrayList<>(List.of("-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1",
      "-dname", dname, "-validity", "3", "-keystore", alias + ".p12", "-storetype", "PKCS12", "-storepass", PASSWORD));
    args.addAll(List.of(ext));
    return args;
  }

  private static List<String> certreq(String alias) {
    return List.of("-certreq", "-alias", alias, "-keystore", alias + ".p12", "-storepass", PASSWORD, "-file", alias + ".csr");
  }

  private static List<String> gencert(String ca, String alias, String san, String eku) {
    return List.of("-gencert", "-alias", ca, "-keystore", ca + ".p12", "-storepass", PASSWORD, "-infile", alias + ".csr",
      "-outfile", alias + ".crt", "-rfc", "-validity", "3", "-ext", san, "-ext", "eku=" + eku,
      "-ext", "ku=digitalSignature");
  }

  /** Runs keytool once per argument list, all at once, and waits for every one. */
  @SafeVarargs
  private static void run(Path d, List<String>... commands) throws IOException, InterruptedException {
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    List<Process> running = new ArrayList<>();
    for (List<String> args : commands) {
      List<String> cmd = new ArrayList<>();
      cmd.add(keytool);
      cmd.add("-J-XX:TieredStopAtLevel=1");
      cmd.addAll(args);
      running.add(new ProcessBuilder(cmd).directory(d.toFile()).redirectErrorStream(true).start());
    }
    for (int i = 0; i < running.size(); i++) {
      Process p = running.get(i);
      String out;
      try (InputStream in = p.getInputStream()) {
        out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException("keytool " + commands[i].get(0) + " failed: " + out);
      }
    }
  }

  /** Replaces the self-signed certificate of {@code alias}.p12 with the one its CA signed, followed by the CA's. */
  private static void chain(Path d, String alias, Certificate ca) throws Exception {
    Path store = d.resolve(alias + ".p12");
    KeyStore ks = load(store, "PKCS12");
    PrivateKey key = (PrivateKey) ks.getKey(alias, PASSWORD.toCharArray());
    ks.setKeyEntry(alias, key, PASSWORD.toCharArray(), new Certificate[] {cert(d.resolve(alias + ".crt")), ca});
    save(ks, store);
  }

  private static void trustStore(Path file, String type, Certificate ca) throws Exception {
    KeyStore ks = KeyStore.getInstance(type);
    ks.load(null, null);
    ks.setCertificateEntry("ca", ca);
    save(ks, file);
  }

  private static KeyStore load(Path file, String type) throws Exception {
    try (InputStream in = Files.newInputStream(file)) {
      KeyStore ks = KeyStore.getInstance(type);
      ks.load(in, PASSWORD.toCharArray());
      return ks;
    }
  }

  private static void save(KeyStore ks, Path file) throws Exception {
    try (OutputStream out = Files.newOutputStream(file)) {
      ks.store(out, PASSWORD.toCharArray());
    }
  }

  private static Certificate cert(Path pem) throws Exception {
    try (InputStream in = Files.newInputStream(pem)) {
      return CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }

  private static byte[] encoded(Certificate c) throws Exception {
    return c.getEncoded();
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n"
      + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
      + "\n-----END " + type + "-----\n";
  }
}
