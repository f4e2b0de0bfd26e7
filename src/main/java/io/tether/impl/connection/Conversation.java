package io.tether.impl.connection;

import io.tether.FailureCode;
import io.tether.FramingMode;
import io.tether.FramingOptions;
import io.tether.RequestMatch;
import io.tether.RequestOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The requests written on one connection and not yet answered, and the matching of inbound frames to them: in
 * {@code fifo} matching the next answer is the oldest request's, in {@code id} matching the request whose id the
 * answer's first frame carries. The rest of a multi-frame answer follows its first frame. Frames that answer no
 * request are not taken, and are published as usual.
 * <p>
 * It ends with its connection: what is still waiting then fails with {@code CONNECTION_LOST}, and is never sent
 * again.
 */
final class Conversation {

  /** What the way out learns of its requests. */
  interface Listener {
    /** {@code r} is answered with {@code body}, {@code frames} long. */
    void answered(Request r, Buffer body, int frames);

    /** {@code r} failed with {@code code} after it was written. */
    void failed(Request r, FailureCode code, String detail);

    /** A request can be written again: one fewer is waiting. */
    void room();

    /** The stream is out of step (a {@code fifo} timeout, an answer no reader takes): the connection must end. */
    void outOfStep(String cause);
  }

  private final Vertx vertx;
  private final Listener listener;
  private final boolean fifo;
  private final Pattern idPattern;
  private final int maxInFlight;
  private final int delimiterLength;
  private final byte[] lineDelimiter;
  private final ArrayDeque<Request> queue = new ArrayDeque<>(1);
  private final Map<String, Request> byId = new HashMap<>();
  /** The request whose multi-frame answer is being read. */
  private Request current;
  private boolean ended;
  /** The one timer of the requests' times: it fires at the earliest deadline of those waiting. */
  private long timer = -1;
  private long timerDeadline;

  Conversation(Vertx vertx, RequestOptions request, FramingOptions framing, Listener listener) {
    this.vertx = vertx;
    this.listener = listener;
    this.fifo = request.match() == RequestMatch.FIFO;
    this.idPattern = request.id() == null ? null : Pattern.compile(request.id());
    this.maxInFlight = request.maxInFlight();
    boolean line = framing.mode() == FramingMode.LINE;
    this.lineDelimiter = line ? framing.delimiter().getBytes(StandardCharsets.UTF_8) : null;
    this.delimiterLength = line ? lineDelimiter.length : 0;
  }

  /** {@code request.maxInFlight} requests are written and waiting: the next waits in the outbox. */
  boolean full() {
    return waiting() >= maxInFlight;
  }

  int waiting() {
    return fifo ? queue.size() : byId.size();
  }

  /** The id {@code request.id} finds in these bytes, or null. */
  String idOf(CharSequence bytes) {
    if (idPattern == null) {
      return null;
    }
    Matcher m = idPattern.matcher(bytes);
    return m.find() ? m.group(1) : null;
  }

  /** {@code r} is handed to the socket: its answer may come from now on. */
  void submitted(Request r) {
    r.waiting = true;
    if (ended) {
      // the connection is closing: it fails once written, as lost
      return;
    }
    if (fifo) {
      queue.addLast(r);
    } else {
      byId.put(r.id, r);
    }
  }

  /** {@code r}'s bytes are written: its time runs. */
  void written(Request r) {
    if (!r.waiting) {
      return;
    }
    if (ended) {
      r.waiting = false;
      listener.failed(r, FailureCode.CONNECTION_LOST, "the connection was closing as the request was written; it is "
        + "not sent again");
      return;
    }
    r.writtenNanos = System.nanoTime();
    r.deadlineNanos = r.writtenNanos + Math.max(1, r.timeoutMs) * 1_000_000L;
    if (timer == -1 || r.deadlineNanos - timerDeadline < 0) {
      arm(r.deadlineNanos);
    }
  }

  /**
   * One timer for all the requests waiting, set for the earliest deadline: requests mostly share a timeout and are
   * written in order, so a request written later rarely moves it, and an answer never does (the timer finds out
   * when it fires, and sets itself for the next deadline).
   */
  private void arm(long deadline) {
    if (timer != -1) {
      vertx.cancelTimer(timer);
    }
    timerDeadline = deadline;
    long ms = Math.max(1, (deadline - System.nanoTime() + 999_999) / 1_000_000);
    timer = vertx.setTimer(ms, t -> {
      timer = -1;
      expire();
    });
  }

  /** The timer fired: the requests whose time is up fail, and it is set for the next deadline. */
  private void expire() {
    long now = System.nanoTime();
    java.util.List<Request> late = new java.util.ArrayList<>(1);
    for (Request r : fifo ? queue : byId.values()) {
      if (r.deadlineNanos != 0 && r.deadlineNanos - now <= 0) {
        late.add(r);
      }
    }
    for (Request r : late) {
      timedOut(r);
    }
    if (ended) {
      return;
    }
    long next = 0;
    boolean any = false;
    for (Request r : fifo ? queue : byId.values()) {
      if (r.deadlineNanos != 0 && (!any || r.deadlineNanos - next < 0)) {
        next = r.deadlineNanos;
        any = true;
      }
    }
    if (any && (timer == -1 || next - timerDeadline < 0)) {
      arm(next);
    }
  }

  /**
   * {@code r}'s write failed: it waits no more.
   *
   * @return true when it was still waiting (it had not failed otherwise meanwhile), so that the way out answers it
   */
  boolean writeFailed(Request r) {
    if (!r.waiting) {
      return false;
    }
    remove(r);
    return true;
  }

  /** A request with this id is waiting ({@code id} matching). */
  boolean waitingFor(String id) {
    return byId.containsKey(id);
  }

  /**
   * An inbound frame: part of an answer, or not.
   *
   * @return true when it was taken as (part of) an answer, and so is not published
   */
  boolean frame(Buffer buf, int from, int to) {
    if (ended || current == null && queue.isEmpty() && byId.isEmpty()) {
      return false;
    }
    Request r = current;
    if (r == null) {
      if (fifo) {
        r = queue.peekFirst();
      } else if (!byId.isEmpty()) {
        String id = idOf(buf.getString(from, to, "UTF-8"));
        r = id == null ? null : byId.get(id);
      }
      if (r == null) {
        return false;
      }
    }
    boolean end;
    try {
      end = r.take(buf, from, to, delimiterLength);
    } catch (IllegalArgumentException e) {
      listener.outOfStep("an answer the reader cannot take: " + e.getMessage());
      return true;
    }
    if (!end) {
      current = r;
      return true;
    }
    current = null;
    remove(r);
    listener.answered(r, r.body(lineDelimiter), r.frames());
    listener.room();
    return true;
  }

  /** The connection has ended: every request still waiting fails with {@code CONNECTION_LOST}. */
  void end(String cause) {
    if (ended) {
      return;
    }
    ended = true;
    current = null;
    java.util.List<Request> left = new java.util.ArrayList<>(fifo ? queue : byId.values());
    queue.clear();
    byId.clear();
    cancelTimer();
    for (Request r : left) {
      r.waiting = false;
      listener.failed(r, FailureCode.CONNECTION_LOST, "the connection ended after the request was written, before "
        + "its answer (" + cause + "); it is not sent again");
    }
  }

  /** The timers of the requests waiting: one while any is written and waiting. */
  int timers() {
    return timer == -1 ? 0 : 1;
  }

  private void timedOut(Request r) {
    if (!r.waiting) {
      return;
    }
    remove(r);
    if (current == r) {
      current = null;
    }
    listener.failed(r, FailureCode.TIMEOUT, "no " + (r.frames() > 0 ? "whole " : "") + "answer within "
      + r.timeoutMs + " ms of the write");
    if (fifo) {
      // what comes now may be the late answer: no request waiting may take it, the rest fail as the connection ends
      String cause = "request timeout: the answers are out of step";
      end(cause);
      listener.outOfStep(cause);
    } else {
      listener.room();
    }
  }

  /** {@code r} waits no more; the timer stops with the last request waiting. */
  private void remove(Request r) {
    r.waiting = false;
    if (fifo) {
      if (queue.peekFirst() == r) {
        queue.pollFirst();
      } else {
        queue.remove(r);
      }
    } else {
      byId.remove(r.id, r);
    }
    if (waiting() == 0) {
      cancelTimer();
    }
  }

  private void cancelTimer() {
    if (timer != -1) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }
}
