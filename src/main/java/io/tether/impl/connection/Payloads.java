package io.tether.impl.connection;

import io.tether.Frames;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The bytes of a message body: a {@code Buffer}, a {@code String} (UTF-8) or a {@code JsonObject}, or a batch. */
final class Payloads {

  private Payloads() {
  }

  /** The bytes of a single body, or null for a type Tether does not take. */
  static Buffer of(Object body) {
    if (body instanceof Buffer) {
      return (Buffer) body;
    }
    if (body instanceof String) {
      return Buffer.buffer((String) body);
    }
    if (body instanceof JsonObject) {
      return ((JsonObject) body).toBuffer();
    }
    return null;
  }

  /**
   * The frames of a batch ({@code JsonArray}, or a {@link Frames} buffer with the frames header), else null; a list
   * holding null when it is a batch whose elements cannot be taken.
   */
  static List<Buffer> batchParts(Message<Object> msg) {
    Object body = msg.body();
    if (body instanceof JsonArray) {
      List<Buffer> parts = new ArrayList<>();
      for (Object o : (JsonArray) body) {
        // a Buffer in a JsonArray reaches a consumer as base64 text: only text and objects are taken
        parts.add(o instanceof String || o instanceof JsonObject ? of(o) : null);
      }
      return parts;
    }
    if (body instanceof Buffer && msg.headers().contains(Frames.FRAMES_HEADER)) {
      try {
        return Frames.split((Buffer) body);
      } catch (IllegalArgumentException e) {
        return Collections.singletonList(null);
      }
    }
    return null;
  }
}
