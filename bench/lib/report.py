"""Ratios, PASS/FAIL against the targets of issues 7 and 11, the text tables and the JSON files:
RESULTS/<shape>.{txt,json} per shape, RESULTS/latest.{txt,json} the summary of every shape there."""

import json
import os
import re
import sys

GB = 10 ** 9
MEDIA_NAMES = {
    "application/vnd.docker.distribution.manifest.v2+json": "Docker schema 2",
    "application/vnd.oci.image.manifest.v1+json": "OCI manifest",
    "application/vnd.oci.image.index.v1+json": "OCI index",
}
MiB = 1 << 20
GiB = 1 << 30


def _ratio(a, b):
    return round(a / b, 3) if a is not None and b else None


def targets(res):
    m = res["median"]
    none = {"wall": None, "cpu": None, "phases": [{"wall": None}, {"wall": None}]}
    eb, es, er = m["exportBundle"] or none, m.get("exportSkopeo") or none, m["exportRaw"] or none
    ib, isk = m["importBundle"] or none, m.get("importSkopeo") or none
    ir, noop = m["importRaw"] or none, m["importNoop"] or none
    ratios = {
        "export": {
            "thisOverSkopeoWall": _ratio(eb["wall"], es["wall"]),
            "skopeoOverThisWall": _ratio(es["wall"], eb["wall"]),
            "thisOverSkopeoCpu": _ratio(eb["cpu"], es["cpu"]),
            "thisOverRawWall": _ratio(eb["wall"], er["wall"]),
            "thisOverRawToFilesWall": _ratio(eb["wall"], (m.get("exportRawFiles") or {}).get("wall")),
            "thisOverSkopeoBytes": _ratio(eb.get("outputBytes"), es.get("outputBytes")),
        },
        "import": {
            "thisOverSkopeoWall": _ratio(ib["wall"], isk["wall"]),
            "skopeoOverThisWall": _ratio(isk["wall"], ib["wall"]),
            "thisOverSkopeoCopyOnlyWall": _ratio(ib["wall"], isk["phases"][1]["wall"]),
            "thisOverSkopeoCpu": _ratio(ib["cpu"], isk["cpu"]),
            "thisOverRawWall": _ratio(ib["wall"], ir["wall"]),
            "noopOverImport": _ratio(noop["wall"], ib["wall"]),
            "noopOverImportToolSeconds": _ratio(noop.get("toolSeconds"), ib.get("toolSeconds")),
            # What scales with bytes: the import minus what a no-op re-run costs (JVM start,
            # signature, planning), against the raw bound. Context only, not a target.
            "importMinusNoopOverRawWall": _ratio(ib["wall"] - noop["wall"], ir["wall"])
            if ib["wall"] is not None and noop["wall"] is not None else None,
        },
    }
    if res.get("shape", "shared") != "shared":
        return ratios, []
    mem = res["memory"] or {}
    big = (mem.get("bundleBytes") or 0) >= GB
    checks = [
        {"name": "export at least 2.5x faster than skopeo (dir: per image + tar|zstd)",
         "target": "skopeo/this >= 2.5", "value": ratios["export"]["skopeoOverThisWall"],
         "pass": (ratios["export"]["skopeoOverThisWall"] or 0) >= 2.5},
        {"name": "export within 2x of the raw parallel GET bound",
         "target": "this/raw <= 2.0", "value": ratios["export"]["thisOverRawWall"],
         "pass": (ratios["export"]["thisOverRawWall"] or 99) <= 2.0},
        {"name": "import within 1.2x of the raw parallel upload bound",
         "target": "this/raw <= 1.2", "value": ratios["import"]["thisOverRawWall"],
         "pass": (ratios["import"]["thisOverRawWall"] or 99) <= 1.2},
        {"name": "no-op re-import under 5% of the full import",
         "target": "noop/import < 0.05", "value": ratios["import"]["noopOverImport"],
         "pass": (ratios["import"]["noopOverImport"] or 99) < 0.05},
        {"name": "1 GB+ bundle exported and imported with -Xmx256m",
         "target": "both succeed, bundle >= 1 GB", "value": mem.get("bundleBytes"),
         "pass": bool(mem.get("ok")) and big},
    ]
    for c in checks:
        c["result"] = "PASS" if c["pass"] else "FAIL"
    if mem.get("ok") and not big:
        checks[-1]["result"] = "N/A"  # a --quick corpus is too small to say
        checks[-1]["pass"] = None
    return ratios, checks


def _mb(b):
    return "" if b is None else f"{b / MiB:,.0f}"


def _f(v, fmt):
    """`v` formatted, or a dash as wide as the format asks."""
    if v is None:
        width = re.match(r"[<>^]?(\d*)", fmt).group(1)
        return format("-", ">" + width) if width else "-"
    return format(v, fmt)


def _row(label, r, out_key="outputBytes"):
    if not r:
        return f"  {label:<44}{'(not run or failed)':>19}"
    server = r.get("serverCpu")
    tool = r.get("toolSeconds")
    return (f"  {label:<44}{r['wall']:>8.1f}{r['cpu']:>10.1f}{'' if server is None else f'{server:.1f}':>10}"
            f"{r['rssMiB']:>10,.0f}{_mb(r.get(out_key)):>12}{'' if tool is None else f'{tool:.1f}':>9}")


def table(res, ratios, checks):
    m = res["median"]
    c = res["corpus"]
    mach = res["machine"]
    v = res["versions"]
    n = c["imageReferences"]
    shape = res.get("shape", "shared")
    describe = {
        "shared": f"{c['images']} images in 2 releases = {n} references",
        "nothing": f"shared-nothing: {n} images, no layer in two images, one of"
                   f" {(c.get('randomBytes') or 0) / MiB:,.0f} MiB incompressible data",
        "many1000": f"many-image: {n} tiny images, one repository each, one shared base layer",
        "many3000": f"many-image: {n} tiny images, one repository each, one shared base layer",
    }[shape]
    sk = res.get("skopeoRounds", res["rounds"])
    lines = [
        f"== shape {shape} ==",
        f"bundle benchmark, {res['generatedAt']} ({res['command']}; {res['rounds']} round(s), alternating;"
        f" medians; whole run {res['seconds'] / 60:.1f} min)",
        f"machine: {mach['cpus']} CPUs ({mach['cpuModel']}), {mach['memoryGiB']} GiB RAM; tool {res['tool']['commit']};"
        f" {v['java']}; {v['skopeo']}; {v['registry']}; {v['zstd']}",
        f"corpus: {describe} ({', '.join(MEDIA_NAMES.get(t, t) for t in c['mediaTypes'])}),"
        f" {c['blobs']} blobs, {c['layerBytes'] / MiB:,.1f} MiB of gzip layers"
        f" ({c['uncompressedLayerBytes'] / MiB:,.1f} MiB as tar), {c['perImageBytes'] / MiB:,.1f} MiB counted per image",
        f"skopeo rows: {'not run' if not sk else f'{sk} round(s)'}; per-image ms: export"
        f" {_f((m['exportBundle'] or {}).get('msPerImage'), '.1f')},"
        f" import {_f((m['importBundle'] or {}).get('msPerImage'), '.1f')},"
        f" no-op {_f((m['importNoop'] or {}).get('msPerImage'), '.1f')} (wall incl. JVM start / {n} references)",
    ] + [f"FAILED {k}: {e}" for k, errs in (res.get("failures") or {}).items() for e in errs[:1]] + [
        "",
        f"  {'EXPORT  registry -> archive':<44}{'wall s':>8}{'cpu s':>10}{'reg cpu s':>10}{'RSS MiB':>10}{'out MiB':>12}{'tool s':>9}",
        _row(f"bundle export --release {'1.x' if shape == 'shared' else '1.0.0'}", m["exportBundle"]),
        _row(f"skopeo copy dir: x{n} + tar|zstd -T0", m.get("exportSkopeo")),
    ]
    for ph in (m.get("exportSkopeo") or {}).get("phases", []):
        lines.append(f"    {ph['name']:<42}{ph['wall']:>8.1f}{ph['cpu']:>10.1f}{'':>10}{ph['rssMiB']:>10,.0f}")
    lines += [
        _row(f"raw: curl --parallel-max {res['tool']['exportConcurrency']} GET every blob", m["exportRaw"]),
        _row("  the same GETs, to files (context only)", m.get("exportRawFiles")),
        "",
        f"  {'IMPORT  archive -> empty registry':<44}{'wall s':>8}{'cpu s':>10}{'reg cpu s':>10}{'RSS MiB':>10}{'stored MiB':>12}{'tool s':>9}",
        _row("bundle import", m["importBundle"], "targetBytes"),
        _row("bundle import again (no-op)", m["importNoop"], "targetBytes"),
        _row(f"zstd -d|tar -x + skopeo copy x{n}", m.get("importSkopeo"), "targetBytes"),
    ]
    for ph in (m.get("importSkopeo") or {}).get("phases", []):
        lines.append(f"    {ph['name']:<42}{ph['wall']:>8.1f}{ph['cpu']:>10.1f}{'':>10}{ph['rssMiB']:>10,.0f}")
    lines += [
        _row(f"raw: {res['tool']['importConcurrency']} conns POST+PUT per blob, mounts, manifests", m["importRaw"],
             "targetBytes"),
        "",
        "  RATIOS (wall time)                           this/skopeo   this/raw",
        f"    export                                        {_f(ratios['export']['thisOverSkopeoWall'], '>7.2f')}"
        f"    {_f(ratios['export']['thisOverRawWall'], '>7.2f')}   (skopeo/this {_f(ratios['export']['skopeoOverThisWall'], '.2f')}x;"
        f" cpu this/skopeo {_f(ratios['export']['thisOverSkopeoCpu'], '.2f')};"
        f" bytes {_f(ratios['export']['thisOverSkopeoBytes'], '.3f')};"
        f" this/GET-to-files {_f(ratios['export']['thisOverRawToFilesWall'], '.2f')})",
        f"    import                                        {_f(ratios['import']['thisOverSkopeoWall'], '>7.2f')}"
        f"    {_f(ratios['import']['thisOverRawWall'], '>7.2f')}   (vs skopeo copy alone"
        f" {_f(ratios['import']['thisOverSkopeoCopyOnlyWall'], '.2f')}; cpu this/skopeo {_f(ratios['import']['thisOverSkopeoCpu'], '.2f')})",
        f"    no-op re-import / import                      {_f(ratios['import']['noopOverImport'], '>7.3f')}"
        f"               (as the tool reports its own seconds: {_f(ratios['import']['noopOverImportToolSeconds'], '.3f')})",
        f"    (import - no-op) / raw upload                           {_f(ratios['import']['importMinusNoopOverRawWall'], '>7.2f')}"
        "   (the part that grows with bytes; context only)",
        "",
    ]
    if shape != "shared":
        return "\n".join(lines) + "\n"
    d = res["delta"]
    if not d:
        lines.append("  DELTA  not run")
    else:
        lines += [
            f"  DELTA  1.1.0 vs 1.0.0: bundle of the {len(d['changedImages'])} changed images {_mb(d['changedImagesBytes'])}"
            f" MiB vs full 1.1.0 bundle {_mb(d['fullBytes'])} MiB ({d['ratio'] * 100:.1f}%); new layers"
            f" {_mb(d['newLayerBytes'])} MiB;",
            f"         export --since the receipt of a 1.0.0 import: {_mb(d['sinceBytes'])} MiB"
            f" ({d['sinceRatio'] * 100:.2f}% of full)",
        ]
    mem = res["memory"] or {}
    if mem.get("export") and mem.get("import"):
        e, i = mem["export"], mem["import"]
        lines.append(
            f"  MEMORY -Xmx256m on the full corpus: export {'ok' if e['rc'] == 0 else 'FAILED'}"
            f" ({_mb(mem['bundleBytes'])} MiB bundle, peak RSS {e['rssMiB']:,.0f} MiB, peak heap {e.get('peakHeapMiB')} MiB,"
            f" {e['wall']:.1f} s); import {'ok' if i['rc'] == 0 else 'FAILED'} (peak RSS {i['rssMiB']:,.0f} MiB,"
            f" peak heap {i.get('peakHeapMiB')} MiB, {i['wall']:.1f} s)")
    else:
        lines.append(f"  MEMORY -Xmx256m: FAILED: {mem.get('error', 'not run')}")
    lines += ["", "  TARGETS (issue 7)"]
    for ch in checks:
        val = ch["value"]
        shown = (f"{val / GB:.2f} GB" if isinstance(val, int) and val > 10 ** 6 else
                 "-" if val is None else f"{val:.3f}")
        lines.append(f"    {ch['result']:<5} {ch['name']:<66} {ch['target']:<30} {shown}")
    return "\n".join(lines) + "\n"


def finish(res, results_dir):
    """One shape's results: RESULTS/<shape>.json and RESULTS/<shape>.txt."""
    ratios, checks = targets(res)
    res["ratios"] = ratios
    res["targets"] = checks
    text = table(res, ratios, checks)
    os.makedirs(results_dir, exist_ok=True)
    shape = res.get("shape", "shared")
    with open(os.path.join(results_dir, f"{shape}.json"), "w") as f:
        json.dump(res, f, indent=1)
        f.write("\n")
    with open(os.path.join(results_dir, f"{shape}.txt"), "w") as f:
        f.write(text)
    sys.stdout.write("\n" + text)


SHAPE_ORDER = ("shared", "nothing", "many1000", "many3000")


def _check(name, target, value, ok, shapes_needed, have, shown=None):
    if any(s not in have for s in shapes_needed):
        return {"name": name, "target": target, "value": None, "result": "N/A", "pass": None,
                "why": "shape not run: " + ", ".join(s for s in shapes_needed if s not in have)}
    if value is None:
        return {"name": name, "target": target, "value": None, "result": "N/A", "pass": None, "why": "not measured"}
    return {"name": name, "target": target, "value": value, "shown": shown, "result": "PASS" if ok else "FAIL",
            "pass": bool(ok)}


def issue11_targets(by_shape):
    """The targets table of issue 11, from the newest results of each shape."""
    have = set(by_shape)
    med = {s: r["median"] for s, r in by_shape.items()}
    rat = {s: r.get("ratios") or targets(r)[0] for s, r in by_shape.items()}

    def r(shape, side, key):
        return (rat.get(shape) or {}).get(side, {}).get(key)

    def wall(shape, key):
        return ((med.get(shape) or {}).get(key) or {}).get("wall")

    def rss_mb(shape):
        m = med.get(shape) or {}
        vals = [(m.get(k) or {}).get("rssMiB") for k in ("exportBundle", "importBundle", "importNoop")]
        vals = [v for v in vals if v is not None]
        return round(max(vals) * MiB / 10 ** 6, 1) if vals else None

    out = []
    e_sk, e_raw = r("nothing", "export", "thisOverSkopeoWall"), r("nothing", "export", "thisOverRawToFilesWall")
    out.append(_check("export, shared-nothing: <= 0.5x skopeo", "this/skopeo <= 0.5", e_sk,
                      e_sk is not None and e_sk <= 0.5, ["nothing"], have))
    out.append(_check("export, shared-nothing: <= 1.5x raw GET to files", "this/GET-to-files <= 1.5", e_raw,
                      e_raw is not None and e_raw <= 1.5, ["nothing"], have))
    v = r("shared", "export", "thisOverSkopeoWall")
    out.append(_check("export, shared layers (today's corpus): <= 0.3x skopeo", "this/skopeo <= 0.3", v,
                      v is not None and v <= 0.3, ["shared"], have))
    for shape, label in (("nothing", "shared-nothing"), ("shared", "shared layers")):
        v = r(shape, "import", "thisOverRawWall")
        out.append(_check(f"import, {label}: <= 1.1x raw PUT", "this/raw <= 1.1", v, v is not None and v <= 1.1,
                          [shape], have))
    v = wall("nothing", "importNoop")
    n = ((by_shape.get("nothing") or {}).get("corpus") or {}).get("imageReferences")
    out.append(_check(f"no-op re-import of ~10 images (shared-nothing, {n} images)", "wall <= 0.5 s", v,
                      v is not None and v <= 0.5, ["nothing"], have))
    for key, label, limit in (("exportBundle", "export", 4), ("importBundle", "import", 6), ("importNoop", "no-op", 2)):
        v = wall("many1000", key)
        out.append(_check(f"1,000 images: {label} <= {limit} s", f"wall <= {limit} s", v, v is not None and v <= limit,
                          ["many1000"], have))
    v = rss_mb("many1000")
    out.append(_check("1,000 images: peak RSS <= 300 MB (largest of export, import, no-op)", "RSS <= 300 MB", v,
                      v is not None and v <= 300, ["many1000"], have))
    for key, label in (("exportBundle", "export"), ("importBundle", "import"), ("importNoop", "no-op")):
        a, b = wall("many3000", key), wall("many1000", key)
        v = _ratio(a, b)
        out.append(_check(f"3,000 images: {label} within 3.3x of 1,000", "3000/1000 <= 3.3", v,
                          v is not None and v <= 3.3, ["many1000", "many3000"], have))
    a, b = rss_mb("many3000"), rss_mb("many1000")
    v = _ratio(a, b)
    out.append(_check("3,000 images: peak RSS within 3.3x of 1,000", "3000/1000 <= 3.3", v, v is not None and v <= 3.3,
                      ["many1000", "many3000"], have))
    return out


def summary(results_dir):
    """RESULTS/latest.{txt,json}: every shape's newest table and the issue 11 targets over them."""
    by_shape = {}
    for shape in SHAPE_ORDER:
        path = os.path.join(results_dir, f"{shape}.json")
        if os.path.exists(path):
            with open(path) as f:
                by_shape[shape] = json.load(f)
    if not by_shape:
        return
    checks = issue11_targets(by_shape)
    for ch in checks:
        # a figure missing because the command failed is a FAIL, not an unknown
        failed = [f"{sh}: {k} failed" for sh, res in by_shape.items() for k in (res.get("failures") or {})
                  if sh in ch["name"] or (sh == "nothing" and "shared-nothing" in ch["name"])
                  or (sh.startswith("many") and f"{sh[4]},{sh[5:]}" in ch["name"])]
        if ch["result"] == "N/A" and ch.get("why") == "not measured" and failed:
            ch.update(result="FAIL", **{"pass": False, "why": "; ".join(failed)})
    lines = ["bundle benchmark summary: the newest run of each shape in " + results_dir, ""]
    lines.append(f"  {'shape':<10}{'when':<22}{'tool':<22}{'export s':>9}{'import s':>9}{'no-op s':>9}"
                 f"{'ms/img exp':>11}{'ms/img imp':>11}{'ms/img noop':>12}{'RSS MiB':>9}"
                 f"{'exp/skopeo':>11}{'exp/GETf':>9}{'imp/PUT':>8}")
    for shape, res in by_shape.items():
        m = {k: v or {} for k, v in res["median"].items()}
        rt = res.get("ratios") or targets(res)[0]
        rss = max((m.get(k) or {}).get("rssMiB") or 0 for k in ("exportBundle", "importBundle", "importNoop"))
        lines.append(
            f"  {shape:<10}{res['generatedAt']:<22}{res['tool']['commit']:<22}{_f(m['exportBundle'].get('wall'), '>9.2f')}"
            f"{_f(m['importBundle'].get('wall'), '>9.2f')}{_f(m['importNoop'].get('wall'), '>9.2f')}"
            f"{_f(m['exportBundle'].get('msPerImage'), '>11.1f')}{_f(m['importBundle'].get('msPerImage'), '>11.1f')}"
            f"{_f(m['importNoop'].get('msPerImage'), '>12.1f')}{rss:>9,.0f}"
            f"{_f(rt['export']['thisOverSkopeoWall'], '>11.2f')}{_f(rt['export']['thisOverRawToFilesWall'], '>9.2f')}"
            f"{_f(rt['import']['thisOverRawWall'], '>8.2f')}")
    for shape, res in by_shape.items():
        for k, errs in (res.get("failures") or {}).items():
            lines.append(f"  {shape}: {k} FAILED: {errs[0]}")
    lines += ["", "  TARGETS (issue 11, 2-core machine)"]
    for ch in checks:
        val = ch["value"]
        shown = "-" if val is None else f"{val:.3f}"
        lines.append(f"    {ch['result']:<5} {ch['name']:<66} {ch['target']:<20} {shown}"
                     + (f"   ({ch['why']})" if ch.get("why") else ""))
    text = "\n".join(lines) + "\n\n" + "\n".join(
        open(os.path.join(results_dir, f"{s}.txt")).read() for s in by_shape if
        os.path.exists(os.path.join(results_dir, f"{s}.txt")))
    with open(os.path.join(results_dir, "latest.json"), "w") as f:
        json.dump({"shapes": by_shape, "issue11Targets": checks}, f, indent=1)
        f.write("\n")
    with open(os.path.join(results_dir, "latest.txt"), "w") as f:
        f.write(text)
    sys.stdout.write("\n" + "\n".join(lines) + "\n")
    sys.stdout.write(f"\nwritten: {results_dir}/<shape>.{{txt,json}} and {results_dir}/latest.{{txt,json}}\n")
