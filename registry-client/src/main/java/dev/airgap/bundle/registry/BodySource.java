package dev.airgap.bundle.registry;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Bytes to upload that can be opened again from any offset, so an interrupted upload or a
 * re-authenticated request can send them once more without buffering the whole blob.
 */
public interface BodySource {

  long length();

  /** A fresh stream positioned at {@code offset}. */
  InputStream openAt(long offset) throws IOException;

  static BodySource ofBytes(byte[] bytes) {
    return new BodySource() {
      @Override
      public long length() {
        return bytes.length;
      }

      @Override
      public InputStream openAt(long offset) {
        return new ByteArrayInputStream(bytes, (int) offset, bytes.length - (int) offset);
      }
    };
  }

  static BodySource ofFile(Path file, long length) {
    return new BodySource() {
      @Override
      public long length() {
        return length;
      }

      @Override
      public InputStream openAt(long offset) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        channel.position(offset);
        return Channels.newInputStream(channel);
      }
    };
  }
}
