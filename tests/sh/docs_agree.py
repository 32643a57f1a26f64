#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The program, its manual pages and docs/ tell the same story.

  docs_agree.py COMPENDIUM COMPENDIUMD SRC MANDIR

For `compendium`:
  - the commands of main.c's table, of `compendium help`, of the
    COMMANDS section of compendium(1) and of the `## \\`COMMAND ...\\``
    sections of docs/CLI.md are the same;
  - every option `compendium COMMAND --help` prints appears in that
    command's entry of compendium(1) and in its section of docs/CLI.md;
  - every option those name is one the command accepts (asked of the
    program: `COMMAND --opt=x --help`, `COMMAND --opt --help`);
  - `help COMMAND` prints exactly what `COMMAND --help` prints.
For `compendiumd`: its --help options are in compendiumd(8) and
docs/compendiumd.md, and every option compendiumd(8) names is accepted.
For the configuration: every key config/config.c reads is described in
its section of compendium.conf(5) and in examples/compendium.conf, and
neither names a key the program does not read.

Prints each disagreement and exits 1 when there is one.
"""
import os
import re
import subprocess
import sys

COMPENDIUM, COMPENDIUMD, SRC, MANDIR = sys.argv[1:5]
NODB = "/nonexistent/compendium-docs-test.db"  # --help never opens it
GLOBAL = {"--db", "--config", "-c", "--help", "-h", "--version"}
OPTION = re.compile(r"(?<![\w\-/.])(--[a-z][a-z-]*[a-z]|-[a-zA-Z])(?![\w-])")
problems = []


def run(*argv):
    p = subprocess.run(argv, capture_output=True, text=True)
    return p.returncode, p.stdout


def man_text(page):
    """The page rendered as plain text, one paragraph a line."""
    env = dict(os.environ, MANWIDTH="1000", LC_ALL="C.UTF-8")
    p = subprocess.run(["man", "-l", os.path.join(MANDIR, page)],
                       capture_output=True, text=True, env=env)
    return p.stdout


def options(text):
    return set(OPTION.findall(text))


def tag_options(text):
    """Options of the tag lines of a man page's text: a command's synopsis
    (7 columns in) and its options (11), not those prose mentions."""
    tags = re.findall(r"^(?: {7}| {11})(?:[a-z-]+ |-|\[).*$", text, re.M)
    return options("\n".join(tags))


def section(text, title):
    """Lines of the man page section `title` (a heading at column 0)."""
    out, inside = [], False
    for line in text.split("\n"):
        if line and not line[0].isspace():
            inside = line.strip() == title
            continue
        if inside:
            out.append(line)
    return out


def man_entries(lines, names):
    """{name: text} of entries whose tag line (7 columns in) starts with a
    name of names; an entry runs to the next tag or heading."""
    entries, cur = {}, None
    for line in lines:
        m = re.match(r"^ {7}(\S+)", line)
        if m and m.group(1) in names:
            cur = m.group(1)
            entries.setdefault(cur, "")
        elif line and not line.startswith("       "):
            cur = None  # a subsection heading
        elif m and cur is None:
            problems.append(f"compendium(1): \"{line.strip()}\" under "
                            "COMMANDS is no command")
        if cur is not None:
            entries[cur] += line + "\n"
    return entries


def md_sections(path):
    """{command: text} of `## \\`command ...\\`` sections of a Markdown file."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    out = {}
    for part in re.split(r"\n(?=## )", text):
        m = re.match(r"## `([a-z][a-z-]*)", part)
        if m:
            out[m.group(1)] = out.get(m.group(1), "") + part
    return out


def accepts(argv0, cmd, opt):
    """Whether the program takes opt (after cmd, when given)."""
    base = [argv0, "--db", NODB] + ([cmd] if cmd else [])
    if opt.startswith("--"):
        tries = [[opt + "=x", "--help"], [opt, "--help"]]
    else:
        tries = [[opt, "x", "--help"]]
    return any(run(*(base + t))[0] == 0 for t in tries)


def compendium():
    with open(os.path.join(SRC, "cli", "main.c"), encoding="utf-8") as f:
        table = set(re.findall(r'\{"([a-z-]+)", cmd_[a-z_]+\}', f.read()))
    rc, out = run(COMPENDIUM, "help")
    listed = set(re.findall(r"^  ([a-z][a-z-]*)  ", out, re.M))
    if rc != 0 or listed != table:
        problems.append(f"`compendium help` lists {sorted(listed)}, "
                        f"main.c registers {sorted(table)}")
    page = man_text("compendium.1")
    man = man_entries(section(page, "COMMANDS"), table)
    md = md_sections(os.path.join(SRC, "docs", "CLI.md"))
    for where, have in (("compendium(1) COMMANDS", man),
                        ("docs/CLI.md", md)):
        if set(have) != table:
            problems.append(f"{where} describes {sorted(have)}, the "
                            f"program has {sorted(table)}")
    for cmd in sorted(table):
        rc, usage = run(COMPENDIUM, cmd, "--help")
        if rc != 0 or not usage.startswith(f"usage: compendium {cmd}"):
            problems.append(f"`compendium {cmd} --help`: exit {rc}")
        if run(COMPENDIUM, "help", cmd) != (rc, usage):
            problems.append(f"`compendium help {cmd}` differs from "
                            f"`compendium {cmd} --help`")
        printed = options(usage) - GLOBAL
        text = {"compendium(1)": man.get(cmd, ""),
                "docs/CLI.md": md.get(cmd, "")}
        # What each documents as the command's options: the man page's
        # tag lines, the Markdown section's heading.
        documented = {"compendium(1)": tag_options(text["compendium(1)"]),
                      "docs/CLI.md": options(text["docs/CLI.md"]
                                             .split("\n")[0])}
        for where in text:
            for opt in sorted(printed - options(text[where])):
                problems.append(f"{where}: {cmd}: {opt} (in --help) "
                                "missing")
            for opt in sorted(documented[where] - printed - GLOBAL):
                if not accepts(COMPENDIUM, cmd, opt):
                    problems.append(f"{where}: {cmd}: {opt} is no "
                                    "option of the command")
    for opt in sorted(tag_options("\n".join(section(page, "OPTIONS")))):
        if not accepts(COMPENDIUM, None, opt):
            problems.append(f"compendium(1) OPTIONS: {opt} not accepted")


def compendiumd():
    rc, usage = run(COMPENDIUMD, "--help")
    printed = options(usage)
    page = man_text("compendiumd.8")
    with open(os.path.join(SRC, "docs", "compendiumd.md"),
              encoding="utf-8") as f:
        md = f.read()
    for where, text in (("compendiumd(8)", page),
                        ("docs/compendiumd.md", md)):
        for opt in sorted(printed - options(text)):
            problems.append(f"{where}: {opt} (in --help) missing")
    named = tag_options("\n".join(section(page, "SYNOPSIS") +
                                  section(page, "OPTIONS")))
    for opt in sorted(named):
        if not accepts(COMPENDIUMD, None, opt):
            problems.append(f"compendiumd(8): {opt} is no option")


def ini_keys(path):
    """{(section, key)} of the key lines of an INI file, commented-out
    keys (";key =") included."""
    keys, sect = set(), None
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = re.match(r"^\[(\w+)\]", line)
            if m:
                sect = m.group(1)
            m = re.match(r"^;?(\w+) =", line)
            if m and sect:
                keys.add((sect, m.group(1)))
    return keys


def configuration():
    with open(os.path.join(SRC, "config", "config.c"), encoding="utf-8") as f:
        read = set(re.findall(r'IS\("(\w+)", "(\w+)"\)', f.read()))
    if not read:
        problems.append("config/config.c: no IS(section, key) found")
    page = man_text("compendium.conf.5")
    described = set()
    for line in page.split("\n"):
        m = re.match(r"^SECTION \[(\w+)\]", line)
        if m:
            sect = m.group(1)
        m = re.match(r"^ {7}(\w+) = ", line)
        if m:
            described.add((sect, m.group(1)))
    example = ini_keys(os.path.join(SRC, "examples", "compendium.conf"))
    for where, have in (("compendium.conf(5)", described),
                        ("examples/compendium.conf", example)):
        for s, k in sorted(read - have):
            problems.append(f"{where}: [{s}] {k} missing")
        for s, k in sorted(have - read):
            problems.append(f"{where}: [{s}] {k} is no key of the program")


compendium()
compendiumd()
configuration()
for p in problems:
    print(p)
sys.exit(1 if problems else 0)
