package io.tether.testkit;

import io.tether.Frames;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Checks the frames of a {@link FloodServer} as a consumer receives them: each exactly once, in order, at its full
 * length, with its {@code seq} header. Safe to feed from any one thread and to read from another.
 */
public final class FrameCheck {

  private final AtomicLong next = new AtomicLong(1);
  private final AtomicLong bad = new AtomicLong();
  private final AtomicReference<String> firstBad = new AtomicReference<>();

  /** Checks one inbound message: a frame, or a batch when {@code batch} is set. */
  public void accept(Message<Buffer> m, boolean batch) {
    List<Buffer> frames = batch ? Frames.split(m.body()) : List.of(m.body());
    String seq = m.headers().get("seq");
    if (seq == null || Long.parseLong(seq) != next.get()) {
      fault("seq header " + seq + " where frame " + next.get() + " was due");
    }
    for (Buffer f : frames) {
      long n = next.getAndIncrement();
      String expected = FloodServer.payload(n);
      String got = f.toString(StandardCharsets.US_ASCII);
      if (!expected.equals(got)) {
        fault("frame " + n + " was \"" + got + "\" (" + got.length() + " bytes)");
      }
    }
  }

  private void fault(String what) {
    bad.incrementAndGet();
    firstBad.compareAndSet(null, what);
  }

  /** The frames received so far. */
  public long received() {
    return next.get() - 1;
  }

  /** How many frames or headers were wrong: doubled, missing, out of order or cut. */
  public long faults() {
    return bad.get();
  }

  /** The first fault seen, or null. */
  public String firstFault() {
    return firstBad.get();
  }
}
