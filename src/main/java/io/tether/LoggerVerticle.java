package io.tether;

import io.tether.impl.Logs;
import io.tether.impl.config.ConfigReader;
import io.tether.impl.config.Keys;
import io.tether.impl.connection.Session;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.LocalMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Logs a client's conversation in the words of the seed recipe:
 * {@code Opened connection to H:P}, {@code Pinging server}, {@code Received: DATA} and {@code Connection closed},
 * plus a line for each reconnect, give-up and close. Config: {@code address}, as a client's (default {@code tether}).
 * <p>
 * One line per event: a frame prints as text without its final line end, each frame of a batch on a line of its own;
 * a reconnect does not repeat the cause the close before it gave. A client in the same Vert.x instance logs its
 * give-up and the connections it closes itself (no data for {@code heartbeat.timeout}, a broken frame, a failed
 * handshake) in its own words, so this logger leaves those out for it, and prints them for clients on other nodes. One logger per address
 * prints in a Vert.x instance: more of them (a deployment with {@code -instances 2}) would print every line again;
 * the others stay silent.
 */
public class LoggerVerticle extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(LoggerVerticle.class);
  private static final String PRINTERS = "io.tether.loggers";
  /**
   * The causes of a close that a client logs itself as it closes the connection ({@code Closing the connection to
   * H:P: ...}, in impl.connection.Connection): no data for {@code heartbeat.timeout}, a broken frame, a failed handshake
   * step, answers out of step with their requests.
   */
  private static final List<String> CLOSED_BY_THE_CLIENT = List.of("heartbeat timeout", "frame too large",
    "negative frame length", "handshake[", "request timeout: the answers are out of step",
    "an answer the reader cannot take");

  private List<MessageConsumer<?>> consumers = List.of();
  private String address;
  /** The cause of the last close printed, which the reconnect that follows does not repeat. */
  private String lastClose;

  /**
   * Checks a logger's config.
   *
   * @throws TetherConfigException on an unknown key or a bad {@code address}
   */
  static void check(JsonObject config) {
    address(config);
  }

  private static String address(JsonObject config) {
    return new ConfigReader(config, List.of(Keys.ADDRESS)).value(Keys.ADDRESS);
  }

  @Override
  public Future<?> start() {
    address = address(config());
    if (printers().putIfAbsent(address, deploymentID()) != null) {
      log.debug("Another logger prints the conversation of {} in this Vert.x instance", address);
      return Future.succeededFuture();
    }
    consumers = List.of(
      vertx.eventBus().<Buffer>consumer(address + ".in", this::received),
      vertx.eventBus().consumer(address + ".ping", msg -> log.info("{}Pinging server", who(msg.headers().get("connection")))),
      vertx.eventBus().<JsonObject>consumer(address + ".status", msg -> status(msg.body())),
      vertx.eventBus().<JsonObject>consumer(address + ".requests", msg -> request(msg.body())));
    return Future.all(consumers.stream().map(MessageConsumer::completion).toList());
  }

  @Override
  public Future<?> stop() {
    if (address != null) {
      printers().removeIfPresent(address, deploymentID());
    }
    return Future.join(consumers.stream().map(MessageConsumer::unregister).toList());
  }

  private LocalMap<String, String> printers() {
    return vertx.sharedData().getLocalMap(PRINTERS);
  }

  /**
   * Prints a frame, or each of a batch. In {@code request} and {@code credit} mode the client gives each message to
   * one consumer, and this logger may be that one: it then answers as a consumer must, a null reply to a request (so
   * nothing goes to the server) and, for a message sent, its frames back as credit; else the client would stop after
   * one window.
   */
  private void received(Message<Buffer> msg) {
    String who = who(msg.headers().get("connection"));
    String batch = msg.headers().get(Frames.FRAMES_HEADER);
    if (batch != null) {
      Frames.forEach(msg.body(), frame -> log.info("{}Received: {}", who, Logs.text(frame)));
    } else {
      log.info("{}Received: {}", who, Logs.text(msg.body()));
    }
    if (msg.replyAddress() != null) {
      msg.reply(null);
    } else if (msg.isSend()) {
      vertx.eventBus().send(address + ".credit", batch == null ? 1 : Integer.parseInt(batch));
    }
  }

  /**
   * With several clients of the address in this Vert.x instance ({@code -instances 2}), the prefix that says which
   * client a line is about: {@code [3f2a9c1b] }, its id (the part before the dash of a connection id); else nothing.
   */
  private String who(String clientOrConnection) {
    if (clientOrConnection == null || ClientVerticle.runningHere(vertx, address) < 2) {
      return "";
    }
    int dash = clientOrConnection.lastIndexOf('-');
    return "[" + (dash > 0 ? clientOrConnection.substring(0, dash) : clientOrConnection) + "] ";
  }

  private void status(JsonObject event) {
    String who = who(event.getString("client"));
    String endpoint = event.getString("endpoint");
    String cause = event.getString("cause");
    switch (ConnectionState.valueOf(event.getString("state"))) {
      case CONNECTED:
        log.info("{}Opened connection to {}", who, endpoint);
        break;
      case DISCONNECTED:
        lastClose = cause;
        if (cause == null || Session.CLOSED_BY_SERVER.equals(cause)) {
          log.info("{}Connection closed", who);
        } else if (!(ClientVerticle.runsHere(vertx, address) && loggedByTheClient(cause))) {
          log.info("{}Connection closed: {}", who, cause);
        }
        break;
      case BACKING_OFF:
        String repeated = cause != null && cause.equals(lastClose) ? null : cause;
        lastClose = null;
        log.info("{}Reconnecting to {} in {} ms (attempt {}){}", who, endpoint, event.getLong("delayMs"),
          event.getInteger("attempt"), repeated == null ? "" : ": " + repeated);
        break;
      case GAVE_UP:
        if (!ClientVerticle.runsHere(vertx, address)) {
          log.warn("{}Gave up on {} after {} attempts{}", who, endpoint, event.getInteger("attempt"),
            cause == null ? "" : ": " + cause);
        }
        break;
      case CLOSED:
        log.info("{}Client for {} closed", who, endpoint);
        break;
      case STANDBY:
        log.info("{}Standing by for {}: {} holds the connection (epoch {})", who, endpoint, event.getString("owner"),
          event.getValue("epoch"));
        break;
      default:
        log.debug("Connecting to {}", endpoint);
    }
  }

  /** A request and its answer or failure ({@code request.log}): one line, its control characters escaped. */
  private void request(JsonObject event) {
    String failure = event.getString("failure");
    if (failure == null) {
      Integer frames = event.getInteger(Frames.FRAMES_HEADER);
      log.info("Asked: {} -> answered: {} ({} frame{}, {} ms)", Logs.escaped(event.getString("request")),
        Logs.escaped(event.getString("answer")), frames, frames != null && frames == 1 ? "" : "s",
        String.format(java.util.Locale.ROOT, "%.1f", event.getDouble("ms", 0.0)));
    } else {
      log.info("Asked: {} -> {}", Logs.escaped(event.getString("request")), event.getString("message"));
    }
  }

  private static boolean loggedByTheClient(String cause) {
    return CLOSED_BY_THE_CLIENT.stream().anyMatch(cause::startsWith);
  }
}
