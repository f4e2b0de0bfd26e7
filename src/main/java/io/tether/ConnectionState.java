package io.tether;

/**
 * The states of a {@link ClientVerticle}'s connection, as published on {@code <address>.status}.
 * <pre>
 * CONNECTING -&gt; [HANDSHAKING -&gt;] CONNECTED -&gt; (drop) DISCONNECTED -&gt; BACKING_OFF -&gt; CONNECTING ...
 * CONNECTING -&gt; (failed connect) BACKING_OFF
 * HANDSHAKING -&gt; (a step failed) DISCONNECTED -&gt; BACKING_OFF
 * BACKING_OFF -&gt; GAVE_UP after reconnect.maxAttempts
 * any -&gt; CLOSED when stopped on purpose
 * </pre>
 * {@code HANDSHAKING} comes only with {@code handshake} steps: the socket is open, the steps run, and nothing of
 * the outbox is written yet.
 */
public enum ConnectionState {
  CONNECTING,
  HANDSHAKING,
  CONNECTED,
  DISCONNECTED,
  BACKING_OFF,
  GAVE_UP,
  CLOSED
}
