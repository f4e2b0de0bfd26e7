package io.tether.impl.config;

import io.tether.FramingMode;
import io.tether.FramingOptions;
import io.tether.ReconnectOptions;
import io.tether.TetherOptions;
import io.tether.TetherConfigException;
import io.tether.RequestMatch;
import io.tether.RequestOptions;
import io.tether.TlsOptions;

/**
 * The rules that span several keys of a group; each names the key that breaks it. They run after a whole
 * configuration (or a whole group) is read, and from {@code TetherOptions.validate()}.
 */
final class Rules {

  private Rules() {
  }

  static void top(TetherOptions o) {
    if (o.outbox().cluster() && !o.isSingleton()) {
      throw TetherConfigException.expected(Keys.OUTBOX_CLUSTER.name(), "false without singleton: true (the cluster's "
        + "outbox is written by the one node that holds the connection)", true);
    }
  }

  static void reconnect(ReconnectOptions o) {
    if (o.maxDelay() < o.initialDelay()) {
      throw TetherConfigException.expected(Keys.RECONNECT_MAX_DELAY.name(),
        "a number of ms >= " + Keys.RECONNECT_INITIAL_DELAY.name() + " (" + o.initialDelay() + ")", o.maxDelay());
    }
  }

  static void framing(FramingOptions o) {
    int overhead = o.overhead();
    if (o.maxFrameSize() <= overhead && o.mode() != FramingMode.RAW) {
      throw TetherConfigException.expected(Keys.FRAMING_MAX_FRAME_SIZE.name(),
        "an integer > " + overhead + " (the " + o.mode().configName() + " framing's own bytes)", o.maxFrameSize());
    }
  }

  static void request(RequestOptions o) {
    if (o.match() == RequestMatch.ID && o.id() == null) {
      throw TetherConfigException.expected(Keys.REQUEST_ID.name(),
        "a regular expression with one group, with request.match id", null);
    }
  }

  static void tls(TlsOptions o) {
    if (o.keyStore() != null && o.certFile() != null) {
      throw TetherConfigException.expected(Keys.TLS_CERT_FILE.name(),
        "null when tls.keyStore is set (the client certificate comes from one or the other)", o.certFile());
    }
    if (o.certFile() != null && o.keyFile() == null) {
      throw TetherConfigException.expected(Keys.TLS_KEY_FILE.name(), "the path of a PEM private key, with tls.certFile", null);
    }
    if (o.keyFile() != null && o.certFile() == null) {
      throw TetherConfigException.expected(Keys.TLS_CERT_FILE.name(), "the path of a PEM certificate chain, with tls.keyFile", null);
    }
    if (o.trustStorePassword() != null && o.trustStorePasswordEnv() != null) {
      throw TetherConfigException.expected(Keys.TLS_TRUST_STORE_PASSWORD_ENV.name(),
        "null when tls.trustStorePassword is set (one or the other)", o.trustStorePasswordEnv());
    }
    if (o.keyStorePassword() != null && o.keyStorePasswordEnv() != null) {
      throw TetherConfigException.expected(Keys.TLS_KEY_STORE_PASSWORD_ENV.name(),
        "null when tls.keyStorePassword is set (one or the other)", o.keyStorePasswordEnv());
    }
    if (o.trustStore() != null) {
      o.trustStoreFormat();
    }
    if (o.keyStore() != null) {
      o.keyStoreFormat();
    }
  }
}
