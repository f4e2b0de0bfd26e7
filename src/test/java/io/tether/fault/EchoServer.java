package io.tether.fault;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A line server run as a child process for fault tests: it echoes every line back and prints
 * {@code RECV <connection> <line>} for each one, {@code LISTENING <port>} once it listens, on 127.0.0.1 only.
 * It depends on the JDK alone, so it starts quickly from {@code target/test-classes}.
 */
public final class EchoServer {

  private EchoServer() {
  }

  public static void main(String[] args) throws IOException {
    int port = Integer.parseInt(args[0]);
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    ServerSocket server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
    out.println("LISTENING " + server.getLocalPort());
    AtomicInteger connections = new AtomicInteger();
    while (true) {
      Socket socket = server.accept();
      int id = connections.incrementAndGet();
      Thread t = new Thread(() -> serve(socket, id, out), "conn-" + id);
      t.setDaemon(true);
      t.start();
    }
  }

  private static void serve(Socket socket, int id, PrintStream out) {
    try (socket;
         BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))) {
      OutputStream reply = socket.getOutputStream();
      String line;
      while ((line = in.readLine()) != null) {
        synchronized (out) {
          out.println("RECV " + id + " " + line);
        }
        reply.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        reply.flush();
      }
    } catch (IOException e) {
      // the connection ended
    }
  }
}
