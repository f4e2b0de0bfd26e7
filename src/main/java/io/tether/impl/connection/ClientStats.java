package io.tether.impl.connection;

/**
 * The counters of one client, across its connections, on its event loop: what the stats snapshot, the meters and
 * the logger read. The way out keeps its own counts ({@link Outbound}).
 */
public final class ClientStats {

  long connects;
  long framesIn;
  long bytesIn;
  long heartbeatTimeouts;
  long deliveryFailures;
  Double lastRttMs;
  double maxRttMs;
  double sumRttMs;
  long rttSamples;

  /** Records a round-trip time in ms, rounded to µs. */
  void recordRtt(double ms) {
    lastRttMs = Math.round(ms * 1000) / 1000.0;
    maxRttMs = Math.max(maxRttMs, lastRttMs);
    sumRttMs += lastRttMs;
    rttSamples++;
  }

  public long connects() {
    return connects;
  }

  public long framesIn() {
    return framesIn;
  }

  public long bytesIn() {
    return bytesIn;
  }

  public long heartbeatTimeouts() {
    return heartbeatTimeouts;
  }

  public long deliveryFailures() {
    return deliveryFailures;
  }

  /** The last round-trip time in ms, or null before the first. */
  public Double lastRttMs() {
    return lastRttMs;
  }

  /** The mean round-trip time in ms, or null before the first. */
  public Double meanRttMs() {
    return rttSamples == 0 ? null : Math.round(sumRttMs / rttSamples * 1000) / 1000.0;
  }

  /** The longest round-trip time in ms, or null before the first. */
  public Double maxRttMs() {
    return rttSamples == 0 ? null : maxRttMs;
  }

  public long rttSamples() {
    return rttSamples;
  }
}
