package io.tether;

/**
 * An expected failure of Tether: a refused or dropped connection, a frame that breaks the framing rules.
 * It carries a short message meant for logs and status events, and no stack trace of interest.
 */
public class TetherException extends RuntimeException {

  public TetherException(String message) {
    super(message, null, false, false);
  }

  public TetherException(String message, Throwable cause) {
    super(message, cause, false, false);
  }
}
