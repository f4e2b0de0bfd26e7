package io.tether.testkit;

import io.vertx.core.Future;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.fail;

/** Waiting for events with deadlines, from the test thread. */
public final class Await {

  public static final Duration DEADLINE = Duration.ofSeconds(10);

  private Await() {
  }

  /** The result of {@code future}, or a test failure after the deadline. */
  public static <T> T result(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new AssertionError("failed: " + e.getCause(), e.getCause());
    } catch (Exception e) {
      throw new AssertionError("no result within " + DEADLINE + ": " + e, e);
    }
  }

  /** The failure of {@code future}, or a test failure if it succeeds or takes too long. */
  public static Throwable failure(Future<?> future) {
    try {
      Object value = future.toCompletionStage().toCompletableFuture().get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
      throw new AssertionError("expected a failure, got " + value);
    } catch (java.util.concurrent.ExecutionException e) {
      return e.getCause();
    } catch (InterruptedException | java.util.concurrent.TimeoutException e) {
      throw new AssertionError("no failure within " + DEADLINE, e);
    }
  }

  /** Polls {@code condition} until it holds, failing with {@code what} after the deadline. */
  public static void until(String what, BooleanSupplier condition) {
    until(what, DEADLINE, condition);
  }

  /** Polls {@code condition} until it holds, failing with {@code what} after {@code deadline}. */
  public static void until(String what, Duration deadline, BooleanSupplier condition) {
    long end = System.nanoTime() + deadline.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        fail("timed out after " + deadline + " waiting for " + what);
      }
      try {
        TimeUnit.MILLISECONDS.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fail("interrupted waiting for " + what);
      }
    }
  }

  /** A queue that events are added to from any thread, read in order with deadlines. */
  public static final class Events<T> {
    private final BlockingQueue<T> queue = new LinkedBlockingQueue<>();
    private final List<T> all = new CopyOnWriteArrayList<>();

    public void add(T event) {
      all.add(event);
      queue.add(event);
    }

    /** Every event added so far, taken or not, in order. */
    public List<T> all() {
      return List.copyOf(all);
    }

    public T next() {
      return next(DEADLINE);
    }

    public T next(Duration deadline) {
      try {
        T event = queue.poll(deadline.toMillis(), TimeUnit.MILLISECONDS);
        if (event == null) {
          fail("no event within " + deadline);
        }
        return event;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }

    /** Skips events until one matches, failing after the deadline. */
    public T nextMatching(java.util.function.Predicate<T> match) {
      return nextMatching(match, DEADLINE);
    }

    /** Skips events until one matches, failing after {@code deadline}. */
    public T nextMatching(java.util.function.Predicate<T> match, Duration deadline) {
      long end = System.nanoTime() + deadline.toNanos();
      while (true) {
        long left = end - System.nanoTime();
        if (left <= 0) {
          fail("no matching event within " + deadline);
        }
        T e = next(Duration.ofNanos(left));
        if (match.test(e)) {
          return e;
        }
      }
    }

    public T poll() {
      return queue.poll();
    }

    /** Fails if an event comes within {@code window}: for what must not happen while something else goes on. */
    public void assertNoneWithin(Duration window) {
      try {
        T event = queue.poll(window.toMillis(), TimeUnit.MILLISECONDS);
        if (event != null) {
          fail("unexpected event within " + window + ": " + event);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }

    public int size() {
      return queue.size();
    }
  }
}
