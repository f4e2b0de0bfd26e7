package io.tether;

import io.vertx.core.buffer.Buffer;

import java.util.ArrayDeque;

/**
 * The end of a Redis (RESP 2) answer, for {@code request.answer} with {@code line} framing and a {@code \r\n}
 * delimiter: simple strings ({@code +OK}), errors ({@code -ERR}), integers ({@code :1}), bulk strings
 * ({@code $5} and its data, which may span frames when it holds {@code \r\n}; {@code $-1} for nil) and arrays
 * ({@code *2}, nested, {@code *-1} for nil).
 */
public class RespAnswerReader implements AnswerReader {

  /** Elements still due in each array being read, innermost last. */
  private final ArrayDeque<Long> arrays = new ArrayDeque<>();
  /** Bytes of bulk data still due, or -1 when the next frame is a header. */
  private long bulk = -1;

  @Override
  public boolean take(Buffer frame, int delimiter) {
    if (bulk >= 0) {
      bulk -= frame.length();
      if (bulk > 0) {
        // the data held the delimiter: the framing took it away, and it counts
        bulk -= delimiter;
        if (bulk < 0) {
          throw new IllegalArgumentException("a RESP bulk string is longer than its length");
        }
        return false;
      }
      if (bulk < 0) {
        throw new IllegalArgumentException("a RESP bulk string is longer than its length");
      }
      bulk = -1;
      return elementDone();
    }
    if (frame.length() == 0) {
      throw new IllegalArgumentException("an empty line where a RESP header was due");
    }
    char type = (char) frame.getByte(0);
    switch (type) {
      case '+':
      case '-':
      case ':':
        return elementDone();
      case '$': {
        long n = number(frame);
        if (n < 0) {
          return elementDone();
        }
        // the data follows ("$0" is followed by an empty line)
        bulk = n;
        return false;
      }
      case '*': {
        long n = number(frame);
        if (n <= 0) {
          return elementDone();
        }
        arrays.addLast(n);
        return false;
      }
      default:
        throw new IllegalArgumentException("\"" + frame + "\" is no RESP header");
    }
  }

  private boolean elementDone() {
    while (!arrays.isEmpty()) {
      long left = arrays.removeLast() - 1;
      if (left > 0) {
        arrays.addLast(left);
        return false;
      }
    }
    return true;
  }

  private static long number(Buffer frame) {
    try {
      return Long.parseLong(frame.getString(1, frame.length()).trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("\"" + frame + "\" has no RESP length");
    }
  }
}
