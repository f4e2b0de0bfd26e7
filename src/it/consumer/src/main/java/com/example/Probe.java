package com.example;

import io.tether.ClientVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * What LibraryIT asks of the consumer's classpath, one line each on standard output.
 * <ul>
 *   <li>{@code classes NAME...}: {@code present NAME} or {@code absent NAME};</li>
 *   <li>{@code deploy HOST PORT FEATURE...}: a client with {@code FEATURE.enabled} for each FEATURE (metrics, health)
 *   and {@code metrics.port} 0, then {@code deployed, metrics port N} or {@code refused: MESSAGE}.</li>
 * </ul>
 */
public class Probe {

  public static void main(String[] args) throws Exception {
    if (args[0].equals("classes")) {
      for (int i = 1; i < args.length; i++) {
        System.out.println((present(args[i]) ? "present " : "absent ") + args[i]);
      }
      return;
    }
    JsonObject config = new JsonObject().put("host", args[1]).put("port", Integer.parseInt(args[2]))
      .put("metrics.port", 0);
    for (int i = 3; i < args.length; i++) {
      config.put(args[i] + ".enabled", true);
    }
    Vertx vertx = Vertx.vertx();
    ClientVerticle client = new ClientVerticle();
    vertx.deployVerticle(client, new DeploymentOptions().setConfig(config)).onComplete(ar -> {
      if (ar.succeeded()) {
        System.out.println("deployed, metrics port " + client.actualMetricsPort());
      } else {
        System.out.println("refused: " + ar.cause().getMessage());
        vertx.close();
      }
    });
  }

  private static boolean present(String name) {
    try {
      Class.forName(name, false, Probe.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}
