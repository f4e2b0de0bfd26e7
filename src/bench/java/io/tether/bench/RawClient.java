package io.tether.bench;

import io.vertx.core.Vertx;

/** The start-up baseline: a bare Vert.x client that connects and says so, as Tether's logger does. */
public final class RawClient {

  private RawClient() {
  }

  public static void main(String[] args) {
    String host = args[0];
    int port = Integer.parseInt(args[1]);
    Vertx vertx = Vertx.vertx();
    vertx.createNetClient().connect(port, host)
      .onSuccess(so -> System.out.println("Opened connection to " + host + ":" + port))
      .onFailure(err -> {
        System.out.println("FAILED " + err.getMessage());
        System.exit(1);
      });
  }
}
