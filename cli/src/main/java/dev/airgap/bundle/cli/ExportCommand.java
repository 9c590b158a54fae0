package dev.airgap.bundle.cli;

import dev.airgap.bundle.exporter.ToolTree;
import dev.airgap.bundle.exporter.ClientFactory;
import dev.airgap.bundle.exporter.DeltaBase;
import dev.airgap.bundle.exporter.ExportRequest;
import dev.airgap.bundle.exporter.ExportResult;
import dev.airgap.bundle.exporter.Exporter;
import dev.airgap.bundle.exporter.IndexSigner;
import dev.airgap.bundle.exporter.RequestedImage;
import dev.airgap.bundle.exporter.catalog.ImageList;
import dev.airgap.bundle.exporter.catalog.NamedImage;
import dev.airgap.bundle.exporter.catalog.Release;
import dev.airgap.bundle.exporter.catalog.ReleaseCatalog;
import dev.airgap.bundle.exporter.catalog.ReleaseSelector;
import dev.airgap.bundle.format.Digest;
import dev.airgap.bundle.format.Documents;
import dev.airgap.bundle.format.ImageRef;
import dev.airgap.bundle.format.Platform;
import dev.airgap.bundle.format.receipt.MissingBlobs;
import dev.airgap.bundle.registry.ImageReferences;
import java.util.HashSet;
import java.util.Set;
import dev.airgap.bundle.format.archive.WriterOptions;
import dev.airgap.bundle.format.index.BundleIndex;
import dev.airgap.bundle.format.index.ReleaseEntry;
import dev.airgap.bundle.format.index.Selection;
import dev.airgap.bundle.format.signing.KeyFiles;
import dev.airgap.bundle.format.signing.Signatures;
import dev.airgap.bundle.registry.RegistryClient;
import dev.airgap.bundle.registry.config.RegistriesConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code bundle export}: the connected side, from release selection to a signed bundle file. */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    synopsisHeading = "%nUsage: ",
    descriptionHeading = "%n",
    optionListHeading = "%nOptions:%n",
    header = "Pull a release's images into one signed tar.zst bundle.",
    description = "Resolves every image of the selected releases to a digest, fetches each manifest, config and"
        + " layer once (verified while it streams straight into the bundle; with --cache also kept by digest so a re-run"
        + " fetches only what is missing), and writes a signed bundle under a temporary name, renamed into place only"
        + " when complete.")
final class ExportCommand implements Callable<Integer> {
  static final class What {
    @Option(names = "--release", paramLabel = "SEL",
        description = "Releases from the catalog: 1.2.3, 1.x, 1.2.x, '>=1.1 <1.3', or a comma-separated union.")
    String release;

    @Option(names = "--images", paramLabel = "FILE", description = "Instead of a catalog: one image reference per line (optionally name=reference).")
    Path images;

    @Option(names = "--repair", paramLabel = "missing.json",
        description = "Build a small bundle with exactly the blobs an import reported missing (the file `bundle import` wrote).")
    Path repair;
  }

  static final class Signing {
    @Option(names = "--sign-key", paramLabel = "KEY", description = "Private key from `bundle keygen` to sign the bundle with.")
    Path key;

    @Option(names = "--unsigned", description = "Write an unsigned bundle (importers must then pass --allow-unsigned).")
    boolean unsigned;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  private What what;

  @ArgGroup(exclusive = true, multiplicity = "1")
  private Signing signing;

  @Option(names = "--output", required = true, paramLabel = "OUT.tar.zst", description = "The bundle to write.")
  private Path output;

  @Option(names = "--catalog", paramLabel = "FILE", description = "Release catalog (default: ./releases.yaml).")
  private Path catalog;

  @Option(names = "--config", paramLabel = "FILE",
      description = "registries.json (default: $BUNDLE_CONFIG, ./registries.json, ~/.config/bundle/registries.json).")
  private Path config;

  @Option(names = "--since", paramLabel = "BASE",
      description = "Write a delta: leave out the blobs BASE says the target holds (a receipt.json from `bundle import`,"
          + " a previous bundle, or its bundle.json). Manifests always travel.")
  private Path since;

  @Option(names = "--latest", description = "Keep only the highest release the selection matches.")
  private boolean latest;

  @Option(names = "--platform", paramLabel = "OS/ARCH[/VARIANT]", converter = PlatformConverter.class,
      description = "Carry only these platforms of multi-platform images (repeatable). An index with other"
          + " platforms travels as a filtered index (the upstream bytes minus the other platforms' descriptors;"
          + " attestations follow their platform) under a digest of its own, recorded next to the upstream one.")
  private List<Platform> platforms = new ArrayList<>();

  @Option(names = "--split-size", paramLabel = "SIZE", converter = SizeConverter.class,
      description = "Write volumes OUT.000, OUT.001, … of at most SIZE each (e.g. 4G).")
  private Long splitSize;

  @Option(names = "--channel", defaultValue = "default", description = "Release channel the sequence number belongs to (default: ${DEFAULT-VALUE}).")
  private String channel;

  @Option(names = "--sequence", paramLabel = "N", description = "Sequence number within the channel (default: the current time in milliseconds).")
  private Long sequence;

  @Option(names = "--expires", paramLabel = "INSTANT", converter = InstantConverter.class,
      description = "Importers refuse the bundle after this time (e.g. 2027-01-31T00:00:00Z, or 2027-01-31 for its start in UTC).")
  private Instant expires;

  @Option(names = "--cache", paramLabel = "DIR", arity = "0..1", fallbackValue = "",
      description = "Also keep every fetched blob in this cache, written as it streams into the bundle, so an interrupted"
          + " or repeated export fetches only what is missing (costs disk as large as the blobs; --cache alone:"
          + " $XDG_CACHE_HOME/bundle/blobs or ~/.cache/bundle/blobs). Without it no cache is kept: the disk needs only"
          + " the bundle, plus at most 512 MiB of blobs fetched ahead of the writer.")
  private Path cache;

  @Option(names = "--concurrency", paramLabel = "N", description = "Parallel registry transfers (default: ${DEFAULT-VALUE}).", defaultValue = "6")
  private int concurrency;

  @Option(names = "--include-tool", paramLabel = "RELEASE", arity = "0..1", fallbackValue = IncludedTool.SELF,
      description = "Carry a release of bundle after the images, listed and signed like them, as the files of"
          + " tool/bundle-<version>/: on the far side `tar --zstd -xf OUT.tar.zst tool/` gives"
          + " tool/bundle-<version>/bin/bundle, which needs no Java. Without a value, the release this bundle"
          + " runs from; otherwise a release archive (dist/bundle-<version>-linux-x64.tar.gz from bin/release)"
          + " or its unpacked bundle-<version> directory.")
  private String includeTool;

  @Mixin private TimeoutOption timeout;
  @Mixin private OutputOptions outputOptions;
  @Spec private CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    WriterOptions writerOptions = checkedOptions();
    try (IncludedTool tool = includedTool()) {
      return export(writerOptions, tool == null ? null : tool.tree());
    }
  }

  private int export(WriterOptions writerOptions, ToolTree tool) throws Exception {
    Environment env = Environment.of(spec);
    Path cwd = Path.of("").toAbsolutePath();
    Path home = Path.of(System.getProperty("user.home"));
    RegistriesConfig registries = RegistriesConfig.locateAndLoad(config, env.variables(), cwd, home);

    List<RequestedImage> images = new ArrayList<>();
    DeltaBase base = DeltaBase.full();
    Selection selection;
    List<ReleaseEntry> releases = new ArrayList<>();
    if (what.release != null) {
      ReleaseSelector selector;
      try {
        selector = ReleaseSelector.parse(what.release);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), "--release " + what.release + ": " + e.getMessage());
      }
      ReleaseCatalog releaseCatalog = ReleaseCatalog.load(ReleaseCatalog.locate(catalog, cwd));
      List<Release> selected = releaseCatalog.select(selector, latest);
      Map<String, RequestedImage> byKey = new LinkedHashMap<>();
      for (Release release : selected) {
        String version = release.version().toString();
        releases.add(new ReleaseEntry(version, release.images().stream().map(NamedImage::name).toList()));
        for (NamedImage image : release.images()) {
          String source = image.reference().toString();
          byKey.merge(image.name() + " " + source, new RequestedImage(image.name(), image.reference(), source, List.of(version)),
              (a, b) -> new RequestedImage(a.name(), a.ref(), a.source(), concat(a.releases(), b.releases())));
        }
      }
      images.addAll(byKey.values());
      selection = new Selection(what.release, latest, selected.stream().map(r -> r.version().toString()).toList(), platformNames());
    } else if (what.images != null) {
      for (NamedImage image : ImageList.load(what.images).images()) {
        images.add(new RequestedImage(image.name(), image.reference(), image.reference().toString(), List.of()));
      }
      selection = new Selection("images:" + what.images.getFileName(), false, List.of(), platformNames());
    } else {
      MissingBlobs missing = MissingBlobs.parse(Documents.read(what.repair, what.repair.toString(), IllegalArgumentException::new),
          what.repair.toString());
      for (MissingBlobs.Image image : missing.images()) {
        ImageRef ref = ImageReferences.parse(image.source()).withDigest(image.digest());
        images.add(new RequestedImage(image.name(), ref, image.source(), image.releases()));
      }
      selection = new Selection("repair:" + what.repair.getFileName(), false, List.of(), platformNames());
      Set<Digest> blobs = new HashSet<>();
      missing.blobs().forEach(b -> blobs.add(b.digest()));
      base = DeltaBase.repair(BundleIndex.REPAIR_PREFIX + missing.bundleId() + " for target " + missing.target(), blobs);
    }
    if (since != null) {
      if (what.repair != null) {
        throw new ParameterException(spec.commandLine(), "--since and --repair cannot be combined: a repair bundle carries exactly the missing blobs");
      }
      base = DeltaBase.load(since);
    }

    IndexSigner signer = null;
    if (signing.key != null) {
      PrivateKey key = KeyFiles.readPrivateKey(signing.key);
      signer = raw -> Signatures.sign(key, raw);
    } else {
      outputOptions.console().note("warning: writing an UNSIGNED bundle; importers will refuse it unless they pass --allow-unsigned");
    }

    Map<String, RegistryClient> clients = new ConcurrentHashMap<>();
    ClientFactory clientFactory = host -> clients.computeIfAbsent(host,
        h -> RegistryClient.builder(registries.settingsFor(h)).credentials(registries.credentials())
            .timeout(timeout.timeout()).build());
    ExportRequest request = new ExportRequest(images, selection, releases, platforms, channel,
        sequence != null ? sequence : Instant.now().toEpochMilli(), expires, output.toAbsolutePath(),
        writerOptions,
        signer, VersionProvider.version(), base, tool);
    ExportResult result;
    try (Progress progress = outputOptions.console().progress()) {
      ExportProgress listener = new ExportProgress(progress);
      // No cache by default: the disk then needs the bundle's size, not the bundle's and the cache's.
      Path cacheDir = cache == null ? null : cache.toString().isEmpty() ? Exporter.defaultCacheDir() : cache;
      Exporter exporter = new Exporter(clientFactory, cacheDir, listener, concurrency);
      result = exporter.export(request);
      listener.finished();
    }
    printResult(result);
    return 0;
  }

  /** --include-tool: the release to carry, found before any registry is asked; null without the option. */
  private IncludedTool includedTool() throws IOException {
    if (includeTool == null) {
      return null;
    }
    try {
      return IncludedTool.resolve(includeTool);
    } catch (ToolTree.ToolTreeException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  /** Option values out of range are usage errors, found before any file or registry is touched. */
  private WriterOptions checkedOptions() {
    if (sequence != null && sequence < 0) {
      throw new ParameterException(spec.commandLine(), "--sequence must not be negative (it is " + sequence + ")");
    }
    Path directory = output.toAbsolutePath().getParent();
    if (directory == null || !Files.isDirectory(directory)) {
      throw new ParameterException(spec.commandLine(), "--output " + output + ": the directory " + output.getParent()
          + " does not exist; create it or choose another path");
    }
    if (concurrency < 1) {
      throw new ParameterException(spec.commandLine(), "--concurrency must be at least 1 (it is " + concurrency + ")");
    }
    if (splitSize == null) {
      return WriterOptions.defaults();
    }
    try {
      return WriterOptions.defaults().withSplitSize(splitSize);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--split-size " + splitSize + " bytes: " + e.getMessage()
          + " (e.g. 700M, 4G)");
    }
  }

  private void printResult(ExportResult r) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("files", r.files().stream().map(Path::toString).toList());
    json.put("bundleId", r.bundleId());
    json.put("signed", r.signed());
    json.put("images", r.images());
    json.put("blobs", r.blobs());
    json.put("contentBytes", r.contentBytes());
    json.put("dedupSavedBytes", r.dedupSavedBytes());
    json.put("fetchedBytes", r.fetchedBytes());
    json.put("bundleBytes", r.bundleBytes());
    json.put("seconds", r.elapsed().toMillis() / 1000.0);
    outputOptions.console().result(json, out -> {
      out.println("wrote " + String.join(", ", r.files().stream().map(Path::toString).toList())
          + (r.signed() ? " (signed)" : " (UNSIGNED)"));
      out.println("  " + r.images() + " images, " + r.blobs() + " blobs, " + ByteSizes.human(r.contentBytes())
          + " of content in " + ByteSizes.human(r.bundleBytes()) + " compressed");
      out.println("  shared blobs stored once saved " + ByteSizes.human(r.dedupSavedBytes()) + "; fetched "
          + ByteSizes.human(r.fetchedBytes()) + " this run; " + String.format("%.1f", r.elapsed().toMillis() / 1000.0) + " s");
    });
  }

  private List<String> platformNames() {
    return platforms.stream().map(Platform::toString).toList();
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    b.stream().filter(v -> !out.contains(v)).forEach(out::add);
    return out;
  }
}
