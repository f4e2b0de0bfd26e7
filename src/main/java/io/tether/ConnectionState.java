package io.tether;

/**
 * The states of a {@link ClientVerticle}'s connection, as published on {@code <address>.status}.
 * <pre>
 * CONNECTING -&gt; [HANDSHAKING -&gt;] CONNECTED -&gt; (drop) DISCONNECTED -&gt; BACKING_OFF -&gt; CONNECTING ...
 * CONNECTING -&gt; (failed connect) BACKING_OFF
 * HANDSHAKING -&gt; (a step failed) DISCONNECTED -&gt; BACKING_OFF
 * BACKING_OFF -&gt; GAVE_UP after reconnect.maxAttempts
 * any -&gt; CLOSED when stopped on purpose
 * STANDBY (singleton) -&gt; CONNECTING when this node takes the connection over; the owner that loses its lease:
 *   DISCONNECTED -&gt; STANDBY
 * </pre>
 * {@code HANDSHAKING} comes only with {@code handshake} steps: the socket is open, the steps run, and nothing of
 * the outbox is written yet. {@code STANDBY} is a {@code singleton} client that waits while another node holds the
 * connection; its status events name that node as {@code owner}.
 */
public enum ConnectionState {
  CONNECTING,
  HANDSHAKING,
  CONNECTED,
  DISCONNECTED,
  BACKING_OFF,
  GAVE_UP,
  CLOSED,
  STANDBY
}
