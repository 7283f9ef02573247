#!/usr/bin/env bash
# Screenshots of every visitor screen, at each supported size, in German and English, plain and
# in each accessibility mode, tiled into contact sheets for review (docs/screenshots/contact/).
# Drives the real app under Xvfb with --script, as the end-to-end scenarios do.
#
# Usage: tools/contact-sheet.sh [BUILD_DIR] [OUT_DIR]
#   BUILD_DIR defaults to build/ (it needs app/ruhr-kiosk), OUT_DIR to docs/screenshots/contact.
#   SIZES, MODES, LANGS: a part of the sheets (defaults: all four sizes, all modes, de and en).
# Needs xvfb-run and ImageMagick's montage (apt-get install imagemagick). The single
# screenshots stay in OUT_DIR/shots/ (not committed); the sheets are JPEGs, one per size, mode
# and language, each screen labelled with its name.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build}
out=${2:-$here/docs/screenshots/contact}
kiosk=$build/app/ruhr-kiosk
command -v montage >/dev/null || { echo "contact-sheet: montage not found (apt-get install imagemagick)" >&2; exit 1; }
[ -x "$kiosk" ] || { echo "contact-sheet: $kiosk not built" >&2; exit 1; }
mkdir -p "$out/shots"

# One visit through every screen: the guided way, the lists, the idea with the keyboard, the
# privacy notice, the accessibility menu and the idle countdown. MODE_TAPS switches the mode on.
script() {
  local lang=$1 mode_taps=$2
  cat <<EOF
screenshot 01-attract.png
tap attract/start
$( [ "$lang" = en ] && echo "tap lang/en" || true )
$mode_taps
screenshot 02-home.png
tap home/vision
screenshot 03-vision.png
tap nav/home
tap home/forums
screenshot 04-forums.png
tap nav/home
tap home/take-part
screenshot 05-participate.png
tap participate/rate
tap rate/neue-mobilitaet/4
screenshot 06-guide-forum.png
scroll-to forum/to-priorities
tap forum/to-priorities
tap prio/wohnen
scroll-to prio/kultur
tap prio/kultur
screenshot 07-priorities.png
scroll-to prio/confirm
tap prio/confirm
screenshot 08-results.png
scroll-to results/idea
tap results/idea
tap idea/text
type Mehr Bänke am Kanal
screenshot 09-idea-keyboard.png
tap kbd/hide
scroll-to idea/submit
tap idea/submit
screenshot 10-thanks.png
tap thanks/another-idea
tap nav/info
screenshot 11-privacy.png
tap access/open
screenshot 12-accessibility.png
tap access/close
advance 100
screenshot 13-idle.png
quit
EOF
}

# SIZES, MODES and LANGS (space-separated) choose a part, e.g. SIZES=1920x1080 MODES=plain.
read -r -a sizes <<< "${SIZES:-1920x1080 1080x1920 1280x800 3840x2160}"
read -r -a modes <<< "${MODES:-plain large-text high-contrast low-reach}"
read -r -a langs <<< "${LANGS:-de en}"
for size in "${sizes[@]}"; do
  for mode in "${modes[@]}"; do
    taps=""
    [ "$mode" != plain ] && taps=$(printf 'tap access/open\ntap access/%s\ntap access/close' "$mode")
    for lang in "${langs[@]}"; do
      name=$size-$mode-$lang
      dir=$out/shots/$name
      rm -rf "$dir"
      mkdir -p "$dir"
      script "$lang" "$taps" > "$dir/visit.script"
      w=${size%x*} h=${size#*x}
      if ! (cd "$dir" && xvfb-run -a -s "-screen 0 ${w}x${h}x24" "$kiosk" --size "$size" --script visit.script \
              --data "$dir/data" > run.log 2>&1); then
        echo "contact-sheet: $name failed: $(tail -1 "$dir/run.log")" >&2
      fi
      # Tiles of the screen's shape (480 px wide, or 540 px tall in portrait), labelled with the
      # screen's name.
      if (( w >= h )); then tile="480x$(( 480 * h / w ))"; else tile="$(( 540 * w / h ))x540"; fi
      montage -label '%t' "$dir"/[0-9]*.png -geometry "$tile+8+8" -tile 5x -background '#dddddd' \
              -font Noto-Sans-Regular -pointsize 14 -title "$size  $mode  $lang" -quality 80 "$out/$name.jpg"
      echo "contact-sheet: $out/$name.jpg"
    done
  done
done
