"""Ratios, PASS/FAIL against the targets of issue 7, the text table and the JSON file."""

import json
import os
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
    eb, es, er = m["exportBundle"], m["exportSkopeo"], m["exportRaw"]
    ib, isk, ir, noop = m["importBundle"], m["importSkopeo"], m["importRaw"], m["importNoop"]
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
            "importMinusNoopOverRawWall": _ratio(ib["wall"] - noop["wall"], ir["wall"]),
        },
    }
    mem = res["memory"]
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


def _row(label, r, out_key="outputBytes"):
    if not r:
        return f"  {label:<44}{'(not run)':>8}"
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
    lines = [
        f"bundle benchmark, {res['generatedAt']} ({res['command']}; {res['rounds']} round(s), alternating;"
        f" medians; whole run {res['seconds'] / 60:.1f} min)",
        f"machine: {mach['cpus']} CPUs ({mach['cpuModel']}), {mach['memoryGiB']} GiB RAM; tool {res['tool']['commit']};"
        f" {v['java']}; {v['skopeo']}; {v['registry']}; {v['zstd']}",
        f"corpus: {c['images']} images in 2 releases = {n} references ({', '.join(MEDIA_NAMES.get(t, t) for t in c['mediaTypes'])}),"
        f" {c['blobs']} blobs, {c['layerBytes'] / GiB:.2f} GiB of gzip layers"
        f" ({c['uncompressedLayerBytes'] / GiB:.2f} GiB as tar), {c['perImageBytes'] / GiB:.2f} GiB counted per image",
        "",
        f"  {'EXPORT  registry -> archive':<44}{'wall s':>8}{'cpu s':>10}{'reg cpu s':>10}{'RSS MiB':>10}{'out MiB':>12}{'tool s':>9}",
        _row("bundle export --release 1.x", m["exportBundle"]),
        _row(f"skopeo copy dir: x{n} + tar|zstd -T0", m["exportSkopeo"]),
    ]
    for ph in m["exportSkopeo"]["phases"]:
        lines.append(f"    {ph['name']:<42}{ph['wall']:>8.1f}{ph['cpu']:>10.1f}{'':>10}{ph['rssMiB']:>10,.0f}")
    lines += [
        _row(f"raw: curl --parallel-max {res['tool']['exportConcurrency']} GET every blob", m["exportRaw"]),
        _row("  the same GETs, to files (context only)", m.get("exportRawFiles")),
        "",
        f"  {'IMPORT  archive -> empty registry':<44}{'wall s':>8}{'cpu s':>10}{'reg cpu s':>10}{'RSS MiB':>10}{'stored MiB':>12}{'tool s':>9}",
        _row("bundle import", m["importBundle"], "targetBytes"),
        _row("bundle import again (no-op)", m["importNoop"], "targetBytes"),
        _row(f"zstd -d|tar -x + skopeo copy x{n}", m["importSkopeo"], "targetBytes"),
    ]
    for ph in m["importSkopeo"]["phases"]:
        lines.append(f"    {ph['name']:<42}{ph['wall']:>8.1f}{ph['cpu']:>10.1f}{'':>10}{ph['rssMiB']:>10,.0f}")
    lines += [
        _row(f"raw: {res['tool']['importConcurrency']} x curl POST + PUT ?digest= per blob", m["importRaw"], "targetBytes"),
        "",
        "  RATIOS (wall time)                           this/skopeo   this/raw",
        f"    export                                        {ratios['export']['thisOverSkopeoWall']:>7.2f}"
        f"    {ratios['export']['thisOverRawWall']:>7.2f}   (skopeo/this {ratios['export']['skopeoOverThisWall']:.2f}x;"
        f" cpu this/skopeo {ratios['export']['thisOverSkopeoCpu']:.2f}; bytes {ratios['export']['thisOverSkopeoBytes']:.3f};"
        f" this/GET-to-files {ratios['export']['thisOverRawToFilesWall'] or 0:.2f})",
        f"    import                                        {ratios['import']['thisOverSkopeoWall']:>7.2f}"
        f"    {ratios['import']['thisOverRawWall']:>7.2f}   (vs skopeo copy alone {ratios['import']['thisOverSkopeoCopyOnlyWall']:.2f};"
        f" cpu this/skopeo {ratios['import']['thisOverSkopeoCpu']:.2f})",
        f"    no-op re-import / import                      {ratios['import']['noopOverImport']:>7.3f}"
        f"               (as the tool reports its own seconds: {ratios['import']['noopOverImportToolSeconds'] or 0:.3f})",
        f"    (import - no-op) / raw upload                           {ratios['import']['importMinusNoopOverRawWall']:>7.2f}"
        "   (the part that grows with bytes; context only)",
        "",
    ]
    d = res["delta"]
    lines += [
        f"  DELTA  1.1.0 vs 1.0.0: bundle of the {len(d['changedImages'])} changed images {_mb(d['changedImagesBytes'])} MiB"
        f" vs full 1.1.0 bundle {_mb(d['fullBytes'])} MiB ({d['ratio'] * 100:.1f}%); new layers {_mb(d['newLayerBytes'])} MiB;",
        f"         export --since the receipt of a 1.0.0 import: {_mb(d['sinceBytes'])} MiB ({d['sinceRatio'] * 100:.2f}% of full)",
    ]
    mem = res["memory"]
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
    ratios, checks = targets(res)
    res["ratios"] = ratios
    res["targets"] = checks
    text = table(res, ratios, checks)
    os.makedirs(results_dir, exist_ok=True)
    with open(os.path.join(results_dir, "latest.json"), "w") as f:
        json.dump(res, f, indent=1)
        f.write("\n")
    with open(os.path.join(results_dir, "latest.txt"), "w") as f:
        f.write(text)
    sys.stdout.write("\n" + text)
    sys.stdout.write(f"\nwritten: {os.path.join(results_dir, 'latest.json')}, {os.path.join(results_dir, 'latest.txt')}\n")
