#!/usr/bin/env python3
"""Writes a CycloneDX 1.5 SBOM (JSON) naming every statically linked library.

Input: third_party's versions.json ([{"name", "debian_version",
"upstream_version", "license"}...]). Output on stdout, deterministic (no
timestamp, no random serial number), so reproducible artifacts stay
byte-identical.

    sbom.py --name libdevin --version 0.1.0 --purl pkg:npm/libdevin@0.1.0 versions.json
"""
import argparse
import json
import sys
from urllib.parse import quote


def component(entry: dict) -> dict:
    name = entry["name"]
    version = entry.get("upstream_version") or entry.get("debian_version", "")
    c = {"type": "library", "bom-ref": f"{name}@{version}", "name": name, "version": version}
    if entry.get("license"):
        c["licenses"] = [{"expression": entry["license"]}]
    deb = entry.get("debian_version")
    if deb:
        c["purl"] = f"pkg:deb/debian/{name}@{quote(deb, safe='')}?arch=source&distro=debian-12"
        c["properties"] = [{"name": "debian:source_version", "value": deb}]
    return c


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--name", required=True)
    ap.add_argument("--version", required=True)
    ap.add_argument("--purl", required=True)
    ap.add_argument("--license", default="MIT")
    ap.add_argument("versions_json")
    a = ap.parse_args()
    with open(a.versions_json, encoding="utf-8") as f:
        entries = json.load(f)
    bom = {
        "bomFormat": "CycloneDX",
        "specVersion": "1.5",
        "version": 1,
        "metadata": {"component": {
            "type": "library", "bom-ref": f"{a.name}@{a.version}", "name": a.name,
            "version": a.version, "purl": a.purl, "licenses": [{"expression": a.license}]}},
        "components": [component(e) for e in sorted(entries, key=lambda e: e["name"])],
    }
    json.dump(bom, sys.stdout, indent=2, sort_keys=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
