#!/usr/bin/env python3
"""Writes the Chromium baseline: one HTML page with the built-in content pack's content
(attract slide, home, vision with phases, the 20-forum grid, every forum page, the idea form),
read from content/default at bench time, in every language of the pack.

usage: make_baseline_html.py CONTENT_DIR OUT_DIR WIDTH HEIGHT
Writes OUT_DIR/index.html (images are linked, not copied) and prints, as JSON, the centres
of the elements the suite taps (the layout is in fixed pixels so they can be computed).
The page's routes are URL fragments: "" attract, #home, #vision, #forums, #forum-<id>, #idea.
index.html?walk=MS visits #forums and every forum (forum, back to the list) every MS ms,
then sets the title to "walk-done" (xdotool search --name finds it).
"""
import html
import json
import os
import sys

content, out, W, H = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
manifest = json.load(open(os.path.join(content, "manifest.json"), encoding="utf-8"))
def merged(base, over):
    out = dict(base)
    for k, v in over.items():
        out[k] = merged(base.get(k, {}), v) if isinstance(v, dict) and isinstance(base.get(k), dict) else v
    return out


texts = {l["code"]: json.load(open(os.path.join(content, l["file"]), encoding="utf-8")) for l in manifest["languages"]}
# A language may name a fallback for the texts it leaves out (as the kiosk's loader does).
langs = [(l["code"], merged(texts[l["fallback"]], texts[l["code"]]) if l.get("fallback") else texts[l["code"]])
         for l in manifest["languages"]]
os.makedirs(out, exist_ok=True)
img_link = os.path.join(out, "images")
if not os.path.islink(img_link):
    os.symlink(os.path.abspath(os.path.join(content, "images")), img_link)

e = html.escape
def paras(text):
    return "".join(f"<p>{e(p)}</p>" for p in text.split("\n\n"))

# Fixed layout (CSS px = screen px), the kiosk's proportions.
NAV = 96            # nav bar height
PAD = 32
COLS = 4 if W >= H else 2
GAP = 24
CARD_W = (W - 2 * PAD - (COLS - 1) * GAP) // COLS
CARD_H = 300
GRID_TOP = NAV + 150
HOME_ENTRY_H = 180
HOME_TOP = 260
fields = {f["id"]: f["color"] for f in manifest["fields"]}

def nav(code, t):
    langs_html = "".join(f'<a class="lang" href="javascript:setLang(\'{c}\')">{c.upper()}</a>' for c, _ in langs)
    return (f'<div class="nav"><a class="btn back" href="javascript:history.back()">‹ {e(t["ui"]["back"])}</a>'
            f'<a class="btn home" href="#home">{e(t["ui"]["home"])}</a><span class="langs">{langs_html}</span></div>')

sections = []
for code, t in langs:
    ui = t["ui"]
    s = []
    slide = manifest["slides"][0]
    s.append(f'<section id="attract" class="route"><img class="cover" src="{slide["image"]}" alt="">'
             f'<div class="band"><h1>{e(t["pack"]["title"])}</h1><h2>{e(t["pack"]["subtitle"])}</h2>'
             f'<p>{e(t["slides"][slide["id"]]["caption"])}</p>'
             f'<a class="call" href="#home">{" / ".join(e(tt["ui"]["tap_to_start"]) for _, tt in langs)}</a></div></section>')
    entries = [("vision", "home_vision"), ("forums", "home_forums"), ("idea", "home_take_part")]
    s.append(f'<section id="home" class="route">{nav(code, t)}<h1 class="title">{e(ui["home_title"])}</h1>' +
             "".join(f'<a class="entry" href="#{r}"><b>{e(ui[k])}</b><span>{e(ui[k + "_sub"])}</span></a>'
                     for r, k in entries) + '</section>')
    phases = "".join(f'<div class="phase"><img src="{p["image"]}" alt=""><h3>{e(t["phases"][p["id"]]["title"])}</h3>'
                     f'<i>{e(t["phases"][p["id"]]["period"])}</i><p>{e(t["phases"][p["id"]]["text"])}</p></div>'
                     for p in manifest["phases"])
    v = t["vision"]
    s.append(f'<section id="vision" class="route">{nav(code, t)}<div class="page"><img class="hero" src="{manifest["vision"]["image"]}" alt="">'
             f'<h1>{e(v["title"])}</h1><h2>{e(v["motto"])}</h2><p class="teaser">{e(v["teaser"])}</p>{paras(v["body"])}'
             f'<h2>{e(ui["phases_title"])}</h2><div class="phases">{phases}</div></div></section>')
    cards = "".join(f'<a class="card" href="#forum-{f["id"]}" style="border-top-color:{fields[f["field"]]}">'
                    f'<img src="{f["image"]}" alt=""><b>{e(t["forums"][f["id"]]["title"])}</b>'
                    f'<span>{e(t["forums"][f["id"]]["teaser"])}</span></a>' for f in manifest["forums"])
    s.append(f'<section id="forums" class="route">{nav(code, t)}<div class="intro"><h1>{e(ui["forums_title"])}</h1>'
             f'<p>{e(ui["forums_intro"])}</p></div><div class="grid">{cards}</div></section>')
    for f in manifest["forums"]:
        ft = t["forums"][f["id"]]
        s.append(f'<section id="forum-{f["id"]}" class="route">{nav(code, t)}<div class="page">'
                 f'<img class="hero" src="{f["image"]}" alt=""><p class="field" style="color:{fields[f["field"]]}">'
                 f'{e(t["fields"][f["field"]]["title"])}</p><h1>{e(ft["title"])}</h1><p class="teaser">{e(ft["teaser"])}</p>'
                 f'{paras(ft["body"])}</div></section>')
    options = "".join(f'<option>{e(t["forums"][f["id"]]["title"])}</option>' for f in manifest["forums"])
    s.append(f'<section id="idea" class="route">{nav(code, t)}<form class="page" onsubmit="return false">'
             f'<h1>{e(ui["idea_title"])}</h1><label>{e(ui["idea_forum_label"])}<select>{options}</select></label>'
             f'<label>{e(ui["idea_text_label"])}<textarea rows="6" maxlength="600" placeholder="{e(ui["idea_text_placeholder"])}"></textarea></label>'
             f'<h2>{e(ui["idea_contact_title"])}</h2><label>{e(ui["idea_name"])}<input></label>'
             f'<label>{e(ui["idea_email"])}<input type="email"></label><label>{e(ui["idea_postcode"])}<input></label>'
             f'<label class="consent"><input type="checkbox"> {e(ui["idea_consent"])}</label>'
             f'<button>{e(ui["idea_submit"])}</button></form></section>')
    sections.append(f'<div class="lang-{code}">{"".join(s)}</div>')

forum_ids = [f["id"] for f in manifest["forums"]]
default = manifest["default_language"]
css = f"""
*{{box-sizing:border-box}} html,body{{margin:0;width:{W}px;height:{H}px;overflow:hidden;background:#F3F5F7;
font-family:'Noto Sans',sans-serif;color:#14202c}} a{{color:inherit;text-decoration:none}}
.route{{display:none;position:absolute;left:0;top:0;width:{W}px;height:{H}px;overflow-y:auto}}
{"".join(f"body:not(.{c}) .lang-{c}{{display:none}}" for c, _ in langs)}
.nav{{position:sticky;top:0;height:{NAV}px;background:#0b2a45;color:#fff;display:flex;align-items:center;padding:0 {PAD}px;gap:24px;z-index:2}}
.btn{{display:inline-block;width:200px;height:64px;line-height:64px;text-align:center;background:#1f6fb2;border-radius:12px;font-size:26px}}
.langs{{margin-left:auto}} .lang{{display:inline-block;width:72px;height:64px;line-height:64px;text-align:center;font-size:24px;border:2px solid #fff;border-radius:12px;margin-left:12px}}
#attract .cover{{position:absolute;width:100%;height:100%;object-fit:cover}}
#attract .band{{position:absolute;bottom:0;width:100%;padding:{PAD}px;background:linear-gradient(rgba(8,24,40,.15),rgba(8,24,40,.92));color:#fff;text-align:center}}
#attract h1{{font-size:72px;margin:0}} #attract h2{{font-size:40px;font-weight:normal}} #attract p{{font-size:30px}}
.call{{display:inline-block;padding:20px 48px;background:#f2b705;color:#14202c;border-radius:24px;font-size:40px;font-weight:bold}}
.title{{font-size:48px;margin:0;padding:40px {PAD}px;height:{HOME_TOP - NAV}px}}
.entry{{display:block;margin:0 {PAD}px {GAP}px;height:{HOME_ENTRY_H}px;padding:32px;background:#fff;border-radius:20px;box-shadow:0 4px 12px rgba(0,0,0,.12)}}
.entry b{{display:block;font-size:44px}} .entry span{{font-size:28px;color:#4a5866}}
.page{{max-width:1400px;margin:0 auto;padding:{PAD}px;font-size:28px;line-height:1.45}}
.hero{{width:100%;max-height:{H // 2}px;object-fit:cover;border-radius:20px}} .teaser{{font-size:34px;font-weight:bold}}
.phases{{display:flex;gap:{GAP}px}} .phase{{flex:1;background:#fff;border-radius:16px;padding:16px}} .phase img{{width:100%;border-radius:12px}}
.intro{{height:{GRID_TOP - NAV}px;padding:16px {PAD}px;overflow:hidden}} .intro h1{{margin:0;font-size:44px}} .intro p{{margin:8px 0;font-size:24px}}
.grid{{display:grid;grid-template-columns:repeat({COLS},{CARD_W}px);grid-auto-rows:{CARD_H}px;gap:{GAP}px;padding:0 {PAD}px {PAD}px}}
.card{{background:#fff;border-radius:16px;border-top:10px solid;overflow:hidden;box-shadow:0 4px 12px rgba(0,0,0,.12)}}
.card img{{width:100%;height:150px;object-fit:cover;display:block}} .card b{{display:block;font-size:28px;padding:10px 16px 4px}}
.card span{{display:block;font-size:20px;padding:0 16px;color:#4a5866}}
label{{display:block;margin:20px 0;font-size:28px}} select,textarea,input{{display:block;width:100%;font-size:28px;padding:12px}}
.consent input{{display:inline;width:40px;height:40px}} button{{font-size:32px;padding:20px 60px;background:#1f6fb2;color:#fff;border:0;border-radius:16px}}
"""
js = f"""
var forums = {json.dumps(forum_ids)};
function setLang(c) {{ document.body.className = c; route(); }}
function route() {{
  var id = location.hash.slice(1) || 'attract';
  document.querySelectorAll('.route').forEach(function (s) {{ s.style.display = 'none'; }});
  var el = document.querySelector('.lang-' + document.body.className + ' #' + CSS.escape(id));
  if (el) el.style.display = 'block';
}}
window.addEventListener('hashchange', route);
document.querySelectorAll('#attract').forEach(function (a) {{ a.addEventListener('click', function () {{ location.hash = 'home'; }}); }});
route();
var walk = new URLSearchParams(location.search).get('walk');
if (walk) {{
  var steps = ['forums'];
  forums.forEach(function (f) {{ steps.push('forum-' + f, 'forums'); }});
  var i = 0;
  var timer = setInterval(function () {{
    if (i < steps.length) {{ location.hash = steps[i++]; return; }}
    clearInterval(timer); document.title = 'walk-done';
  }}, Number(walk));
}}
"""
page = (f'<!DOCTYPE html><html lang="{default}"><head><meta charset="utf-8"><title>Ruhr-Konferenz</title>'
        f'<meta name="google" content="notranslate"><style>{css}</style></head><body class="{default}">'
        f'{"".join(sections)}<script>{js}</script></body></html>')
with open(os.path.join(out, "index.html"), "w", encoding="utf-8") as fh:
    fh.write(page)

# Centres of what the suite taps, in screen pixels (the window is at 0,0 and fills the screen).
def card_centre(i):
    r, c = divmod(i, COLS)
    return [PAD + c * (CARD_W + GAP) + CARD_W // 2, GRID_TOP + r * (CARD_H + GAP) + CARD_H // 2]
visible = [i for i in range(len(forum_ids)) if card_centre(i)[1] + CARD_H // 2 <= H]
print(json.dumps({
    "attract/start": [W // 2, H // 2],
    "home/forums": [W // 2, HOME_TOP + (HOME_ENTRY_H + GAP) + HOME_ENTRY_H // 2],
    "nav/back": [PAD + 100, NAV // 2],
    **{f"lang/{c}": [W - PAD - 36 - (len(langs) - 1 - i) * 84, NAV // 2] for i, (c, _) in enumerate(langs)},
    **{f"forum/{forum_ids[i]}": card_centre(i) for i in visible},
}))
