package io.tether.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A server on 127.0.0.1 that accepts one connection, writes {@code count} numbered frames as fast as the socket
 * takes them, then either half-closes (a FIN after its last byte, then it waits for the client to close) or keeps the
 * connection open. Plain blocking sockets, so that the FIN really comes right after the last byte.
 * <p>
 * Frame {@code n} (from 1) is {@link #payload(long)}: the number in ten digits, a colon and padding, 64 bytes in all;
 * in {@code line} framing followed by {@code \n}, in {@code length} framing preceded by its 4-byte length.
 */
public final class FloodServer implements AutoCloseable {

  /** The payload length of every frame. */
  public static final int PAYLOAD = 64;

  private final ServerSocket listener;
  private final CompletableFuture<Long> written = new CompletableFuture<>();
  private final Thread thread;
  private volatile Socket accepted;

  private FloodServer(long count, boolean length, boolean fin, boolean waitForGo) throws IOException {
    listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    thread = new Thread(() -> serve(count, length, fin, waitForGo), "flood-server");
    thread.setDaemon(true);
    thread.start();
  }

  /** Writes {@code count} line frames ({@code \n}), then a FIN. */
  public static FloodServer linesThenFin(long count) throws IOException {
    return new FloodServer(count, false, true, false);
  }

  /** Like {@link #linesThenFin(long)}; with {@code waitForGo}, only once the client has sent a byte. */
  public static FloodServer linesThenFin(long count, boolean waitForGo) throws IOException {
    return new FloodServer(count, false, true, waitForGo);
  }

  /** Writes {@code count} line frames ({@code \n}) and keeps the connection open. */
  public static FloodServer lines(long count) throws IOException {
    return new FloodServer(count, false, false, false);
  }

  /** Writes {@code count} length-prefixed frames, then a FIN. */
  public static FloodServer lengthsThenFin(long count) throws IOException {
    return new FloodServer(count, true, true, false);
  }

  public int port() {
    return listener.getLocalPort();
  }

  /** The payload of frame {@code n}. */
  public static String payload(long n) {
    String head = String.format("%010d:", n);
    return head + "x".repeat(PAYLOAD - head.length());
  }

  /** The number of frames written, once the last one is (and the FIN sent, if asked for). */
  public long awaitWritten(long timeout, TimeUnit unit) {
    try {
      return written.get(timeout, unit);
    } catch (Exception e) {
      throw new AssertionError("the flood server did not finish writing within " + timeout + " " + unit + ": " + e, e);
    }
  }

  private void serve(long count, boolean length, boolean fin, boolean waitForGo) {
    try (Socket so = listener.accept()) {
      accepted = so;
      so.setTcpNoDelay(true);
      if (waitForGo && so.getInputStream().read() < 0) {
        throw new IOException("the client closed before it sent its go");
      }
      OutputStream out = so.getOutputStream();
      int frame = length ? PAYLOAD + 4 : PAYLOAD + 1;
      int perWrite = 256;
      byte[] block = new byte[frame * perWrite];
      long n = 1;
      while (n <= count) {
        int k = (int) Math.min(perWrite, count - n + 1);
        for (int i = 0; i < k; i++, n++) {
          int at = i * frame;
          if (length) {
            block[at] = 0;
            block[at + 1] = 0;
            block[at + 2] = 0;
            block[at + 3] = PAYLOAD;
            at += 4;
          }
          byte[] p = payload(n).getBytes(StandardCharsets.US_ASCII);
          System.arraycopy(p, 0, block, at, PAYLOAD);
          if (!length) {
            block[at + PAYLOAD] = '\n';
          }
        }
        out.write(block, 0, k * frame);
      }
      out.flush();
      if (fin) {
        so.shutdownOutput();
      }
      written.complete(count);
      // wait for the client to close: reading returns -1 then (or fails once the listener is closed)
      InputStream in = so.getInputStream();
      byte[] sink = new byte[4096];
      while (in.read(sink) >= 0) {
        // what the client writes (pings) is not looked at
      }
    } catch (IOException e) {
      written.completeExceptionally(new UncheckedIOException(e));
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
    Socket so = accepted;
    if (so != null) {
      so.close();
    }
  }
}
