package com.example;

import io.tether.ClientVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Tether inside an application: a client for HOST:PORT, and consumers of what it receives and goes through. */
public class EmbeddedTether {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedTether.class);

  public static void main(String[] args) {
    String host = args.length > 0 ? args[0] : "localhost";
    int port = args.length > 1 ? Integer.parseInt(args[1]) : 9001;
    Vertx vertx = Vertx.vertx();

    // Every frame the server sends, and every change of the connection's state.
    vertx.eventBus().<Buffer>consumer("tether.in", m -> log.info("Received: {}", m.body()));
    vertx.eventBus().<JsonObject>consumer("tether.status", m -> log.info("State: {}", m.body().getString("state")));

    // The same keys as a config file; what is not given keeps its default (address "tether").
    JsonObject config = new JsonObject()
      .put("host", host)
      .put("port", port)
      .put("ping", new JsonObject().put("interval", 2000).put("payload", "Ping"));
    vertx.deployVerticle(new ClientVerticle(), new DeploymentOptions().setConfig(config))
      // Sent at once: it waits in the outbox until the client is connected; the reply comes once it is written.
      .compose(id -> vertx.eventBus().request("tether.out", "Hello from an embedded client"))
      .onSuccess(reply -> log.info("Written to {}:{}", host, port))
      .onFailure(err -> {
        log.error("Cannot start the client: {}", err.getMessage());
        vertx.close();
      });
  }
}
