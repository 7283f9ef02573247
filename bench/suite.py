#!/usr/bin/env python3
"""The comparison suite behind bench/run_all.sh (docs/benchmarks.md, "Against Chromium").

Measures ruhr-kiosk, Chromium in kiosk mode showing the same content (make_baseline_html.py)
and an empty SDL2 + OpenGL window side by side under one Xvfb, the same way for each, then
the kiosk-only figures. Prints a table and writes bench/out/results-<time>.json. Not a test.
"""
import argparse
import datetime
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
CLK = os.sysconf("SC_CLK_TCK")
BROWSE_FORUMS = ["neue-mobilitaet", "digitale-metropole", "stadt-und-landschaft", "wohnen"]


def log(*a):
    print(*a, file=sys.stderr, flush=True)


def loadavg():
    return open("/proc/loadavg").read().split()[:3]


# --- processes: a program is its process tree plus processes that name its private folder
def proc_tree(root_pid, marker=None):
    parents, pids = {}, set()
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            stat = open(f"/proc/{d}/stat").read()
            parents[int(d)] = int(stat[stat.rfind(")") + 2:].split()[1])
            if marker and marker in open(f"/proc/{d}/cmdline").read():
                pids.add(int(d))
        except OSError:
            pass
    children = {}
    for c, pp in parents.items():
        children.setdefault(pp, []).append(c)
    todo = list(pids | {root_pid})
    while todo:
        p = todo.pop()
        pids.add(p)
        todo += [c for c in children.get(p, []) if c not in pids]
    return {p for p in pids if p in parents}


def smaps_kib(pids, fields):
    total = 0
    for p in pids:
        try:
            for line in open(f"/proc/{p}/smaps_rollup"):
                if line.split(":")[0] in fields:
                    total += int(line.split()[1])
        except OSError:
            pass
    return total


def pss_kib(pids):
    return smaps_kib(pids, ("Pss",))


def uss_kib(pids):
    """Private memory: pages only these processes map. Unlike PSS it does not depend on what
    else runs (Xvfb and any other GL program share Mesa's and LLVM's pages, lowering PSS)."""
    return smaps_kib(pids, ("Private_Clean", "Private_Dirty"))


def processes_mapping(fragment):
    """How many processes map a file whose path contains `fragment` (PSS shares their pages)."""
    n = 0
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                if fragment in open(f"/proc/{d}/maps").read():
                    n += 1
            except OSError:
                pass
    return n


def cpu_ticks(pids):
    out = {}
    for p in pids:
        try:
            stat = open(f"/proc/{p}/stat").read()
            f = stat[stat.rfind(")") + 2:].split()
            out[p] = int(f[11]) + int(f[12])
        except OSError:
            pass
    return out


def cpu_percent_over(root_pid, marker, seconds, during=None):
    """CPU of the whole program as % of one core over `seconds` (runs `during` meanwhile)."""
    before = cpu_ticks(proc_tree(root_pid, marker))
    t0 = time.monotonic()
    if during:
        during()
    rest = seconds - (time.monotonic() - t0)
    if rest > 0:
        time.sleep(rest)
    elapsed = time.monotonic() - t0
    after = cpu_ticks(proc_tree(root_pid, marker))
    used = sum(v - before.get(p, 0) for p, v in after.items())
    return round(used / CLK / elapsed * 100.0, 2)


def kill_group(pgid):
    try:
        os.killpg(pgid, signal.SIGTERM)
    except ProcessLookupError:
        return
    for _ in range(50):
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)
    try:
        os.killpg(pgid, signal.SIGKILL)
    except ProcessLookupError:
        pass


# --- programs under test
class Bench:
    def __init__(self, args):
        self.a = args
        self.build = os.path.abspath(args.build)
        self.kiosk = os.path.join(self.build, "platform", "ruhr-kiosk")
        self.probe = os.path.join(self.build, "bench", "screen_probe")
        self.empty = os.path.join(self.build, "bench", "empty_window")
        self.work = tempfile.mkdtemp(prefix="ruhr-bench-")
        self.xvfbs = []
        self.env = dict(os.environ, XDG_CACHE_HOME=os.path.join(self.work, "cache"))

    def xvfb(self, display, w, h):
        p = subprocess.Popen(["Xvfb", display, "-screen", "0", f"{w}x{h}x24", "-nolisten", "tcp", "-br"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.xvfbs.append(p)
        for _ in range(100):
            if subprocess.run(["xdotool", "getdisplaygeometry"], env=dict(self.env, DISPLAY=display),
                              capture_output=True).returncode == 0:
                break
            time.sleep(0.05)
        return dict(self.env, DISPLAY=display)

    def close(self):
        for p in self.xvfbs:
            p.terminate()
            p.wait()
        shutil.rmtree(self.work, ignore_errors=True)

    def probe_json(self, env, *args):
        r = subprocess.run([self.probe, *args], env=env, capture_output=True, text=True)
        if r.returncode != 0:
            raise RuntimeError(f"screen_probe {args[:3]}: {r.stderr.strip()}")
        return json.loads(r.stdout.strip().splitlines()[-1])

    def tap(self, env, xy, quiet_ms=800):
        return self.probe_json(env, "tap", str(xy[0]), str(xy[1]), "--quiet-ms", str(quiet_ms), "--timeout", "15")

    def chromium_cmd(self, w, h, url, profile):
        os.makedirs(os.path.join(profile, "Default"), exist_ok=True)
        with open(os.path.join(profile, "Default", "Preferences"), "w") as f:
            json.dump({"translate": {"enabled": False}}, f)  # a German page would offer translation
        return ["/usr/bin/chromium", "--kiosk", f"--window-position=0,0", f"--window-size={w},{h}",
                f"--user-data-dir={profile}", "--no-sandbox", "--test-type", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--password-store=basic", url]

    def launch(self, env, cmd, quiet_ms=1500):
        """Starts cmd under screen_probe; returns the probe's figures (pid = process group)."""
        return self.probe_json(env, "launch", "--quiet-ms", str(quiet_ms), "--timeout", "40", "--log",
                               os.path.join(self.work, "programs.log"), "--", *cmd)


def median(xs):
    xs = [x for x in xs if x is not None]
    return round(statistics.median(xs), 2) if xs else None


def kiosk_taps(b, env, w, h):
    """Where the kiosk's widgets are at this size: a script run taps them and logs positions."""
    script = os.path.join(b.work, "discover.script")
    lines = ["tap attract/start", "tap lang/en", "tap lang/de", "tap home/forums"]
    for f in BROWSE_FORUMS:
        lines += [f"tap forum/{f}", "tap nav/back"]
    open(script, "w").write("\n".join(lines) + "\n")
    ev = os.path.join(b.work, "discover.jsonl")
    subprocess.run([b.kiosk, "--size", f"{w}x{h}", "--data", os.path.join(b.work, "data-discover"),
                    "--script", script, "--events", ev], env=env, check=True, capture_output=True)
    taps = {}
    for line in open(ev):
        e = json.loads(line)
        if e.get("event") == "tap" and e.get("hit"):
            taps.setdefault(e["hit"], [int(e["x"]), int(e["y"])])
    return taps


def browse_taps(taps):
    seq = []
    while len(seq) < 20:
        for f in BROWSE_FORUMS:
            seq += [taps[f"forum/{f}"], taps["nav/back"]]
    return seq[:20]


def xdotool_walk(env, seq, interval):
    cmd = ["xdotool"]
    for x, y in seq:
        cmd += ["mousemove", str(x), str(y), "click", "1", "sleep", str(interval)]
    subprocess.run(cmd, env=env, check=True)


def run_comparison(b, runs, w, h):
    env = b.xvfb(f":{b.a.display}", w, h)
    page = os.path.join(b.work, "page")
    html_taps = json.loads(subprocess.run([sys.executable, os.path.join(HERE, "make_baseline_html.py"),
                                           os.path.join(ROOT, "content", "default"), page, str(w), str(h)],
                                          check=True, capture_output=True, text=True).stdout)
    url = "file://" + os.path.join(page, "index.html")
    ktaps = kiosk_taps(b, env, w, h)
    taps = {"ours": ktaps, "chromium": html_taps}
    res = {k: {} for k in ("ours", "chromium", "empty")}

    def add(who, key, val):
        res[who].setdefault(key, []).append(val)

    def start(who, run, warm=False):
        marker = None
        if who == "ours":
            ev = os.path.join(b.work, f"events-{run}.jsonl")
            cmd = [b.kiosk, "--size", f"{w}x{h}", "--data", os.path.join(b.work, "data"), "--events", ev]
        elif who == "chromium":
            marker = os.path.join(b.work, f"chromium-profile-{run}")
            cmd = b.chromium_cmd(w, h, url, marker)
        else:
            cmd = [b.empty, f"{w}x{h}"]
        r = b.launch(env, cmd)
        if warm:
            return r, marker
        add(who, "first_change_ms", r["first_change_ms"])
        add(who, "start_to_complete_frame_ms", r["settled_ms"])
        if who == "ours":
            for line in open(ev):
                e = json.loads(line)
                if e.get("event") == "first-frame":
                    add(who, "first_frame_event_ms", e["ms_since_start"])
                    add(who, "first_frame_phases_ms", e.get("phases_ms"))
        return r, marker

    # One untimed start of each first: the shader cache (Mesa) and the file cache are warm
    # for every counted run, as on a kiosk that has started before.
    for who in ("empty", "ours", "chromium"):
        r, _ = start(who, "warm", warm=True)
        time.sleep(1)
        kill_group(r["pid"])
    for run in range(1, runs + 1):
        for who in ("empty", "ours", "chromium"):
            log(f"  run {run}/{runs}: {who} (load {' '.join(loadavg())})")
            r, marker = start(who, run)
            pid = r["pid"]
            try:
                time.sleep(1)
                if who != "empty":
                    t = b.tap(env, taps[who]["attract/start"])
                    add(who, "tap_attract_to_home_ms", t["settled_ms"])
                    add(who, "tap_attract_to_home_first_change_ms", t["first_change_ms"])
                    time.sleep(1)
                add(who, "pss_home_mib", round(pss_kib(proc_tree(pid, marker)) / 1024, 1))
                add(who, "uss_home_mib", round(uss_kib(proc_tree(pid, marker)) / 1024, 1))
                add(who, "processes_mapping_llvm", processes_mapping("libLLVM"))
                add(who, "processes", len(proc_tree(pid, marker)))
                add(who, "idle_cpu_pct", cpu_percent_over(pid, marker, 10))
                if who == "empty":
                    continue
                t = b.tap(env, taps[who]["home/forums"])
                add(who, "tap_home_to_forums_ms", t["settled_ms"])
                add(who, "tap_home_to_forums_first_change_ms", t["first_change_ms"])
                time.sleep(0.5)
                t = b.tap(env, taps[who]["lang/en"])
                add(who, "language_switch_ms", t["settled_ms"])
                time.sleep(0.5)
                seq = browse_taps(taps[who])
                add(who, "browse_cpu_pct", cpu_percent_over(pid, marker, 10, lambda: xdotool_walk(env, seq, 0.5)))
            finally:
                kill_group(pid)
                time.sleep(0.5)

    # Memory after visiting all 20 forums, the same visits for both.
    forum_ids = [f["id"] for f in json.load(open(os.path.join(ROOT, "content", "default", "manifest.json")))["forums"]]
    script = os.path.join(b.work, "walk20.script")
    lines = ["tap attract/start", "tap home/forums"]
    for f in forum_ids:
        lines += [f"scroll-to forum/{f}", f"tap forum/{f}", "expect-screen forum", "tap nav/back"]
    lines += ["advance 0.05"] * 60  # about 3 s on the list at the end, to read the memory
    open(script, "w").write("\n".join(lines) + "\n")
    for run in range(1, runs + 1):
        log(f"  20 forums, run {run}/{runs}")
        p = subprocess.Popen([b.kiosk, "--size", f"{w}x{h}", "--data", os.path.join(b.work, "data"),
                              "--script", script], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        last = None
        while p.poll() is None:
            v = pss_kib(proc_tree(p.pid))
            if v:
                last = v
            time.sleep(0.1)
        if p.returncode != 0:
            raise RuntimeError("the 20-forum script failed")
        add("ours", "pss_after_20_forums_mib", round(last / 1024, 1))
        marker = os.path.join(b.work, f"chromium-walk-{run}")
        r = b.launch(env, b.chromium_cmd(w, h, url + "?walk=300", marker))
        try:
            for _ in range(600):
                if subprocess.run(["xdotool", "search", "--name", "walk-done"], env=env,
                                  capture_output=True).returncode == 0:
                    break
                time.sleep(0.1)
            else:
                raise RuntimeError("the Chromium walk did not end")
            time.sleep(1)
            add("chromium", "pss_after_20_forums_mib", round(pss_kib(proc_tree(r["pid"], marker)) / 1024, 1))
        finally:
            kill_group(r["pid"])
    return res


def frame_stats(b, sizes, display_base):
    """UI work and frame time while scrolling the forum grid (script: drags up and down)."""
    out = {}
    script = os.path.join(b.work, "scroll.script")
    lines = ["tap attract/start", "tap home/forums"]
    for _ in range(4):
        lines += ["drag 50% 80% 50% 20% 0.6"] * 3 + ["drag 50% 20% 50% 80% 0.6"] * 3
    open(script, "w").write("\n".join(lines) + "\n")
    for i, (w, h) in enumerate(sizes):
        env = b.xvfb(f":{display_base + i}", w, h)
        ev = os.path.join(b.work, f"scroll-{w}x{h}.jsonl")
        frames = os.path.join(b.work, f"frames-{w}x{h}.txt")
        log(f"  scrolling at {w}x{h}")
        r = subprocess.run([b.kiosk, "--size", f"{w}x{h}", "--data", os.path.join(b.work, "data"), "--script",
                            script, "--events", ev, "--frame-stats", frames], env=env, capture_output=True, text=True)
        if r.returncode != 0:
            out[f"{w}x{h}"] = {"error": f"exit {r.returncode}: {r.stderr.strip()[-400:]}"}
            continue
        for line in open(ev):
            e = json.loads(line)
            if e.get("event") == "frame-stats":
                out[f"{w}x{h}"] = e["stats"]
    return out


def outbox(b):
    d = os.path.join(b.work, "outbox")
    os.makedirs(d)
    txt = subprocess.run([os.path.join(b.build, "bench", "ruhr_outbox_bench"), d, "2000"], check=True,
                         capture_output=True, text=True).stdout
    return txt.strip()


def write_file_list(pack):
    """manifest.json "files": every file but the manifest, sorted, with size and SHA-256."""
    import hashlib
    files = []
    for d, _, fs in os.walk(pack):
        for f in fs:
            rel = os.path.relpath(os.path.join(d, f), pack).replace(os.sep, "/")
            if rel in ("manifest.json", "manifest.sig") or f.startswith("."):
                continue
            data = open(os.path.join(pack, rel), "rb").read()
            files.append({"path": rel, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()})
    m = json.load(open(os.path.join(pack, "manifest.json"), encoding="utf-8"))
    m["files"] = sorted(files, key=lambda e: e["path"])
    json.dump(m, open(os.path.join(pack, "manifest.json"), "w", encoding="utf-8"), indent=2, ensure_ascii=False)


def photo_pack(b, count, cache):
    """A copy of the built-in pack plus `count` photos of 4000x3000, made once and kept in bench/out."""
    pack = os.path.join(cache, f"pack-{count}-photos")
    done = pack + ".complete"  # outside the pack: it would be an unlisted file
    if not os.path.exists(done):
        shutil.rmtree(pack, ignore_errors=True)
        shutil.copytree(os.path.join(ROOT, "content", "default"), pack)
        photos = os.path.join(pack, "images", "photos")
        os.makedirs(photos)
        base = os.path.join(cache, "photo-base.png")
        convert = "/usr/bin/convert" if os.path.exists("/usr/bin/convert") else "convert"
        if not os.path.exists(base):
            log("  making a 4000x3000 base photo (ImageMagick)")
            subprocess.run([convert, "-size", "1000x750", "plasma:fractal", "-blur", "0x1",
                            "-resize", "4000x3000!", "+noise", "Gaussian", base], check=True)
        log(f"  making {count} photos of 4000x3000 (ImageMagick), once")
        procs = []
        for i in range(count):
            procs.append(subprocess.Popen([convert, base, "-roll", f"+{i * 37}+{i * 23}", "-modulate",
                                           f"100,100,{(i * 7) % 200}", "-quality", "85",
                                           os.path.join(photos, f"photo-{i:03d}.jpg")]))
            if len(procs) >= 2:
                procs.pop(0).wait()
        for p in procs:
            p.wait()
        r = subprocess.run([os.path.join(b.build, "tools", "pack", "ruhr-kiosk-pack"), "build", pack],
                           capture_output=True, text=True)
        if r.returncode != 0:
            # Photos of 4000x3000 as cameras write them exceed the default 256 MiB for a whole
            # pack: write the file list (as `build` does) so the import can be timed anyway.
            log("  ruhr-kiosk-pack build refused the pack: " + r.stderr.strip().splitlines()[-1])
            write_file_list(pack)
        open(done, "w").close()
    else:
        # The photos are kept; the rest follows the built-in pack as it is now.
        for d, _, fs in os.walk(os.path.join(ROOT, "content", "default")):
            for f in fs:
                src = os.path.join(d, f)
                dst = os.path.join(pack, os.path.relpath(src, os.path.join(ROOT, "content", "default")))
                os.makedirs(os.path.dirname(dst), exist_ok=True)
                shutil.copyfile(src, dst)
        write_file_list(pack)
    mib = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(pack) for f in fs) / 2**20
    return pack, mib


def pack_import(b, runs, cache):
    pack, mib = photo_pack(b, 100, cache)
    args = [os.path.join(b.build, "bench", "pack_import_bench"), pack, str(runs)]
    r = subprocess.run(args, capture_output=True, text=True)
    res = {"pack_mib": round(mib, 1)}
    if r.returncode != 0:
        # The default limit for a whole pack is 256 MiB; record that, then time it above the limit.
        res["refused_with_default_limits"] = r.stderr.strip()
        r = subprocess.run(args + ["--total-mib", "2048"], capture_output=True, text=True)
    if r.returncode != 0:
        res["error"] = r.stderr.strip()
        return res
    res.update(json.loads(r.stdout))
    return res


def table(res):
    rows = []
    o, c, e = res["comparison"]["ours"], res["comparison"]["chromium"], res["comparison"]["empty"]

    def row(name, key, unit, with_empty=False):
        mo, mc = median(o.get(key, [])), median(c.get(key, []))
        ratio = round(mo / mc, 3) if mo is not None and mc else None
        me = median(e.get(key, [])) if with_empty else None
        rows.append({"figure": name, "unit": unit, "ours": mo, "chromium": mc, "ratio": ratio, "empty_window": me,
                     "runs_ours": o.get(key), "runs_chromium": c.get(key)})

    row("start to first complete frame (screen)", "start_to_complete_frame_ms", "ms", True)
    row("start to first change on screen", "first_change_ms", "ms", True)
    row("PSS on the home screen (all processes)", "pss_home_mib", "MiB", True)
    row("private memory (USS) on the home screen", "uss_home_mib", "MiB", True)
    row("PSS after visiting all 20 forums", "pss_after_20_forums_mib", "MiB")
    row("CPU idle on home, 10 s", "idle_cpu_pct", "% of a core", True)
    row("CPU browsing, 10 s (20 taps)", "browse_cpu_pct", "% of a core")
    row("tap to screen: attract -> home", "tap_attract_to_home_ms", "ms")
    row("tap to screen: home -> forum grid", "tap_home_to_forums_ms", "ms")
    row("tap to screen: language switch", "language_switch_ms", "ms")
    row("processes", "processes", "", True)
    return rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--display", type=int, default=171)
    ap.add_argument("--out", default=os.path.join(HERE, "out"))
    ap.add_argument("--skip", default="", help="comma list of: compare,frames,outbox,import")
    ap.add_argument("--import-runs", type=int, default=1, help="runs of the 100-photo import (about 2 min each)")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    skip = set(filter(None, a.skip.split(",")))
    b = Bench(a)
    res = {"date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"), "runs": a.runs,
           "machine": {"cores": os.cpu_count(), "load_at_start": loadavg(),
                       "chromium": subprocess.run(["/usr/bin/chromium", "--version"], capture_output=True,
                                                  text=True).stdout.strip()}}
    def part(name, what, fn):
        # A part that fails is reported as such; the others still run and are written.
        if name in skip:
            return
        log(what)
        try:
            fn()
        except Exception as ex:  # noqa: BLE001 - any failure of one part
            res.setdefault("errors", {})[name] = str(ex)
            log(f"  {name} failed: {ex}")

    def compare():
        res["comparison"] = run_comparison(b, a.runs, 1920, 1080)
        res["table"] = table(res)

    try:
        part("compare", "comparison at 1920x1080: ours, Chromium, empty window", compare)
        part("frames", "frame times while scrolling the forum grid", lambda: res.__setitem__(
            "frame_stats", frame_stats(b, [(1920, 1080), (1080, 1920), (3840, 2160)], a.display + 1)))
        part("outbox", "outbox: submit to committed", lambda: res.__setitem__("outbox", outbox(b)))
        part("import", "content pack import: 100 photos of 4000x3000",
             lambda: res.__setitem__("pack_import", pack_import(b, a.import_runs, a.out)))
    finally:
        b.close()
    res["machine"]["load_at_end"] = loadavg()
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    path = os.path.join(a.out, f"results-{stamp}.json")
    json.dump(res, open(path, "w"), indent=1, ensure_ascii=False)
    shutil.copy(path, os.path.join(a.out, "latest.json"))

    print(f"ruhr-kiosk vs Chromium kiosk mode, 1920x1080, median of {a.runs} runs, {res['date']}")
    print(f"load average at start {' '.join(res['machine']['load_at_start'])}, at end "
          f"{' '.join(res['machine']['load_at_end'])} ({os.cpu_count()} cores); {res['machine']['chromium']}")
    if "table" in res:
        print(f"{'figure':44} {'ours':>10} {'Chromium':>10} {'ours/Chr.':>9} {'empty win':>10}")
        for r in res["table"]:
            fmt = lambda v: "-" if v is None else f"{v:g}"
            print(f"{r['figure'] + (' [' + r['unit'] + ']' if r['unit'] else ''):44} {fmt(r['ours']):>10} "
                  f"{fmt(r['chromium']):>10} {fmt(r['ratio']):>9} {fmt(r['empty_window']):>10}")
        fe = median(res["comparison"]["ours"].get("first_frame_event_ms", []))
        print(f"{'start to first frame, app first-frame event [ms]':44} {fe:>10g}")
    if "frame_stats" in res:
        print("\nscrolling the forum grid (ms; UI work = before rendering, total = after the swap)")
        print(f"{'size':12} {'frames':>7} {'UI med':>8} {'UI p99':>8} {'UI max':>8} {'UIcpu99':>8} {'tot med':>8} "
              f"{'tot p99':>8} {'tot max':>8} {'uploads':>8}")
        for size, s in res["frame_stats"].items():
            if "error" in s:
                print(f"{size:12} failed: {s['error']}")
                continue
            u, t, c = s["ui_ms"], s["total_ms"], s.get("ui_cpu_ms", {})
            print(f"{size:12} {s['frames']:>7} {u['median']:>8} {u['p99']:>8} {u['max']:>8} {c.get('p99', '-'):>8} "
                  f"{t['median']:>8} {t['p99']:>8} {t['max']:>8} {s.get('upload_frames', '-'):>8}")
    if "outbox" in res:
        print("\n" + res["outbox"])
    if "pack_import" in res:
        print("\ncontent pack import (verify_pack alone; install_pack as staff run it):",
              json.dumps(res["pack_import"]))
    for name, err in res.get("errors", {}).items():
        print(f"\n{name} FAILED: {err}")
    print(f"\nwritten: {path}")


if __name__ == "__main__":
    main()
