package io.tether;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;

/** A user's verticle, as in the README: answers every frame the server sends with the same text in upper case. */
public class UpperCaseVerticle extends VerticleBase {

  @Override
  public Future<?> start() {
    String address = config().getString("address", "tether");
    return vertx.eventBus().<Buffer>consumer(address + ".in", frame ->
        vertx.eventBus().request(address + ".out", frame.body().toString().toUpperCase())
          .onFailure(err -> System.err.println("not written: " + err.getMessage())))
      .completion();
  }
}
