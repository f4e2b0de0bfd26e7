package io.tether.impl.connection;

import io.tether.FailureCode;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

/**
 * The actions of {@code <address>.control}: {@code {"action": "reconnect|pause|resume|drain|close"}}, each answered
 * with the stats snapshot once done; anything else fails with {@code BAD_BODY}.
 */
final class Control {

  private final Session session;

  Control(Session session) {
    this.session = session;
  }

  void handle(Message<Object> msg) {
    Object body = msg.body();
    String action = body instanceof JsonObject ? ((JsonObject) body).getString("action") : null;
    if (action == null) {
      msg.fail(FailureCode.BAD_BODY.code(), FailureCode.BAD_BODY.message(
        "expected {\"action\": \"reconnect|pause|resume|drain|close\"}"));
      return;
    }
    switch (action) {
      case "reconnect":
        session.reconnectNow();
        break;
      case "pause":
        session.pause(true);
        break;
      case "resume":
        session.pause(false);
        break;
      case "drain":
        session.drained().onComplete(ar -> msg.reply(session.stats()));
        return;
      case "close":
        session.halt().onComplete(ar -> msg.reply(session.stats()));
        return;
      default:
        msg.fail(FailureCode.BAD_BODY.code(), FailureCode.BAD_BODY.message("unknown action \"" + action
          + "\" (expected reconnect, pause, resume, drain or close)"));
        return;
    }
    msg.reply(session.stats());
  }
}
