package dev.airgap.bundle.format.verify;

import dev.airgap.bundle.format.VerifyingInputStream;
import dev.airgap.bundle.format.archive.ArchiveException;
import dev.airgap.bundle.format.archive.BundleArchive;
import dev.airgap.bundle.format.archive.MemberLocation;
import dev.airgap.bundle.format.index.BundleIndex;
import dev.airgap.bundle.format.index.BundleIndexJson;
import dev.airgap.bundle.format.index.IndexConsistency;
import dev.airgap.bundle.format.index.MemberEntry;
import dev.airgap.bundle.format.signing.SignatureException;
import dev.airgap.bundle.format.signing.Signatures;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongConsumer;

/**
 * Checks a bundle offline, in the order that keeps untrusted bytes from being acted on: the
 * signature over the raw index bytes first, then the index's own consistency, then the archive's
 * member list against the index, then every member's size and digest.
 */
public final class BundleVerifier {
  private static final String OFFSETS_MEMBER = "bundle.offsets.json";

  private final List<PublicKey> trusted;
  private final boolean allowUnsigned;

  public BundleVerifier(List<PublicKey> trusted, boolean allowUnsigned) {
    this.trusted = List.copyOf(trusted);
    this.allowUnsigned = allowUnsigned;
  }

  /** Signature and index only: enough to plan before reading a layer byte. */
  public VerifiedBundle verifyIndex(BundleArchive archive) throws IOException {
    List<MemberLocation> members = archive.members();
    if (members.isEmpty() || !members.get(0).name().equals(BundleIndex.INDEX_MEMBER)) {
      throw new ArchiveException("the first member must be bundle.json; this file is not a bundle");
    }
    byte[] raw = archive.readMember(BundleIndex.INDEX_MEMBER, dev.airgap.bundle.format.index.BundleIndexJson.MAX_BYTES);
    boolean hasSignature = members.size() > 1 && members.get(1).name().equals(BundleIndex.SIGNATURE_MEMBER);
    PublicKey signer = null;
    if (hasSignature) {
      byte[] signature = archive.readMember(BundleIndex.SIGNATURE_MEMBER, 64 * 1024);
      if (trusted.isEmpty()) {
        throw new SignatureException(SignatureException.Reason.NO_MATCHING_KEY, "the bundle is signed but no trusted public key was given; pass --trust KEY.pub");
      }
      signer = Signatures.verify(trusted, raw, signature);
    } else if (!allowUnsigned) {
      throw new SignatureException(SignatureException.Reason.UNSIGNED, "the bundle is unsigned; refuse it, or accept the risk explicitly with --allow-unsigned");
    }
    BundleIndex index = BundleIndexJson.parse(raw);
    IndexConsistency.check(index);
    checkMemberList(index, members, hasSignature);
    return new VerifiedBundle(index, raw, signer);
  }

  /**
   * Everything: index as above, then every listed member streamed and checked, on {@code threads}
   * threads. {@code progress} receives content bytes as they are verified.
   */
  public VerifiedBundle verify(BundleArchive archive, int threads, LongConsumer progress) throws IOException {
    VerifiedBundle verified = verifyIndex(archive);
    List<MemberLocation> locations = archive.members();
    int first = verified.signed() || locations.get(1).name().equals(BundleIndex.SIGNATURE_MEMBER) ? 2 : 1;
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
      Thread t = new Thread(r, "bundle-verify");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<?>> futures = new ArrayList<>();
      List<MemberEntry> expected = verified.index().members();
      for (int i = 0; i < expected.size(); i++) {
        MemberEntry entry = expected.get(i);
        MemberLocation location = locations.get(first + i);
        futures.add(pool.submit(() -> {
          checkContent(archive, entry, location, progress);
          return null;
        }));
      }
      for (Future<?> f : futures) {
        try {
          f.get();
        } catch (ExecutionException e) {
          futures.forEach(x -> x.cancel(true));
          Throwable cause = e.getCause();
          if (cause instanceof RuntimeException re) {
            throw re;
          }
          if (cause instanceof IOException io) {
            throw io;
          }
          throw new IOException(cause);
        }
      }
      // Every member is what the index says; now the manifests must agree with each other.
      CarriedManifests.read(archive, verified.index());
      return verified;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } finally {
      pool.shutdownNow();
    }
  }

  private static void checkContent(BundleArchive archive, MemberEntry entry, MemberLocation location, LongConsumer progress) {
    try (InputStream in = new VerifyingInputStream(archive.openMember(location), entry.digest(), entry.size(), "member " + entry.name())) {
      byte[] buffer = new byte[256 * 1024];
      int n;
      while ((n = in.read(buffer)) >= 0) {
        progress.accept(n);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("member " + entry.name() + " could not be read: " + e.getMessage(), e);
    }
  }

  /**
   * The archive must hold exactly bundle.json, the signature if any, the index's members in its
   * order with its sizes, and the offsets table last; and members must follow each other without
   * gaps, so nothing can hide between them.
   */
  private static void checkMemberList(BundleIndex index, List<MemberLocation> actual, boolean hasSignature) {
    List<String> expected = new ArrayList<>();
    expected.add(BundleIndex.INDEX_MEMBER);
    if (hasSignature) {
      expected.add(BundleIndex.SIGNATURE_MEMBER);
    }
    index.members().forEach(m -> expected.add(m.name()));
    List<MemberLocation> listed = actual.stream().filter(m -> !m.name().equals(OFFSETS_MEMBER)).toList();
    for (int i = 0; i < Math.max(expected.size(), listed.size()); i++) {
      String want = i < expected.size() ? expected.get(i) : null;
      String got = i < listed.size() ? listed.get(i).name() : null;
      if (want == null) {
        throw new ArchiveException("member " + got + " is in the archive but not listed in bundle.json");
      }
      if (got == null) {
        throw new ArchiveException("member " + want + " is listed in bundle.json but missing from the archive");
      }
      if (!want.equals(got)) {
        boolean later = expected.contains(got);
        throw new ArchiveException(later
            ? "member " + want + " is missing or out of order (found " + got + " in its place)"
            : "member " + got + " is in the archive but not listed in bundle.json");
      }
    }
    for (int i = 0; i < index.members().size(); i++) {
      MemberEntry entry = index.members().get(i);
      MemberLocation location = listed.get(i + (hasSignature ? 2 : 1));
      if (location.size() != entry.size()) {
        throw new ArchiveException("member " + entry.name() + " is " + location.size() + " bytes in the archive but "
            + entry.size() + " in bundle.json");
      }
    }
    long expectedHeader = 0;
    for (MemberLocation m : actual) {
      if (m.headerOffset() != expectedHeader) {
        throw new ArchiveException("member " + m.name() + " does not start where the previous member ends (offset "
            + m.headerOffset() + ", expected " + expectedHeader + "); the archive holds unlisted data");
      }
      expectedHeader = roundUp(m.dataOffset() + m.size());
    }
  }

  private static long roundUp(long offset) {
    return (offset + 511) / 512 * 512;
  }
}
