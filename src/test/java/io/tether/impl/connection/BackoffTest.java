package io.tether.impl.connection;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BackoffTest {

  @Test
  void withoutJitterDelaysGrowByTheMultiplierUpToTheCap() {
    Backoff b = new Backoff(500, 30000, 2.0, 0.0, () -> 0.5);
    long[] expected = {500, 1000, 2000, 4000, 8000, 16000, 30000, 30000};
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], b.delay(i + 1), "attempt " + (i + 1));
    }
    assertEquals(30000, b.delay(10_000));
  }

  @Test
  void jitterSpreadsEachDelayWithinItsFractionAndNeverPastTheCap() {
    Backoff low = new Backoff(1000, 5000, 2.0, 0.2, () -> 0.0);
    Backoff high = new Backoff(1000, 5000, 2.0, 0.2, () -> 1.0);
    assertEquals(800, low.delay(1));
    assertEquals(1200, high.delay(1));
    assertEquals(1600, low.delay(2));
    assertEquals(2400, high.delay(2));
    assertEquals(4000, low.delay(10));
    assertEquals(5000, high.delay(10));

    Random random = new Random(42);
    Backoff real = new Backoff(1000, 5000, 2.0, 0.2, random::nextDouble);
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (int i = 0; i < 1000; i++) {
      long d = real.delay(1);
      min = Math.min(min, d);
      max = Math.max(max, d);
      assertTrue(d >= 800 && d <= 1200, "delay " + d);
    }
    assertTrue(min < 850 && max > 1150, "spread " + min + ".." + max);
  }
}
