#!/usr/bin/env python3
"""Reads sqlmap's output for tests/attack/sqlmap.sh.

  sqlmap_report.py verdict LOG KIND
      Prints one line per finding ("FINDING: ..."), remark ("NOTE: ...") and
      target that was not tested as meant ("PROBLEM: ..."), from sqlmap's own
      wording (sqlmap 1.7, lib/controller/checks.py and controller.py). KIND
      is "html" or "json": a reflected '"<> counts as a finding only in HTML.
  sqlmap_report.py fivexx TRAFFIC OUT NAME
      Appends every request of sqlmap's traffic file (-t) that was answered
      5xx, with its answer, to OUT.
  sqlmap_report.py params LOG
      Prints the parameters sqlmap tested, one per line.
"""
import re
import sys

STAMP = re.compile(r"^\[[0-9:]+\] ")
# "GET parameter 'q'", "(custom) POST parameter 'JSON name'", "Cookie
# parameter 'herald_login'", "parameter 'User-Agent'".
PARAM = r"((?:\(custom\) )?(?:[A-Za-z]+ )?parameter '[^']+')"
TESTED = re.compile(r"testing for SQL injection on " + PARAM)


def lines_of(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return [STAMP.sub("", line.rstrip("\n")) for line in f]


def verdict(log, kind):
    # A parameter is a finding when sqlmap called it injectable and did not
    # withdraw it afterwards: its false-positive check ends with "false
    # positive or unexploitable injection point detected" and then "does not
    # seem to be injectable" for the same parameter.
    state = {}
    order = []
    for line in lines_of(log):
        m = re.search(PARAM + r" (?:appears to be|is) '(.*)' injectable", line)
        if m:
            if m.group(1) not in state:
                order.append(m.group(1))
            state[m.group(1)] = ("injectable", line, m.group(2))
            continue
        m = re.search(PARAM + r" does not seem to be injectable", line)
        if m:
            if m.group(1) in state and state[m.group(1)][0] == "injectable":
                print("NOTE: sqlmap flagged %s as '%s', then its own check found a false "
                      "positive" % (m.group(1), state[m.group(1)][2]))
                state[m.group(1)] = ("clear", line, "")
            continue
        if ("might be injectable" in line or "identified the following injection point" in line
                or "' is vulnerable" in line or "might be vulnerable to file inclusion" in line):
            print("FINDING: " + line)
        elif "might be vulnerable to cross-site scripting" in line:
            print(("FINDING: " if kind == "html" else "NOTE: (JSON answer, not a page) ") + line)
        elif "heavily dynamic" in line:
            print("NOTE: " + line)
        elif "[CRITICAL]" in line and "all tested parameters do not appear" not in line:
            print("PROBLEM: " + line)
    for p in order:
        if state[p][0] == "injectable":
            print("FINDING: " + state[p][1])


def fivexx(traffic, out, name):
    try:
        with open(traffic, encoding="utf-8", errors="replace") as f:
            text = f.read()
    except FileNotFoundError:
        return
    with open(out, "a", encoding="utf-8") as o:
        for block in re.split(r"\n(?=HTTP request \[#\d+\]:)", text):
            m = re.search(r"HTTP response \[#\d+\] \((5\d\d)[^)]*\):", block)
            if not m:
                continue
            request = block.split("\nHTTP response", 1)[0].strip()
            o.write("=== %s: %s\n%s\n%s\n" % (name, m.group(1), request[:3000],
                                             block[m.start():].strip()[:1500]))


def params(log):
    seen = []
    for line in lines_of(log):
        m = TESTED.search(line)
        if m and m.group(1) not in seen:
            seen.append(m.group(1))
    for p in seen:
        print(p)


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "verdict":
        verdict(sys.argv[2], sys.argv[3])
    elif command == "fivexx":
        fivexx(sys.argv[2], sys.argv[3], sys.argv[4])
    elif command == "params":
        params(sys.argv[2])
    else:
        sys.exit("usage: sqlmap_report.py verdict|fivexx|params ...")
