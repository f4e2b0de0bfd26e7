package io.tether.impl.metrics;

import io.tether.testkit.Await;
import io.vertx.core.Vertx;
import io.vertx.ext.healthchecks.CheckResult;
import io.vertx.ext.healthchecks.Status;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MonitoringTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    Await.result(vertx.close());
  }

  /**
   * The instances of one client register their checks on one port from event loops of their own, at once: every
   * check stays, even where two make the same group at the same moment.
   */
  @Test
  void checksRegisteredFromTwoThreadsAtOnceAreAllKept() throws Exception {
    Monitoring.Server server = Monitoring.of(vertx).server("127.0.0.1", 0);
    int groups = 10_000;
    // the two keep in step, so that they make many groups at the same moment
    CyclicBarrier step = new CyclicBarrier(2);
    Thread[] threads = new Thread[2];
    for (int t = 0; t < threads.length; t++) {
      String client = "c" + t;
      threads[t] = new Thread(() -> {
        try {
          for (int g = 0; g < groups; g++) {
            if (g % 10 == 0) {
              step.await(10, TimeUnit.SECONDS);
            }
            server.register("g" + g + "/" + client, p -> p.complete(Status.OK()));
          }
        } catch (Exception e) {
          step.reset();
        }
      });
      threads[t].start();
    }
    for (Thread t : threads) {
      t.join(TimeUnit.SECONDS.toMillis(30));
      assertTrue(!t.isAlive(), "registered within 30 s");
    }
    for (int g = 0; g < groups; g += 997) {
      CheckResult r = Await.result(server.status("g" + g));
      assertEquals(2, r.getChecks().size(), "group g" + g + ": " + r.toJson().encode());
    }
    int all = 0;
    for (int g = 0; g < groups; g++) {
      all += Await.result(server.status("g" + g)).getChecks().size();
    }
    assertEquals(2 * groups, all, "checks kept");
  }
}
