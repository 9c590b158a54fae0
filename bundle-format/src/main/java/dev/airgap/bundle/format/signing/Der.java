package dev.airgap.bundle.format.signing;

import java.util.ArrayList;
import java.util.List;

/**
 * Just enough DER to look inside keys and signatures before handing them to the JDK, so that a
 * wrong key type, a wrong curve or a mangled signature gets a precise message instead of the
 * JDK's generic "invalid key spec". Definite lengths only, no trailing bytes, four-byte lengths
 * at most: anything else is not DER we produce or accept.
 */
final class Der {
  static final int INTEGER = 0x02;
  static final int BIT_STRING = 0x03;
  static final int OCTET_STRING = 0x04;
  static final int OID = 0x06;
  static final int SEQUENCE = 0x30;

  /** One TLV element; {@code start} and {@code end} bound its content inside {@code buf}. */
  record Element(int tag, byte[] buf, int start, int end) {
    byte[] content() {
      byte[] out = new byte[end - start];
      System.arraycopy(buf, start, out, 0, out.length);
      return out;
    }

    /** The elements directly inside a constructed element, in order. */
    List<Element> children() {
      List<Element> out = new ArrayList<>();
      int pos = start;
      while (pos < end) {
        Element child = readAt(buf, pos, end);
        out.add(child);
        pos = child.end;
      }
      return out;
    }

    Element expect(int expectedTag, String what) {
      if (tag != expectedTag) {
        throw new MalformedDerException(
            what + ": expected tag 0x" + Integer.toHexString(expectedTag)
                + " but found 0x" + Integer.toHexString(tag));
      }
      return this;
    }
  }

  /** DER that does not parse; callers turn it into a message about the file or signature. */
  static final class MalformedDerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MalformedDerException(String message) {
      super(message);
    }
  }

  private Der() {}

  /** Reads exactly one element that spans all of {@code data}. */
  static Element read(byte[] data) {
    Element e = readAt(data, 0, data.length);
    if (e.end != data.length) {
      throw new MalformedDerException((data.length - e.end) + " trailing bytes after the DER value");
    }
    return e;
  }

  private static Element readAt(byte[] buf, int pos, int limit) {
    if (limit - pos < 2) {
      throw new MalformedDerException("truncated DER value");
    }
    int tag = buf[pos] & 0xff;
    if ((tag & 0x1f) == 0x1f) {
      throw new MalformedDerException("multi-byte DER tags are not used by keys or signatures");
    }
    int first = buf[pos + 1] & 0xff;
    int cursor = pos + 2;
    long length;
    if (first < 0x80) {
      length = first;
    } else {
      int count = first & 0x7f;
      if (count == 0) {
        throw new MalformedDerException("indefinite lengths are not DER");
      }
      if (count > 4 || limit - cursor < count) {
        throw new MalformedDerException("DER length field is too long or truncated");
      }
      length = 0;
      for (int i = 0; i < count; i++) {
        length = (length << 8) | (buf[cursor++] & 0xff);
      }
      if (length < 0x80 || (buf[pos + 2] & 0xff) == 0) {
        throw new MalformedDerException("DER length is not minimally encoded");
      }
    }
    if (length > limit - cursor) {
      throw new MalformedDerException("DER value is longer than its container");
    }
    return new Element(tag, buf, cursor, cursor + (int) length);
  }

  /** Checks an INTEGER is positive and minimally encoded, as an ECDSA r or s must be. */
  static void requirePositiveInteger(Element e, String what) {
    e.expect(INTEGER, what);
    int len = e.end - e.start;
    if (len == 0) {
      throw new MalformedDerException(what + " is an empty INTEGER");
    }
    int b0 = e.buf[e.start] & 0xff;
    if (b0 >= 0x80) {
      throw new MalformedDerException(what + " is negative");
    }
    if (b0 == 0 && (len == 1 || (e.buf[e.start + 1] & 0x80) == 0)) {
      throw new MalformedDerException(what + " is zero or not minimally encoded");
    }
  }

  /** Dotted form of an OBJECT IDENTIFIER, for comparisons and messages. */
  static String oid(Element e) {
    e.expect(OID, "object identifier");
    StringBuilder out = new StringBuilder();
    long value = 0;
    boolean firstArc = true;
    if (e.end == e.start) {
      throw new MalformedDerException("empty object identifier");
    }
    for (int i = e.start; i < e.end; i++) {
      int b = e.buf[i] & 0xff;
      if (value > (Long.MAX_VALUE >> 7)) {
        throw new MalformedDerException("object identifier arc is too large");
      }
      value = (value << 7) | (b & 0x7f);
      if ((b & 0x80) != 0) {
        if (i == e.end - 1) {
          throw new MalformedDerException("truncated object identifier");
        }
        continue;
      }
      if (firstArc) {
        long top = value < 40 ? 0 : value < 80 ? 1 : 2;
        out.append(top).append('.').append(value - top * 40);
        firstArc = false;
      } else {
        out.append('.').append(value);
      }
      value = 0;
    }
    return out.toString();
  }
}
