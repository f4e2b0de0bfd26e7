package io.tether.impl.framing;

import io.tether.FramingMode;
import io.tether.TetherException;
import io.tether.FramingOptions;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Cuts a byte stream into frames and frames outbound messages, in one of the {@link FramingMode}s.
 * <p>
 * {@code maxFrameSize} bounds a frame as it is on the wire: its payload plus its delimiter or 4-byte prefix.
 * Frames are handed over as ranges of the buffer read, without a copy; the buffer is not changed afterwards.
 * The sink may stop the decoder after any frame (a full window, a pause): the rest stays here, in order, until
 * {@link #resume()}, so that a consumer's back-pressure holds at an exact frame and nothing is handed over twice.
 * The decoder never holds more than that: a longer frame, or a negative length, fails the decoder with a
 * {@link TetherException} that names the limit and the size, and every later chunk is ignored.
 * In {@code raw} mode there are no frame boundaries: a chunk longer than the limit is delivered in pieces.
 */
public final class FrameCodec {

  private final FramingMode mode;
  private final byte[] delimiter;
  private final int maxFrameSize;
  private final Sink sink;

  /** Bytes received and not yet handed over: a partial frame, or, when {@link #stalled}, whole frames too. */
  private Buffer pending;
  /** {@link #pending} is a slice of a buffer that was handed over in part: copied before anything is appended. */
  private boolean shared;
  /** The sink asked to stop: {@link #pending} may hold whole frames, handed over on {@link #resume()}. */
  private boolean stalled;
  private int scanFrom;
  private boolean failed;
  /** The most {@link #find} copies at a time. */
  private static final int BLOCK = 8192;
  /** The block of a codec that has not decoded a line yet, shared. */
  private static final byte[] NO_BLOCK = new byte[0];
  /**
   * A copy of bytes {@code blockStart} to {@code blockEnd} of {@code blockOf}, for {@link #find}: made at the first
   * line decoded (an encoder never needs one) and no larger than what was read, so that thousands of clients that
   * exchange a ping now and then do not each hold 8 KB.
   */
  private byte[] block = NO_BLOCK;
  private Buffer blockOf;
  private int blockStart;
  private int blockEnd;

  /**
   * Where whole frames go: bytes {@code from} (inclusive) to {@code to} (exclusive) of {@code buf}. It answers
   * whether it takes more now; on {@code false} the decoder stops after this frame and keeps the rest for
   * {@link #resume()}.
   */
  @FunctionalInterface
  public interface Sink {
    boolean frame(Buffer buf, int from, int to);
  }

  public FrameCodec(FramingOptions framing, Sink sink) {
    this(framing.mode(), framing.delimiter(), framing.maxFrameSize(), sink);
  }

  /** A codec that hands each frame to {@code handler} as a buffer of its own bytes (a slice: no copy). */
  public FrameCodec(FramingMode mode, String delimiter, int maxFrameSize, Handler<Buffer> handler) {
    this(mode, delimiter, maxFrameSize, (Sink) (buf, from, to) -> {
      handler.handle(buf.slice(from, to));
      return true;
    });
  }

  public FrameCodec(FramingMode mode, String delimiter, int maxFrameSize, Sink sink) {
    this.mode = mode;
    this.delimiter = delimiter.getBytes(StandardCharsets.UTF_8);
    this.maxFrameSize = maxFrameSize;
    this.sink = sink;
  }

  /** Bytes received and not handed over yet: a partial frame, or more when {@link #isStalled()}. */
  public int pendingBytes() {
    return pending == null ? 0 : pending.length();
  }

  /** The sink stopped the decoder with bytes left that may hold whole frames: see {@link #resume()}. */
  public boolean isStalled() {
    return stalled;
  }

  /**
   * Feeds a chunk read from the socket, delivering whole frames to the sink in order, until the sink asks to stop.
   * While stalled, the chunk is kept behind what is left, for {@link #resume()}.
   *
   * @throws TetherException when a frame breaks the framing rules; the decoder then ignores all later input
   */
  public void decode(Buffer chunk) {
    if (failed) {
      return;
    }
    if (pending == null && !stalled) {
      run(chunk);
      return;
    }
    if (pending == null) {
      pending = chunk;
      shared = true;
    } else {
      if (shared) {
        pending = Buffer.buffer(pending.length() + chunk.length()).appendBuffer(pending);
        shared = false;
      }
      pending.appendBuffer(chunk);
    }
    if (!stalled) {
      run(pending);
    }
  }

  /** Hands nothing over until {@link #resume()}: what is fed meanwhile is kept, in order. */
  public void stall() {
    if (!failed) {
      stalled = true;
    }
  }

  /** Goes on handing over what was kept while stalled, until the sink stops the decoder again. */
  public void resume() {
    if (!failed && stalled) {
      stalled = false;
      if (pending != null) {
        run(pending);
      }
    }
  }

  private void run(Buffer buf) {
    try {
      switch (mode) {
        case LINE:
          decodeLines(buf);
          break;
        case LENGTH:
          decodeLengths(buf);
          break;
        default:
          decodeRaw(buf);
      }
    } catch (TetherException e) {
      failed = true;
      pending = null;
      stalled = false;
      throw e;
    }
  }

  private void decodeRaw(Buffer buf) {
    int n = buf.length();
    for (int from = 0; from < n; from += maxFrameSize) {
      int to = Math.min(n, from + maxFrameSize);
      if (!sink.frame(buf, from, to)) {
        stall(buf, to);
        return;
      }
    }
    pending = null;
    shared = false;
  }

  private void decodeLines(Buffer buf) {
    int frameStart = 0;
    int scan = scanFrom;
    int dlen = delimiter.length;
    int idx;
    while ((idx = find(buf, scan)) >= 0) {
      int wire = idx + dlen - frameStart;
      if (wire > maxFrameSize) {
        throw tooLarge(wire);
      }
      boolean more = sink.frame(buf, frameStart, idx);
      frameStart = idx + dlen;
      scan = frameStart;
      if (!more) {
        stall(buf, frameStart);
        return;
      }
    }
    int rest = buf.length() - frameStart;
    if (rest >= maxFrameSize) {
      throw new TetherException("frame too large: " + rest + " bytes without a delimiter, over framing.maxFrameSize "
        + maxFrameSize);
    }
    keep(buf, frameStart);
    scanFrom = Math.max(0, rest - dlen + 1);
    // what is left of the read was kept: the copy's buffer is not held on to
    blockOf = null;
  }

  private void decodeLengths(Buffer buf) {
    int pos = 0;
    int n = buf.length();
    while (n - pos >= 4) {
      int len = buf.getInt(pos);
      if (len < 0) {
        throw new TetherException("negative frame length " + len + " in a length prefix");
      }
      long wire = 4L + len;
      if (wire > maxFrameSize) {
        throw tooLarge(wire);
      }
      if (n - pos < wire) {
        break;
      }
      boolean more = sink.frame(buf, pos + 4, pos + 4 + len);
      pos += (int) wire;
      if (!more) {
        stall(buf, pos);
        return;
      }
    }
    keep(buf, pos);
  }

  /** The sink stopped at {@code from}: the rest is kept as it is, a slice, until more is appended. */
  private void stall(Buffer buf, int from) {
    scanFrom = 0;
    if (from == buf.length()) {
      pending = null;
      shared = false;
      return;
    }
    pending = buf.slice(from, buf.length());
    shared = true;
    stalled = true;
  }

  /** What is left after the whole frames, {@code from} on: a partial frame, copied when it is part of a larger buffer. */
  private void keep(Buffer buf, int from) {
    int rest = buf.length() - from;
    if (rest == 0) {
      pending = null;
      shared = false;
    } else if (from > 0 || pending == null) {
      pending = Buffer.buffer(Math.max(rest, 256)).appendBuffer(buf, from, rest);
      shared = false;
    }
  }

  private TetherException tooLarge(long size) {
    return new TetherException("frame too large: " + size + " bytes, over framing.maxFrameSize " + maxFrameSize);
  }

  /**
   * Frames an outbound payload: as it is ({@code raw}), with the delimiter appended ({@code line}) or the length
   * prepended ({@code length}).
   *
   * @return the frame, or {@code null} when a {@code line} payload contains the delimiter and so cannot be framed
   */
  public Buffer encode(Buffer payload) {
    switch (mode) {
      case LINE:
        // one array: the payload's bytes, checked for the delimiter, then the delimiter
        int n = payload.length();
        byte[] frame = new byte[n + delimiter.length];
        payload.getBytes(frame, 0);
        if (contains(frame, n, delimiter)) {
          return null;
        }
        System.arraycopy(delimiter, 0, frame, n, delimiter.length);
        return Buffer.buffer(frame);
      case LENGTH:
        return Buffer.buffer(payload.length() + 4).appendInt(payload.length()).appendBuffer(payload);
      default:
        return payload;
    }
  }

  /**
   * Frames several payloads into one buffer, as {@link #encode} frames each: one copy of every byte, not one per
   * frame and another to join them.
   *
   * @return the frames, or {@code null} when a {@code line} payload contains the delimiter
   */
  public Buffer encodeAll(java.util.List<Buffer> payloads) {
    if (payloads.size() == 1) {
      return encode(payloads.get(0));
    }
    long size = 0;
    for (Buffer p : payloads) {
      size += framedSize(p.length());
    }
    if (mode != FramingMode.LINE) {
      Buffer out = Buffer.buffer((int) Math.min(Integer.MAX_VALUE, size));
      for (Buffer p : payloads) {
        if (mode == FramingMode.LENGTH) {
          out.appendInt(p.length());
        }
        out.appendBuffer(p);
      }
      return out;
    }
    byte[] frames = new byte[Math.toIntExact(size)];
    int at = 0;
    for (Buffer p : payloads) {
      int n = p.length();
      p.getBytes(0, n, frames, at);
      if (contains(frames, at, n, delimiter)) {
        return null;
      }
      System.arraycopy(delimiter, 0, frames, at + n, delimiter.length);
      at += n + delimiter.length;
    }
    return Buffer.buffer(frames);
  }

  /** The size {@link #encode} gives a payload of {@code length} bytes. */
  public long framedSize(int length) {
    switch (mode) {
      case LINE:
        return (long) length + delimiter.length;
      case LENGTH:
        return 4L + length;
      default:
        return length;
    }
  }

  private static boolean contains(byte[] bytes, int length, byte[] needle) {
    return contains(bytes, 0, length, needle);
  }

  /** Whether {@code needle} occurs within bytes {@code from} to {@code from + length} of {@code bytes}. */
  private static boolean contains(byte[] bytes, int from, int length, byte[] needle) {
    byte first = needle[0];
    int last = from + length - needle.length;
    outer:
    for (int i = from; i <= last; i++) {
      if (bytes[i] != first) {
        i = nextOf(bytes, first, i, last);
        if (i < 0) {
          return false;
        }
      }
      for (int j = 1; j < needle.length; j++) {
        if (bytes[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  /**
   * The first delimiter at or after {@code from} in {@code buf}, or -1. It reads the buffer in blocks copied into an
   * array, a few KB at a time, instead of byte by byte through the buffer's bounds checks.
   */
  private int find(Buffer buf, int from) {
    int n = buf.length();
    int dlen = delimiter.length;
    byte first = delimiter[0];
    int i = from;
    while (i <= n - dlen) {
      if (blockOf != buf || i < blockStart || i + dlen > blockEnd) {
        int len = Math.min(BLOCK, n - i);
        if (block.length < len) {
          block = new byte[Math.min(BLOCK, Math.max(len, 2 * block.length))];
        }
        buf.getBytes(i, i + len, block, 0);
        blockOf = buf;
        blockStart = i;
        blockEnd = i + len;
      }
      int last = blockEnd - dlen;
      outer:
      for (; i <= last; i++) {
        int k = i - blockStart;
        if (block[k] != first) {
          // eight bytes at a time to the next that could start a delimiter
          int next = nextOf(block, first, k, last - blockStart);
          if (next < 0) {
            i = last + 1;
            break;
          }
          i += next - k;
          k = next;
        }
        for (int j = 1; j < dlen; j++) {
          if (block[k + j] != delimiter[j]) {
            continue outer;
          }
        }
        return i;
      }
    }
    return -1;
  }

  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;

  /**
   * The first index from {@code k} to {@code last} (inclusive) of {@code bytes} that holds {@code b}, or -1: a word
   * of eight bytes at a time, XORed with {@code b} in every byte, has a zero byte exactly where {@code b} was, and
   * {@code (w - ONES) & ~w & HIGHS} marks the lowest zero byte truly (a false mark can only sit above a true one).
   */
  private static int nextOf(byte[] bytes, byte b, int k, int last) {
    long pattern = (b & 0xFFL) * ONES;
    for (; k + 7 <= last; k += 8) {
      long w = (long) LONGS.get(bytes, k) ^ pattern;
      long zeros = (w - ONES) & ~w & HIGHS;
      if (zeros != 0) {
        return k + (Long.numberOfTrailingZeros(zeros) >>> 3);
      }
    }
    for (; k <= last; k++) {
      if (bytes[k] == b) {
        return k;
      }
    }
    return -1;
  }
}
