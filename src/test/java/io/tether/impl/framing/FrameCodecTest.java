package io.tether.impl.framing;

import io.tether.FramingMode;
import io.tether.TetherException;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FrameCodecTest {

  private final List<String> frames = new ArrayList<>();

  private FrameCodec codec(FramingMode mode, String delimiter, int max) {
    return new FrameCodec(mode, delimiter, max, f -> frames.add(f.toString()));
  }

  private static Buffer lengthFrame(String payload) {
    return Buffer.buffer().appendInt(payload.length()).appendString(payload);
  }

  @Test
  void rawDeliversEachChunkAsItCame() {
    FrameCodec c = codec(FramingMode.RAW, "\n", 100);
    c.decode(Buffer.buffer("You have 0 peers"));
    c.decode(Buffer.buffer("a\nb"));
    assertEquals(List.of("You have 0 peers", "a\nb"), frames);
    assertEquals("Ping", c.encode(Buffer.buffer("Ping")).toString());
  }

  @Test
  void rawCutsAChunkLongerThanTheLimit() {
    FrameCodec c = codec(FramingMode.RAW, "\n", 4);
    c.decode(Buffer.buffer("abcdefghij"));
    assertEquals(List.of("abcd", "efgh", "ij"), frames);
  }

  @Test
  void lineJoinsAFrameSplitAcrossChunksAndSplitsSeveralInOne() {
    FrameCodec c = codec(FramingMode.LINE, "\n", 100);
    c.decode(Buffer.buffer("hel"));
    c.decode(Buffer.buffer("lo"));
    assertEquals(List.of(), frames);
    assertEquals(5, c.pendingBytes());
    c.decode(Buffer.buffer("\nworld\n\nlast"));
    assertEquals(List.of("hello", "world", ""), frames);
    c.decode(Buffer.buffer("\n"));
    assertEquals(List.of("hello", "world", "", "last"), frames);
    assertEquals(0, c.pendingBytes());
  }

  @Test
  void aMultiByteDelimiterSplitAcrossChunksIsFound() {
    FrameCodec c = codec(FramingMode.LINE, "\r\n", 100);
    c.decode(Buffer.buffer("one\r"));
    c.decode(Buffer.buffer("\ntwo\r\nthr"));
    c.decode(Buffer.buffer("ee\r"));
    c.decode(Buffer.buffer("\n"));
    assertEquals(List.of("one", "two", "three"), frames);
    assertEquals("PING\r\n", c.encode(Buffer.buffer("PING")).toString());
    assertNull(c.encode(Buffer.buffer("two\r\nlines")));
  }

  @Test
  void aLineAtTheLimitPassesAndOneOverFailsNamingLimitAndSize() {
    FrameCodec c = codec(FramingMode.LINE, "\n", 6);
    c.decode(Buffer.buffer("12345\n"));
    assertEquals(List.of("12345"), frames);
    TetherException e = assertThrows(TetherException.class, () -> c.decode(Buffer.buffer("123456\n")));
    assertEquals("frame too large: 7 bytes, over framing.maxFrameSize 6", e.getMessage());
    // after a framing error the decoder takes nothing more
    c.decode(Buffer.buffer("ok\n"));
    assertEquals(List.of("12345"), frames);
  }

  @Test
  void aLineWithoutDelimiterNeverGrowsPastTheLimit() {
    FrameCodec c = codec(FramingMode.LINE, "\n", 10);
    c.decode(Buffer.buffer("12345"));
    c.decode(Buffer.buffer("6789"));
    assertEquals(9, c.pendingBytes());
    TetherException e = assertThrows(TetherException.class, () -> c.decode(Buffer.buffer("0abc")));
    assertEquals("frame too large: 13 bytes without a delimiter, over framing.maxFrameSize 10", e.getMessage());
    assertEquals(0, c.pendingBytes());
  }

  @Test
  void lengthJoinsSplitPrefixesAndPayloads() {
    FrameCodec c = codec(FramingMode.LENGTH, "\n", 100);
    Buffer all = Buffer.buffer().appendBuffer(lengthFrame("hello")).appendBuffer(lengthFrame(""))
      .appendBuffer(lengthFrame("world")).appendBuffer(lengthFrame("x"));
    // byte by byte: prefixes and payloads split everywhere
    for (int i = 0; i < 11; i++) {
      c.decode(all.getBuffer(i, i + 1));
    }
    assertEquals(List.of("hello"), frames);
    // the rest in one chunk: several frames at once
    c.decode(all.getBuffer(11, all.length()));
    assertEquals(List.of("hello", "", "world", "x"), frames);
    assertEquals(0, c.pendingBytes());
    assertEquals(lengthFrame("abc"), c.encode(Buffer.buffer("abc")));
  }

  @Test
  void aLengthOverTheLimitFailsBeforeItsPayloadArrives() {
    FrameCodec c = codec(FramingMode.LENGTH, "\n", 1024);
    TetherException e = assertThrows(TetherException.class,
      () -> c.decode(Buffer.buffer().appendInt(1_000_000_000)));
    assertEquals("frame too large: 1000000004 bytes, over framing.maxFrameSize 1024", e.getMessage());
    assertEquals(0, c.pendingBytes());
  }

  @Test
  void aNegativeLengthFails() {
    FrameCodec c = codec(FramingMode.LENGTH, "\n", 1024);
    c.decode(lengthFrame("ok"));
    TetherException e = assertThrows(TetherException.class, () -> c.decode(Buffer.buffer().appendInt(-5)));
    assertEquals("negative frame length -5 in a length prefix", e.getMessage());
    assertEquals(List.of("ok"), frames);
  }

  @Test
  void framedSizeCountsTheFramingBytes() {
    assertEquals(10, codec(FramingMode.RAW, "\n", 100).framedSize(10));
    assertEquals(12, codec(FramingMode.LINE, "\r\n", 100).framedSize(10));
    assertEquals(14, codec(FramingMode.LENGTH, "\n", 100).framedSize(10));
  }

  /** Delimiters are found across the blocks the decoder reads at a time, and across chunks, at any offset. */
  @Test
  void delimitersAreFoundAcrossBlocksAndChunks() {
    FrameCodec c = codec(FramingMode.LINE, "abd", 1 << 20);
    StringBuilder all = new StringBuilder();
    java.util.List<String> expected = new java.util.ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      String f = "ab".repeat(i % 17) + "x" + i + "abcab";
      expected.add(f);
      all.append(f).append("abd");
    }
    String text = all.toString();
    for (int at = 0; at < text.length(); ) {
      int n = Math.min(text.length() - at, 1 + (at * 7919) % 9000);
      c.decode(Buffer.buffer(text.substring(at, at + n)));
      at += n;
    }
    assertEquals(expected, frames);
    assertEquals(0, c.pendingBytes());
  }

  /**
   * A one-byte delimiter among bytes that differ from it in one bit or in the high bit only, at every offset of the
   * eight-byte words the decoder scans, across blocks and chunks: every frame comes out whole, in order.
   */
  @Test
  void aOneByteDelimiterIsFoundAmongBytesThatDifferFromItByOneBit() {
    List<Buffer> got = new ArrayList<>();
    FrameCodec c = new FrameCodec(FramingMode.LINE, "\n", 1 << 20, f -> got.add(f.copy()));
    byte[] near = {0x0B, 0x08, 0x1A, (byte) 0x8A, (byte) 0xFF, 0x00, 0x09, 0x0E};
    List<Buffer> expected = new ArrayList<>();
    Buffer all = Buffer.buffer();
    for (int i = 0; i < 5000; i++) {
      Buffer f = Buffer.buffer();
      for (int j = 0; j < i % 23; j++) {
        f.appendByte(near[(i + j) % near.length]);
      }
      expected.add(f);
      all.appendBuffer(f).appendByte((byte) '\n');
    }
    for (int at = 0; at < all.length(); ) {
      int n = Math.min(all.length() - at, 1 + (at * 7919) % 12000);
      c.decode(all.getBuffer(at, at + n));
      at += n;
    }
    assertEquals(expected.size(), got.size());
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(expected.get(i), got.get(i), "frame " + i);
    }
    assertEquals(0, c.pendingBytes());
  }

  /**
   * A payload is refused when the delimiter is anywhere in it, at every offset of the eight-byte words scanned, alone
   * or in a batch, and framed whole when only bytes one bit away from the delimiter's are.
   */
  @Test
  void aPayloadWithTheDelimiterAnywhereIsRefusedAndOneWithNearBytesIsFramed() {
    byte[] near = {0x0B, 0x08, (byte) 0x8A, (byte) 0x8D, 0x0C, (byte) 0xFF, 0x00};
    for (String delimiter : List.of("\n", "\r\n")) {
      FrameCodec c = codec(FramingMode.LINE, delimiter, 1 << 20);
      byte[] d = delimiter.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      for (int n = 0; n < 40; n++) {
        Buffer clean = Buffer.buffer();
        for (int j = 0; j < n; j++) {
          clean.appendByte(near[(n + j) % near.length]);
        }
        Buffer framed = c.encode(clean);
        assertEquals(clean.copy().appendBytes(d), framed, "a clean payload of " + n + " bytes");
        assertEquals(Buffer.buffer().appendBuffer(framed).appendBuffer(framed),
          c.encodeAll(List.of(clean, clean)), "a batch of two clean payloads of " + n + " bytes");
        for (int at = 0; at + d.length <= n; at++) {
          Buffer dirty = clean.copy();
          dirty.setBytes(at, d);
          assertNull(c.encode(dirty), delimiter.length() + "-byte delimiter at " + at + " of " + n);
          assertNull(c.encodeAll(List.of(clean, dirty)), "in a batch, at " + at + " of " + n);
        }
      }
    }
  }
}
