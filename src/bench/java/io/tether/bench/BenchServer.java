package io.tether.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;

import java.nio.charset.StandardCharsets;

/**
 * The benchmark's server, run as its own process on 127.0.0.1. A connection's first line picks what it does:
 * {@code FLOOD} writes 64-byte line frames numbered from 0 as fast as the socket takes them; {@code SINK} counts
 * the numbered frames it receives and answers {@code END} with {@code OK <frames> <errors>}; {@code ECHO} sends
 * every line back.
 */
public final class BenchServer {

  /** Bytes of a frame, its newline included. */
  public static final int FRAME = 64;
  private static final int DIGITS = 19;

  private BenchServer() {
  }

  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    vertx.createNetServer(new NetServerOptions().setTcpNoDelay(true)).connectHandler(BenchServer::serve)
      .listen(port, "127.0.0.1")
      .onSuccess(s -> System.out.println("LISTENING " + s.actualPort()))
      .onFailure(e -> {
        System.out.println("FAILED " + e.getMessage());
        System.exit(1);
      });
  }

  /** The frame numbered {@code seq}: 19 digits, a colon, padding and a newline, 64 bytes in all. */
  public static Buffer frame(long seq) {
    return Buffer.buffer(FRAME).appendBytes(frameBytes(seq));
  }

  static byte[] frameBytes(long seq) {
    byte[] b = new byte[FRAME];
    writeFrame(b, 0, seq);
    return b;
  }

  static void writeFrame(byte[] b, int at, long seq) {
    writePayload(b, at, seq);
    b[at + FRAME - 1] = '\n';
  }

  /** A frame without its newline: {@code FRAME - 1} bytes. */
  static void writePayload(byte[] b, int at, long seq) {
    long v = seq;
    for (int i = DIGITS - 1; i >= 0; i--) {
      b[at + i] = (byte) ('0' + v % 10);
      v /= 10;
    }
    b[at + DIGITS] = ':';
    for (int i = DIGITS + 1; i < FRAME - 1; i++) {
      b[at + i] = 'x';
    }
  }

  /** The number at the start of a frame (without its newline), or -1 when it is not one. */
  public static long seqOf(Buffer frame) {
    if (frame.length() < DIGITS + 1) {
      return -1;
    }
    long v = 0;
    for (int i = 0; i < DIGITS; i++) {
      byte c = frame.getByte(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  private static void serve(NetSocket socket) {
    RecordParser parser = RecordParser.newDelimited("\n");
    parser.handler(new io.vertx.core.Handler<>() {
      String mode;
      Runnable stopFlood;
      long expected;
      long frames;
      long errors;

      @Override
      public void handle(Buffer line) {
        if (mode == null) {
          mode = line.toString(StandardCharsets.UTF_8).trim();
          if (mode.equals("FLOOD")) {
            stopFlood = flood(socket);
          }
          return;
        }
        switch (mode) {
          case "FLOOD":
            if (line.toString().trim().equals("STOP")) {
              stopFlood.run();
            }
            break;
          case "ECHO":
            socket.write(line.copy().appendByte((byte) '\n'));
            break;
          case "SINK":
            if (line.toString().startsWith("END")) {
              socket.write("OK " + frames + " " + errors + "\n");
              return;
            }
            long seq = seqOf(line);
            if (seq != expected) {
              errors++;
            }
            expected = seq + 1;
            frames++;
            break;
          default:
        }
      }
    });
    socket.handler(parser);
  }

  /**
   * Floods until the returned action is run: then it writes {@code END <frames written>} as the last frame, so that
   * the client can compare what it received with what was sent.
   */
  private static Runnable flood(NetSocket socket) {
    long[] seq = {0};
    boolean[] closed = {false};
    Runnable[] pump = new Runnable[1];
    pump[0] = () -> {
      // a closed socket never reports a full queue: so at most 64 batches a turn, then the event loop's other
      // work (a close among it) before the next turn
      int turns = 0;
      while (!closed[0] && !socket.writeQueueFull() && turns++ < 64) {
        byte[] batch = new byte[FRAME * 256];
        for (int i = 0; i < 256; i++) {
          writeFrame(batch, i * FRAME, seq[0]++);
        }
        socket.write(Buffer.buffer(batch));
      }
      if (closed[0]) {
        return;
      }
      if (socket.writeQueueFull()) {
        socket.drainHandler(v -> pump[0].run());
      } else {
        Vertx.currentContext().runOnContext(v -> pump[0].run());
      }
    };
    socket.closeHandler(v -> {
      closed[0] = true;
      socket.drainHandler(null);
    });
    pump[0].run();
    return () -> {
      if (!closed[0]) {
        closed[0] = true;
        socket.drainHandler(null);
        socket.write("END " + seq[0] + "\n");
      }
    };
  }
}
