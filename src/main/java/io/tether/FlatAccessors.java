package io.tether;

import java.util.List;

/**
 * The flat getters and setters {@link TetherOptions} had before its keys moved into groups, each a delegate to its
 * group: {@code getPingInterval()} is {@code ping().interval()}. They are kept, deprecated, while callers move to the
 * groups; once none is left this class goes, and {@code TetherOptions} extends nothing.
 */
abstract class FlatAccessors {

  FlatAccessors() {
  }

  private TetherOptions self() {
    return (TetherOptions) this;
  }

  /** @deprecated use {@code ping().interval()} */
  @Deprecated(forRemoval = true)
  public long getPingInterval() { return self().ping().interval(); }
  /** @deprecated use {@code ping().setInterval(...)} */
  @Deprecated(forRemoval = true)
  public TetherOptions setPingInterval(long value) { self().ping().setInterval(value); return self(); }

  /** @deprecated use {@code ping().payload()} */
  @Deprecated(forRemoval = true)
  public String getPingPayload() { return self().ping().payload(); }
  /** @deprecated use {@code ping().setPayload(...)} */
  @Deprecated(forRemoval = true)
  public TetherOptions setPingPayload(String value) { self().ping().setPayload(value); return self(); }

  /** @deprecated use {@code ping().expect()} */
  @Deprecated(forRemoval = true)
  public String getPingExpect() { return self().ping().expect(); }
  /** @deprecated use {@code ping().setExpect(...)} */
  @Deprecated(forRemoval = true)
  public TetherOptions setPingExpect(String value) { self().ping().setExpect(value); return self(); }

  /** @deprecated use {@code heartbeat().timeout()} */
  @Deprecated(forRemoval = true)
  public long getHeartbeatTimeout() { return self().heartbeat().timeout(); }
  /** @deprecated use {@code heartbeat().setTimeout(...)} */
  @Deprecated(forRemoval = true)
  public TetherOptions setHeartbeatTimeout(long value) { self().heartbeat().setTimeout(value); return self(); }

  /** @deprecated use {@code reconnect().initialDelay()} */
  @Deprecated(forRemoval = true)
  public long getReconnectInitialDelay() { return self().reconnect().initialDelay(); }
  /** @deprecated use {@code reconnect().setInitialDelay(...)} */
  @Deprecated(forRemoval = true)
  public TetherOptions setReconnectInitialDelay(long value) { self().reconnect().setInitialDelay(value); return self(); }

  /** @deprecated use {@code reconnect().maxDelay()} */
  @Deprecated(forRemoval = true)
  public long getReconnectMaxDelay() { return self().reconnect().maxDelay(); }
  /** @deprecated use {@code reconnect().setMaxDelay(...)} */
  @Deprecated(forRemoval = true)
  public TetherOptions setReconnectMaxDelay(long value) { self().reconnect().setMaxDelay(value); return self(); }

  /** @deprecated use {@code reconnect().multiplier()} */
  @Deprecated(forRemoval = true)
  public double getReconnectMultiplier() { return self().reconnect().multiplier(); }
  /** @deprecated use {@code reconnect().setMultiplier(...)} */
  @Deprecated(forRemoval = true)
  public TetherOptions setReconnectMultiplier(double value) { self().reconnect().setMultiplier(value); return self(); }

  /** @deprecated use {@code reconnect().jitter()} */
  @Deprecated(forRemoval = true)
  public double getReconnectJitter() { return self().reconnect().jitter(); }
  /** @deprecated use {@code reconnect().setJitter(...)} */
  @Deprecated(forRemoval = true)
  public TetherOptions setReconnectJitter(double value) { self().reconnect().setJitter(value); return self(); }

  /** @deprecated use {@code reconnect().maxAttempts()} */
  @Deprecated(forRemoval = true)
  public int getReconnectMaxAttempts() { return self().reconnect().maxAttempts(); }
  /** @deprecated use {@code reconnect().setMaxAttempts(...)} */
  @Deprecated(forRemoval = true)
  public TetherOptions setReconnectMaxAttempts(int value) { self().reconnect().setMaxAttempts(value); return self(); }

  /** @deprecated use {@code config().scanPeriod()} */
  @Deprecated(forRemoval = true)
  public long getConfigScanPeriod() { return self().config().scanPeriod(); }
  /** @deprecated use {@code config().setScanPeriod(...)} */
  @Deprecated(forRemoval = true)
  public TetherOptions setConfigScanPeriod(long value) { self().config().setScanPeriod(value); return self(); }

  /** @deprecated use {@code framing().mode()} */
  @Deprecated(forRemoval = true)
  public FramingMode getFramingMode() { return self().framing().mode(); }
  /** @deprecated use {@code framing().setMode(...)} */
  @Deprecated(forRemoval = true)
  public TetherOptions setFramingMode(FramingMode value) { self().framing().setMode(value); return self(); }

  /** @deprecated use {@code framing().delimiter()} */
  @Deprecated(forRemoval = true)
  public String getFramingDelimiter() { return self().framing().delimiter(); }
  /** @deprecated use {@code framing().setDelimiter(...)} */
  @Deprecated(forRemoval = true)
  public TetherOptions setFramingDelimiter(String value) { self().framing().setDelimiter(value); return self(); }

  /** @deprecated use {@code framing().maxFrameSize()} */
  @Deprecated(forRemoval = true)
  public int getMaxFrameSize() { return self().framing().maxFrameSize(); }
  /** @deprecated use {@code framing().setMaxFrameSize(...)} */
  @Deprecated(forRemoval = true)
  public TetherOptions setMaxFrameSize(int value) { self().framing().setMaxFrameSize(value); return self(); }

  /** @deprecated use {@code outbox().capacity()} */
  @Deprecated(forRemoval = true)
  public int getOutboxCapacity() { return self().outbox().capacity(); }
  /** @deprecated use {@code outbox().setCapacity(...)} */
  @Deprecated(forRemoval = true)
  public TetherOptions setOutboxCapacity(int value) { self().outbox().setCapacity(value); return self(); }

  /** @deprecated use {@code outbox().ttl()} */
  @Deprecated(forRemoval = true)
  public long getOutboxTtl() { return self().outbox().ttl(); }
  /** @deprecated use {@code outbox().setTtl(...)} */
  @Deprecated(forRemoval = true)
  public TetherOptions setOutboxTtl(long value) { self().outbox().setTtl(value); return self(); }

  /** @deprecated use {@code outbox().overflow()} */
  @Deprecated(forRemoval = true)
  public OverflowPolicy getOutboxOverflow() { return self().outbox().overflow(); }
  /** @deprecated use {@code outbox().setOverflow(...)} */
  @Deprecated(forRemoval = true)
  public TetherOptions setOutboxOverflow(OverflowPolicy value) { self().outbox().setOverflow(value); return self(); }

  /** @deprecated use {@code shutdown().drainTimeout()} */
  @Deprecated(forRemoval = true)
  public long getShutdownDrainTimeout() { return self().shutdown().drainTimeout(); }
  /** @deprecated use {@code shutdown().setDrainTimeout(...)} */
  @Deprecated(forRemoval = true)
  public TetherOptions setShutdownDrainTimeout(long value) { self().shutdown().setDrainTimeout(value); return self(); }

  /** @deprecated use {@code delivery().mode()} */
  @Deprecated(forRemoval = true)
  public DeliveryMode getDeliveryMode() { return self().delivery().mode(); }
  /** @deprecated use {@code delivery().setMode(...)} */
  @Deprecated(forRemoval = true)
  public TetherOptions setDeliveryMode(DeliveryMode value) { self().delivery().setMode(value); return self(); }

  /** @deprecated use {@code delivery().window()} */
  @Deprecated(forRemoval = true)
  public int getDeliveryWindow() { return self().delivery().window(); }
  /** @deprecated use {@code delivery().setWindow(...)} */
  @Deprecated(forRemoval = true)
  public TetherOptions setDeliveryWindow(int value) { self().delivery().setWindow(value); return self(); }

  /** @deprecated use {@code delivery().batch()} */
  @Deprecated(forRemoval = true)
  public int getDeliveryBatch() { return self().delivery().batch(); }
  /** @deprecated use {@code delivery().setBatch(...)} */
  @Deprecated(forRemoval = true)
  public TetherOptions setDeliveryBatch(int value) { self().delivery().setBatch(value); return self(); }

  /** @deprecated use {@code delivery().headers()} */
  @Deprecated(forRemoval = true)
  public boolean isDeliveryHeaders() { return self().delivery().headers(); }
  /** @deprecated use {@code delivery().setHeaders(...)} */
  @Deprecated(forRemoval = true)
  public TetherOptions setDeliveryHeaders(boolean value) { self().delivery().setHeaders(value); return self(); }

  /** @deprecated use {@code tls().enabled()} */
  @Deprecated(forRemoval = true)
  public boolean isTlsEnabled() { return self().tls().enabled(); }
  /** @deprecated use {@code tls().setEnabled(...)} */
  @Deprecated(forRemoval = true)
  public TetherOptions setTlsEnabled(boolean value) { self().tls().setEnabled(value); return self(); }

  /** @deprecated use {@code tls().trustStore()} */
  @Deprecated(forRemoval = true)
  public String getTlsTrustStore() { return self().tls().trustStore(); }
  /** @deprecated use {@code tls().setTrustStore(...)} */
  @Deprecated(forRemoval = true)
  public TetherOptions setTlsTrustStore(String value) { self().tls().setTrustStore(value); return self(); }

  /** @deprecated use {@code tls().trustStoreType()} */
  @Deprecated(forRemoval = true)
  public String getTlsTrustStoreType() { return self().tls().trustStoreType(); }
  /** @deprecated use {@code tls().setTrustStoreType(...)} */
  @Deprecated(forRemoval = true)
  public TetherOptions setTlsTrustStoreType(String value) { self().tls().setTrustStoreType(value); return self(); }

  /** @deprecated use {@code tls().trustStorePassword()} */
  @Deprecated(forRemoval = true)
  public String getTlsTrustStorePassword() { return self().tls().trustStorePassword(); }
  /** @deprecated use {@code tls().setTrustStorePassword(...)} */
  @Deprecated(forRemoval = true)
  public TetherOptions setTlsTrustStorePassword(String value) { self().tls().setTrustStorePassword(value); return self(); }

  /** @deprecated use {@code tls().trustStorePasswordEnv()} */
  @Deprecated(forRemoval = true)
  public String getTlsTrustStorePasswordEnv() { return self().tls().trustStorePasswordEnv(); }
  /** @deprecated use {@code tls().setTrustStorePasswordEnv(...)} */
  @Deprecated(forRemoval = true)
  public TetherOptions setTlsTrustStorePasswordEnv(String value) { self().tls().setTrustStorePasswordEnv(value); return self(); }

  /** @deprecated use {@code tls().keyStore()} */
  @Deprecated(forRemoval = true)
  public String getTlsKeyStore() { return self().tls().keyStore(); }
  /** @deprecated use {@code tls().setKeyStore(...)} */
  @Deprecated(forRemoval = true)
  public TetherOptions setTlsKeyStore(String value) { self().tls().setKeyStore(value); return self(); }

  /** @deprecated use {@code tls().keyStoreType()} */
  @Deprecated(forRemoval = true)
  public String getTlsKeyStoreType() { return self().tls().keyStoreType(); }
  /** @deprecated use {@code tls().setKeyStoreType(...)} */
  @Deprecated(forRemoval = true)
  public TetherOptions setTlsKeyStoreType(String value) { self().tls().setKeyStoreType(value); return self(); }

  /** @deprecated use {@code tls().keyStorePassword()} */
  @Deprecated(forRemoval = true)
  public String getTlsKeyStorePassword() { return self().tls().keyStorePassword(); }
  /** @deprecated use {@code tls().setKeyStorePassword(...)} */
  @Deprecated(forRemoval = true)
  public TetherOptions setTlsKeyStorePassword(String value) { self().tls().setKeyStorePassword(value); return self(); }

  /** @deprecated use {@code tls().keyStorePasswordEnv()} */
  @Deprecated(forRemoval = true)
  public String getTlsKeyStorePasswordEnv() { return self().tls().keyStorePasswordEnv(); }
  /** @deprecated use {@code tls().setKeyStorePasswordEnv(...)} */
  @Deprecated(forRemoval = true)
  public TetherOptions setTlsKeyStorePasswordEnv(String value) { self().tls().setKeyStorePasswordEnv(value); return self(); }

  /** @deprecated use {@code tls().certFile()} */
  @Deprecated(forRemoval = true)
  public String getTlsCertFile() { return self().tls().certFile(); }
  /** @deprecated use {@code tls().setCertFile(...)} */
  @Deprecated(forRemoval = true)
  public TetherOptions setTlsCertFile(String value) { self().tls().setCertFile(value); return self(); }

  /** @deprecated use {@code tls().keyFile()} */
  @Deprecated(forRemoval = true)
  public String getTlsKeyFile() { return self().tls().keyFile(); }
  /** @deprecated use {@code tls().setKeyFile(...)} */
  @Deprecated(forRemoval = true)
  public TetherOptions setTlsKeyFile(String value) { self().tls().setKeyFile(value); return self(); }

  /** @deprecated use {@code tls().verifyHost()} */
  @Deprecated(forRemoval = true)
  public boolean isTlsVerifyHost() { return self().tls().verifyHost(); }
  /** @deprecated use {@code tls().setVerifyHost(...)} */
  @Deprecated(forRemoval = true)
  public TetherOptions setTlsVerifyHost(boolean value) { self().tls().setVerifyHost(value); return self(); }

  /** @deprecated use {@code tls().serverName()} */
  @Deprecated(forRemoval = true)
  public String getTlsServerName() { return self().tls().serverName(); }
  /** @deprecated use {@code tls().setServerName(...)} */
  @Deprecated(forRemoval = true)
  public TetherOptions setTlsServerName(String value) { self().tls().setServerName(value); return self(); }

  /** @deprecated use {@code tls().protocols()} */
  @Deprecated(forRemoval = true)
  public List<String> getTlsProtocols() { return self().tls().protocols(); }
  /** @deprecated use {@code tls().setProtocols(...)} */
  @Deprecated(forRemoval = true)
  public TetherOptions setTlsProtocols(List<String> value) { self().tls().setProtocols(value); return self(); }

  /** @deprecated use {@code tls().reloadInterval()} */
  @Deprecated(forRemoval = true)
  public long getTlsReloadInterval() { return self().tls().reloadInterval(); }
  /** @deprecated use {@code tls().setReloadInterval(...)} */
  @Deprecated(forRemoval = true)
  public TetherOptions setTlsReloadInterval(long value) { self().tls().setReloadInterval(value); return self(); }

  /** @deprecated use {@code metrics().enabled()} */
  @Deprecated(forRemoval = true)
  public boolean isMetricsEnabled() { return self().metrics().enabled(); }
  /** @deprecated use {@code metrics().setEnabled(...)} */
  @Deprecated(forRemoval = true)
  public TetherOptions setMetricsEnabled(boolean value) { self().metrics().setEnabled(value); return self(); }

  /** @deprecated use {@code metrics().host()} */
  @Deprecated(forRemoval = true)
  public String getMetricsHost() { return self().metrics().host(); }
  /** @deprecated use {@code metrics().setHost(...)} */
  @Deprecated(forRemoval = true)
  public TetherOptions setMetricsHost(String value) { self().metrics().setHost(value); return self(); }

  /** @deprecated use {@code metrics().port()} */
  @Deprecated(forRemoval = true)
  public int getMetricsPort() { return self().metrics().port(); }
  /** @deprecated use {@code metrics().setPort(...)} */
  @Deprecated(forRemoval = true)
  public TetherOptions setMetricsPort(int value) { self().metrics().setPort(value); return self(); }

  /** @deprecated use {@code health().enabled()} */
  @Deprecated(forRemoval = true)
  public boolean isHealthEnabled() { return self().health().enabled(); }
  /** @deprecated use {@code health().setEnabled(...)} */
  @Deprecated(forRemoval = true)
  public TetherOptions setHealthEnabled(boolean value) { self().health().setEnabled(value); return self(); }

  /** @deprecated use {@code heartbeat().effectiveTimeout(ping().interval())} */
  @Deprecated(forRemoval = true)
  public long effectiveHeartbeatTimeout() { return self().heartbeat().effectiveTimeout(self().ping().interval()); }

  /** @deprecated use {@code framing().overhead()} */
  @Deprecated(forRemoval = true)
  public int framingOverhead() { return self().framing().overhead(); }

  /** @deprecated use {@code tls().trustStoreFormat()} */
  @Deprecated(forRemoval = true)
  public String tlsTrustStoreFormat() { return self().tls().trustStoreFormat(); }

  /** @deprecated use {@code tls().keyStoreFormat()} */
  @Deprecated(forRemoval = true)
  public String tlsKeyStoreFormat() { return self().tls().keyStoreFormat(); }
}
