package io.tether.impl.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.vertx.core.json.DecodeException;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

/**
 * What went wrong reading a config file, in a few words on one line: {@code no such file}, or where a syntax error is
 * and what the parser expected: {@code line 4, column 2: expected <block end>, but found '<block mapping start>'
 * (while parsing a block mapping from line 1, column 1)}.
 * <p>
 * The parsers' own messages span several lines and put the position last, so that their first line, the one a
 * one-line error keeps, says only what the parser was doing ({@code while parsing a block mapping}).
 */
public final class FileProblem {

  private FileProblem() {
  }

  /** The problem that {@code err}, or one of its causes, describes. */
  public static String describe(Throwable err) {
    for (Throwable t = err; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof NoSuchFileException) {
        return "no such file";
      }
      if (t instanceof AccessDeniedException) {
        return "permission denied";
      }
      if (t instanceof MarkedYAMLException) {
        return yaml((MarkedYAMLException) t);
      }
      if (t instanceof JsonProcessingException) {
        return json((JsonProcessingException) t);
      }
      if (t instanceof DecodeException && !(t.getCause() instanceof JsonProcessingException)) {
        // vertx-config decodes a JSON file that parses but is no object (a list, nothing) without a cause
        return "not a JSON object";
      }
    }
    return firstLine(deepest(err));
  }

  private static String yaml(MarkedYAMLException e) {
    String problem = e.getProblem() == null ? firstLine(e) : oneLine(e.getProblem());
    StringBuilder b = new StringBuilder(at(e.getProblemMark())).append(problem);
    if (e.getContext() != null) {
      b.append(" (").append(oneLine(e.getContext()));
      if (e.getContextMark() != null && !sameLine(e.getContextMark(), e.getProblemMark())) {
        b.append(" from ").append(position(e.getContextMark()));
      }
      b.append(')');
    }
    return b.toString();
  }

  private static String json(JsonProcessingException e) {
    JsonLocation where = e.getLocation();
    String position = where == null || where.getLineNr() < 1 ? ""
      : "line " + where.getLineNr() + ", column " + where.getColumnNr() + ": ";
    return position + oneLine(e.getOriginalMessage());
  }

  private static String at(Mark mark) {
    return mark == null ? "" : position(mark) + ": ";
  }

  private static String position(Mark mark) {
    return "line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
  }

  private static boolean sameLine(Mark a, Mark b) {
    return b != null && a.getLine() == b.getLine();
  }

  private static Throwable deepest(Throwable err) {
    Throwable t = err;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }

  private static String firstLine(Throwable t) {
    return oneLine(t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage());
  }

  private static String oneLine(String m) {
    int nl = m.indexOf('\n');
    return (nl < 0 ? m : m.substring(0, nl)).trim();
  }
}
