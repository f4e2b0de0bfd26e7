package io.tether.impl.console;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FrameFormatTest {

  @Test
  void aHexDumpShowsOffsetsBytesInTwoGroupsAndTheirText() {
    Buffer frame = Buffer.buffer("You have 0 peers on this server").appendByte((byte) 0).appendByte((byte) 0xff);
    assertEquals(List.of(
      "0000  59 6f 75 20 68 61 76 65  20 30 20 70 65 65 72 73  |You have 0 peers|",
      "0010  20 6f 6e 20 74 68 69 73  20 73 65 72 76 65 72 00  | on this server.|",
      "0020  ff                                                |.|"), new FrameFormat(true, false).show(frame));
    assertEquals(List.of("(empty frame)"), FrameFormat.dump(Buffer.buffer()));
  }

  @Test
  void textIsShownWithItsControlCharactersEscaped() {
    assertEquals(List.of("plain\ttext é"), new FrameFormat(false, false).show(Buffer.buffer("plain\ttext é")));
    assertEquals("+OK\\r", FrameFormat.escape("+OK\r"));
    assertEquals("a\\nb\\x1b[31mred\\x7f\\x9b", FrameFormat.escape("a\nb\u001b[31mred\u007f\u009b"));
  }

  @Test
  void typedLinesAreHexWithHexAndAsTypedWithout() {
    assertEquals("PING", new FrameFormat(true, false).payload(Buffer.buffer("50 49 4e 47")).toString());
    assertEquals("PING", new FrameFormat(true, false).payload(Buffer.buffer("50494E47")).toString());
    assertEquals("50 49", new FrameFormat(false, false).payload(Buffer.buffer("50 49")).toString());
    assertEquals(0, FrameFormat.parseHex("  ").length());
    IllegalArgumentException notHex = assertThrows(IllegalArgumentException.class, () -> FrameFormat.parseHex("50 4g"));
    assertEquals("not hex: 'g' at column 5 (with --hex, a line is hex digits, such as 50 49 4e 47)", notHex.getMessage());
    IllegalArgumentException odd = assertThrows(IllegalArgumentException.class, () -> FrameFormat.parseHex("504"));
    assertEquals("not hex: an odd number of digits (with --hex, each byte is two digits)", odd.getMessage());
  }

  @Test
  void timestampsComeBeforeEachLine() {
    assertEquals("", new FrameFormat(false, false).prefix());
    assertTrue(new FrameFormat(false, true).prefix().matches("\\d\\d:\\d\\d:\\d\\d\\.\\d\\d\\d "));
  }
}
