package io.tether.impl;

/**
 * The log categories Tether writes to. The machinery logs under the name of the verticle a user configures, so that
 * one logger setting covers a client whatever part of it speaks, without the machinery importing the verticles.
 */
public final class Logs {

  /** Everything about a client's connection: {@code io.tether.ClientVerticle}. */
  public static final String CLIENT = "io.tether.ClientVerticle";

  private Logs() {
  }
}
