#!/usr/bin/env python3
"""Runs qmllint over the editor's QML (the build's all_qmllint_json target) and fails on every
warning that qml/qmllint_known.json does not list as a known qmllint 6.4 false positive. Prints
each unknown warning as FILE:LINE:COLUMN: message, and the known ones it met, counted.

Usage: qmllint_check.py BUILD_DIR SOURCE_DIR
"""
import glob
import json
import os
import re
import subprocess
import sys


def main():
    build, source = sys.argv[1], sys.argv[2]
    # qmllint exits 1 when it warns; the JSON report is written either way. An old report must not
    # stand in for a run that did not happen.
    for old in glob.glob(os.path.join(build, "*_qmllint.json")):
        os.remove(old)
    run = subprocess.run(["cmake", "--build", build, "--target", "all_qmllint_json"], capture_output=True, text=True)
    reports = glob.glob(os.path.join(build, "*_qmllint.json"))
    if not reports:
        print(run.stdout, run.stderr)
        print("no qmllint report was written")
        return 1
    with open(os.path.join(source, "qml", "qmllint_known.json")) as f:
        known = json.load(f)["known"]
    seen = [0] * len(known)
    unknown = []
    for report in reports:
        with open(report) as f:
            files = json.load(f)["files"]
        for entry in files:
            lines = open(entry["filename"], encoding="utf-8").read().split("\n")
            for w in entry["warnings"]:
                word = ""
                if "line" in w:
                    line = lines[w["line"] - 1]
                    word = line[w["column"] - 1:w["column"] - 1 + w.get("length", 0)]
                matched = next((i for i, k in enumerate(known)
                                if re.search(k["message"], w["message"]) and re.search(k.get("word", ""), word)), None)
                if matched is None:
                    where = f'{entry["filename"]}:{w.get("line", 0)}:{w.get("column", 0)}'
                    unknown.append(f'{where}: {w["message"]} ({word})' if word else f'{where}: {w["message"]}')
                else:
                    seen[matched] += 1
    for i, k in enumerate(known):
        print(f"known ({seen[i]}): {k['why']}")
    for u in unknown:
        print(u)
    print(f"{sum(seen)} known qmllint 6.4 warnings, {len(unknown)} others")
    return 1 if unknown else 0


if __name__ == "__main__":
    sys.exit(main())
