package io.tether;

import io.vertx.core.buffer.Buffer;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The body of a batch: with {@code delivery.batch} above 1, a message on {@code <address>.in} carries several
 * frames, each as a 4-byte big-endian length and its bytes, with the headers {@code seq} (of the first frame)
 * and {@code frames} (how many). The same form is what {@link #batch(List)} builds for {@code <address>.out}.
 */
public final class Frames {

  /** The header with the number of frames in a batch. */
  public static final String FRAMES_HEADER = "frames";

  private Frames() {
  }

  /** Calls {@code action} with each frame of a batch, in order. */
  public static void forEach(Buffer batch, Consumer<Buffer> action) {
    int pos = 0;
    int n = batch.length();
    while (pos + 4 <= n) {
      int len = batch.getInt(pos);
      if (len < 0 || pos + 4 + len > n) {
        throw new IllegalArgumentException("not a batch: a length of " + len + " at byte " + pos + " of " + n);
      }
      action.accept(batch.slice(pos + 4, pos + 4 + len));
      pos += 4 + len;
    }
    if (pos != n) {
      throw new IllegalArgumentException("not a batch: " + (n - pos) + " bytes left over at the end");
    }
  }

  /** The frames of a batch, in order. */
  public static List<Buffer> split(Buffer batch) {
    List<Buffer> frames = new ArrayList<>();
    forEach(batch, frames::add);
    return frames;
  }

  /** A batch of these payloads, for {@code <address>.out} with the {@code frames} header set. */
  public static Buffer batch(List<Buffer> payloads) {
    int size = 0;
    for (Buffer b : payloads) {
      size += 4 + b.length();
    }
    Buffer out = Buffer.buffer(size);
    for (Buffer b : payloads) {
      out.appendInt(b.length()).appendBuffer(b);
    }
    return out;
  }
}
