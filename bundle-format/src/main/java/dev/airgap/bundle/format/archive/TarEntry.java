package dev.airgap.bundle.format.archive;

/**
 * One logical tar entry as read: its pax or GNU long name already applied.
 *
 * @param headerOffset where its first header block (a pax or long-name header if any) starts
 * @param dataOffset where its content starts
 * @param linkName the link target for links, for messages only (may be empty)
 */
record TarEntry(String name, byte type, long size, long headerOffset, long dataOffset, String linkName) {

  boolean isRegularFile() {
    return type == '0' || type == 0;
  }

  /** What kind of entry this is, in words, for error messages. */
  String kind() {
    return switch (type) {
      case '0', 0 -> "regular file";
      case '1' -> "hard link to " + MemberNames.quote(linkName);
      case '2' -> "symbolic link to " + MemberNames.quote(linkName);
      case '3' -> "character device";
      case '4' -> "block device";
      case '5' -> "directory";
      case '6' -> "FIFO";
      case '7' -> "contiguous file";
      case 'S' -> "GNU sparse file";
      case 'D' -> "GNU dump directory";
      case 'M' -> "GNU multi-volume continuation";
      case 'V' -> "GNU volume label";
      default -> "entry of unknown type " + describeType(type);
    };
  }

  static String describeType(byte type) {
    return type >= 0x21 && type < 0x7f ? "'" + (char) type + "'" : String.format("0x%02x", type & 0xff);
  }
}
