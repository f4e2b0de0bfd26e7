package io.tether.impl.connection;

import io.tether.HandshakeStep;
import io.vertx.core.Vertx;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The {@code handshake} steps of one connection, in order: a {@code send} writes its text at once, an {@code expect}
 * waits for a frame it finds, up to its timeout. A failed step names itself in the cause, as configured: the value of
 * an {@code ${env:NAME}} never appears.
 */
final class Handshake {

  /** What a handshake does to its connection. */
  interface Steps {
    /** Writes the rendered text of a {@code send} step; false when it cannot be framed. */
    boolean send(String text);

    /** Every step has passed. */
    void done();

    /** A step failed: the connection ends with this cause. */
    void failed(String cause);
  }

  private static final int SHOWN = 120;

  private final Vertx vertx;
  private final List<HandshakeStep> steps;
  private final Map<String, String> env;
  private final LongSupplier epoch;
  private final Steps to;
  private int index = -1;
  private long timer = -1;
  private String lastFrame;
  private boolean over;

  Handshake(Vertx vertx, List<HandshakeStep> steps, Map<String, String> env, LongSupplier epoch, Steps to) {
    this.vertx = vertx;
    this.steps = steps;
    this.env = env;
    this.epoch = epoch;
    this.to = to;
  }

  void start() {
    next();
  }

  /** Still running: frames are checked against the step that waits. */
  boolean running() {
    return !over;
  }

  /** An inbound frame while the handshake runs; it is published all the same. */
  void frame(String text) {
    if (over || index < 0 || index >= steps.size()) {
      return;
    }
    lastFrame = text;
    HandshakeStep step = steps.get(index);
    if (step.expect() != null && step.matches(text)) {
      cancelTimer();
      next();
    }
  }

  /** The connection ended first. */
  void cancel() {
    over = true;
    cancelTimer();
  }

  int timers() {
    return timer == -1 ? 0 : 1;
  }

  private void next() {
    while (!over) {
      index++;
      if (index == steps.size()) {
        over = true;
        to.done();
        return;
      }
      HandshakeStep step = steps.get(index);
      if (step.send() == null) {
        lastFrame = null;
        long ms = step.timeout();
        timer = vertx.setTimer(ms, t -> {
          timer = -1;
          fail(step.describe(index) + ": nothing matched within " + ms + " ms"
            + (lastFrame == null ? ", and nothing came" : "; the last frame was \"" + shown(lastFrame) + "\""));
        });
        return;
      }
      String text;
      try {
        text = step.render(env, epoch.getAsLong());
      } catch (IllegalStateException e) {
        fail(step.describe(index) + ": " + e.getMessage());
        return;
      }
      if (!to.send(text)) {
        fail(step.describe(index) + ": its text contains framing.delimiter");
        return;
      }
    }
  }

  private void fail(String cause) {
    over = true;
    cancelTimer();
    to.failed(cause);
  }

  private void cancelTimer() {
    if (timer != -1) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }

  private static String shown(String frame) {
    return frame.length() <= SHOWN ? frame : frame.substring(0, SHOWN) + "...";
  }
}
