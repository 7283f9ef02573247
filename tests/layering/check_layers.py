#!/usr/bin/env python3
"""Checks the arrows between the project's folders (docs/architecture.md, "Folders and arrows").

Two checks, each failing with a message that names the file, the line and the rule:
  includes  every #include "folder/..." in a folder is of a folder it may use, and no folder
            includes a system header that belongs to another layer (<imgui.h> outside ui/ and
            platform/, <SDL.h> outside platform/ ...);
  links     no UI-free target reaches Dear ImGui, FreeType, SDL or OpenGL through its link
            libraries (read from the file CMake generates, build/layering/targets.txt).

Usage: check_layers.py includes SOURCE_DIR
       check_layers.py links TARGETS_FILE
       check_layers.py selftest       (both checks catch a broken arrow in a tree made for it)
"""
import pathlib
import re
import sys

# Each folder and the folders it may include from, besides itself. The order is the arrows:
# a folder uses only folders before it.
ALLOWED = {
    "base": [],
    "assets": [],
    "protocol": ["base"],
    "packs": ["base", "protocol"],
    "kiosk": ["base", "protocol", "packs"],
    "ui": ["base", "assets", "protocol", "packs", "kiosk"],
    "platform": ["base", "assets", "protocol", "packs", "kiosk", "ui"],
    "app": ["base", "assets", "protocol", "packs", "kiosk", "ui", "platform"],
    "collector": ["base", "protocol", "packs"],
    "tools": ["base", "protocol", "packs"],
}
FOLDERS = set(ALLOWED) | {"tests", "bench", "content"}

# System headers that belong to one layer: (pattern, the folders that may include it).
LAYER_HEADERS = [
    (re.compile(r"^imgui(_internal)?\.h$|^imgui_freetype\.h$|^imstb"), {"ui", "platform"}),
    (re.compile(r"^imgui_impl_"), {"platform"}),
    (re.compile(r"^SDL2?/|^SDL[_.]"), {"platform"}),
    (re.compile(r"^GL/|^GLES|^EGL/|^glad"), {"platform"}),
    (re.compile(r"^curl/"), {"platform"}),
    (re.compile(r"^fontconfig/|^ft2build\.h$|^freetype/"), {"ui", "platform"}),
    (re.compile(r"^systemd/"), {"platform", "collector"}),
    (re.compile(r"^sqlite3\.h$"), {"base"}),
]

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')

# Targets that must stay free of any UI, and what they must never reach.
UI_FREE_TARGETS = ["ruhr_base", "ruhr_assets", "ruhr_protocol", "ruhr_packs", "ruhr_kiosk", "ruhr_net",
                   "ruhr_collector_core", "ruhr-collector", "ruhr-kiosk-pack", "ruhr_sync_client",
                   "ruhr_outbox_bench", "pack_import_bench"]
UI_LIBRARIES = re.compile(r"PkgConfig::IMGUI|PkgConfig::FREETYPE|SDL2::|OpenGL::|libimgui|libSDL2|ruhr_ui|ruhr_platform$")
# Targets that may draw with Dear ImGui but need no window, and what they must never reach: the
# OS services and the unit tests, which run headless without SDL, OpenGL or systemd.
WINDOWLESS_TARGETS = ["ruhr_os", "ruhr_unit_tests"]
WINDOW_LIBRARIES = re.compile(r"SDL2::|OpenGL::|libSDL2|PkgConfig::SYSTEMD|ruhr_platform$")


def check_includes(root: pathlib.Path) -> list[str]:
    problems = []
    for folder, allowed in ALLOWED.items():
        base = root / folder
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*")):
            if path.suffix not in (".h", ".hpp", ".cpp", ".cc") or not path.is_file():
                continue
            rel = path.relative_to(root)
            for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
                m = INCLUDE.match(line)
                if not m:
                    continue
                kind, header = m.groups()
                top = header.split("/", 1)[0]
                if kind == '"' and "/" in header and top in FOLDERS:
                    if top != folder and top not in allowed:
                        may = ", ".join(allowed) if allowed else "no other folder"
                        problems.append(f"{rel}:{number}: {folder}/ includes \"{header}\" from {top}/, "
                                        f"but {folder}/ may use only {may} (docs/architecture.md)")
                    continue
                for pattern, owners in LAYER_HEADERS:
                    if pattern.search(header) and folder not in owners:
                        owned = " or ".join(f"{o}/" for o in sorted(owners))
                        problems.append(f"{rel}:{number}: {folder}/ includes <{header}>, which only "
                                        f"{owned} may include (docs/architecture.md)")
    return problems


def check_links(targets_file: pathlib.Path) -> list[str]:
    deps = read_targets(targets_file)
    return (reach(deps, UI_FREE_TARGETS, UI_LIBRARIES, "is UI-free") +
            reach(deps, WINDOWLESS_TARGETS, WINDOW_LIBRARIES, "needs no window"))


def read_targets(targets_file: pathlib.Path) -> dict[str, list[str]]:
    deps: dict[str, list[str]] = {}
    for line in targets_file.read_text().splitlines():
        if "=" not in line:
            continue
        name, libs = line.split("=", 1)
        # INTERFACE_LINK_LIBRARIES of a static library hold its private ones as $<LINK_ONLY:x>.
        libs = re.sub(r"\$<LINK_ONLY:([^>]*)>", r"\1", libs)
        deps[name] = [lib for lib in libs.split(";") if lib]
    return deps


def reach(deps: dict[str, list[str]], targets: list[str], forbidden: re.Pattern, what: str) -> list[str]:
    problems = []
    for target in targets:
        if target not in deps:
            continue
        # Breadth-first through the project's own targets, remembering the way for the message.
        seen = {target: [target]}
        queue = [target]
        while queue:
            current = queue.pop(0)
            for lib in deps.get(current, []):
                if lib in seen:
                    continue
                way = seen[current] + [lib]
                seen[lib] = way
                if forbidden.search(lib):
                    problems.append(f"{target} {what} but links {lib}: {' -> '.join(way)}")
                elif lib in deps:
                    queue.append(lib)
    return problems


def selftest() -> int:
    """Both checks find what they are for: a tree with forbidden includes, a target file with a
    UI-free target that reaches ImGui. A checker that passed everything would fail here."""
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        root = pathlib.Path(tmp)
        (root / "kiosk").mkdir()
        (root / "kiosk" / "outbox.cpp").write_text('#include "kiosk/outbox.h"\n#include "ui/widgets.h"\n#include <imgui.h>\n')
        (root / "collector").mkdir()
        (root / "collector" / "x.cpp").write_text('#include "base/result.h"\n#include "kiosk/sync.h"\n')
        (root / "ui").mkdir()
        (root / "ui" / "y.cpp").write_text('#include "kiosk/visit.h"\n#include <SDL.h>\n#include <imgui.h>\n')
        found = check_includes(root)
        expected = ['kiosk/outbox.cpp:2: kiosk/ includes "ui/widgets.h"', "kiosk/outbox.cpp:3: kiosk/ includes <imgui.h>",
                    'collector/x.cpp:2: collector/ includes "kiosk/sync.h"', "ui/y.cpp:2: ui/ includes <SDL.h>"]
        targets = root / "targets.txt"
        targets.write_text("ruhr_kiosk=ruhr_base;ruhr_packs\nruhr_packs=ruhr_base;PkgConfig::IMGUI\nruhr_base=Threads::Threads\n"
                           "ruhr_ui=ruhr_kiosk;PkgConfig::IMGUI\nruhr_unit_tests=ruhr_ui;ruhr_platform\n")
        links = check_links(targets)
    ok = len(found) == len(expected) and all(any(f.startswith(e) for f in found) for e in expected)
    ok = ok and links == ["ruhr_packs is UI-free but links PkgConfig::IMGUI: ruhr_packs -> PkgConfig::IMGUI",
                          "ruhr_kiosk is UI-free but links PkgConfig::IMGUI: ruhr_kiosk -> ruhr_packs -> PkgConfig::IMGUI",
                          "ruhr_unit_tests needs no window but links ruhr_platform: ruhr_unit_tests -> ruhr_platform"]
    for line in found + links:
        print("caught:", line)
    print("layering selftest:", "the checks catch broken arrows" if ok else "a broken arrow went unnoticed")
    return 0 if ok else 1


def main(argv: list[str]) -> int:
    if len(argv) == 2 and argv[1] == "selftest":
        return selftest()
    if len(argv) != 3 or argv[1] not in ("includes", "links"):
        print(__doc__, file=sys.stderr)
        return 2
    where = pathlib.Path(argv[2])
    problems = check_includes(where) if argv[1] == "includes" else check_links(where)
    for p in problems:
        print(p)
    if problems:
        print(f"layering: {len(problems)} broken arrow(s)")
        return 1
    print(f"layering: {argv[1]} follow the arrows")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
