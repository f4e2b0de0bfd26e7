package io.tether.impl.console;

import io.vertx.core.buffer.Buffer;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Lines from standard input when it is not a terminal: split at {@code \n}, a {@code \r} before it dropped, the bytes
 * kept as they are (no character decoding), and a last line without an end sent too.
 */
final class StreamInput implements Input {

  private final InputStream in;

  StreamInput(InputStream in) {
    this.in = new BufferedInputStream(in);
  }

  @Override
  public void read(ClientConsole console) {
    ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    try {
      int b;
      while ((b = in.read()) != -1) {
        if (b != '\n') {
          line.write(b);
          continue;
        }
        if (!console.input(lineOf(line))) {
          return;
        }
        line.reset();
      }
      if (line.size() > 0 && !console.input(lineOf(line))) {
        return;
      }
    } catch (IOException e) {
      // standard input was closed under us: as its end
    }
    console.inputEnded();
  }

  private static Buffer lineOf(ByteArrayOutputStream line) {
    byte[] bytes = line.toByteArray();
    int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
    return Buffer.buffer(n == bytes.length ? bytes : java.util.Arrays.copyOf(bytes, n));
  }

  @Override
  public void close() {
    // a daemon thread blocked in read: it ends with the process
  }
}
