package io.tether;

import io.vertx.core.eventbus.ReplyException;

/**
 * The failure codes of replies to {@code <address>.out} and {@code <address>.request}: {@link ReplyException#failureCode()} is {@link #code()},
 * and the message starts with {@link #name()}. These are part of Tether's contract and never change.
 */
public enum FailureCode {
  /** Disconnected and the outbox is at capacity. */
  OUTBOX_FULL(1),
  /** The framed message would exceed {@code framing.maxFrameSize}. */
  FRAME_TOO_LARGE(2),
  /** A null body, a body type Tether does not take, or a body that cannot be framed. */
  BAD_BODY(3),
  /** It waited in the outbox longer than its time to live. */
  EXPIRED(4),
  /** Pushed out of a full outbox by a newer message. */
  DROPPED(5),
  /** The client gave up, was closed or undeployed before writing it. */
  CLOSED(6),
  /** The connection failed while it was being written. */
  WRITE_FAILED(7),
  /** A request of {@code <address>.request} got no (whole) answer within its timeout. */
  TIMEOUT(8),
  /** The connection ended after a request was written and before its answer; it is never sent again. */
  CONNECTION_LOST(9);

  private final int code;

  FailureCode(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  /** The failure code of a reply, or {@code null} when the code is not one of Tether's. */
  public static FailureCode of(int code) {
    for (FailureCode c : values()) {
      if (c.code == code) {
        return c;
      }
    }
    return null;
  }

  /** The reply message for this code: its name, a colon, and the detail. */
  public String message(String detail) {
    return name() + ": " + detail;
  }
}
