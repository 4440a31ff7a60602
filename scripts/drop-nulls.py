#!/usr/bin/env python3
"""Copy a synthesized cdktf.out directory for Checkov, with every null attribute dropped.

Checkov reads `null` inside inline blocks as a value (a null `cidr_blocks` reads as set), which hides
findings; Terraform reads a null attribute as unset. The copy keeps every other byte's meaning: objects
lose their null-valued keys, at every depth; everything else is copied as it is.

    scripts/drop-nulls.py SRC DEST      # DEST is replaced
"""
import json
import shutil
import sys
from pathlib import Path


def drop_nulls(v):
    if isinstance(v, dict):
        return {k: drop_nulls(x) for k, x in v.items() if x is not None}
    if isinstance(v, list):
        return [drop_nulls(x) for x in v]
    return v


def main(argv):
    if len(argv) != 3:
        sys.exit(__doc__)
    src, dest = Path(argv[1]), Path(argv[2])
    if not src.is_dir():
        sys.exit(f"drop-nulls: {src} is not a directory")
    if dest.exists():
        shutil.rmtree(dest)
    count = 0
    for path in sorted(src.rglob("*")):
        target = dest / path.relative_to(src)
        if path.is_dir():
            target.mkdir(parents=True, exist_ok=True)
        elif path.name.endswith(".tf.json"):
            target.parent.mkdir(parents=True, exist_ok=True)
            data = json.loads(path.read_text())
            target.write_text(json.dumps(drop_nulls(data), indent=2))
            count += 1
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
    print(f"drop-nulls: {count} Terraform JSON files from {src} to {dest}")


if __name__ == "__main__":
    main(sys.argv)
