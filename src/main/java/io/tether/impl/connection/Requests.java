package io.tether.impl.connection;

import io.tether.AnswerReader;
import io.tether.RequestMatch;
import io.tether.RequestOptions;
import io.tether.TetherConfigException;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Makes a {@link Request} of a message to {@code <address>.request}: the {@code request} group's settings, each of
 * which a header of the message may override for it — {@code timeout} (ms), {@code replyEnd} (a regular expression),
 * {@code replyFrames} (the answer is exactly this many frames).
 */
final class Requests {

  static final String TIMEOUT_HEADER = "timeout";
  static final String REPLY_END_HEADER = "replyEnd";
  static final String REPLY_FRAMES_HEADER = "replyFrames";

  /** A request that cannot be made: why. */
  static final class Refused extends Exception {
    Refused(String why) {
      super(why, null, false, false);
    }
  }

  private final RequestOptions options;
  private final Pattern replyEnd;
  private final java.lang.reflect.Constructor<? extends AnswerReader> reader;
  private final Pattern id;

  Requests(RequestOptions options) {
    this.options = options;
    this.replyEnd = options.replyEnd() == null ? null : Pattern.compile(options.replyEnd());
    Class<? extends AnswerReader> c = readerClass(options.answer());
    try {
      this.reader = c == null ? null : c.getConstructor();
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException(e);
    }
    this.id = options.match() == RequestMatch.ID ? Pattern.compile(options.id()) : null;
  }

  /**
   * The class named by {@code request.answer}, checked once.
   *
   * @throws TetherConfigException when it is missing or no {@link AnswerReader} with a public no-argument constructor
   */
  static Class<? extends AnswerReader> readerClass(String name) {
    if (name == null) {
      return null;
    }
    try {
      Class<?> c = Class.forName(name, true, Thread.currentThread().getContextClassLoader() != null
        ? Thread.currentThread().getContextClassLoader() : Requests.class.getClassLoader());
      if (!AnswerReader.class.isAssignableFrom(c)) {
        throw new TetherConfigException("request.answer", "request.answer: " + name + " is not an io.tether.AnswerReader");
      }
      c.getConstructor().newInstance();
      return c.asSubclass(AnswerReader.class);
    } catch (ClassNotFoundException e) {
      throw new TetherConfigException("request.answer", "request.answer: no class " + name
        + " on the classpath (with run.sh: --cp)");
    } catch (ReflectiveOperationException | RuntimeException e) {
      if (e instanceof TetherConfigException) {
        throw (TetherConfigException) e;
      }
      throw new TetherConfigException("request.answer", "request.answer: " + name
        + " needs a public constructor without arguments (" + e + ")");
    }
  }

  /**
   * The request for {@code msg}, whose bytes are {@code payload}.
   *
   * @throws Refused with the reason for a {@code BAD_BODY} failure
   */
  Request make(Message<?> msg, Buffer payload) throws Refused {
    MultiMap h = msg.headers();
    long timeout = options.timeout();
    Pattern end = replyEnd;
    int frames = 0;
    if (!h.isEmpty()) {
      String t = h.get(TIMEOUT_HEADER);
      if (t != null) {
        timeout = whole(TIMEOUT_HEADER, t, 1);
      }
      String e = h.get(REPLY_END_HEADER);
      if (e != null) {
        try {
          end = Pattern.compile(e);
        } catch (PatternSyntaxException x) {
          throw new Refused("the replyEnd header is no regular expression (" + x.getDescription() + "): \"" + e + "\"");
        }
      }
      String f = h.get(REPLY_FRAMES_HEADER);
      if (f != null) {
        frames = (int) Math.min(Integer.MAX_VALUE, whole(REPLY_FRAMES_HEADER, f, 1));
      }
    }
    String key = null;
    if (id != null) {
      java.util.regex.Matcher m = id.matcher(payload.toString());
      if (!m.find() || m.group(1) == null) {
        throw new Refused("request.id (" + id.pattern() + ") finds no id in the request");
      }
      key = m.group(1);
    }
    return new Request(msg, payload, timeout, end, frames, newReader(), key);
  }

  private AnswerReader newReader() {
    if (reader == null) {
      return null;
    }
    try {
      return reader.newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot make a " + reader.getDeclaringClass().getName(), e);
    }
  }

  private static long whole(String header, String value, long min) throws Refused {
    try {
      long v = Long.parseLong(value.trim());
      if (v >= min) {
        return v;
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw new Refused("the " + header + " header must be a whole number >= " + min + ", got \"" + value + "\"");
  }
}
