package io.tether.impl.connection;

import io.tether.ConnectionState;
import io.tether.Endpoint;
import io.vertx.core.json.JsonObject;

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

  /** The client's part of the stats snapshot: its state, its connection now, and these counters. */
  JsonObject toJson(ConnectionState state, Endpoint endpoint, Connection connection, boolean paused) {
    Inbound in = connection == null ? null : connection.inbound();
    return new JsonObject()
      .put("state", state == null ? null : state.name())
      .put("endpoint", endpoint.toString())
      .put("connection", connection == null ? null : connection.id())
      .put("connectedSince", connection == null ? null : connection.connectedSince())
      .put("connects", connects)
      .put("reconnects", Math.max(0, connects - 1))
      .put("framesIn", framesIn)
      .put("bytesIn", bytesIn)
      .put("paused", paused)
      .put("windowFull", in != null && in.windowFull())
      .put("unanswered", in == null ? 0 : in.unanswered())
      .put("deliveryFailures", deliveryFailures)
      .put("heartbeatTimeouts", heartbeatTimeouts)
      .put("lastRttMs", lastRttMs())
      .put("meanRttMs", meanRttMs())
      .put("maxRttMs", maxRttMs())
      .put("rttSamples", rttSamples);
  }
}
