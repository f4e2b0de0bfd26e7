package io.tether;

import io.vertx.core.json.JsonObject;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One entry of {@code answers}: an inbound frame that {@code match} finds is answered at once with {@code reply},
 * where {@code $1}, {@code $2} ... are the groups of the match and {@code $$} is a dollar sign. The frame is still
 * published. The IRC server's ping: {@code {"match": "^PING (.*)$", "reply": "PONG $1"}}.
 */
public final class AnswerRule {

  private final Pattern match;
  private final String reply;

  public AnswerRule(String match, String reply) {
    this.match = Pattern.compile(Objects.requireNonNull(match, "match"));
    this.reply = Objects.requireNonNull(reply, "reply");
    int groups = this.match.matcher("").groupCount();
    for (int i = 0; i < reply.length() - 1; i++) {
      if (reply.charAt(i) == '$' && Character.isDigit(reply.charAt(i + 1)) && reply.charAt(i + 1) - '0' > groups) {
        throw new IllegalArgumentException("\"" + reply + "\" uses $" + reply.charAt(i + 1) + " but \"" + match
          + "\" has " + groups + " group" + (groups == 1 ? "" : "s"));
      }
      if (reply.charAt(i) == '$') {
        i++;
      }
    }
  }

  /**
   * An entry as a config file gives it; {@code where} names it in an error ({@code answers[0]}).
   *
   * @throws TetherConfigException when it is not {@code {"match": REGEX, "reply": TEMPLATE}}
   */
  public static AnswerRule parse(String where, Object raw) {
    String expected = "{\"match\": REGEX, \"reply\": TEXT}";
    if (!(raw instanceof JsonObject)) {
      throw TetherConfigException.expected(where, expected, raw);
    }
    JsonObject o = (JsonObject) raw;
    for (String field : o.fieldNames()) {
      if (!field.equals("match") && !field.equals("reply")) {
        throw new TetherConfigException(where, where + "." + field + ": unknown key; an answer has match and reply");
      }
    }
    Object match = o.getValue("match");
    Object reply = o.getValue("reply");
    if (!(match instanceof String) || ((String) match).isEmpty()) {
      throw TetherConfigException.expected(where + ".match", "a regular expression", match);
    }
    if (!(reply instanceof String)) {
      throw TetherConfigException.expected(where + ".reply", "a string, with $1, $2 ... for the groups", reply);
    }
    try {
      return new AnswerRule((String) match, (String) reply);
    } catch (PatternSyntaxException e) {
      throw TetherConfigException.expected(where + ".match", "a regular expression (" + e.getDescription() + ")",
        match);
    } catch (IllegalArgumentException e) {
      throw new TetherConfigException(where + ".reply", where + ".reply: " + e.getMessage());
    }
  }

  public String match() {
    return match.pattern();
  }

  public String reply() {
    return reply;
  }

  /** The reply to {@code frame}, or null when this rule does not match it. */
  public String answer(CharSequence frame) {
    Matcher m = match.matcher(frame);
    if (!m.find()) {
      return null;
    }
    StringBuilder out = new StringBuilder(reply.length() + 16);
    for (int i = 0; i < reply.length(); i++) {
      char c = reply.charAt(i);
      if (c == '$' && i + 1 < reply.length()) {
        char n = reply.charAt(i + 1);
        if (Character.isDigit(n)) {
          String g = m.group(n - '0');
          out.append(g == null ? "" : g);
          i++;
          continue;
        }
        if (n == '$') {
          out.append('$');
          i++;
          continue;
        }
      }
      out.append(c);
    }
    return out.toString();
  }

  public JsonObject toJson() {
    return new JsonObject().put("match", match.pattern()).put("reply", reply);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AnswerRule && ((AnswerRule) o).toJson().equals(toJson());
  }

  @Override
  public int hashCode() {
    return toJson().hashCode();
  }

  @Override
  public String toString() {
    return toJson().encode();
  }
}
