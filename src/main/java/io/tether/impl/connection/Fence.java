package io.tether.impl.connection;

/**
 * Whether a client may write to its server now. A {@code singleton} client writes under a lease that may lapse
 * while it is paused or cut off from its cluster: the way out asks before every write, so that nothing more is
 * written once the lease is gone, whatever a timer would have noticed.
 */
@FunctionalInterface
public interface Fence {

  /** A client of its own: always writable. */
  Fence OPEN = () -> true;

  /** True while writing is allowed; once false, it stays false for this connection. */
  boolean writable();
}
