package io.tether;

/**
 * The states of a {@link ClientVerticle}'s connection, as published on {@code <address>.status}.
 * <pre>
 * CONNECTING -&gt; CONNECTED -&gt; (drop) DISCONNECTED -&gt; BACKING_OFF -&gt; CONNECTING ...
 * CONNECTING -&gt; (failed connect) BACKING_OFF
 * BACKING_OFF -&gt; GAVE_UP after reconnect.maxAttempts
 * any -&gt; CLOSED when stopped on purpose
 * </pre>
 */
public enum ConnectionState {
  CONNECTING,
  CONNECTED,
  DISCONNECTED,
  BACKING_OFF,
  GAVE_UP,
  CLOSED
}
