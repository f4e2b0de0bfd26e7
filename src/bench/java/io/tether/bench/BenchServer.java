package io.tether.bench;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;

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
    return frame.length() < DIGITS + 1 ? -1 : seqAt(frame, 0);
  }

  /** The number of the frame at {@code at} of {@code b}, which holds at least its digits; -1 when it is not one. */
  private static long seqAt(Buffer b, int at) {
    long v = 0;
    for (int i = at; i < at + DIGITS; i++) {
      byte c = b.getByte(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  /** Reads the connection's first line, then hands it and all that follows to what that line asks for. */
  private static void serve(NetSocket socket) {
    Buffer head = Buffer.buffer();
    socket.handler(chunk -> {
      head.appendBuffer(chunk);
      int end = 0;
      while (end < head.length() && head.getByte(end) != '\n') {
        end++;
      }
      if (end == head.length()) {
        return;
      }
      String mode = head.getString(0, end, "UTF-8").trim();
      Handler<Buffer> next;
      switch (mode) {
        case "FLOOD":
          Runnable stopFlood = flood(socket);
          next = RecordParser.newDelimited("\n", line -> {
            if (line.toString().trim().equals("STOP")) {
              stopFlood.run();
            }
          });
          break;
        case "ECHO":
          next = RecordParser.newDelimited("\n", line -> socket.write(line.copy().appendByte((byte) '\n')));
          break;
        case "SINK":
          next = new Sink(socket);
          break;
        default:
          next = ignored -> { };
      }
      socket.handler(next);
      if (end + 1 < head.length()) {
        next.handle(head.getBuffer(end + 1, head.length()));
      }
    });
  }

  /**
   * Counts and checks the numbered frames of a {@code SINK} connection until {@code END}, then answers
   * {@code OK <frames> <errors>}. Frames are read where they lie, {@link #FRAME} bytes apart (one split between two
   * reads is put together first): the server spends on each what a frame's check costs, not a copy and a string,
   * so that a client writing as fast as it can is not held to the pace of this loop's JIT. Anything else than
   * frames of that length goes to a line parser that checks the same by delimiter.
   */
  private static final class Sink implements Handler<Buffer> {
    private final NetSocket socket;
    private Buffer carry;
    private RecordParser lines;
    private long expected;
    private long frames;
    private long errors;

    Sink(NetSocket socket) {
      this.socket = socket;
    }

    @Override
    public void handle(Buffer chunk) {
      if (lines != null) {
        lines.handle(chunk);
        return;
      }
      int at = 0;
      int n = chunk.length();
      if (carry != null) {
        int need = Math.min(FRAME - carry.length(), n);
        carry.appendBuffer(chunk, 0, need);
        if (carry.length() < FRAME) {
          return;
        }
        Buffer whole = carry;
        carry = null;
        if (!frame(whole, 0)) {
          byLine(whole.appendBuffer(chunk, need, n - need));
          return;
        }
        at = need;
      }
      while (at < n) {
        if (chunk.getByte(at) == 'E') {
          byLine(chunk.getBuffer(at, n));
          return;
        }
        if (n - at < FRAME) {
          carry = chunk.getBuffer(at, n);
          return;
        }
        if (!frame(chunk, at)) {
          byLine(chunk.getBuffer(at, n));
          return;
        }
        at += FRAME;
      }
    }

    /** Checks the frame at {@code at}; false when no newline ends it there, and nothing is counted. */
    private boolean frame(Buffer b, int at) {
      if (b.getByte(at + FRAME - 1) != '\n') {
        return false;
      }
      line(b, at);
      return true;
    }

    private void line(Buffer b, int at) {
      long seq = seqAt(b, at);
      if (seq != expected) {
        errors++;
      }
      expected = seq + 1;
      frames++;
    }

    /** From here on, line by line: {@code END}, or a frame of any length (which counts as one out of sequence). */
    private void byLine(Buffer rest) {
      lines = RecordParser.newDelimited("\n", line -> {
        if (line.length() >= 3 && line.getByte(0) == 'E' && line.getString(0, 3).equals("END")) {
          socket.write("OK " + frames + " " + errors + "\n");
        } else if (line.length() < DIGITS) {
          errors++;
          frames++;
        } else {
          line(line, 0);
          errors += line.length() == FRAME - 1 ? 0 : 1;
        }
      });
      lines.handle(rest);
    }
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
