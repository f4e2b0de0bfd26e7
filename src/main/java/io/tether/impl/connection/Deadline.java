package io.tether.impl.connection;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

/** Waiting for something with a limit: the wait ends when it completes, or when the time is up, whichever first. */
final class Deadline {

  private Deadline() {
  }

  /**
   * Completes when {@code f} does, or after {@code ms} (then runs {@code late}); never fails.
   */
  static Future<Void> within(Vertx vertx, Future<?> f, long ms, Runnable late) {
    Promise<Void> done = Promise.promise();
    long timer = vertx.setTimer(Math.max(1, ms), id -> {
      if (done.tryComplete()) {
        late.run();
      }
    });
    f.onComplete(ar -> {
      vertx.cancelTimer(timer);
      done.tryComplete();
    });
    return done.future();
  }
}
