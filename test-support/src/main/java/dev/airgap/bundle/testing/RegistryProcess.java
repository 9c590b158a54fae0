package dev.airgap.bundle.testing;

/** A running registry server, whichever way it was launched. */
interface RegistryProcess {

  boolean isAlive();

  /** Stops it abruptly, as a crash or power loss would, and waits until it is gone. */
  void kill();
}
