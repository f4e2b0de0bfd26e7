package io.tether.impl.connection;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.function.Consumer;

/**
 * The bounded, ordered queue of framed messages waiting to be written. It only holds; what to answer and how to
 * count is the client's.
 */
public final class Outbox {

  /**
   * A framed message, the request it answers, its payload (a batch in the form of {@link io.tether.Frames}), its frame
   * count, its time to live in ms, when it expires ({@code Long.MAX_VALUE}: never) and, with {@code outbox.cluster},
   * its place in the cluster's outbox. The message is null for one an earlier owner of the connection took.
   */
  public record Entry(Message<?> message, Buffer frame, Buffer payload, boolean batch, int frames, long ttl,
                      long deadline, Request request, Held held) {
  }

  /** A message's place in the cluster's outbox ({@link OutboxStore}): its id, and whether it is stored yet. */
  public static final class Held {
    String id;
    boolean stored;

    Held(String id, boolean stored) {
      this.id = id;
      this.stored = stored;
    }
  }

  private final ArrayDeque<Entry> queue = new ArrayDeque<>(1);
  private int capacity;

  public Outbox(int capacity) {
    this.capacity = capacity;
  }

  public void setCapacity(int capacity) {
    this.capacity = capacity;
  }

  /** Removes and returns everything, oldest first. */
  public java.util.List<Entry> takeAll() {
    java.util.List<Entry> all = new java.util.ArrayList<>(queue);
    queue.clear();
    return all;
  }

  public boolean isEmpty() {
    return queue.isEmpty();
  }

  public boolean isFull() {
    return queue.size() >= capacity;
  }

  public int size() {
    return queue.size();
  }

  /** Adds at the tail; the caller checks {@link #isFull()} first. */
  public void add(Entry entry) {
    queue.addLast(entry);
  }

  public Entry peek() {
    return queue.peekFirst();
  }

  public Entry poll() {
    return queue.pollFirst();
  }

  /** Removes every entry whose deadline is at or before {@code now}, oldest first, handing each to {@code expired}. */
  public void expire(long now, Consumer<Entry> expired) {
    for (Iterator<Entry> it = queue.iterator(); it.hasNext(); ) {
      Entry e = it.next();
      if (e.deadline() <= now) {
        it.remove();
        expired.accept(e);
      }
    }
  }

  /** The earliest deadline, or {@code Long.MAX_VALUE} when nothing expires. */
  public long nextDeadline() {
    long min = Long.MAX_VALUE;
    for (Entry e : queue) {
      min = Math.min(min, e.deadline());
    }
    return min;
  }
}
