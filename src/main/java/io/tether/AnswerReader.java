package io.tether;

import io.vertx.core.buffer.Buffer;

/**
 * Tells where the answer to a request ends, for protocols no regular expression describes: an answer whose header
 * gives the length of the data that follows (memcached's {@code VALUE k 0 5}, RESP's {@code $5}), whose data may
 * itself look like an end line.
 * <p>
 * Name the class in {@code request.answer}; it needs a public no-argument constructor. Tether makes one reader per
 * request and hands it the frames of the answer in order, on the client's event loop, until it says the answer is
 * complete. In {@code line} framing a frame is one line without its delimiter; {@link #delimiter} says how long the
 * delimiter is, so that a reader that counts bytes can count the ones framing took away.
 */
public interface AnswerReader {

  /**
   * Takes the next frame of the answer.
   *
   * @param frame     the frame's payload
   * @param delimiter the bytes framing removed after it ({@code 2} for {@code \r\n} lines, 0 in other modes)
   * @return true when this frame ends the answer
   * @throws IllegalArgumentException when the frame cannot be part of an answer: the connection is then out of step
   *                                  and is closed, and the request fails with {@code CONNECTION_LOST}
   */
  boolean take(Buffer frame, int delimiter);
}
