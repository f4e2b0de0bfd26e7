package io.tether.impl.connection;

import io.tether.AnswerReader;
import io.tether.Frames;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A message of {@code <address>.request} on its way: what ends its answer (a reader, a frame count, a pattern, or
 * one frame), how long it may wait once written, its id in {@code id} matching, and the frames of its answer so far.
 */
final class Request {

  final Message<?> message;
  final Buffer payload;
  final long timeoutMs;
  final Pattern replyEnd;
  final int replyFrames;
  final AnswerReader reader;
  /** The id found in the request's bytes by {@code request.id}; null in {@code fifo} matching. */
  final String id;

  long writtenNanos;
  /** When its time is up ({@link System#nanoTime()}); 0 until written. */
  long deadlineNanos;
  /** Written or being written on the connection, and not yet answered or failed. */
  boolean waiting;
  private final List<Buffer> frames = new ArrayList<>(1);

  Request(Message<?> message, Buffer payload, long timeoutMs, Pattern replyEnd, int replyFrames, AnswerReader reader,
          String id) {
    this.message = message;
    this.payload = payload;
    this.timeoutMs = timeoutMs;
    this.replyEnd = replyEnd;
    this.replyFrames = replyFrames;
    this.reader = reader;
    this.id = id;
  }

  /**
   * Takes one frame of the answer (a copy: the answer may span reads).
   *
   * @param delimiter the bytes framing removed after the frame, for a reader that counts bytes
   * @return true when it ends the answer
   * @throws IllegalArgumentException from the reader, when the frame cannot be part of an answer
   */
  boolean take(Buffer buf, int from, int to, int delimiter) {
    Buffer frame = buf.getBuffer(from, to);
    frames.add(frame);
    if (reader != null) {
      return reader.take(frame, delimiter);
    }
    if (replyFrames > 0) {
      return frames.size() >= replyFrames;
    }
    return replyEnd == null || replyEnd.matcher(frame.toString()).find();
  }

  /** The frames taken so far. */
  int frames() {
    return frames.size();
  }

  /**
   * The answer's body: one frame as it is; several joined with {@code lineDelimiter} in line framing, else as a
   * {@link Frames} batch.
   */
  Buffer body(byte[] lineDelimiter) {
    if (frames.size() == 1) {
      return frames.get(0);
    }
    if (lineDelimiter == null) {
      return Frames.batch(frames);
    }
    Buffer out = Buffer.buffer();
    for (int i = 0; i < frames.size(); i++) {
      if (i > 0) {
        out.appendBytes(lineDelimiter);
      }
      out.appendBuffer(frames.get(i));
    }
    return out;
  }
}
