package io.tether;

import io.tether.impl.config.ConfigReader;
import io.tether.impl.config.Keys;
import io.tether.impl.connection.Session;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Logs a client's conversation in the words of the seed recipe:
 * {@code Opened connection to H:P}, {@code Pinging server}, {@code Received: DATA} and {@code Connection closed},
 * plus a line for each reconnect, give-up and close. Config: {@code address}, as a client's (default {@code tether}).
 */
public class LoggerVerticle extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(LoggerVerticle.class);

  private List<MessageConsumer<?>> consumers = List.of();

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
    String address = address(config());
    consumers = List.of(
      vertx.eventBus().<Buffer>consumer(address + ".in", msg -> log.info("Received: {}", msg.body())),
      vertx.eventBus().consumer(address + ".ping", msg -> log.info("Pinging server")),
      vertx.eventBus().<JsonObject>consumer(address + ".status", msg -> status(msg.body())));
    return Future.all(consumers.stream().map(MessageConsumer::completion).toList());
  }

  @Override
  public Future<?> stop() {
    return Future.join(consumers.stream().map(MessageConsumer::unregister).toList());
  }

  private static void status(JsonObject event) {
    String endpoint = event.getString("endpoint");
    String cause = event.getString("cause");
    switch (ConnectionState.valueOf(event.getString("state"))) {
      case CONNECTED:
        log.info("Opened connection to {}", endpoint);
        break;
      case DISCONNECTED:
        if (cause == null || Session.CLOSED_BY_SERVER.equals(cause)) {
          log.info("Connection closed");
        } else {
          log.info("Connection closed: {}", cause);
        }
        break;
      case BACKING_OFF:
        log.info("Reconnecting to {} in {} ms (attempt {}){}", endpoint, event.getLong("delayMs"),
          event.getInteger("attempt"), cause == null ? "" : ": " + cause);
        break;
      case GAVE_UP:
        log.warn("Gave up on {} after {} attempts{}", endpoint, event.getInteger("attempt"),
          cause == null ? "" : ": " + cause);
        break;
      case CLOSED:
        log.info("Client for {} closed", endpoint);
        break;
      default:
        log.debug("Connecting to {}", endpoint);
    }
  }
}
