package io.tether.impl.console;

import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * How the console shows a frame and reads a typed line: as text or, with {@code --hex}, as a hex dump, each line
 * after the time it was printed with {@code --timestamps}.
 */
final class FrameFormat {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
  private static final char[] DIGITS = "0123456789abcdef".toCharArray();
  private static final int ROW = 16;

  private final boolean hex;
  private final boolean timestamps;

  FrameFormat(boolean hex, boolean timestamps) {
    this.hex = hex;
    this.timestamps = timestamps;
  }

  boolean hex() {
    return hex;
  }

  /** What goes before a printed line: the time, with {@code --timestamps}. */
  String prefix() {
    return timestamps ? LocalTime.now().format(TIME) + " " : "";
  }

  /**
   * The lines that show {@code frame} on a terminal: its text with control characters escaped, so that a frame cannot
   * move the cursor or change colours, or its hex dump.
   */
  List<String> show(Buffer frame) {
    if (hex) {
      return dump(frame);
    }
    return List.of(escape(frame.toString(StandardCharsets.UTF_8)));
  }

  /** {@code hexdump -C}'s form: offset, 16 bytes in two groups of 8, and the printable ASCII among them. */
  static List<String> dump(Buffer frame) {
    List<String> lines = new ArrayList<>();
    if (frame.length() == 0) {
      lines.add("(empty frame)");
      return lines;
    }
    for (int row = 0; row < frame.length(); row += ROW) {
      StringBuilder b = new StringBuilder(80);
      b.append(String.format("%04x ", row));
      StringBuilder ascii = new StringBuilder(ROW);
      for (int i = 0; i < ROW; i++) {
        if (i % 8 == 0) {
          b.append(' ');
        }
        if (row + i < frame.length()) {
          int v = frame.getByte(row + i) & 0xff;
          b.append(DIGITS[v >> 4]).append(DIGITS[v & 0xf]).append(' ');
          ascii.append(v >= 0x20 && v < 0x7f ? (char) v : '.');
        } else {
          b.append("   ");
        }
      }
      lines.add(b.append(" |").append(ascii).append('|').toString());
    }
    return lines;
  }

  /** Text with the C0 and C1 control characters but tab written as escapes: {@code \r}, {@code \n}, {@code \x1b}. */
  static String escape(String text) {
    StringBuilder b = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean control = (c < 0x20 && c != '\t') || (c >= 0x7f && c <= 0x9f);
      if (!control) {
        if (b != null) {
          b.append(c);
        }
        continue;
      }
      if (b == null) {
        b = new StringBuilder(text.length() + 8).append(text, 0, i);
      }
      switch (c) {
        case '\r' -> b.append("\\r");
        case '\n' -> b.append("\\n");
        default -> b.append("\\x").append(DIGITS[(c >> 4) & 0xf]).append(DIGITS[c & 0xf]);
      }
    }
    return b == null ? text : b.toString();
  }

  /**
   * The bytes a typed line stands for: the line itself, or with {@code --hex} the bytes its hex digits spell, white
   * space ignored ({@code 50 49 4e 47} is {@code PING}).
   *
   * @throws IllegalArgumentException when the line is not hex, with the reason
   */
  Buffer payload(Buffer line) {
    return hex ? parseHex(line.toString(StandardCharsets.UTF_8)) : line;
  }

  static Buffer parseHex(String text) {
    Buffer out = Buffer.buffer(text.length() / 2);
    int high = -1;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) {
        continue;
      }
      int v = Character.digit(c, 16);
      if (v < 0) {
        throw new IllegalArgumentException("not hex: '" + escape(String.valueOf(c)) + "' at column " + (i + 1)
          + " (with --hex, a line is hex digits, such as 50 49 4e 47)");
      }
      if (high < 0) {
        high = v;
      } else {
        out.appendByte((byte) (high << 4 | v));
        high = -1;
      }
    }
    if (high >= 0) {
      throw new IllegalArgumentException("not hex: an odd number of digits (with --hex, each byte is two digits)");
    }
    return out;
  }
}
