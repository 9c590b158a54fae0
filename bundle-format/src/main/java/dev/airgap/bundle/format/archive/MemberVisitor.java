package dev.airgap.bundle.format.archive;

import java.io.IOException;
import java.io.InputStream;

/** Receives each member of a sequential scan, in archive order. */
@FunctionalInterface
public interface MemberVisitor {
  /**
   * Called once per regular-file member. {@code content} yields exactly {@code size} bytes and is
   * only valid during the call; unread bytes are skipped by the scanner.
   */
  void member(String name, long size, InputStream content) throws IOException;
}
