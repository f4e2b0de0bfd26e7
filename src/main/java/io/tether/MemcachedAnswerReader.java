package io.tether;

import io.vertx.core.buffer.Buffer;

/**
 * The end of a memcached text-protocol answer, for {@code request.answer} with {@code line} framing and a
 * {@code \r\n} delimiter: {@code get}/{@code gets} answers ({@code VALUE key flags bytes [cas]}, the data of that
 * many bytes — which may span frames and look like {@code END} — then {@code END}), {@code stats} ({@code STAT}
 * lines, then {@code END}), and every one-line answer ({@code STORED}, {@code NOT_FOUND}, {@code DELETED}, a number
 * from {@code incr}, {@code ERROR}, {@code CLIENT_ERROR ...}, {@code VERSION ...}, ...).
 */
public class MemcachedAnswerReader implements AnswerReader {

  /** Bytes of data still due after a VALUE line, or -1 when the next frame is a line of the protocol. */
  private long data = -1;
  /** A VALUE or STAT line was seen: the answer ends with END. */
  private boolean listing;

  @Override
  public boolean take(Buffer frame, int delimiter) {
    if (data >= 0) {
      data -= frame.length();
      if (data > 0) {
        data -= delimiter;
      }
      if (data < 0) {
        throw new IllegalArgumentException("a memcached value is longer than its VALUE line says");
      }
      if (data == 0) {
        data = -1;
      }
      return false;
    }
    String line = frame.toString();
    if (line.startsWith("VALUE ")) {
      String[] parts = line.split(" ");
      if (parts.length < 4) {
        throw new IllegalArgumentException("\"" + line + "\" is no VALUE line");
      }
      try {
        data = Long.parseLong(parts[3]);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("\"" + line + "\" has no length");
      }
      // the data line follows, an empty one for an empty value
      listing = true;
      return false;
    }
    if (line.startsWith("STAT ")) {
      listing = true;
      return false;
    }
    return !listing || line.equals("END");
  }
}
