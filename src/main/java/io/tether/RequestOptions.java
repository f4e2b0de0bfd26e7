package io.tether;

import io.tether.impl.config.Keys;
import io.vertx.core.json.JsonObject;

/**
 * The {@code request} group: how {@code <address>.request} finds the server's answer to each request, and how long
 * it waits for it.
 */
public class RequestOptions extends OptionGroup {

  public static final RequestMatch DEFAULT_MATCH = RequestMatch.FIFO;
  public static final String DEFAULT_ID = null;
  public static final String DEFAULT_REPLY_END = null;
  public static final String DEFAULT_ANSWER = null;
  public static final long DEFAULT_TIMEOUT = 5000;
  public static final int DEFAULT_MAX_IN_FLIGHT = 256;
  public static final boolean DEFAULT_LOG = false;

  private RequestMatch match = DEFAULT_MATCH;
  private String id = DEFAULT_ID;
  private String replyEnd = DEFAULT_REPLY_END;
  private String answer = DEFAULT_ANSWER;
  private long timeout = DEFAULT_TIMEOUT;
  private int maxInFlight = DEFAULT_MAX_IN_FLIGHT;
  private boolean log = DEFAULT_LOG;

  /** The defaults. */
  public RequestOptions() {
  }

  /** A copy. */
  public RequestOptions(RequestOptions other) {
    Keys.REQUEST.copy(other, this);
  }

  /**
   * The defaults overridden by {@code json}, the group's own object ({@code {"timeout": 500}}), read strictly.
   *
   * @throws TetherConfigException on an unknown key, a wrong type or a value out of range
   */
  public RequestOptions(JsonObject json) {
    Keys.REQUEST.read(json, this);
  }

  @Override
  JsonObject json(boolean masked) {
    return Keys.REQUEST.write(this, masked);
  }

  /** {@code request.match}: answers in the order of the requests ({@code fifo}) or by {@code request.id}. */
  public RequestMatch match() {
    return match;
  }

  public RequestOptions setMatch(RequestMatch match) {
    this.match = Keys.REQUEST_MATCH.check(match);
    return this;
  }

  /** {@code request.id}: a regular expression with one group, found in a request and in its answer's first frame. */
  public String id() {
    return id;
  }

  public RequestOptions setId(String id) {
    this.id = Keys.REQUEST_ID.check(id);
    return this;
  }

  /** {@code request.replyEnd}: an answer ends with the first frame this finds; null: an answer is one frame. */
  public String replyEnd() {
    return replyEnd;
  }

  public RequestOptions setReplyEnd(String replyEnd) {
    this.replyEnd = Keys.REQUEST_REPLY_END.check(replyEnd);
    return this;
  }

  /** {@code request.answer}: the class of an {@link AnswerReader} that tells where an answer ends; null for none. */
  public String answer() {
    return answer;
  }

  public RequestOptions setAnswer(String answer) {
    this.answer = Keys.REQUEST_ANSWER.check(answer);
    return this;
  }

  /** {@code request.timeout}: ms from a request's write to the end of its answer. */
  public long timeout() {
    return timeout;
  }

  public RequestOptions setTimeout(long timeout) {
    this.timeout = Keys.REQUEST_TIMEOUT.check(timeout);
    return this;
  }

  /** {@code request.maxInFlight}: requests written and not yet answered; more wait in the outbox. */
  public int maxInFlight() {
    return maxInFlight;
  }

  public RequestOptions setMaxInFlight(int maxInFlight) {
    this.maxInFlight = Keys.REQUEST_MAX_IN_FLIGHT.check(maxInFlight);
    return this;
  }

  /**
   * {@code request.log}: each request, once answered or failed, is published with its answer on
   * {@code <address>.requests}, for the {@link LoggerVerticle} and other watchers (a publish per request: off by
   * default).
   */
  public boolean log() {
    return log;
  }

  public RequestOptions setLog(boolean log) {
    this.log = Keys.REQUEST_LOG.check(log);
    return this;
  }
}
