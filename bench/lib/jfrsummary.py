"""Summarises a JFR recording by where threads were: top frames of jdk.ExecutionSample (running
Java code) and jdk.NativeMethodSample (inside native code: socket reads, file I/O, zstd), per
thread group, plus the first frame in the tool's own code (dev.airgap.*).

    python3 bench/lib/jfrsummary.py recording.jfr [--top 15]

Record with BUNDLE_JAVA_OPTS='-XX:StartFlightRecording=filename=x.jfr,settings=profile'.
"""

import argparse
import collections
import json
import re
import subprocess
import sys


def frames(event):
    st = event["values"].get("stackTrace") or {}
    out = []
    for f in st.get("frames", []):
        m = f["method"]
        out.append(f"{m['type']['name']}.{m['name']}".replace("/", "."))
    return out


def group(thread):
    name = (thread or {}).get("javaName") or (thread or {}).get("osName") or "?"
    return re.sub(r"-\d+(-\d+)?$", "-N", re.sub(r"#\d+", "#N", name))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("recording")
    ap.add_argument("--top", type=int, default=12)
    args = ap.parse_args()
    raw = subprocess.run(["jfr", "print", "--json", "--stack-depth", "64", "--events", "jdk.ExecutionSample,jdk.NativeMethodSample",
                          args.recording], check=True, capture_output=True, text=True).stdout
    events = json.loads(raw)["recording"]["events"]
    for kind in ("jdk.ExecutionSample", "jdk.NativeMethodSample"):
        evs = [e for e in events if e["type"] == kind]
        print(f"== {kind}: {len(evs)} samples")
        by_thread = collections.Counter(group(e["values"].get("sampledThread")) for e in evs)
        print("  by thread: " + ", ".join(f"{t} {n}" for t, n in by_thread.most_common(8)))
        top = collections.Counter()
        own = collections.Counter()
        for e in evs:
            fr = frames(e)
            if not fr:
                continue
            top[fr[0]] += 1
            mine = next((f for f in fr if f.startswith("dev.airgap.")), None)
            if mine:
                own[f"{fr[0]}  <-  {re.sub(r'[$][$]Lambda.*', '$$Lambda', mine)}"] += 1
        print("  top frames:")
        for f, n in top.most_common(args.top):
            print(f"    {n * 100 / max(len(evs), 1):5.1f}%  {f}")
        print("  top frame <- first frame in dev.airgap:")
        for f, n in own.most_common(args.top):
            print(f"    {n * 100 / max(len(evs), 1):5.1f}%  {f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
