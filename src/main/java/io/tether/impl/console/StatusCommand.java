package io.tether.impl.console;

import io.tether.Endpoint;
import io.tether.MetricsOptions;
import io.tether.TetherConfigException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * {@code status [--address A] [PORT | HOST:PORT]}: one line about a running client, from {@code GET /stats} of its
 * metrics and health port ({@code metrics.host:metrics.port}, by default {@code 127.0.0.1:9464}). Exit code 0 when
 * the line is printed, 1 when the port does not answer or has no such client, 2 for bad arguments.
 */
final class StatusCommand {

  static final String USAGE = String.join("\n",
    "Usage: status [--address A] [--json] [PORT | HOST:PORT]",
    "",
    "One line about a running client: state, endpoint, uptime, round trip, bytes in and out, outbox.",
    "It reads GET /stats on the client's metrics and health port (metrics.enabled or health.enabled;",
    "default " + MetricsOptions.DEFAULT_HOST + ":" + MetricsOptions.DEFAULT_PORT + ").",
    "  --address A  the client whose address is A, when the port serves several",
    "  --json       the stats as JSON instead");

  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private StatusCommand() {
  }

  static int run(List<String> args, PrintStream out, PrintStream err) {
    String address = null;
    String where = null;
    boolean json = false;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      switch (arg) {
        case "-h", "--help" -> {
          out.println(USAGE);
          return 0;
        }
        case "--json" -> json = true;
        case "--address" -> {
          if (i + 1 >= args.size()) {
            return usage(err, "--address needs a value");
          }
          address = args.get(++i);
        }
        default -> {
          if (arg.startsWith("--address=")) {
            address = arg.substring("--address=".length());
          } else if (arg.startsWith("-") || where != null) {
            return usage(err, "unexpected argument " + arg);
          } else {
            where = arg;
          }
        }
      }
    }
    Endpoint server;
    try {
      server = where == null ? new Endpoint(MetricsOptions.DEFAULT_HOST, MetricsOptions.DEFAULT_PORT)
        : Endpoint.parse("PORT", where.contains(":") ? where : MetricsOptions.DEFAULT_HOST + ":" + where);
    } catch (TetherConfigException e) {
      return usage(err, e.getMessage());
    }
    String uri = "http://" + server + "/stats"
      + (address == null ? "" : "?address=" + URLEncoder.encode(address, StandardCharsets.UTF_8));
    HttpResponse<String> response;
    try {
      response = HttpClient.newBuilder().connectTimeout(TIMEOUT).build()
        .send(HttpRequest.newBuilder(URI.create(uri)).timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      err.println("status: nothing answers on http://" + server + " (" + e.getClass().getSimpleName()
        + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "); a client serves /stats there with"
        + " metrics.enabled or health.enabled");
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
    if (response.statusCode() != 200) {
      err.println("status: " + uri + ": " + response.statusCode() + " " + response.body().strip());
      return 1;
    }
    JsonObject stats;
    try {
      stats = new JsonObject(response.body());
    } catch (DecodeException e) {
      err.println("status: " + uri + " did not answer with the stats JSON: " + e.getMessage());
      return 1;
    }
    out.println(json ? stats.encodePrettily() : StatusLine.of(stats, System.currentTimeMillis()));
    return 0;
  }

  private static int usage(PrintStream err, String message) {
    err.println("status: " + message + " (status --help shows the options)");
    return Console.EXIT_USAGE;
  }
}
