"""A minimal registry push client on the Python standard library: keep-alive connections, one per
worker thread, the requests of the distribution API and nothing more. It builds the many-image
corpus and is the raw upload bound of the benchmark (`python3 pushpool.py raw-put ...`).

Per blob one POST for an upload session and one monolithic PUT ?digest=; a blob another
repository already holds is cross-repository mounted (one POST ?mount=&from=); per image one
PUT of the manifest. Loopback only.
"""

import http.client
import json
import os
import sys
import threading
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

_tls = threading.local()
_host = None


class Client:
    def __init__(self, host):
        self.host = host
        self.conn = None

    def _request(self, method, path, body=None, headers=None, ok=(200, 201, 202)):
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, timeout=300, blocksize=1 << 20)
            try:
                self.conn.request(method, path, body=body, headers=headers or {})
                r = self.conn.getresponse()
                data = r.read()
            except (http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = None
                if attempt == 2 or hasattr(body, "read"):
                    raise
                continue
            if r.status not in ok:
                raise RuntimeError(f"{method} {path}: HTTP {r.status} {data[:300]!r}")
            return r, data

    def _location(self, r):
        loc = r.getheader("Location")
        u = urllib.parse.urlsplit(loc)
        path = u.path + ("?" + u.query if u.query else "")
        return path, ("&" if u.query else "?")

    def put_blob(self, repo, digest, data, size=None):
        """`data` is bytes or a path to a file."""
        r, _ = self._request("POST", f"/v2/{repo}/blobs/uploads/", headers={"Content-Length": "0"})
        path, sep = self._location(r)
        path += f"{sep}digest={urllib.parse.quote(digest)}"
        if isinstance(data, (bytes, bytearray)):
            self._request("PUT", path, body=data, headers={"Content-Type": "application/octet-stream"}, ok=(201,))
        else:
            with open(data, "rb") as f:
                self._request("PUT", path, body=f, headers={"Content-Type": "application/octet-stream",
                                                            "Content-Length": str(os.fstat(f.fileno()).st_size)},
                              ok=(201,))

    def mount(self, repo, digest, from_repo):
        """Cross-repository mount; falls back to nothing (the caller uploads) when refused."""
        r, _ = self._request("POST", f"/v2/{repo}/blobs/uploads/?mount={urllib.parse.quote(digest)}"
                                     f"&from={urllib.parse.quote(from_repo)}", headers={"Content-Length": "0"},
                             ok=(201, 202))
        return r.status == 201

    def put_manifest(self, repo, tag, media_type, data):
        self._request("PUT", f"/v2/{repo}/manifests/{tag}", body=data, headers={"Content-Type": media_type},
                      ok=(201,))


def push_blob(host, repo, digest, data):
    Client(host).put_blob(repo, digest, data)


def local():
    """This worker thread's client (one keep-alive connection per thread)."""
    c = getattr(_tls, "client", None)
    if c is None:
        c = _tls.client = Client(_host)
    return c


def run_all(host, fn, items, workers):
    global _host
    _host = host
    with ThreadPoolExecutor(workers) as pool:
        for _ in pool.map(fn, items):
            pass


def raw_put(host, plan_path, workers):
    """The raw upload bound: the same end state as an import (every blob in the repository of
    every image that uses it, every manifest tagged) with the fewest requests: blobs uploaded
    once each (in parallel), then per image its mounts and its manifest (in parallel)."""
    with open(plan_path) as f:
        plan = json.load(f)
    first_repo = {}
    for im in plan["images"]:
        for d in im["blobs"]:
            first_repo.setdefault(d, im["repo"])

    def upload(d):
        local().put_blob(first_repo[d], d, plan["files"][d])

    run_all(host, upload, list(first_repo), workers)

    def image(im):
        c = local()
        for d in im["blobs"]:
            if first_repo[d] != im["repo"] and not c.mount(im["repo"], d, first_repo[d]):
                c.put_blob(im["repo"], d, plan["files"][d])
        for digest, media_type, path in im["children"]:
            with open(path, "rb") as f:
                c.put_manifest(im["repo"], digest, media_type, f.read())
        with open(im["manifest"], "rb") as f:
            c.put_manifest(im["repo"], im["tag"], im["mediaType"], f.read())

    run_all(host, image, plan["images"], workers)


if __name__ == "__main__":
    if len(sys.argv) != 5 or sys.argv[1] != "raw-put":
        sys.exit("usage: pushpool.py raw-put HOST PLAN.json WORKERS")
    raw_put(sys.argv[2], sys.argv[3], int(sys.argv[4]))
