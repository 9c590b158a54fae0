"""Builds the benchmark corpus once and caches it: a loopback registry's storage holding two
releases of container images whose layers are tar archives of real file trees on this machine.

Shape (deterministic for a given machine, size and image count):
  * shared base layers: "os" (/usr/lib/x86_64-linux-gnu), "jre" (/usr/lib/jvm), "python"
    (/usr/lib/python3.*), "tools" (/usr/bin); every image has "os", most have one more;
  * one to three application layers per image, each a contiguous slice of the remaining files
    under /usr (sorted walk), so no two layers share content;
  * every other image uses Docker schema 2 media types, the others OCI; image 0 is a multi-arch
    OCI index (linux/amd64 + linux/arm64, the arm64 variant has its own application layers);
  * release 1.0.0 tags every image "1.0.0"; release 1.1.0 keeps all but three, whose top layer is
    replaced by new content and which are tagged "1.1.0" (releases differ by a few layers).

Layers are gzip-compressed (pigz -n -6 when installed, else gzip -n -6). Each layer is cut when
its compressed size reaches its budget, so the corpus lands close to the requested size.
Images are pushed with `skopeo copy --preserve-digests` from `dir:` layouts.
"""

import hashlib
import json
import os
import shutil
import stat
import subprocess
import sys
import tarfile
import time

GENERATOR_VERSION = "corpus-v2"
EPOCH = 1767225600  # 2026-01-01T00:00:00Z: every tar header and config date

OCI = {
    "manifest": "application/vnd.oci.image.manifest.v1+json",
    "config": "application/vnd.oci.image.config.v1+json",
    "layer": "application/vnd.oci.image.layer.v1.tar+gzip",
}
DOCKER = {
    "manifest": "application/vnd.docker.distribution.manifest.v2+json",
    "config": "application/vnd.docker.container.image.v1+json",
    "layer": "application/vnd.docker.image.rootfs.diff.tar.gzip",
}
OCI_INDEX = "application/vnd.oci.image.index.v1+json"

REPOS = [
    "platform/agent", "platform/api-server", "platform/controller", "platform/scheduler",
    "observability/prometheus", "observability/alertmanager", "observability/grafana",
    "observability/node-exporter", "storage/etcd", "storage/postgres", "storage/minio",
    "network/ingress", "network/dns", "network/proxy", "security/vault", "security/cert-manager",
    "tools/cli", "tools/debug", "apps/web", "apps/worker", "apps/batch", "apps/gateway",
]

# Share of the compressed budget per base layer (the rest goes to application layers).
BASES = [("os", 0.07), ("jre", 0.08), ("python", 0.05), ("tools", 0.03)]


def log(msg):
    print(f"bench: {msg}", file=sys.stderr, flush=True)


def compressor():
    return ["pigz", "-n", "-6"] if shutil.which("pigz") else ["gzip", "-n", "-6"]


def corpus_key(size_bytes, images, roots):
    spec = json.dumps([GENERATOR_VERSION, size_bytes, images, roots, compressor()[0]])
    return hashlib.sha256(spec.encode()).hexdigest()[:12]


# ---------------------------------------------------------------------------------------------
# File pools

class Pool:
    """Regular files under some roots, in sorted walk order, each file handed out at most once
    across all pools (shared inode set)."""

    def __init__(self, roots, used, exclude=()):
        self.roots = roots
        self.used = used
        self.exclude = tuple(os.path.realpath(e) + os.sep for e in exclude)
        self._it = self._walk()
        self.deferred = []

    def _walk(self):
        for root in self.roots:
            if not os.path.isdir(root):
                continue
            for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
                dirnames.sort()
                if (os.path.realpath(dirpath) + os.sep).startswith(self.exclude):
                    dirnames[:] = []
                    continue
                for name in sorted(filenames):
                    path = os.path.join(dirpath, name)
                    try:
                        st = os.lstat(path)
                    except OSError:
                        continue
                    if not stat.S_ISREG(st.st_mode) or st.st_size == 0:
                        continue
                    key = (st.st_dev, st.st_ino)
                    if key in self.used or not os.access(path, os.R_OK):
                        continue
                    self.used.add(key)
                    yield path, st

    def next(self, max_size):
        """The next file no larger than max_size; larger ones wait for a layer they fit in."""
        for i, item in enumerate(self.deferred):
            if item[1].st_size <= max_size:
                return self.deferred.pop(i)
        for item in self._it:
            if item[1].st_size <= max_size:
                return item
            self.deferred.append(item)
        return None


class Chain:
    """Files from the first pool, then the next when it runs dry."""

    def __init__(self, *pools):
        self.pools = list(pools)

    def next(self, max_size):
        for pool in self.pools:
            item = pool.next(max_size)
            if item is not None:
                return item
        return None


# ---------------------------------------------------------------------------------------------
# Layers

class _HashingPipe:
    """File-like sink for tarfile: hashes the uncompressed tar (the diff_id) and feeds the compressor."""

    def __init__(self, out):
        self.out = out
        self.sha = hashlib.sha256()
        self.size = 0

    def write(self, b):
        self.sha.update(b)
        self.size += len(b)
        self.out.write(b)
        return len(b)


def make_layer(source, budget, blobs_dir, tmp_dir):
    """Writes one gzip layer of files taken from `source` until its compressed size reaches
    `budget`; returns a dict with digest, size, diff_id and uncompressed size (None if no files)."""
    out_path = os.path.join(tmp_dir, "layer.tmp")
    with open(out_path, "wb") as out:
        proc = subprocess.Popen(compressor(), stdin=subprocess.PIPE, stdout=out)
    pipe = _HashingPipe(proc.stdin)
    files = 0
    dirs_done = set()
    with tarfile.open(fileobj=pipe, mode="w|", format=tarfile.PAX_FORMAT) as tar:
        while True:
            # A file may overshoot the budget by at most its own compressed size; keep that small
            # (uncompressed size at most the budget left, plus 1 MiB).
            left = budget - os.path.getsize(out_path)
            item = source.next(max(left, 0) + (1 << 20))
            if item is None:
                break
            path, st = item
            rel = path.lstrip("/")
            # Parent directories first, as a real layer has them.
            parts = rel.split("/")[:-1]
            for i in range(1, len(parts) + 1):
                d = "/".join(parts[:i])
                if d not in dirs_done:
                    dirs_done.add(d)
                    ti = tarfile.TarInfo(d)
                    ti.type = tarfile.DIRTYPE
                    ti.mode = 0o755
                    ti.mtime = EPOCH
                    tar.addfile(ti)
            ti = tarfile.TarInfo(rel)
            ti.size = st.st_size
            ti.mode = stat.S_IMODE(st.st_mode)
            ti.mtime = EPOCH
            try:
                with open(path, "rb") as f:
                    tar.addfile(ti, f)
            except (OSError, tarfile.TarError) as e:
                raise RuntimeError(f"reading {path}: {e}")
            files += 1
            # The compressor lags by well under a megabyte; good enough to land on budget.
            proc.stdin.flush()
            if os.path.getsize(out_path) >= budget:
                break
    proc.stdin.close()
    if proc.wait() != 0:
        raise RuntimeError("the gzip compressor failed")
    if files == 0:
        os.unlink(out_path)
        return None
    digest = store_file(out_path, blobs_dir)
    return {
        "digest": digest,
        "size": os.path.getsize(os.path.join(blobs_dir, digest.split(":")[1])),
        "diffId": "sha256:" + pipe.sha.hexdigest(),
        "uncompressed": pipe.size,
        "files": files,
    }


def store_file(path, blobs_dir):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    hexd = h.hexdigest()
    os.replace(path, os.path.join(blobs_dir, hexd))
    return "sha256:" + hexd


def store_bytes(data, blobs_dir):
    hexd = hashlib.sha256(data).hexdigest()
    with open(os.path.join(blobs_dir, hexd), "wb") as f:
        f.write(data)
    return "sha256:" + hexd


def canonical(obj):
    return json.dumps(obj, sort_keys=False, separators=(",", ":")).encode()


# ---------------------------------------------------------------------------------------------
# Plan

def weight(i):
    # Deterministic spread of image sizes: 1..4.
    return 1 + int(hashlib.sha256(f"w{i}".encode()).hexdigest(), 16) % 4


def plan(size_bytes, n_images):
    """The corpus shape: per image its base layers and application layer budgets."""
    images = []
    for i in range(n_images):
        repo = REPOS[i] if i < len(REPOS) else f"apps/service-{i:02d}"
        family = ["jre", "python", None, "tools"][i % 4]
        bases = ["os"] + ([family] if family else [])
        kind = "oci" if i % 2 == 0 else "docker"
        w = weight(i)
        n_app = 1 + i % 3
        # Split the image's weight over its application layers, the first one biggest.
        parts = [2.0] + [1.0] * (n_app - 1)
        app = [w * p / sum(parts) for p in parts]
        images.append({"index": i, "repo": repo, "bases": bases, "kind": kind, "app": app,
                       "multiarch": i == 0})
    changed = sorted({1, n_images // 2, n_images - 2}) if n_images >= 4 else [n_images - 1]
    # Budgets: bases get their fixed share, the application pool the rest, by weight.
    app_weights = sum(sum(im["app"]) for im in images)
    app_weights += sum(images[0]["app"])  # the arm64 variant's application layers
    app_weights += sum(images[c]["app"][-1] for c in changed)  # the 1.1.0 replacements
    app_budget = size_bytes * (1 - sum(s for _, s in BASES))
    unit = app_budget / app_weights
    return images, changed, {name: size_bytes * share for name, share in BASES}, unit


# ---------------------------------------------------------------------------------------------
# Build

def write_image_dir(path, manifest_bytes, blob_digests, blobs_dir, children=None):
    """A skopeo `dir:` layout: manifest.json, one file per blob (hard links), version."""
    os.makedirs(path)
    with open(os.path.join(path, "manifest.json"), "wb") as f:
        f.write(manifest_bytes)
    for d in blob_digests:
        hexd = d.split(":")[1]
        dst = os.path.join(path, hexd)
        if not os.path.exists(dst):
            os.link(os.path.join(blobs_dir, hexd), dst)
    for digest, data in (children or []):
        with open(os.path.join(path, digest.split(":")[1] + ".manifest.json"), "wb") as f:
            f.write(data)
    with open(os.path.join(path, "version"), "w") as f:
        f.write("Directory Transport Version: 1.1\n")


def image_config(kind, arch, diff_ids, labels):
    return canonical({
        "created": "2026-01-01T00:00:00Z",
        "architecture": arch,
        "os": "linux",
        "config": {
            "Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
            "Labels": labels,
        },
        "rootfs": {"type": "layers", "diff_ids": diff_ids},
        "history": [{"created": "2026-01-01T00:00:00Z", "created_by": "bench corpus layer"} for _ in diff_ids],
    })


def image_manifest(kind, config_digest, config_size, layers):
    types = OCI if kind == "oci" else DOCKER
    return canonical({
        "schemaVersion": 2,
        "mediaType": types["manifest"],
        "config": {"mediaType": types["config"], "digest": config_digest, "size": config_size},
        "layers": [{"mediaType": types["layer"], "digest": l["digest"], "size": l["size"]} for l in layers],
    })


def build(dest, size_bytes, n_images, roots, start_registry):
    """Builds the corpus into `dest` (renamed into place when complete). `start_registry(storage)`
    must return an object with .host and .stop()."""
    tmp = dest + ".tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    blobs_dir = os.path.join(tmp, "blobs")
    dirs = os.path.join(tmp, "dirs")
    os.makedirs(blobs_dir)
    os.makedirs(dirs)
    started = time.monotonic()

    images, changed, base_budgets, unit = plan(size_bytes, n_images)
    used = set()
    jvm = "/usr/lib/jvm"
    pythons = sorted(p for p in (os.path.join("/usr/lib", d) for d in os.listdir("/usr/lib")) if
                     os.path.basename(p).startswith("python3") and os.path.isdir(p)) if os.path.isdir("/usr/lib") else []
    base_roots = {
        "os": ["/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu"],
        "jre": [jvm],
        "python": pythons,
        "tools": ["/usr/bin", "/usr/sbin"],
    }
    excluded = [p for ps in base_roots.values() for p in ps]
    app_pool = Pool(roots, used, exclude=excluded)

    layers = {}  # name -> layer info
    total_layer_bytes = 0

    def layer(name, source, budget):
        nonlocal total_layer_bytes
        info = make_layer(source, int(budget), blobs_dir, tmp)
        if info is None:
            raise SystemExit(f"bench: the file trees under {' '.join(roots)} ran out while building layer {name};"
                             " ask for a smaller --size-gb")
        info["name"] = name
        layers[name] = info
        total_layer_bytes += info["size"]
        log(f"corpus: layer {name}: {info['size'] / 2**20:.1f} MiB gzip of {info['uncompressed'] / 2**20:.1f} MiB"
            f" ({info['files']} files); total {total_layer_bytes / 2**20:.0f} MiB")
        return info

    for name, _ in BASES:
        layer("base-" + name, Chain(Pool(base_roots[name], used), app_pool), base_budgets[name])

    def app_layers(prefix, im, release_tag):
        out = []
        for j, w in enumerate(im["app"]):
            out.append(layer(f"{prefix}-app{j}", app_pool, w * unit))
        return out

    built = []  # (ref, dir, manifest digest, releases)
    catalog = {"1.0.0": [], "1.1.0": []}
    blob_repo = {}  # digest -> a repository that holds it (for raw GETs)
    blob_kind = {}

    def finish_image(im, tag, app, arch="amd64", note=""):
        chain = [layers["base-" + b] for b in im["bases"]] + app
        labels = {"bench.image": im["repo"], "bench.tag": tag, "bench.arch": arch}
        if note:
            labels["bench.note"] = note
        cfg = image_config(im["kind"], arch, [l["diffId"] for l in chain], labels)
        cfg_digest = store_bytes(cfg, blobs_dir)
        man = image_manifest(im["kind"], cfg_digest, len(cfg), chain)
        man_digest = store_bytes(man, blobs_dir)
        for l in chain:
            blob_repo.setdefault(l["digest"], im["repo"])
            blob_kind[l["digest"]] = ("layer", l["size"])
        blob_repo.setdefault(cfg_digest, im["repo"])
        blob_kind[cfg_digest] = ("config", len(cfg))
        return man, man_digest, [cfg_digest] + [l["digest"] for l in chain]

    for im in images:
        name = im["repo"].replace("/", "-")
        app = app_layers(name + "-1.0.0", im, "1.0.0")
        man, man_digest, blobs = finish_image(im, "1.0.0", app)
        ref = f"{im['repo']}:1.0.0"
        path = os.path.join(dirs, f"{len(built):02d}")
        if im["multiarch"]:
            arm_app = [layer(f"{name}-1.0.0-arm64-app{j}", app_pool, w * unit) for j, w in enumerate(im["app"])]
            arm_man, arm_digest, arm_blobs = finish_image(im, "1.0.0", arm_app, arch="arm64")
            index = canonical({
                "schemaVersion": 2,
                "mediaType": OCI_INDEX,
                "manifests": [
                    {"mediaType": OCI["manifest"], "digest": man_digest, "size": len(man),
                     "platform": {"architecture": "amd64", "os": "linux"}},
                    {"mediaType": OCI["manifest"], "digest": arm_digest, "size": len(arm_man),
                     "platform": {"architecture": "arm64", "os": "linux"}},
                ],
            })
            index_digest = store_bytes(index, blobs_dir)
            write_image_dir(path, index, sorted(set(blobs + arm_blobs)), blobs_dir,
                            children=[(man_digest, man), (arm_digest, arm_man)])
            built.append({"ref": ref, "repo": im["repo"], "tag": "1.0.0", "dir": path, "digest": index_digest,
                          "mediaType": OCI_INDEX, "index": True, "releases": ["1.0.0"]})
        else:
            write_image_dir(path, man, blobs, blobs_dir)
            built.append({"ref": ref, "repo": im["repo"], "tag": "1.0.0", "dir": path, "digest": man_digest,
                          "mediaType": (OCI if im["kind"] == "oci" else DOCKER)["manifest"], "index": False,
                          "releases": ["1.0.0"]})
        catalog["1.0.0"].append((name, ref))

    for im in images:
        name = im["repo"].replace("/", "-")
        if im["index"] not in changed:
            catalog["1.1.0"].append((name, f"{im['repo']}:1.0.0"))
            next(b for b in built if b["ref"] == f"{im['repo']}:1.0.0")["releases"].append("1.1.0")
            continue
        # 1.1.0: the same image with its top application layer replaced by new content.
        old_app = [layers[f"{name}-1.0.0-app{j}"] for j in range(len(im["app"]))]
        new_top = layer(f"{name}-1.1.0-app{len(im['app']) - 1}", app_pool, im["app"][-1] * unit)
        man, man_digest, blobs = finish_image(im, "1.1.0", old_app[:-1] + [new_top], note="1.1.0")
        ref = f"{im['repo']}:1.1.0"
        path = os.path.join(dirs, f"{len(built):02d}")
        write_image_dir(path, man, blobs, blobs_dir)
        built.append({"ref": ref, "repo": im["repo"], "tag": "1.1.0", "dir": path, "digest": man_digest,
                      "mediaType": (OCI if im["kind"] == "oci" else DOCKER)["manifest"], "index": False,
                      "releases": ["1.1.0"]})
        catalog["1.1.0"].append((name, ref))

    # Push with skopeo into a registry whose storage becomes the cached corpus.
    storage = os.path.join(tmp, "registry")
    reg = start_registry(storage)
    try:
        for b in built:
            cmd = ["skopeo", "copy", "-q", "--all", "--preserve-digests", "--dest-tls-verify=false",
                   "dir:" + b["dir"], f"docker://{reg.host}/{b['ref']}"]
            subprocess.run(cmd, check=True)
            got = subprocess.run(["skopeo", "inspect", "--raw", "--tls-verify=false", f"docker://{reg.host}/{b['ref']}"],
                                 check=True, capture_output=True).stdout
            if "sha256:" + hashlib.sha256(got).hexdigest() != b["digest"]:
                raise SystemExit(f"bench: {b['ref']} changed digest on push")
            log(f"corpus: pushed {b['ref']} ({b['digest'][:19]})")
    finally:
        reg.stop()

    unique = {d: {"kind": k, "size": s, "repo": blob_repo[d]} for d, (k, s) in sorted(blob_kind.items())}
    layer_bytes = sum(v["size"] for v in unique.values() if v["kind"] == "layer")
    referenced = 0
    for b in built:
        # bytes a per-image copy moves: every blob of the image, shared ones again
        referenced += sum(os.path.getsize(os.path.join(b["dir"], f)) for f in os.listdir(b["dir"])
                          if len(f) == 64)
    meta = {
        "generator": GENERATOR_VERSION,
        "roots": roots,
        "compressor": " ".join(compressor()),
        "requestedBytes": size_bytes,
        "images": [{k: v for k, v in b.items() if k != "dir"} for b in built],
        "releases": {v: [{"name": n, "ref": r} for n, r in refs] for v, refs in catalog.items()},
        "changed": [images[c]["repo"] for c in changed],
        "blobs": unique,
        "layers": {l["name"]: {k: v for k, v in l.items() if k != "name"} for l in layers.values()},
        "layerBytes": layer_bytes,
        "uniqueBlobBytes": sum(v["size"] for v in unique.values()),
        "uncompressedLayerBytes": sum(l["uncompressed"] for l in layers.values()),
        "perImageBytes": referenced,
        "buildSeconds": round(time.monotonic() - started, 1),
    }
    with open(os.path.join(tmp, "corpus.json"), "w") as f:
        json.dump(meta, f, indent=1)
    shutil.rmtree(blobs_dir)
    shutil.rmtree(dirs)
    shutil.rmtree(dest, ignore_errors=True)
    os.replace(tmp, dest)
    log(f"corpus: {len(built)} image references, {len(unique)} blobs, {layer_bytes / 2**30:.2f} GiB of gzip layers"
        f" ({meta['uncompressedLayerBytes'] / 2**30:.2f} GiB uncompressed) in {meta['buildSeconds']} s")
    return meta


# ---------------------------------------------------------------------------------------------
# Other shapes: shared-nothing and many-image (see SHAPES in bench.py)

def _finish_meta(tmp, dest, meta, started):
    meta["buildSeconds"] = round(time.monotonic() - started, 1)
    with open(os.path.join(tmp, "corpus.json"), "w") as f:
        json.dump(meta, f, indent=1)
    shutil.rmtree(dest, ignore_errors=True)
    os.replace(tmp, dest)
    log(f"corpus: {len(meta['images'])} image references, {len(meta['blobs'])} blobs,"
        f" {meta['layerBytes'] / 2**20:.1f} MiB of layers, built in {meta['buildSeconds']} s")
    return meta


def random_layer(size, blobs_dir, tmp_dir, seed):
    """One gzip layer holding a single file of `size` incompressible bytes (a seeded pseudo-random
    stream, so the corpus is the same on every build); gzip -1 cannot shrink it."""
    out_path = os.path.join(tmp_dir, "random.tmp")
    with open(out_path, "wb") as out:
        proc = subprocess.Popen(compressor()[:2] + ["-1"], stdin=subprocess.PIPE, stdout=out)
    pipe = _HashingPipe(proc.stdin)

    import random
    rng = random.Random(seed)

    class Fast:
        def __init__(self):
            self.left = size

        def read(self, want=-1):
            if self.left <= 0:
                return b""
            want = self.left if want < 0 else min(want, self.left)
            self.left -= want
            return rng.randbytes(want)

    with tarfile.open(fileobj=pipe, mode="w|", format=tarfile.PAX_FORMAT) as tar:
        ti = tarfile.TarInfo("data/noise.bin")
        ti.size = size
        ti.mode = 0o644
        ti.mtime = EPOCH
        tar.addfile(ti, Fast())
    proc.stdin.close()
    if proc.wait() != 0:
        raise RuntimeError("the gzip compressor failed")
    digest = store_file(out_path, blobs_dir)
    return {"digest": digest, "size": os.path.getsize(os.path.join(blobs_dir, digest.split(":")[1])),
            "diffId": "sha256:" + pipe.sha.hexdigest(), "uncompressed": pipe.size, "files": 1}


def build_nothing(dest, size_bytes, n_images, random_bytes, roots, start_registry):
    """shared-nothing: every layer belongs to one image only. Layers are gzip tars of real files
    (one to three per image, as in the shared shape but with no base layers), and image 0 also
    carries one layer of `random_bytes` incompressible data. Odd images Docker schema 2, even OCI.
    One release, 1.0.0."""
    tmp = dest + ".tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    blobs_dir = os.path.join(tmp, "blobs")
    dirs = os.path.join(tmp, "dirs")
    os.makedirs(blobs_dir)
    os.makedirs(dirs)
    started = time.monotonic()
    used = set()
    pool = Pool(roots, used)
    plan_ = []
    for i in range(n_images):
        parts = [2.0] + [1.0] * (i % 3)
        w = weight(i)
        plan_.append([w * p / sum(parts) for p in parts])
    unit = max(size_bytes - random_bytes, 1 << 20) / sum(sum(p) for p in plan_)
    built, blobs, layers = [], {}, {}
    total = 0
    for i, parts in enumerate(plan_):
        repo = f"nothing/{REPOS[i % len(REPOS)].split('/')[1]}-{i:02d}"
        kind = "oci" if i % 2 == 0 else "docker"
        chain = []
        if i == 0 and random_bytes:
            info = random_layer(random_bytes, blobs_dir, tmp, seed=f"{GENERATOR_VERSION}/noise")
            layers[f"{repo}-noise"] = info
            chain.append(info)
        for j, w in enumerate(parts):
            info = make_layer(pool, int(w * unit), blobs_dir, tmp)
            if info is None:
                raise SystemExit(f"bench: the file trees under {' '.join(roots)} ran out; ask for a smaller --size-gb")
            layers[f"{repo}-app{j}"] = info
            chain.append(info)
        for l in chain:
            total += l["size"]
            log(f"corpus: {repo}: layer {l['size'] / 2**20:.1f} MiB gzip; total {total / 2**20:.0f} MiB")
        cfg = image_config(kind, "amd64", [l["diffId"] for l in chain], {"bench.image": repo})
        cfg_digest = store_bytes(cfg, blobs_dir)
        man = image_manifest(kind, cfg_digest, len(cfg), chain)
        man_digest = store_bytes(man, blobs_dir)
        path = os.path.join(dirs, f"{i:02d}")
        write_image_dir(path, man, [cfg_digest] + [l["digest"] for l in chain], blobs_dir)
        blobs[cfg_digest] = {"kind": "config", "size": len(cfg), "repo": repo}
        for l in chain:
            blobs[l["digest"]] = {"kind": "layer", "size": l["size"], "repo": repo}
        built.append({"ref": f"{repo}:1.0.0", "repo": repo, "tag": "1.0.0", "dir": path, "digest": man_digest,
                      "mediaType": (OCI if kind == "oci" else DOCKER)["manifest"], "index": False,
                      "releases": ["1.0.0"]})
    _push_dirs(built, tmp, start_registry)
    meta = {
        "shape": "nothing",
        "generator": GENERATOR_VERSION,
        "roots": roots,
        "compressor": " ".join(compressor()),
        "requestedBytes": size_bytes,
        "randomBytes": random_bytes,
        "images": [{k: v for k, v in b.items() if k != "dir"} for b in built],
        "releases": {"1.0.0": [{"name": b["repo"].replace("/", "-"), "ref": b["ref"]} for b in built]},
        "changed": [],
        "blobs": dict(sorted(blobs.items())),
        "layers": layers,
        "layerBytes": sum(v["size"] for v in blobs.values() if v["kind"] == "layer"),
        "uniqueBlobBytes": sum(v["size"] for v in blobs.values()),
        "uncompressedLayerBytes": sum(l["uncompressed"] for l in layers.values()),
        "perImageBytes": sum(v["size"] for v in blobs.values()),
    }
    shutil.rmtree(blobs_dir)
    shutil.rmtree(dirs)
    return _finish_meta(tmp, dest, meta, started)


def _push_dirs(built, tmp, start_registry):
    storage = os.path.join(tmp, "registry")
    reg = start_registry(storage)
    try:
        for b in built:
            subprocess.run(["skopeo", "copy", "-q", "--all", "--preserve-digests", "--dest-tls-verify=false",
                            "dir:" + b["dir"], f"docker://{reg.host}/{b['ref']}"], check=True)
            got = subprocess.run(["skopeo", "inspect", "--raw", "--tls-verify=false", f"docker://{reg.host}/{b['ref']}"],
                                 check=True, capture_output=True).stdout
            if "sha256:" + hashlib.sha256(got).hexdigest() != b["digest"]:
                raise SystemExit(f"bench: {b['ref']} changed digest on push")
            log(f"corpus: pushed {b['ref']} ({b['digest'][:19]})")
    finally:
        reg.stop()


def _tgz(files):
    """A deterministic gzip tar of (name, bytes) pairs; returns (gzip bytes, diff_id)."""
    import gzip
    import io
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for name, data in files:
            ti = tarfile.TarInfo(name)
            ti.size = len(data)
            ti.mode = 0o644
            ti.mtime = EPOCH
            tar.addfile(ti, io.BytesIO(data))
    tar_bytes = raw.getvalue()
    return gzip.compress(tar_bytes, compresslevel=6, mtime=0), "sha256:" + hashlib.sha256(tar_bytes).hexdigest()


def build_many(dest, n_images, base_bytes, roots, start_registry, workers=8):
    """many-image: `n_images` tiny images, each in its own repository (many/img-NNNNN:1.0.0):
    one shared base layer (real files, about `base_bytes` gzip) plus one small layer and a config
    of its own. Pushed over HTTP straight to the registry (pushpool.py; skopeo one by one would
    take minutes), the base once and cross-repository mounted everywhere else."""
    import pushpool
    tmp = dest + ".tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    blobs_dir = os.path.join(tmp, "blobs")
    os.makedirs(blobs_dir)
    started = time.monotonic()
    base = make_layer(Pool(roots, set()), base_bytes, blobs_dir, tmp)
    with open(os.path.join(blobs_dir, base["digest"].split(":")[1]), "rb") as f:
        base_data = f.read()
    images, blobs = [], {}
    payloads = []  # per image: (repo, tag, [(digest, bytes)], (manifest media type, manifest bytes))
    for i in range(n_images):
        repo = f"many/img-{i:05d}"
        kind = "oci" if i % 2 == 0 else "docker"
        layer, diff_id = _tgz([(f"etc/bench/image-{i:05d}", f"image {i}\n".encode() * 8)])
        ld = "sha256:" + hashlib.sha256(layer).hexdigest()
        chain = [base, {"digest": ld, "size": len(layer), "diffId": diff_id}]
        cfg = image_config(kind, "amd64", [l["diffId"] for l in chain], {"bench.image": repo})
        cd = "sha256:" + hashlib.sha256(cfg).hexdigest()
        man = image_manifest(kind, cd, len(cfg), chain)
        mt = (OCI if kind == "oci" else DOCKER)["manifest"]
        md = "sha256:" + hashlib.sha256(man).hexdigest()
        blobs[cd] = {"kind": "config", "size": len(cfg), "repo": repo}
        blobs[ld] = {"kind": "layer", "size": len(layer), "repo": repo}
        images.append({"ref": f"{repo}:1.0.0", "repo": repo, "tag": "1.0.0", "digest": md, "mediaType": mt,
                       "index": False, "releases": ["1.0.0"]})
        payloads.append((repo, "1.0.0", [(cd, cfg), (ld, layer)], (mt, man)))
    first = images[0]["repo"]
    blobs[base["digest"]] = {"kind": "layer", "size": base["size"], "repo": first}
    storage = os.path.join(tmp, "registry")
    reg = start_registry(storage)
    try:
        host = reg.host
        pushpool.push_blob(host, first, base["digest"], base_data)
        log(f"corpus: pushing {n_images} images to {host} with {workers} connections")

        def one(p):
            repo, tag, own, (mt, man) = p
            c = pushpool.local()
            if repo != first:
                c.mount(repo, base["digest"], first)
            for d, data in own:
                c.put_blob(repo, d, data)
            c.put_manifest(repo, tag, mt, man)

        pushpool.run_all(host, one, payloads, workers)
        # Spot checks with skopeo: the first, a middle and the last image read back byte-exact.
        for im in (images[0], images[n_images // 2], images[-1]):
            got = subprocess.run(["skopeo", "inspect", "--raw", "--tls-verify=false", f"docker://{host}/{im['ref']}"],
                                 check=True, capture_output=True).stdout
            if "sha256:" + hashlib.sha256(got).hexdigest() != im["digest"]:
                raise SystemExit(f"bench: {im['ref']} differs after the push")
            subprocess.run(["skopeo", "inspect", "--tls-verify=false", f"docker://{host}/{im['ref']}"], check=True,
                           capture_output=True)
    finally:
        reg.stop()
    layer_bytes = sum(v["size"] for v in blobs.values() if v["kind"] == "layer")
    meta = {
        "shape": f"many{n_images}",
        "generator": GENERATOR_VERSION,
        "roots": roots,
        "compressor": " ".join(compressor()),
        "requestedBytes": base_bytes,
        "images": images,
        "releases": {"1.0.0": [{"name": im["repo"].replace("/", "-"), "ref": im["ref"]} for im in images]},
        "changed": [],
        "blobs": dict(sorted(blobs.items())),
        "layers": {"base": {k: v for k, v in base.items()}},
        "layerBytes": layer_bytes,
        "uniqueBlobBytes": sum(v["size"] for v in blobs.values()),
        "uncompressedLayerBytes": base["uncompressed"],
        "perImageBytes": sum(v["size"] for v in blobs.values()) + base["size"] * (n_images - 1),
    }
    shutil.rmtree(blobs_dir)
    return _finish_meta(tmp, dest, meta, started)
