package io.tether.impl.console;

import io.tether.ConnectionState;
import io.tether.Frames;
import io.tether.impl.connection.Session;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The console's side of a conversation with one client, through the client's event-bus addresses only: what is typed
 * goes to {@code <address>.out}, frames of {@code <address>.in} and states of {@code <address>.status} are shown, and
 * commands use {@code <address>.stats}, {@code <address>.control} and {@code <address>.request}. The same code types
 * into a client of this process and, with {@code --attach}, into one that another node of the cluster owns.
 * <p>
 * Everything but {@link #input}, {@link #inputEnded} and {@link #quit}, which the input thread calls, runs on this
 * verticle's event loop, so frames and states are shown in the order the client published them.
 * <p>
 * When standard input is not a terminal, the conversation ends by itself: once input has ended and every line has
 * been written (or has failed), it ends when the server has been quiet for {@code --wait} ms while connected, or at
 * once when the connection ends; with no connection, it waits as long from the end of input as a line would wait in
 * the outbox ({@code outbox.ttl}). With {@code exitOnClose}, it ends when the server closes the connection, input or
 * not. Its exit code is 0, or 1 when a line could not be sent, a {@code :request} got no answer, the client gave up,
 * or no connection came.
 */
final class ClientConsole extends VerticleBase {

  /** Lines sent and not yet answered before the input waits: standard input is read no faster than it is written. */
  static final int IN_FLIGHT = 256;
  /** How long a line or a command waits for the client's answer; the client answers well before (outbox.ttl). */
  static final long ANSWER_TIMEOUT_MS = 60_000;

  static final int EXIT_OK = 0;
  static final int EXIT_FAILED = 1;
  static final int EXIT_INTERRUPTED = 130;

  private static final Set<String> ACTIONS = Set.of("reconnect", "pause", "resume", "drain", "close");

  static final String HELP = String.join("\n",
    "Each line is sent as one message; a line that starts with ':' is a command (type '::' to send one that starts"
      + " with ':').",
    "  :stats           state, endpoint, uptime, round trip, bytes and outbox in one line (:stats json: all of it)",
    "  :reconnect       close the connection and connect again at once",
    "  :pause, :resume  stop and start reading from the server (frames wait in the socket)",
    "  :drain           wait until everything typed has been written",
    "  :close           close the connection and stay down until :reconnect",
    "  :request TEXT    send TEXT as a request and print the server's answer (needs <address>.request)",
    "  :quit            leave (also Ctrl-D; Ctrl-C leaves too)",
    "  :help            this text");

  /** How the conversation is set up. */
  record Settings(String address, boolean piped, long waitMs, long connectWaitMs, boolean exitOnClose,
                  boolean batches, String delimiter) {
  }

  private enum Timer { NONE, QUIET, CONNECT }

  private final Settings settings;
  private final Display display;
  private final FrameFormat format;
  private final Semaphore room = new Semaphore(IN_FLIGHT);
  private final Promise<Integer> exit = Promise.promise();
  private final boolean attached;

  private EventBus bus;
  private List<MessageConsumer<?>> consumers = List.of();
  private boolean connected;
  private boolean connecting;
  private boolean inputEnded;
  private long inputEndedAt;
  private boolean finished;
  private int pending;
  private int failures;
  private String lastCause;
  private Timer timer = Timer.NONE;
  private long timerId = -1;

  /**
   * @param attached the client is another node's: its state is asked for at the start, since its status events
   *                 only tell what changes
   */
  ClientConsole(Settings settings, Display display, FrameFormat format, boolean attached) {
    this.settings = settings;
    this.display = display;
    this.format = format;
    this.attached = attached;
  }

  /** Completes with the exit code when the conversation is over. */
  Future<Integer> exit() {
    return exit.future();
  }

  @Override
  public Future<?> start() {
    bus = vertx.eventBus();
    consumers = List.of(
      bus.consumer(settings.address() + ".in", this::frames),
      bus.<JsonObject>consumer(settings.address() + ".status", m -> status(m.body())));
    Future<?> registered = Future.all(consumers.stream().map(MessageConsumer::completion).toList());
    return attached ? registered.onSuccess(v -> attach()) : registered;
  }

  @Override
  public Future<?> stop() {
    return Future.join(consumers.stream().map(MessageConsumer::unregister).toList());
  }

  // ---- from the input thread

  /**
   * A line read from the input: a command, or data to send (with {@code --hex}, the bytes its hex digits spell).
   * Waits while {@link #IN_FLIGHT} lines are unanswered.
   *
   * @return false after {@code :quit}: nothing more is read
   */
  boolean input(Buffer line) {
    if (line.length() > 0 && line.getByte(0) == ':') {
      if (line.length() < 2 || line.getByte(1) != ':') {
        String command = line.getString(1, line.length(), StandardCharsets.UTF_8.name());
        context.runOnContext(v -> command(command));
        return !command.strip().equals("quit");
      }
      line = line.slice(1, line.length());
    }
    Buffer payload;
    try {
      payload = format.payload(line);
    } catch (IllegalArgumentException e) {
      context.runOnContext(v -> {
        failures++;
        display.error(e.getMessage());
      });
      return true;
    }
    try {
      room.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    context.runOnContext(v -> send(payload));
    return true;
  }

  /** Standard input has ended. */
  void inputEnded() {
    context.runOnContext(v -> {
      inputEnded = true;
      inputEndedAt = System.nanoTime();
      settle();
    });
  }

  /** Ends the conversation with {@code code}. */
  void quit(int code) {
    context.runOnContext(v -> finish(code));
  }

  // ---- on the event loop

  private void send(Buffer payload) {
    pending++;
    cancelTimer();
    bus.request(settings.address() + ".out", payload, answerWithin()).onComplete(ar -> {
      pending--;
      room.release();
      if (ar.failed()) {
        failures++;
        display.error("not sent: " + describe(ar.cause(), ".out"));
      }
      settle();
    });
  }

  private void frames(Message<Object> m) {
    Object body = m.body();
    int shown = 0;
    if (body instanceof Buffer b) {
      List<Buffer> batch = settings.batches() || m.headers().contains(Frames.FRAMES_HEADER) ? batchOf(b, -1) : null;
      if (batch != null) {
        batch.forEach(display::frame);
        shown = batch.size();
      } else {
        display.frame(b);
        shown = 1;
      }
    }
    if (m.replyAddress() != null) {
      // delivery.mode request: the client waits for each frame to be taken; a null reply writes nothing
      m.reply(null);
    } else if (m.isSend() && shown > 0) {
      // delivery.mode credit: frames sent to one consumer, which gives back the credit they spent
      bus.send(settings.address() + ".credit", shown);
    }
    if (timer == Timer.QUIET) {
      arm(Timer.QUIET, settings.waitMs());
    }
  }

  private void status(JsonObject event) {
    String state = event.getString("state", "");
    String endpoint = event.getString("endpoint", "?");
    String cause = event.getString("cause");
    ConnectionState known = known(state);
    if (known == null) {
      display.notice(state.toLowerCase(Locale.ROOT).replace('_', ' ') + " " + endpoint);
      return;
    }
    switch (known) {
      case CONNECTING -> {
        if (!connecting) {
          connecting = true;
          display.notice("connecting to " + endpoint);
        }
      }
      case HANDSHAKING -> display.notice("handshaking with " + endpoint);
      case CONNECTED -> {
        connected = true;
        lastCause = null;
        display.notice("connected to " + endpoint);
      }
      case DISCONNECTED -> {
        connected = false;
        lastCause = cause;
        display.notice("disconnected from " + endpoint + (cause == null ? "" : ": " + cause));
        if (settings.exitOnClose() && Session.CLOSED_BY_SERVER.equals(cause)) {
          finish(code());
          return;
        }
        if (settings.piped() && inputEnded && pending == 0) {
          finish(code());
          return;
        }
      }
      case BACKING_OFF -> {
        boolean sameCause = cause == null || cause.equals(lastCause);
        lastCause = cause;
        display.notice("reconnecting in " + StatusLine.delay(event.getLong("delayMs", 0L))
          + (sameCause ? "" : ": " + cause));
      }
      case GAVE_UP -> {
        connected = false;
        display.notice("gave up on " + endpoint + " after " + event.getInteger("attempt", 0) + " attempts"
          + (cause == null ? "" : ": " + cause) + (settings.piped() ? "" : " (:reconnect tries again)"));
        if (settings.piped()) {
          finish(EXIT_FAILED);
          return;
        }
      }
      case CLOSED -> {
        display.notice((connected ? "closed the connection to " : "stopped connecting to ") + endpoint);
        connected = false;
      }
      default -> display.notice(state.toLowerCase(Locale.ROOT).replace('_', ' ') + " " + endpoint
        + (event.getString("owner") == null ? "" : " (owner " + event.getString("owner") + ")"));
    }
    settle();
  }

  private static ConnectionState known(String state) {
    for (ConnectionState s : ConnectionState.values()) {
      if (s.name().equals(state)) {
        return s;
      }
    }
    return null;
  }

  /** {@code --attach}: the client's state now, since its status events only tell what changes. */
  private void attach() {
    bus.<JsonObject>request(settings.address() + ".stats", "", answerWithin()).onComplete(ar -> {
      if (ar.succeeded()) {
        connected = ConnectionState.CONNECTED.name().equals(ar.result().body().getString("state"));
        display.notice("attached to " + settings.address() + ": "
          + StatusLine.of(ar.result().body(), System.currentTimeMillis()));
      } else {
        display.notice("attached to " + settings.address() + ": " + describe(ar.cause(), ".stats")
          + "; waiting for its status");
      }
      settle();
    });
  }

  /** A command: its name, then after one space its argument, as typed ({@code :request} sends it as it is). */
  private void command(String command) {
    String line = command.stripLeading();
    int space = line.indexOf(' ');
    String name = space < 0 ? line.stripTrailing() : line.substring(0, space);
    String arg = space < 0 ? "" : line.substring(space + 1);
    if (ACTIONS.contains(name)) {
      control(name);
      return;
    }
    switch (name) {
      case "stats" -> stats(arg.trim().equals("json"));
      case "request" -> request(arg);
      case "quit" -> finish(code());
      case "help" -> display.info(HELP);
      default -> display.error("unknown command :" + name + " (:help lists the commands; '::' sends a line that"
        + " starts with ':')");
    }
  }

  private void stats(boolean json) {
    bus.<JsonObject>request(settings.address() + ".stats", "", answerWithin()).onComplete(ar -> {
      if (ar.failed()) {
        display.error(":stats: " + describe(ar.cause(), ".stats"));
      } else {
        display.info(json ? ar.result().body().encodePrettily()
          : StatusLine.of(ar.result().body(), System.currentTimeMillis()));
      }
    });
  }

  private void control(String action) {
    bus.<JsonObject>request(settings.address() + ".control", new JsonObject().put("action", action), answerWithin())
      .onComplete(ar -> {
        if (ar.failed()) {
          display.error(":" + action + ": " + describe(ar.cause(), ".control"));
        } else {
          display.info(action + ": " + StatusLine.of(ar.result().body(), System.currentTimeMillis()));
        }
      });
  }

  /**
   * {@code :request TEXT}: TEXT (hex with {@code --hex}) to {@code <address>.request}, and the answer's frames shown
   * as received frames are. Without a consumer of that address, says that requests are not available.
   */
  private void request(String text) {
    Buffer payload;
    try {
      payload = format.payload(Buffer.buffer(text));
    } catch (IllegalArgumentException e) {
      display.error(":request: " + e.getMessage());
      return;
    }
    pending++;
    cancelTimer();
    bus.request(settings.address() + ".request", payload, answerWithin()).onComplete(ar -> {
      pending--;
      if (ar.succeeded()) {
        answer(ar.result());
      } else if (ar.cause() instanceof ReplyException r && r.failureType() == ReplyFailure.NO_HANDLERS) {
        failures++;
        display.error(":request is not available: nothing consumes " + settings.address() + ".request (this client"
          + " takes no requests); type the line alone to send it");
      } else {
        failures++;
        display.error(":request: " + describe(ar.cause(), ".request"));
      }
      settle();
    });
  }

  /** An answer spans the frames its {@code frames} header counts: a batch, or in line mode joined by the delimiter. */
  private void answer(Message<Object> reply) {
    if (!(reply.body() instanceof Buffer body)) {
      display.info(String.valueOf(reply.body()));
      return;
    }
    String header = reply.headers().get(Frames.FRAMES_HEADER);
    int frames = header == null ? 1 : parseCount(header);
    List<Buffer> batch = batchOf(body, frames);
    if (batch != null) {
      batch.forEach(display::frame);
    } else if (frames > 1 && settings.delimiter() != null && !format.hex()) {
      String text = body.toString(StandardCharsets.UTF_8);
      for (String part : text.split(java.util.regex.Pattern.quote(settings.delimiter()), -1)) {
        display.frame(Buffer.buffer(part));
      }
    } else {
      display.frame(body);
    }
  }

  private static int parseCount(String header) {
    try {
      return Integer.parseInt(header.trim());
    } catch (NumberFormatException e) {
      return 1;
    }
  }

  /** The frames of {@code body} when it is a batch of exactly {@code frames} frames (-1: any number), else null. */
  private static List<Buffer> batchOf(Buffer body, int frames) {
    try {
      List<Buffer> split = Frames.split(body);
      return frames < 0 || split.size() == frames ? split : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  // ---- the end

  /** Piped: once input has ended and nothing is unanswered, waits for quiet, or for a connection first. */
  private void settle() {
    if (!settings.piped() || !inputEnded || finished) {
      return;
    }
    if (pending > 0) {
      cancelTimer();
    } else if (connected) {
      if (timer != Timer.QUIET) {
        arm(Timer.QUIET, settings.waitMs());
      }
    } else if (timer != Timer.CONNECT) {
      // from the end of input, however long the last lines took to fail
      long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - inputEndedAt);
      arm(Timer.CONNECT, settings.connectWaitMs() - waited);
    }
  }

  private void arm(Timer kind, long ms) {
    cancelTimer();
    timer = kind;
    timerId = vertx.setTimer(Math.max(1, ms), id -> {
      timer = Timer.NONE;
      timerId = -1;
      if (kind == Timer.QUIET) {
        finish(code());
      } else {
        display.error("no connection within " + settings.connectWaitMs() + " ms of the end of input");
        finish(EXIT_FAILED);
      }
    });
  }

  private void cancelTimer() {
    if (timerId != -1) {
      vertx.cancelTimer(timerId);
      timerId = -1;
    }
    timer = Timer.NONE;
  }

  private int code() {
    return failures > 0 ? EXIT_FAILED : EXIT_OK;
  }

  private void finish(int code) {
    if (finished) {
      return;
    }
    finished = true;
    cancelTimer();
    exit.complete(code);
  }

  private static DeliveryOptions answerWithin() {
    return new DeliveryOptions().setSendTimeout(ANSWER_TIMEOUT_MS);
  }

  /** A failed answer in a few words: the client's own message, or what the event bus says. */
  private String describe(Throwable t, String suffix) {
    if (t instanceof ReplyException r) {
      switch (r.failureType()) {
        case NO_HANDLERS:
          return "no client on " + settings.address() + suffix;
        case TIMEOUT:
          return "no answer from " + settings.address() + suffix + " within " + ANSWER_TIMEOUT_MS / 1000 + " s";
        default:
          return r.getMessage();
      }
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }
}
