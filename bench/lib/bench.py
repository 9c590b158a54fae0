"""The benchmark driver behind bench/run.sh: corpus, registries, alternating measured runs of
`bundle`, skopeo and raw curl bounds, then a table (latest.txt) and JSON (latest.json).

Run it through bench/run.sh, which builds the jar, sets up the work directory and cleans up.
"""

import argparse
import datetime
import hashlib
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import corpus  # noqa: E402
import pushpool  # noqa: E402,F401 (the raw upload bound runs it as a script)
import report  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUNDLE = os.path.join(ROOT, "bin", "bundle")
GiB = 1 << 30
MiB = 1 << 20

EXPORT_CONCURRENCY = 6  # bundle export's default --concurrency; the raw GET bound uses as many
IMPORT_CONCURRENCY = 4  # bundle import's default --concurrency; the raw PUT bound uses as many

log = corpus.log

MB = 10 ** 6
# Corpus shapes: (full, --quick) parameters. `shared` takes --size-gb/--images; the others are fixed.
SHAPES = {
    "shared": {"full": {"rounds": 5}, "quick": {"rounds": 1}},
    # every layer in one image only; one layer of incompressible data (issue 11: ~490 MB, 6 images)
    "nothing": {"full": {"rounds": 3, "bytes": 490 * MB, "random": 256 * MiB, "images": 6},
                "quick": {"rounds": 1, "bytes": 48 * MiB, "random": 24 * MiB, "images": 6}},
    # tiny images, one shared base layer; skopeo (one process per image) runs in round 1 only
    "many1000": {"full": {"rounds": 3, "images": 1000, "base": 512 * 1024, "skopeoRounds": 1},
                 "quick": {"rounds": 1, "images": 1000, "base": 512 * 1024, "skopeoRounds": 0}},
    "many3000": {"full": {"rounds": 3, "images": 3000, "base": 512 * 1024, "skopeoRounds": 1},
                 "quick": {"rounds": 1, "images": 3000, "base": 512 * 1024, "skopeoRounds": 0}},
}

# ---------------------------------------------------------------------------------------------
# Processes: everything started here is stopped on exit, whatever the exit.

REGISTRIES = []
CURRENT = []  # the measured command in flight (its own process group)
RUN_DIR = None
_stopping = False


def _on_signal(signum, _frame):
    global _stopping
    if _stopping:
        return
    _stopping = True
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, signal.SIG_IGN)
    for p in list(CURRENT):
        try:
            os.killpg(p.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    raise KeyboardInterrupt(f"signal {signum}")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Registry:
    """A throwaway docker-registry (CNCF distribution) on 127.0.0.1 with filesystem storage."""

    def __init__(self, name, storage, run_dir):
        self.name = name
        self.storage = storage
        self.port = free_port()
        self.host = f"127.0.0.1:{self.port}"
        os.makedirs(storage, exist_ok=True)
        self.config = os.path.join(run_dir, f"registry-{name}-{self.port}.yml")
        with open(self.config, "w") as f:
            f.write(f"""version: 0.1
log:
  level: warn
storage:
  cache:
    blobdescriptor: inmemory
  filesystem:
    rootdirectory: {storage}
http:
  addr: 127.0.0.1:{self.port}
""")
        self.log_path = os.path.join(run_dir, f"registry-{name}-{self.port}.log")
        self.proc = subprocess.Popen(["docker-registry", "serve", self.config], stdout=open(self.log_path, "w"),
                                     stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
        REGISTRIES.append(self)
        with open(os.path.join(run_dir, "pids"), "a") as f:
            f.write(f"{self.proc.pid}\n")
        deadline = time.monotonic() + 15
        while True:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    break
            except OSError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"bench: registry {name} did not start; see {self.log_path}")
                time.sleep(0.05)

    def cpu_seconds(self):
        """user+sys CPU the registry process has used so far."""
        try:
            with open(f"/proc/{self.proc.pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except OSError:
            return 0.0

    def stop(self, remove_storage=False):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self in REGISTRIES:
            REGISTRIES.remove(self)
        if remove_storage:
            shutil.rmtree(self.storage, ignore_errors=True)


def stop_all():
    for p in list(CURRENT):
        try:
            os.killpg(p.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    for r in list(REGISTRIES):
        r.stop()


# ---------------------------------------------------------------------------------------------
# Measuring

TIME_FIELDS = {
    "User time (seconds)": "user",
    "System time (seconds)": "sys",
    "Maximum resident set size (kbytes)": "rssKb",
}


def measure(label, cmd, logfile, env=None, server=None, cwd=None, check=True):
    """Runs `cmd` under /usr/bin/time -v; returns wall, user, sys, cpu, peak RSS (largest single
    process of the command), and the CPU the given registry spent meanwhile."""
    tfile = logfile + ".time"
    full = ["/usr/bin/time", "-v", "-o", tfile] + cmd
    # Every run starts with no dirty pages left by the one before (each writes a gigabyte or more),
    # so no run pays for another's write-back.
    os.sync()
    server_before = server.cpu_seconds() if server else 0.0
    started = time.monotonic()
    with open(logfile, "wb") as out, open(logfile + ".err", "wb") as err:
        p = subprocess.Popen(full, stdout=out, stderr=err, stdin=subprocess.DEVNULL, env=env, cwd=cwd,
                             start_new_session=True)
        CURRENT.append(p)
        try:
            rc = p.wait()
        finally:
            CURRENT.remove(p)
    wall = time.monotonic() - started
    server_cpu = (server.cpu_seconds() - server_before) if server else None
    stats = {}
    with open(tfile) as f:
        for line in f:
            key, _, value = line.strip().rpartition(": ")
            if key in TIME_FIELDS:
                stats[TIME_FIELDS[key]] = float(value)
    result = {
        "wall": round(wall, 3),
        "user": stats.get("user"),
        "sys": stats.get("sys"),
        "cpu": round(stats.get("user", 0) + stats.get("sys", 0), 2),
        "rssMiB": round(stats.get("rssKb", 0) / 1024, 1),
        "serverCpu": round(server_cpu, 2) if server_cpu is not None else None,
        "rc": rc,
    }
    log(f"{label}: {wall:.1f} s wall, {result['cpu']:.1f} s cpu, {result['rssMiB']:.0f} MiB peak RSS"
        + (f", registry {server_cpu:.1f} s cpu" if server else "") + ("" if rc == 0 else f", EXIT {rc}"))
    if rc != 0 and check:
        tail = open(logfile + ".err", errors="replace").read()[-3000:]
        raise SystemExit(f"bench: {label} failed (exit {rc}); stderr tail:\n{tail}")
    return result


def combine(phases):
    """A method measured in several phases (run one after the other): sums, and the largest RSS."""
    out = {"wall": 0.0, "cpu": 0.0, "rssMiB": 0.0, "serverCpu": 0.0, "rc": 0}
    for ph in phases:
        out["wall"] += ph["wall"]
        out["cpu"] += ph["cpu"]
        out["rssMiB"] = max(out["rssMiB"], ph["rssMiB"])
        out["serverCpu"] += ph["serverCpu"] or 0
        out["rc"] = out["rc"] or ph["rc"]
    out = {k: round(v, 3) if isinstance(v, float) else v for k, v in out.items()}
    out["phases"] = phases
    return out


def gc_peak_heap_mib(path):
    """Largest heap occupancy seen before a collection in a -Xlog:gc log (MiB)."""
    peak = 0.0
    unit = {"K": 1 / 1024, "M": 1, "G": 1024}
    try:
        with open(path) as f:
            for line in f:
                m = re.search(r"\s(\d+)([KMG])->(\d+)([KMG])\((\d+)([KMG])\)", line)
                if m:
                    peak = max(peak, int(m.group(1)) * unit[m.group(2)], int(m.group(3)) * unit[m.group(4)])
    except OSError:
        return None
    return round(peak, 1)


def du(path):
    total = 0
    for dirpath, _, files in os.walk(path):
        for f in files:
            try:
                total += os.lstat(os.path.join(dirpath, f)).st_size
            except OSError:
                pass
    return total


# ---------------------------------------------------------------------------------------------
# The benchmark

class Bench:
    def __init__(self, args, shape="shared"):
        self.args = args
        self.shape = shape
        self.params = SHAPES[shape]["quick" if args.quick else "full"]
        self.rounds = args.rounds or self.params["rounds"]
        self.skopeo_rounds = 0 if args.no_skopeo else self.params.get("skopeoRounds", self.rounds)
        self.run = os.path.join(args.run_dir, shape)
        os.makedirs(self.run, exist_ok=True)
        self.meta = None
        self.upstream = None

    # -- setup --------------------------------------------------------------------------------

    def ensure_corpus(self):
        roots = [r for r in self.args.source_roots.split(":") if r]
        if self.shape != "shared":
            return self.ensure_other_corpus(roots)
        size = int(self.args.size_gb * GiB)
        key = corpus.corpus_key(size, self.args.images, roots)
        dest = os.path.join(self.args.work_dir, f"corpus-{key}")
        if os.path.exists(os.path.join(dest, "corpus.json")):
            log(f"corpus: cached in {dest}")
        else:
            log(f"corpus: building {self.args.images} images, {self.args.size_gb:g} GiB of gzip layers, in {dest}")
            free = shutil.disk_usage(self.args.work_dir).free
            if free < size * 8:
                raise SystemExit(f"bench: {free / GiB:.1f} GiB free under {self.args.work_dir}; the run needs about"
                                 f" {size * 8 / GiB:.1f} GiB (corpus, outputs, three registries)")
            corpus.build(dest, size, self.args.images, roots,
                         lambda storage: Registry("corpus", storage, self.run))
        with open(os.path.join(dest, "corpus.json")) as f:
            self.meta = json.load(f)
        self.corpus_dir = dest

    def ensure_other_corpus(self, roots):
        p = self.params
        spec = [self.shape, p.get("bytes"), p.get("random"), p["images"], p.get("base")]
        key = corpus.corpus_key(json.dumps(spec), p["images"], roots)
        dest = os.path.join(self.args.work_dir, f"corpus-{self.shape}-{key}")
        if os.path.exists(os.path.join(dest, "corpus.json")):
            log(f"corpus {self.shape}: cached in {dest}")
        else:
            log(f"corpus {self.shape}: building in {dest}")
            start = lambda storage: Registry("corpus", storage, self.run)  # noqa: E731
            if self.shape == "nothing":
                corpus.build_nothing(dest, p["bytes"], p["images"], p["random"], roots, start)
            else:
                corpus.build_many(dest, p["images"], p["base"], roots, start)
        with open(os.path.join(dest, "corpus.json")) as f:
            self.meta = json.load(f)
        self.corpus_dir = dest

    def setup(self):
        self.ensure_corpus()
        self.upstream = Registry("upstream", os.path.join(self.corpus_dir, "registry"), self.run)
        up = self.upstream.host
        rel = {}
        with open(os.path.join(self.run, "releases.yaml"), "w") as f:
            f.write("releases:\n")
            for version, images in self.meta["releases"].items():
                f.write(f"  - version: {version}\n    images:\n")
                for im in images:
                    f.write(f"      {im['name']}: {up}/{im['ref']}\n")
                rel[version] = images
        self.refs = [im["ref"] for im in self.meta["images"]]  # every distinct reference of 1.x
        self.release = "1.x" if "1.1.0" in rel else "1.0.0"
        with open(os.path.join(self.run, "refs.txt"), "w") as f:
            for i, ref in enumerate(self.refs):
                f.write(f"{ref} {i:05d}\n")
        # 1.1.0 images that changed since 1.0.0 (for the delta size).
        old = {im["name"]: im["ref"] for im in rel["1.0.0"]}
        self.changed = [im for im in rel.get("1.1.0", []) if old.get(im["name"]) != im["ref"]]
        with open(os.path.join(self.run, "changed-1.1.0.txt"), "w") as f:
            for im in self.changed:
                f.write(f"{im['name']}={up}/{im['ref']}\n")
        self.write_config(None)
        subprocess.run([BUNDLE, "keygen", "--out", os.path.join(self.run, "key")], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.write_scripts()
        self.fetch_manifests()
        # raw GET list: every manifest (by tag, and an index's children by digest) and every blob
        # once, from a repository that holds it
        accept = ", ".join(sorted(set(corpus.OCI.values()) | set(corpus.DOCKER.values()) | {corpus.OCI_INDEX}))
        with open(os.path.join(self.run, "get.cfg"), "w") as f, open(os.path.join(self.run, "get-files.cfg"), "w") as g:
            for h in (f, g):
                h.write(f'header = "Accept: {accept}"\n')
            n = 0
            for im in self.plan["images"]:
                for ref in [im["tag"]] + [c[0] for c in im["children"]]:
                    f.write(f'url = "http://{up}/v2/{im["repo"]}/manifests/{ref}"\noutput = "/dev/null"\n')
                    g.write(f'url = "http://{up}/v2/{im["repo"]}/manifests/{ref}"\n'
                            f'output = "{self.run}/raw-get-files/manifest-{n}"\n')
                    n += 1
            for digest, b in self.meta["blobs"].items():
                f.write(f'url = "http://{up}/v2/{b["repo"]}/blobs/{digest}"\noutput = "/dev/null"\n')
                g.write(f'url = "http://{up}/v2/{b["repo"]}/blobs/{digest}"\n'
                        f'output = "{self.run}/raw-get-files/{digest.split(":")[1]}"\n')
        self.out = os.path.join(self.run, "out")
        os.makedirs(self.out, exist_ok=True)

    def fetch_manifests(self):
        """Every image's manifest (and an index's children) from the upstream registry, into the
        run directory (not timed): what the raw upload bound pushes and which blobs each image's
        repository must hold."""
        mdir = os.path.join(self.run, "manifests")
        os.makedirs(mdir, exist_ok=True)
        accept = ", ".join(sorted(set(corpus.OCI.values()) | set(corpus.DOCKER.values()) | {corpus.OCI_INDEX}))

        def get(repo, ref):
            c = pushpool.local()
            r, data = c._request("GET", f"/v2/{repo}/manifests/{ref}", headers={"Accept": accept}, ok=(200,))
            return r.getheader("Content-Type"), data

        def one(pair):
            i, im = pair
            mt, data = get(im["repo"], im["tag"])
            path = os.path.join(mdir, f"{i:05d}")
            with open(path, "wb") as f:
                f.write(data)
            doc = json.loads(data)
            children, blobs = [], []
            docs = [doc]
            for j, child in enumerate(doc.get("manifests", [])):
                cmt, cdata = get(im["repo"], child["digest"])
                cpath = f"{path}-{j}"
                with open(cpath, "wb") as f:
                    f.write(cdata)
                children.append((child["digest"], cmt, cpath))
                docs.append(json.loads(cdata))
            for d in docs:
                for b in ([d["config"]] if "config" in d else []) + d.get("layers", []):
                    if b["digest"] not in blobs:
                        blobs.append(b["digest"])
            return {"repo": im["repo"], "tag": im["tag"], "mediaType": mt, "manifest": path, "children": children,
                    "blobs": blobs}

        pushpool._host = self.upstream.host
        from concurrent.futures import ThreadPoolExecutor
        with ThreadPoolExecutor(8) as pool:
            images = list(pool.map(one, enumerate(self.meta["images"])))
        self.plan = {"images": images, "files": {}}

    def write_config(self, target):
        cfg = {"registries": {self.upstream.host: {"plain-http": True}}}
        if target is not None:
            cfg["targets"] = {"bench": {"url": f"{target.host}/mirror", "flavor": "generic", "plain-http": True,
                                        "repository": "{path}"}}
        with open(os.path.join(self.run, "registries.json"), "w") as f:
            json.dump(cfg, f, indent=1)

    def write_scripts(self):
        scripts = {
            # The common manual path, as a user would script it: one skopeo copy per image...
            "skopeo-export.sh": """set -euo pipefail
up=$1 refs=$2 dest=$3
mkdir -p "$dest"
while read -r ref dir; do
  skopeo copy -q --all --preserve-digests --src-tls-verify=false "docker://$up/$ref" "dir:$dest/$dir"
done <"$refs"
""",
            # ...then one archive (zstd on all cores, which only helps this path).
            "pack.sh": """set -euo pipefail
tar -C "$1" -cf - . | zstd -q -T0 -3 -f -o "$2"
""",
            "unpack.sh": """set -euo pipefail
mkdir -p "$2"
zstd -q -dc "$1" | tar -x -C "$2"
""",
            "skopeo-import.sh": """set -euo pipefail
src=$1 refs=$2 target=$3
while read -r ref dir; do
  skopeo copy -q --all --preserve-digests --dest-tls-verify=false "dir:$src/$dir" "docker://$target/mirror/$ref"
done <"$refs"
""",
        }
        for name, text in scripts.items():
            with open(os.path.join(self.run, name), "w") as f:
                f.write(text)

    def logf(self, name):
        d = os.path.join(self.run, "logs")
        os.makedirs(d, exist_ok=True)
        return os.path.join(d, name)

    def env(self, java_opts=None):
        e = dict(os.environ)
        e.pop("BUNDLE_JAVA_OPTS", None)
        if self.args.java_opts:
            e["BUNDLE_JAVA_OPTS"] = self.args.java_opts
        if java_opts:
            e["BUNDLE_JAVA_OPTS"] = (e.get("BUNDLE_JAVA_OPTS", "") + " " + java_opts).strip()
        e["CI"] = "1"  # plain progress lines
        return e

    # -- export -------------------------------------------------------------------------------

    def bundle_export(self, tag, output, release=None, images_file=None, java_opts=None, extra=()):
        release = release or self.release
        cache = os.path.join(self.run, f"cache-{tag}")
        shutil.rmtree(cache, ignore_errors=True)
        for f in os.listdir(self.out):
            if f.startswith(os.path.basename(output)):
                os.unlink(os.path.join(self.out, f))
        what = ["--images", images_file] if images_file else ["--release", release]
        cmd = [BUNDLE, "export", *what, "--catalog", os.path.join(self.run, "releases.yaml"),
               "--config", os.path.join(self.run, "registries.json"), "--output", output,
               "--sign-key", os.path.join(self.run, "key.key"), "--cache", cache, "--json", *extra]
        log_path = self.logf(f"export-bundle-{tag}")
        r = measure(f"export bundle [{tag}]", cmd, log_path, env=self.env(java_opts), server=self.upstream)
        shutil.rmtree(cache, ignore_errors=True)
        r["outputBytes"] = os.path.getsize(output)
        r["result"] = _json(log_path)
        r["toolSeconds"] = (r["result"] or {}).get("seconds")
        return r

    def skopeo_export(self, tag):
        dest = os.path.join(self.run, "skopeo-dirs")
        shutil.rmtree(dest, ignore_errors=True)
        output = os.path.join(self.out, "skopeo.tar.zst")
        copy = measure(f"export skopeo copy [{tag}]",
                       ["bash", os.path.join(self.run, "skopeo-export.sh"), self.upstream.host,
                        os.path.join(self.run, "refs.txt"), dest], self.logf(f"export-skopeo-{tag}"),
                       server=self.upstream)
        copy["name"] = "skopeo copy docker:// -> dir: per image"
        copy["dirBytes"] = du(dest)
        pack = measure(f"export tar|zstd [{tag}]", ["bash", os.path.join(self.run, "pack.sh"), dest, output],
                       self.logf(f"export-pack-{tag}"))
        pack["name"] = "tar | zstd -T0 -3"
        shutil.rmtree(dest, ignore_errors=True)
        r = combine([copy, pack])
        r["outputBytes"] = os.path.getsize(output)
        return r

    def raw_get(self, tag, to_files=False):
        """Every blob once, EXPORT_CONCURRENCY at a time, to /dev/null (the bound of the targets)
        or to files (what any exporter has to write at least once)."""
        cfg = os.path.join(self.run, "get-files.cfg" if to_files else "get.cfg")
        files = os.path.join(self.run, "raw-get-files")
        if to_files:
            shutil.rmtree(files, ignore_errors=True)
            os.makedirs(files)
        label = "raw GET to files" if to_files else "raw GET"
        r = measure(f"export {label} [{tag}]",
                    ["curl", "-sS", "--no-progress-meter", "--fail", "--parallel", "--parallel-max",
                     str(EXPORT_CONCURRENCY), "-K", cfg], self.logf(f"export-raw{'-files' if to_files else ''}-{tag}"),
                    server=self.upstream)
        r["outputBytes"] = du(files) if to_files else self.meta["uniqueBlobBytes"]
        shutil.rmtree(files, ignore_errors=True)
        return r

    # -- import -------------------------------------------------------------------------------

    def fresh_target(self, tag):
        return Registry(f"target-{tag}", os.path.join(self.run, f"target-{tag}"), self.run)

    def bundle_import(self, tag, bundle, java_opts=None, noop=True):
        target = self.fresh_target(tag)
        try:
            self.write_config(target)
            cmd = [BUNDLE, "import", bundle, "--target", "bench", "--config", os.path.join(self.run, "registries.json"),
                   "--trust", os.path.join(self.run, "key.pub"), "--output-dir", os.path.join(self.run, "refs-out"),
                   "--json"]
            log_path = self.logf(f"import-bundle-{tag}")
            r = measure(f"import bundle [{tag}]", cmd, log_path, env=self.env(java_opts), server=target, check=False)
            if r["rc"] != 0:
                # A refused import is a result too (the table says FAILED and why); no no-op then.
                err = open(log_path + ".err", errors="replace").read().strip().splitlines()
                r["error"] = next((l for l in err if l.startswith("error:")), err[-1] if err else "")
                log(f"import bundle [{tag}] FAILED: {r['error']}")
                return r, None
            r["toolSeconds"] = (r["result"] or {}).get("seconds")
            self.check_target(target, "bundle import")
            n = None
            if noop:
                log_path = self.logf(f"import-noop-{tag}")
                n = measure(f"import no-op [{tag}]", cmd, log_path, env=self.env(java_opts), server=target)
                n["result"] = _json(log_path)
                n["toolSeconds"] = (n["result"] or {}).get("seconds")
                res = n["result"] or {}
                if res.get("blobsUploaded") or res.get("manifestsPushed"):
                    log(f"warning: the no-op re-import pushed {res.get('blobsUploaded')} blobs,"
                        f" {res.get('manifestsPushed')} manifests")
            r["targetBytes"] = du(target.storage)
            return r, n
        finally:
            target.stop(remove_storage=True)

    def check_target(self, target, what, prefix="mirror/"):
        """The first and last references must be byte-exact on the target."""
        for im in (self.meta["images"][0], self.meta["images"][-1]):
            got = subprocess.run(["skopeo", "inspect", "--raw", "--tls-verify=false",
                                  f"docker://{target.host}/{prefix}{im['ref']}"], capture_output=True).stdout
            if "sha256:" + hashlib.sha256(got).hexdigest() != im["digest"]:
                raise SystemExit(f"bench: after {what}, {prefix}{im['ref']} is missing or differs on the target")

    def skopeo_import(self, tag):
        src = os.path.join(self.run, "skopeo-src")
        shutil.rmtree(src, ignore_errors=True)
        target = self.fresh_target(tag)
        try:
            unpack = measure(f"import zstd -d|tar -x [{tag}]",
                             ["bash", os.path.join(self.run, "unpack.sh"), os.path.join(self.out, "skopeo.tar.zst"), src],
                             self.logf(f"import-unpack-{tag}"))
            unpack["name"] = "zstd -d | tar -x"
            copy = measure(f"import skopeo copy [{tag}]",
                           ["bash", os.path.join(self.run, "skopeo-import.sh"), src, os.path.join(self.run, "refs.txt"),
                            target.host], self.logf(f"import-skopeo-{tag}"), server=target)
            copy["name"] = "skopeo copy dir: -> docker:// per image"
            self.check_target(target, "skopeo copy")
            r = combine([unpack, copy])
            r["targetBytes"] = du(target.storage)
            return r
        finally:
            target.stop(remove_storage=True)
            shutil.rmtree(src, ignore_errors=True)

    def raw_put(self, tag, bundle):
        blobs = os.path.join(self.run, "raw-blobs")
        plan_path = os.path.join(self.run, "raw-plan.json")
        if not os.path.isdir(blobs):
            # The blob files the uploads read, fetched once from upstream (not timed).
            os.makedirs(blobs)
            cfg = os.path.join(self.run, "get-blobs.cfg")
            with open(cfg, "w") as f:
                for digest, b in self.meta["blobs"].items():
                    f.write(f'url = "http://{self.upstream.host}/v2/{b["repo"]}/blobs/{digest}"\n'
                            f'output = "{blobs}/{digest.split(":")[1]}"\n')
            subprocess.run(["curl", "-sS", "--no-progress-meter", "--fail", "--parallel", "--parallel-max", "8",
                            "-K", cfg], check=True)
            plan = dict(self.plan)
            plan["files"] = {d: f"{blobs}/{d.split(':')[1]}" for d in self.meta["blobs"]}
            with open(plan_path, "w") as f:
                json.dump(plan, f)
        target = self.fresh_target(tag)
        try:
            r = measure(f"import raw PUT [{tag}]",
                        ["python3", os.path.join(os.path.dirname(os.path.abspath(__file__)), "pushpool.py"), "raw-put",
                         target.host, plan_path, str(IMPORT_CONCURRENCY)],
                        self.logf(f"import-raw-{tag}"), server=target)
            self.check_target(target, "raw PUT", prefix="")
            r["targetBytes"] = du(target.storage)
            return r
        finally:
            target.stop(remove_storage=True)

    def serve(self):
        """For profiling by hand: the upstream registry, a target, the files, until interrupted."""
        self.setup()
        target = self.fresh_target("serve")
        self.write_config(target)
        r = self.run
        print(f"""upstream {self.upstream.host}, empty target {target.host}; files in {r}
  cd {r}
  {BUNDLE} export --release {self.release} --catalog releases.yaml --config registries.json --sign-key key.key \\
      --cache cache --output out/bundle.tar.zst
  {BUNDLE} import out/bundle.tar.zst --target bench --config registries.json --trust key.pub --output-dir refs-out
  (JFR: BUNDLE_JAVA_OPTS='-XX:StartFlightRecording=filename=x.jfr,settings=profile'; then
   jfr print --events jdk.ExecutionSample x.jfr)
Ctrl-C stops the registries and removes {r}.""", flush=True)
        while True:
            time.sleep(3600)

    # -- the whole run ------------------------------------------------------------------------

    def run_all(self):
        started = time.monotonic()
        self.setup()
        bundle = os.path.join(self.out, "bundle.tar.zst")
        runs = {k: [] for k in ("exportBundle", "exportSkopeo", "exportRaw", "exportRawFiles", "importBundle", "importNoop",
                                "importSkopeo", "importRaw")}
        for rnd in range(self.rounds):
            tag = f"r{rnd + 1}"
            log(f"{self.shape}: round {rnd + 1}/{self.rounds}")
            skopeo = rnd < self.skopeo_rounds
            exports = [("exportBundle", lambda: self.bundle_export(tag, bundle)),
                       ("exportSkopeo", lambda: self.skopeo_export(tag)),
                       ("exportRaw", lambda: self.raw_get(tag)),
                       ("exportRawFiles", lambda: self.raw_get(tag, to_files=True))]
            for key, fn in rotate(exports, rnd):
                if key == "exportSkopeo" and not skopeo:
                    continue
                runs[key].append(fn())

            def imp_bundle():
                r, n = self.bundle_import(tag, bundle)
                if n:
                    runs["importNoop"].append(n)
                return r

            imports = [("importBundle", imp_bundle),
                       ("importSkopeo", lambda: self.skopeo_import(tag)),
                       ("importRaw", lambda: self.raw_put(tag, bundle))]
            for key, fn in rotate(imports, rnd):
                if key == "importSkopeo" and not skopeo:
                    continue
                runs[key].append(fn())
        shutil.rmtree(os.path.join(self.run, "raw-blobs"), ignore_errors=True)
        if os.path.exists(os.path.join(self.out, "skopeo.tar.zst")):
            os.unlink(os.path.join(self.out, "skopeo.tar.zst"))
        if os.path.exists(bundle):
            os.unlink(bundle)

        # The upgrade delta and the -Xmx256m check (issue 7) belong to the shared-layers shape.
        delta = self.delta() if self.shape == "shared" and self.changed and not self.args.skip_extras else None
        memory = self.memory() if self.shape == "shared" and not self.args.skip_extras else None
        results = self.results(runs, delta, memory, time.monotonic() - started)
        for key in ("exportBundle", "importBundle", "importNoop"):
            if results["median"].get(key) and results["median"][key].get("wall") is not None:
                # the JVM each command starts is part of what an operator waits for
                results["median"][key]["msPerImage"] = round(
                    1000 * results["median"][key]["wall"] / len(self.meta["images"]), 2)
        self.stop_upstream()
        return results

    def stop_upstream(self):
        if self.upstream:
            self.upstream.stop()
            self.upstream = None
        shutil.rmtree(self.run, ignore_errors=True)

    def delta(self):
        """The upgrade case: 1.0.0 imported into a target, its receipt carried back, 1.1.0 exported
        `--since` that receipt; compared with the full 1.1.0 bundle and with a bundle of only the
        images that changed."""
        log("delta: 1.1.0 --since the receipt of a 1.0.0 import, vs the full 1.1.0 bundle")
        base = os.path.join(self.out, "full-1.0.0.tar.zst")
        self.bundle_export("delta-base", base, release="1.0.0")
        receipts = os.path.join(self.run, "delta-receipt")
        shutil.rmtree(receipts, ignore_errors=True)
        target = self.fresh_target("delta")
        try:
            self.write_config(target)
            cmd = [BUNDLE, "import", base, "--target", "bench", "--config", os.path.join(self.run, "registries.json"),
                   "--trust", os.path.join(self.run, "key.pub"), "--output-dir", receipts, "--json"]
            measure("import 1.0.0 [delta base]", cmd, self.logf("import-delta-base"), env=self.env(None), server=target)
        finally:
            target.stop(remove_storage=True)
        receipt = os.path.join(receipts, "receipt.json")
        full = self.bundle_export("delta-full", os.path.join(self.out, "full-1.1.0.tar.zst"), release="1.1.0")
        since = self.bundle_export("delta-since", os.path.join(self.out, "delta-1.1.0.tar.zst"), release="1.1.0",
                                   extra=("--since", receipt))
        changed = self.bundle_export("delta-changed", os.path.join(self.out, "changed-1.1.0.tar.zst"),
                                     images_file=os.path.join(self.run, "changed-1.1.0.txt"))
        new_layers = [k for k in self.meta["layers"] if "-1.1.0-" in k]
        new_bytes = sum(self.meta["layers"][k]["size"] for k in new_layers)
        for f in ("full-1.0.0.tar.zst", "full-1.1.0.tar.zst", "delta-1.1.0.tar.zst", "changed-1.1.0.tar.zst"):
            os.unlink(os.path.join(self.out, f))
        return {
            "fullBytes": full["outputBytes"],
            "sinceBytes": since["outputBytes"],
            "sinceRatio": round(since["outputBytes"] / full["outputBytes"], 4),
            "changedImagesBytes": changed["outputBytes"],
            "changedImages": [im["ref"] for im in self.changed],
            "newLayerBytes": new_bytes,
            "ratio": round(changed["outputBytes"] / full["outputBytes"], 4),
            "fullExport": full,
            "sinceExport": since,
            "changedExport": changed,
        }

    def memory(self):
        log("memory: export and import of the full corpus with -Xmx256m")
        bundle = os.path.join(self.out, "bundle-256m.tar.zst")
        gc_export = os.path.join(self.run, "gc-export.log")
        gc_import = os.path.join(self.run, "gc-import.log")
        out = {"javaOpts": "-Xmx256m"}
        try:
            e = self.bundle_export("xmx256m", bundle, java_opts=f"-Xmx256m -Xlog:gc:file={gc_export}")
            e["peakHeapMiB"] = gc_peak_heap_mib(gc_export)
            out["export"] = e
            i, _ = self.bundle_import("xmx256m", bundle, java_opts=f"-Xmx256m -Xlog:gc:file={gc_import}", noop=False)
            i["peakHeapMiB"] = gc_peak_heap_mib(gc_import)
            out["import"] = i
            out["bundleBytes"] = e["outputBytes"]
            out["ok"] = e["rc"] == 0 and i["rc"] == 0
        except SystemExit as err:
            out["ok"] = False
            out["error"] = str(err)
            log(str(err))
        finally:
            if os.path.exists(bundle):
                os.unlink(bundle)
        return out

    def results(self, runs, delta, memory, seconds):
        med = {k: median_of(v) for k, v in runs.items()}
        failures = {k: [r.get("error") or f"exit {r['rc']}" for r in v if r and r.get("rc", 0) != 0]
                    for k, v in runs.items()}
        return {
            "shape": self.shape,
            "generatedAt": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "command": "bench/run.sh " + " ".join(self.args.original_args),
            "seconds": round(seconds, 1),
            "rounds": self.rounds,
            "skopeoRounds": min(self.skopeo_rounds, self.rounds),
            "quick": self.args.quick,
            "machine": machine(),
            "versions": versions(),
            "tool": {"commit": git_commit(os.path.dirname(os.path.dirname(BUNDLE))), "command": BUNDLE, "exportConcurrency": EXPORT_CONCURRENCY,
                     "importConcurrency": IMPORT_CONCURRENCY, "javaOpts": self.args.java_opts or "",
                     "cds": os.environ.get("BUNDLE_CDS", "on")},
            "corpus": {k: self.meta[k] for k in ("generator", "roots", "compressor", "layerBytes", "uniqueBlobBytes",
                                                 "uncompressedLayerBytes", "perImageBytes", "changed")}
            | {k: self.meta[k] for k in ("randomBytes",) if k in self.meta}
            | {"shape": self.shape, "imageReferences": len(self.meta["images"]),
               "images": len(self.meta["releases"]["1.0.0"]), "releases": sorted(self.meta["releases"]),
               "blobs": len(self.meta["blobs"]),
               "layers": sum(1 for b in self.meta["blobs"].values() if b["kind"] == "layer"),
               "mediaTypes": sorted({im["mediaType"] for im in self.meta["images"]})},
            "median": med,
            "failures": {k: v for k, v in failures.items() if v},
            "runs": runs,
            "delta": delta,
            "memory": memory,
        }


def _json(path):
    """The command's --json result, without the per-image lists."""
    try:
        with open(path) as f:
            out = json.load(f)
    except (OSError, ValueError):
        return None
    for bulky in ("references", "notes", "reports", "repositories"):
        out.pop(bulky, None)
    return out


def rotate(items, n):
    n %= len(items)
    return items[n:] + items[:n]


def median_of(runs):
    runs = [r for r in runs if r and r.get("rc", 0) == 0]  # a failed run has no figures worth a median
    if not runs:
        return None
    out = {}
    for key in ("wall", "cpu", "rssMiB", "serverCpu", "outputBytes", "targetBytes", "toolSeconds"):
        vals = [r[key] for r in runs if r.get(key) is not None]
        if vals:
            out[key] = round(statistics.median(vals), 3)
    if runs[0].get("phases"):
        out["phases"] = []
        for i, ph in enumerate(runs[0]["phases"]):
            out["phases"].append({"name": ph["name"]} | {
                key: round(statistics.median(r["phases"][i][key] for r in runs), 3)
                for key in ("wall", "cpu", "rssMiB") if ph.get(key) is not None})
    return out


def machine():
    mem = 0
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                mem = int(line.split()[1]) * 1024
    model = ""
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return {"cpus": os.cpu_count(), "cpuModel": model, "memoryGiB": round(mem / GiB, 1),
            "os": platform.platform(), "python": platform.python_version()}


def _first_line(cmd):
    try:
        p = subprocess.run(cmd, capture_output=True, text=True)
        return (p.stdout or p.stderr).strip().splitlines()[0]
    except (OSError, IndexError):
        return None


def versions():
    return {
        "java": _first_line(["java", "-version"]),
        "skopeo": _first_line(["skopeo", "--version"]),
        "registry": _first_line(["docker-registry", "--version"]),
        "zstd": _first_line(["zstd", "--version"]),
        "curl": _first_line(["curl", "--version"]),
    }


def git_commit(root):
    p = subprocess.run(["git", "-C", root, "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    dirty = subprocess.run(["git", "-C", root, "status", "--porcelain", "--untracked-files=no", "--", ".",
                            ":!bench"], capture_output=True, text=True).stdout.strip()
    return p.stdout.strip() + ("+local-changes" if dirty else "")


def main():
    ap = argparse.ArgumentParser(prog="bench/run.sh")
    ap.add_argument("--size-gb", type=float, default=None)
    ap.add_argument("--images", type=int, default=None)
    ap.add_argument("--rounds", type=int, default=None)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--work-dir", required=True)
    ap.add_argument("--run-dir", required=True)
    ap.add_argument("--results-dir", required=True)
    ap.add_argument("--source-roots", default="/usr")
    ap.add_argument("--java-opts", default="")
    ap.add_argument("--original-args", default="")
    ap.add_argument("--bundle", default=None)
    ap.add_argument("--prepare", action="store_true")
    ap.add_argument("--serve", action="store_true")
    ap.add_argument("--shape", default="all")
    ap.add_argument("--no-skopeo", action="store_true")
    ap.add_argument("--skip-extras", action="store_true")
    args = ap.parse_args()
    shapes = list(SHAPES) if args.shape == "all" else [s.strip() for s in args.shape.split(",") if s.strip()]
    unknown = [s for s in shapes if s not in SHAPES]
    if unknown or not shapes:
        raise SystemExit(f"bench: unknown shape {', '.join(unknown) or '(none)'}; pick from {', '.join(SHAPES)} or all")
    args.original_args = args.original_args.split()
    global BUNDLE
    if args.bundle:
        BUNDLE = os.path.abspath(args.bundle)
    if args.size_gb is None:
        args.size_gb = 0.0625 if args.quick else 1.0
    if args.images is None:
        args.images = 8 if args.quick else 20
    if args.images < 4 and not args.quick:
        raise SystemExit("bench: --images must be at least 4")

    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, _on_signal)
    try:
        if args.prepare:
            for shape in shapes:
                Bench(args, shape).ensure_corpus()
            return 0
        if args.serve:
            Bench(args, shapes[0]).serve()
            return 0
        for shape in shapes:
            log(f"shape {shape}")
            results = Bench(args, shape).run_all()
            report.finish(results, args.results_dir)
    except KeyboardInterrupt:
        log("interrupted; stopping registries")
        stop_all()
        return 130
    finally:
        stop_all()
    report.summary(args.results_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
