#!/usr/bin/env python3
"""Cuts the test excerpt for `cargo xtask upstream` from Cloudflare's whole spec.

Usage (from the workspace root, with ../shared/upstream beside it):

    python3 xtask/testdata/upstream/cut_excerpt.py \
        ../shared/upstream/cloudflare-2026-08-full.json.gz \
        > xtask/testdata/upstream/cloudflare-2026-08-excerpt.json

Keeps `openapi`, `servers` and `security` of the spec, the operations listed
below (paths in that order, each path item with only the listed methods, in
the spec's order) and every component they reference, transitively, plus the
security schemes that the document's and the operations' `security` name.
Nothing inside a kept subtree is changed; only `info` is replaced by a short
note saying where the cut came from. Components are written sorted by section
and name, as JSON with two-space indents and no trailing newline, as the first
excerpt (the two PATCH operations alone) was: with only those two in the list
this script writes ../shared/upstream/cloudflare-2026-08-excerpt.json byte for
byte.
"""

import gzip
import json
import sys

SOURCE = "cloudflare/cloudflare-typescript@933ad599e47eebe077a5461a9c05498a0a5ed779"

# (path, method): the fragment's operations, in the order the excerpt lists them.
OPERATIONS = [
    ("/zones/{zone_id}/ssl/certificate_packs/{certificate_pack_id}", "get"),
    ("/zones/{zone_id}/ssl/certificate_packs/{certificate_pack_id}", "patch"),
    ("/zones/{zone_id}/ssl/certificate_packs", "get"),
    ("/zones/{zone_id}/settings/ssl_automatic_mode", "get"),
    ("/zones/{zone_id}/settings/ssl_automatic_mode", "patch"),
]

PREFIX = "#/components/"


def refs(node):
    """Every local `$ref` in `node`, as (section, name)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str) and value.startswith(PREFIX):
                section, name = value[len(PREFIX):].split("/", 1)
                yield section, name
            else:
                yield from refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from refs(value)


def main(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        spec = json.load(f)

    paths = {}
    for route, method in OPERATIONS:
        item = spec["paths"][route]
        # The path item's methods in the spec's order, only the listed ones.
        wanted = {m for r, m in OPERATIONS if r == route}
        paths[route] = {m: op for m, op in item.items() if m in wanted}

    components = {}
    pending = list(refs(paths))
    schemes = set()
    for requirement in spec.get("security", []):
        schemes.update(requirement)
    for item in paths.values():
        for op in item.values():
            for requirement in op.get("security", []):
                schemes.update(requirement)
    pending += [("securitySchemes", name) for name in schemes]
    while pending:
        section, name = pending.pop()
        if name in components.setdefault(section, {}):
            continue
        node = spec["components"][section][name]
        components[section][name] = node
        pending.extend(refs(node))

    excerpt = {
        "openapi": spec["openapi"],
        "info": {
            "description": "(trimmed) Extracted verbatim (subtrees unmodified) from "
            f"{SOURCE} scripts/mock EMBEDDED_SPEC",
            "license": spec["info"]["license"],
            "title": spec["info"]["title"],
            "version": spec["info"]["version"],
        },
        "servers": spec["servers"],
        "security": spec["security"],
        "paths": paths,
        "components": {
            section: dict(sorted(entries.items()))
            for section, entries in sorted(components.items())
        },
    }
    sys.stdout.write(json.dumps(excerpt, indent=2))


if __name__ == "__main__":
    main(sys.argv[1])
