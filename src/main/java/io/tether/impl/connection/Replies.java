package io.tether.impl.connection;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;

/**
 * Answers a message of {@code <address>.out} or {@code <address>.request}: as its reply, or — when it carries a
 * {@code replyTo} header — as a message sent to that address, with the message's other headers, so that a sender
 * that keeps many requests going can take every answer at one consumer of its own instead of a reply handler (and a
 * timer) per request.
 */
final class Replies {

  /** The header that names the address an answer is sent to instead of a reply. */
  static final String REPLY_TO_HEADER = "replyTo";
  /** On a failure sent to {@code replyTo}: the failure code (a number). */
  static final String FAILURE_CODE_HEADER = "failureCode";
  /** On a failure sent to {@code replyTo}: the failure's name, e.g. {@code TIMEOUT}. */
  static final String FAILURE_HEADER = "failure";

  private Replies() {
  }

  /** The address {@code msg}'s answer goes to, or null for a reply. */
  static String replyTo(Message<?> msg) {
    MultiMap h = msg.headers();
    return h.isEmpty() ? null : h.get(REPLY_TO_HEADER);
  }

  /** Answers {@code msg} with {@code body} and the headers {@code name=value} (none when {@code name} is null). */
  static void answer(Vertx vertx, Message<?> msg, Object body, String name, String value) {
    String to = replyTo(msg);
    if (to == null) {
      if (name == null) {
        msg.reply(body);
      } else {
        msg.reply(body, new DeliveryOptions().addHeader(name, value));
      }
      return;
    }
    DeliveryOptions o = withHeaders(msg);
    if (name != null) {
      o.addHeader(name, value);
    }
    vertx.eventBus().send(to, body, o);
  }

  /** Answers {@code msg} with a failure: a {@code ReplyException}, or its message sent to {@code replyTo}. */
  static void fail(Vertx vertx, Message<?> msg, io.tether.FailureCode code, String message) {
    String to = replyTo(msg);
    if (to == null) {
      msg.fail(code.code(), message);
      return;
    }
    vertx.eventBus().send(to, message, withHeaders(msg)
      .addHeader(FAILURE_CODE_HEADER, Integer.toString(code.code()))
      .addHeader(FAILURE_HEADER, code.name()));
  }

  private static DeliveryOptions withHeaders(Message<?> msg) {
    DeliveryOptions o = new DeliveryOptions();
    msg.headers().forEach(e -> {
      if (!REPLY_TO_HEADER.equalsIgnoreCase(e.getKey())) {
        o.addHeader(e.getKey(), e.getValue());
      }
    });
    return o;
  }
}
