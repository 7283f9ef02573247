#!/usr/bin/env bash
# Generates the illustrations of the built-in demonstration content pack
# (content/default/images/) with ImageMagick 6 `convert`.
#
# The pictures are abstract and contain no text, so they need no translation.
# Output is deterministic: no random numbers, fixed coordinates, metadata
# stripped, so a rerun produces identical files.
#
# Usage: tools/make-demo-images.sh [OUTPUT_DIR]
#   OUTPUT_DIR defaults to content/default/images next to this script's repo.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${1:-$here/../content/default/images}"
mkdir -p "$out"

command -v convert >/dev/null || { echo "make-demo-images: ImageMagick 'convert' not found" >&2; exit 1; }

# The drawings are laid out on a 960x540 grid (every coordinate below) and rendered SCALE
# times larger with ImageMagick's -affine, so shapes and strokes stay sharp at any size:
# SCALE=4 gives 3840x2160, the largest screen the kiosk supports. The committed pack uses
# SCALE=1 (docs/design.md says why).
W=960
H=540
SCALE=${SCALE:-1}
CW=$(( W * SCALE ))
CH=$(( H * SCALE ))
QUALITY=80

# Field colours, identical to content/default/manifest.json.
C_MOBILITY="#1f6fb2"
C_ECONOMY="#b0521c"
C_DIVERSITY="#7b3fa0"
C_ENERGY="#2e7d32"
C_EDUCATION="#00707a"
C_BRAND="#24476b"

# Motif colours: white at several opacities, plus a soft shade.
W1="rgba(255,255,255,0.92)"
W2="rgba(255,255,255,0.55)"
W3="rgba(255,255,255,0.28)"
W4="rgba(255,255,255,0.10)"
SHADE="rgba(0,0,0,0.18)"

# mix HEX TARGET PERCENT: blend HEX towards TARGET (0..255 grey level) by PERCENT.
mix() {
  local hex=${1#\#} target=$2 pct=$3 r g b
  r=$((16#${hex:0:2})); g=$((16#${hex:2:2})); b=$((16#${hex:4:2}))
  r=$(( r + (target - r) * pct / 100 ))
  g=$(( g + (target - g) * pct / 100 ))
  b=$(( b + (target - b) * pct / 100 ))
  printf '#%02x%02x%02x' "$r" "$g" "$b"
}

# ---------------------------------------------------------------------------
# Drawing helpers: they append ImageMagick options to the array A.
A=()
fill()   { A+=(-stroke none -fill "$1"); }
stroke() { A+=(-fill none -stroke "$1" -strokewidth "$2"); }
# Round joins and caps everywhere: with the default miter join, Debian's
# ImageMagick 6.9.11 closes open stroked paths and polylines.
draw()   { A+=(-draw "stroke-linejoin round stroke-linecap round $1"); }

# Background decoration: a few large translucent circles (position varies by seed).
bubbles() {
  local s=$1
  fill "$W4"
  draw "circle $(( 120 + s * 37 % 300 )),$(( 90 + s * 23 % 120 )) $(( 120 + s * 37 % 300 + 150 )),$(( 90 + s * 23 % 120 ))"
  draw "circle $(( 700 + s * 29 % 200 )),$(( 420 - s * 17 % 100 )) $(( 700 + s * 29 % 200 + 210 )),$(( 420 - s * 17 % 100 ))"
  fill "rgba(255,255,255,0.06)"
  draw "circle $(( 880 - s * 41 % 220 )),$(( 60 + s * 13 % 60 )) $(( 880 - s * 41 % 220 + 90 )),$(( 60 + s * 13 % 60 ))"
}

ground() { fill "$SHADE"; draw "rectangle 0,$1 $W,$H"; }

# skyline X0 X1 BASE COLOUR: a row of buildings of fixed, varied heights.
skyline() {
  local x=$1 x1=$2 base=$3 col=$4 i=0
  local widths=(46 30 58 38 26 52 34 44 60 28 40 50)
  local heights=(90 150 70 200 120 95 170 60 130 210 85 140)
  fill "$col"
  while (( x < x1 )); do
    local w=${widths[i % 12]} h=${heights[(i * 5) % 12]}
    (( x + w > x1 )) && w=$(( x1 - x ))
    draw "rectangle $x,$(( base - h )) $(( x + w - 4 )),$base"
    x=$(( x + w )); i=$(( i + 1 ))
  done
}

# headframe X BASE HEIGHT COLOUR: a pit headframe with two sheave wheels.
headframe() {
  local x=$1 base=$2 h=$3 col=$4
  local top=$(( base - h )) hw=$(( h / 9 ))
  stroke "$col" 6
  draw "line $(( x - hw * 2 )),$base $(( x - hw / 2 )),$top"
  draw "line $(( x + hw * 2 )),$base $(( x + hw / 2 )),$top"
  draw "line $(( x + hw / 2 )),$top $(( x + h * 2 / 3 )),$base"
  stroke "$col" 3
  local k y
  for k in 1 2 3 4; do
    y=$(( base - h * k / 5 ))
    draw "line $(( x - hw * 2 + (hw * 3 / 2) * k / 5 )),$y $(( x + hw * 2 - (hw * 3 / 2) * k / 5 )),$y"
  done
  draw "line $(( x - hw * 2 )),$base $(( x + hw * 2 - (hw * 3 / 2) / 5 )),$(( base - h / 5 ))"
  draw "line $(( x + hw * 2 )),$(( base - h * 2 / 5 )) $(( x - hw * 2 + (hw * 3 / 2) * 3 / 5 )),$(( base - h * 3 / 5 ))"
  stroke "$col" 5
  draw "circle $(( x - hw / 2 )),$(( top - hw / 2 )) $(( x - hw / 2 + hw )),$(( top - hw / 2 ))"
  draw "circle $(( x + hw + hw / 2 )),$(( top - hw / 2 )) $(( x + hw * 2 + hw / 2 )),$(( top - hw / 2 ))"
}

# river Y AMPLITUDE WIDTH COLOUR: a meandering band across the picture.
river() {
  local y=$1 a=$2 w=$3 col=$4
  stroke "$col" "$w"
  draw "path 'M -20,$y C 180,$(( y - a )) 300,$(( y + a )) 480,$y S 780,$(( y - a )) 980,$(( y + a / 2 ))'"
}

# turbine X TOPY HEIGHT ANGLE COLOUR: a wind turbine.
turbine() {
  local x=$1 y=$2 h=$3 ang=$4 col=$5 L=$(( $3 * 2 / 3 ))
  fill "$col"
  draw "polygon $(( x - 3 )),$y $(( x + 3 )),$y $(( x + 7 )),$(( y + h )) $(( x - 7 )),$(( y + h ))"
  local a
  for a in 0 120 240; do
    draw "push graphic-context translate $x,$y rotate $(( ang + a )) polygon 0,-4 $(( L / 5 )),-9 $L,-2 $L,1 0,6 pop graphic-context"
  done
  draw "circle $x,$y $(( x + 8 )),$y"
}

# person X Y R COLOUR: head and shoulders.
person() {
  local x=$1 y=$2 r=$3 col=$4
  fill "$col"
  draw "circle $x,$y $(( x + r )),$y"
  draw "ellipse $x,$(( y + r * 3 )) $(( r * 17 / 10 )),$(( r * 17 / 10 )) 180,360"
}

# tree X BASE H COLOUR
tree() {
  local x=$1 b=$2 h=$3 col=$4
  fill "$col"
  draw "rectangle $(( x - 4 )),$(( b - h / 2 )) $(( x + 4 )),$b"
  draw "circle $x,$(( b - h * 2 / 3 )) $(( x + h / 3 )),$(( b - h * 2 / 3 ))"
}

# house X BASE W COLOUR
house() {
  local x=$1 b=$2 w=$3 col=$4 h=$(( $3 * 3 / 4 ))
  fill "$col"
  draw "polygon $x,$b $x,$(( b - h )) $(( x + w / 2 )),$(( b - h - w / 2 )) $(( x + w )),$(( b - h )) $(( x + w )),$b"
  fill "$SHADE"
  draw "rectangle $(( x + w / 2 - w / 10 )),$(( b - h / 2 )) $(( x + w / 2 + w / 10 )),$b"
  draw "rectangle $(( x + w / 8 )),$(( b - h * 3 / 4 )) $(( x + w / 3 )),$(( b - h / 2 ))"
  draw "rectangle $(( x + w * 2 / 3 )),$(( b - h * 3 / 4 )) $(( x + w * 7 / 8 )),$(( b - h / 2 ))"
}

# gear CX CY R OPACITY: teeth and disc are drawn opaque on their own layer, which
# is then made translucent as a whole, so overlapping parts do not show.
gear() {
  local cx=$1 cy=$2 r=$3 op=$4 a t=$(( $3 / 4 ))
  A+=("(" -size "${CW}x${CH}" xc:none)
  fill white
  for a in 0 45 90 135 180 225 270 315; do
    draw "push graphic-context translate $cx,$cy rotate $a roundrectangle $(( -t / 2 - 2 )),$(( -r - t )) $(( t / 2 + 2 )),-$(( r / 2 )) 4,4 pop graphic-context"
  done
  draw "circle $cx,$cy $(( cx + r )),$cy"
  A+=(-channel A -evaluate multiply "$op" +channel ")" -composite)
  fill "$SHADE"
  draw "circle $cx,$cy $(( cx + r * 2 / 5 )),$cy"
}

# book X BASE W H COLOUR: a closed book lying flat.
book() {
  local x=$1 b=$2 w=$3 h=$4 col=$5
  fill "$col"
  draw "roundrectangle $x,$(( b - h )) $(( x + w )),$b 6,6"
  fill "$SHADE"
  draw "rectangle $(( x + w - 18 )),$(( b - h + 5 )) $(( x + w - 6 )),$(( b - 5 ))"
}

# openbook CX TOP W H COLOUR
openbook() {
  local cx=$1 t=$2 w=$3 h=$4 col=$5
  fill "$col"
  draw "polygon $cx,$(( t + 16 )) $(( cx - w )),$t $(( cx - w )),$(( t + h )) $cx,$(( t + h + 16 ))"
  draw "polygon $(( cx + 6 )),$(( t + 16 )) $(( cx + 6 + w )),$t $(( cx + 6 + w )),$(( t + h )) $(( cx + 6 )),$(( t + h + 16 ))"
  stroke "$SHADE" 4
  local k
  for k in 1 2 3 4; do
    draw "line $(( cx - w + 20 )),$(( t + h * k / 5 )) $(( cx - 20 )),$(( t + h * k / 5 + 12 ))"
    draw "line $(( cx + 26 )),$(( t + h * k / 5 + 12 )) $(( cx + w - 14 )),$(( t + h * k / 5 ))"
  done
}

# heap CX BASE W H COLOUR: a spoil heap (Halde).
heap() {
  local cx=$1 b=$2 w=$3 h=$4 col=$5
  fill "$col"
  draw "path 'M $(( cx - w / 2 )),$b C $(( cx - w / 4 )),$(( b - h / 3 )) $(( cx - w / 6 )),$(( b - h )) $cx,$(( b - h )) C $(( cx + w / 6 )),$(( b - h )) $(( cx + w / 4 )),$(( b - h / 3 )) $(( cx + w / 2 )),$b Z'"
}

# sun CX CY R COLOUR
sun() { fill "$4"; draw "circle $1,$2 $(( $1 + $3 )),$2"; }

# pin CX TIPY S COLOUR: a map marker.
pin() {
  local cx=$1 ty=$2 s=$3 col=$4
  fill "$col"
  draw "path 'M $cx,$ty C $(( cx - s / 2 )),$(( ty - s )) $(( cx - s )),$(( ty - s * 3 / 2 )) $(( cx - s )),$(( ty - s * 2 )) A $s,$s 0 0 1 $(( cx + s )),$(( ty - s * 2 )) C $(( cx + s )),$(( ty - s * 3 / 2 )) $(( cx + s / 2 )),$(( ty - s )) $cx,$ty Z'"
  fill "$SHADE"
  draw "circle $cx,$(( ty - s * 2 )) $(( cx + s * 2 / 5 )),$(( ty - s * 2 ))"
}

# heart CX CY SCALE COLOUR (SCALE is a decimal such as 2.8)
heart() {
  fill "$4"
  draw "push graphic-context translate $1,$2 scale $3,$3 path 'M 0,40 C -70,-5 -45,-70 0,-35 C 45,-70 70,-5 0,40 Z' pop graphic-context"
}

# render NAME LIGHT DARK ANGLE: background + accumulated motif -> NAME.jpg
render() {
  local name=$1 light=$2 dark=$3 angle=$4
  convert -size "${CW}x${CH}" -define gradient:angle="$angle" "gradient:${light}-${dark}" \
    -affine "$SCALE,0,0,$SCALE,0,0" "${A[@]}" \
    -strip -interlace none -sampling-factor 4:2:0 -quality "$QUALITY" "$out/$name.jpg"
  A=()
}

# bg COLOUR: light and dark variant of a field colour for the gradient.
bg_light() { mix "$1" 255 28; }
bg_dark()  { mix "$1" 0 35; }

field_render() {
  local name=$1 col=$2 angle=${3:-135}
  render "$name" "$(bg_light "$col")" "$(bg_dark "$col")" "$angle"
}

# ===========================================================================
# Vision: sunrise over heaps, skyline and headframe, with a river in front.
bubbles 1
sun 700 200 90 "rgba(255,236,190,0.85)"
heap 180 430 360 120 "$W3"
heap 820 430 300 90 "$W3"
skyline 300 640 430 "$W2"
headframe 760 430 230 "$W1"
ground 430
river 490 40 26 "rgba(255,255,255,0.7)"
person 150 470 10 "$W1"; person 185 476 9 "$W2"
render vision "$(mix "$C_BRAND" 255 35)" "$(mix "$C_BRAND" 0 30)" 160

# Phases ---------------------------------------------------------------------
# Listen: sound waves towards a group of people with speech bubbles.
bubbles 2
stroke "$W2" 10
draw "arc 60,170 300,410 -50,50"
stroke "$W3" 10
draw "arc 20,130 340,450 -50,50"
stroke "$W4" 10
draw "arc -20,90 380,490 -50,50"
fill "$W1"; draw "circle 160,290 190,290"
for i in 0 1 2 3; do
  person $(( 480 + i * 110 )) 300 26 "$W1"
done
for i in 0 1 2; do
  person $(( 535 + i * 110 )) 390 24 "$W2"
done
fill "$W2"
draw "roundrectangle 470,140 600,210 20,20"; draw "polygon 500,208 520,208 495,235"
fill "$W3"
draw "roundrectangle 680,120 830,200 20,20"; draw "polygon 790,198 810,198 815,228"
render phase-listen "$(mix "$C_BRAND" 255 30)" "$(mix "$C_MOBILITY" 0 30)" 135

# Decide: several paths converge into one check mark.
bubbles 3
stroke "$W3" 14
draw "path 'M -10,100 C 250,100 330,270 560,270'"
draw "path 'M -10,440 C 250,440 330,270 560,270'"
stroke "$W2" 14
draw "path 'M -10,270 L 560,270'"
stroke "$W2" 10
draw "path 'M -10,185 C 250,185 330,270 560,270'"
draw "path 'M -10,355 C 250,355 330,270 560,270'"
fill "$W1"; draw "circle 680,270 820,270"
stroke "$(mix "$C_BRAND" 0 10)" 26
draw "polyline 612,272 665,325 758,222"
render phase-decide "$(mix "$C_DIVERSITY" 255 25)" "$(mix "$C_BRAND" 0 30)" 135

# Act: a crane lifts a block onto a rising building, a gear turns.
bubbles 4
ground 470
fill "$W2"
draw "rectangle 380,370 500,470"; draw "rectangle 510,310 630,470"; draw "rectangle 380,250 500,360"
stroke "$W1" 8
draw "line 220,470 220,90"; draw "line 130,110 720,110"; draw "line 220,90 130,110"; draw "line 220,90 450,110"
draw "line 660,110 660,170"
fill "$W1"; draw "rectangle 600,170 720,230"
draw "rectangle 180,440 260,470"
gear 820 390 60 0.28
render phase-act "$(mix "$C_ENERGY" 255 25)" "$(mix "$C_BRAND" 0 30)" 135

# Forums: mobility -----------------------------------------------------------
# neue-mobilitaet: a tram and a bicycle on connected routes.
bubbles 5
stroke "$W3" 8
draw "path 'M -10,160 C 200,160 300,90 520,120 S 820,200 970,140'"
draw "path 'M -10,230 C 260,260 420,200 600,240 S 850,300 970,260'"
ground 430
stroke "$W2" 6; draw "line 0,430 960,430"
fill "$W1"
draw "roundrectangle 120,300 520,420 30,30"
fill "$SHADE"
for i in 0 1 2 3 4; do draw "roundrectangle $(( 150 + i * 72 )),325 $(( 200 + i * 72 )),370 8,8"; done
fill "$W1"; draw "circle 190,430 210,430"; draw "circle 450,430 470,430"
stroke "$W1" 7
draw "circle 650,400 690,400"; draw "circle 820,400 860,400"
draw "polyline 650,400 700,330 790,330 820,400"; draw "line 700,330 735,400"; draw "line 735,400 790,330"
draw "line 700,330 690,305"; draw "line 790,330 800,300"; draw "line 785,300 815,300"
fill "$W2"; draw "circle 260,150 272,150"; draw "circle 600,238 612,238"; draw "circle 840,170 852,170"
field_render forum-neue-mobilitaet "$C_MOBILITY"

# digitale-metropole: a network of nodes over a skyline, with signal arcs.
bubbles 6
skyline 40 920 460 "$W3"
ground 460
stroke "$W2" 4
nodes=("150,170" "300,110" "330,260" "480,180" "620,90" "650,250" "800,160" "870,300" "200,320")
links=("0 1" "0 2" "1 3" "2 3" "3 4" "3 5" "4 6" "5 6" "6 7" "5 7" "2 8" "0 8")
for l in "${links[@]}"; do
  read -r from to <<< "$l"
  draw "line ${nodes[from]} ${nodes[to]}"
done
fill "$W1"
for n in "${nodes[@]}"; do
  x=${n%,*}; y=${n#*,}
  draw "circle $x,$y $(( x + 13 )),$y"
done
stroke "$W1" 8
draw "arc 440,330 520,410 225,315"; draw "arc 420,310 540,430 225,315"; draw "arc 400,290 560,450 225,315"
fill "$W1"; draw "circle 480,400 489,400"
field_render forum-digitale-metropole "$C_MOBILITY" 120

# stadt-und-landschaft: city blocks turning into green hills and a heap.
bubbles 7
fill "$W2"
for r in 0 1 2; do
  for c in 0 1 2; do
    draw "roundrectangle $(( 60 + c * 110 )),$(( 120 + r * 110 )) $(( 150 + c * 110 )),$(( 210 + r * 110 )) 10,10"
  done
done
fill "$W3"
draw "path 'M 380,470 C 480,380 560,380 660,440 C 740,380 860,360 980,420 L 980,540 L 380,540 Z'"
heap 690 330 320 150 "$W2"
fill "$W1"; draw "polygon 670,182 710,182 690,140"
tree 470 440 90 "$W1"; tree 530 430 70 "$W1"; tree 880 390 80 "$W1"
stroke "$W1" 6; draw "path 'M 380,470 C 300,480 200,440 -10,470'"
field_render forum-stadt-und-landschaft "$C_MOBILITY" 150

# wohnen: a row of houses with a sun.
bubbles 8
sun 780 130 60 "rgba(255,240,200,0.75)"
ground 440
house 90 440 150 "$W2"
house 270 440 190 "$W1"
house 490 440 140 "$W2"
house 660 440 200 "$W1"
tree 880 440 110 "$W2"
field_render forum-wohnen "$C_MOBILITY" 110

# Forums: economy ------------------------------------------------------------
# wirtschaft-arbeitsplaetze: gears and a rising bar chart.
bubbles 9
gear 250 290 110 0.92
gear 400 170 60 0.55
fill "$W2"
draw "rectangle 560,380 620,460"; draw "rectangle 650,320 710,460"; draw "rectangle 740,250 800,460"
fill "$W1"; draw "rectangle 830,170 890,460"
stroke "$W1" 8; draw "polyline 560,330 670,260 740,200 850,110"
fill "$W1"; draw "polygon 870,90 868,140 825,110"
stroke "$W3" 6; draw "line 530,462 920,462"
field_render forum-wirtschaft-arbeitsplaetze "$C_ECONOMY"

# gute-arbeit: a safety helmet above a team of people.
bubbles 10
fill "$W1"
draw "path 'M 360,250 C 360,120 600,120 600,250 Z'"
draw "roundrectangle 330,240 630,270 12,12"
fill "$SHADE"; draw "roundrectangle 470,162 490,240 8,8"
for i in 0 1 2 3 4; do
  person $(( 200 + i * 140 )) 370 30 "$W2"
done
ground 470
field_render forum-gute-arbeit "$C_ECONOMY" 120

# gruendungen: a light bulb with rays and a rising arrow.
bubbles 11
stroke "$W2" 8
for a in 0 40 80 120 160 200 240 280 320; do
  draw "push graphic-context translate 330,220 rotate $a line 0,-150 0,-190 pop graphic-context"
done
fill "$W1"; draw "circle 330,220 440,220"
draw "polygon 270,300 390,300 375,350 285,350"
fill "$W2"; draw "roundrectangle 285,360 375,380 8,8"; draw "roundrectangle 295,388 365,408 8,8"
stroke "$W1" 12
draw "path 'M 520,450 C 640,440 700,360 760,300 S 840,180 880,130'"
fill "$W1"; draw "polygon 905,100 900,170 845,130"
field_render forum-gruendungen "$C_ECONOMY" 150

# tourismus: a route with map pins past a headframe and a heap.
bubbles 12
heap 220 440 380 140 "$W3"
headframe 720 440 200 "$W2"
ground 440
A+=(-fill none -stroke "$W1" -strokewidth 6 -draw "stroke-linejoin round stroke-linecap round stroke-dasharray 18 14 path 'M -10,500 C 200,470 300,380 450,400 S 700,500 970,470'")
pin 160 250 34 "$W1"
pin 450 330 40 "$W1"
pin 860 300 30 "$W1"
field_render forum-tourismus "$C_ECONOMY" 110

# Forums: diversity ----------------------------------------------------------
# chancen-vielfalt-aufstieg: people of many shades on ascending steps.
bubbles 13
fill "$W3"
draw "polygon 120,470 120,410 300,410 300,340 480,340 480,270 660,270 660,200 840,200 840,470"
for i in 0 1 2 3; do
  case $i in 0) c="rgba(255,220,160,0.95)";; 1) c="$W1";; 2) c="rgba(200,230,255,0.95)";; 3) c="rgba(255,200,220,0.95)";; esac
  person $(( 210 + i * 180 )) $(( 330 - i * 70 )) 24 "$c"
done
stroke "$W1" 8; draw "line 860,180 860,80"
fill "$W1"; draw "polygon 840,90 880,90 860,55"
field_render forum-chancen-vielfalt-aufstieg "$C_DIVERSITY"

# sicherheit: a shield with a check mark over a quiet street.
bubbles 14
ground 450
fill "$W3"
draw "rectangle 80,300 90,450"; draw "circle 85,295 110,295"
draw "rectangle 860,300 870,450"; draw "circle 865,295 890,295"
fill "$W1"
draw "path 'M 480,80 L 640,130 C 640,280 580,370 480,430 C 380,370 320,280 320,130 Z'"
stroke "$(mix "$C_DIVERSITY" 0 10)" 22
draw "polyline 410,250 465,305 560,200"
field_render forum-sicherheit "$C_DIVERSITY" 120

# pflege: a heart held by two caring hands.
bubbles 15
heart 480 210 2.8 "$W1"
stroke "$W2" 28
draw "path 'M 250,300 C 280,420 380,440 470,430'"
draw "path 'M 710,300 C 680,420 580,440 490,430'"
fill "$W2"; draw "circle 250,290 270,290"; draw "circle 710,290 730,290"
field_render forum-pflege "$C_DIVERSITY" 150

# gesundheit: a cross and a pulse line.
bubbles 16
fill "$W1"
draw "roundrectangle 230,130 310,370 14,14"; draw "roundrectangle 150,210 390,290 14,14"
stroke "$W2" 9
draw "polyline 430,270 540,270 570,200 610,360 650,150 690,300 720,270 940,270"
fill "$W3"; draw "circle 270,250 420,250"
field_render forum-gesundheit "$C_DIVERSITY" 110

# sport: a running track, a ball and a runner's path.
bubbles 17
stroke "$W3" 12; draw "roundrectangle 120,140 840,440 150,150"
stroke "$W2" 12; draw "roundrectangle 160,180 800,400 110,110"
A+=(-fill none -stroke "$W1" -strokewidth 4 -draw "stroke-linecap round stroke-dasharray 20 16 line 200,290 760,290")
fill "$W1"; draw "circle 480,290 560,290"
stroke "$(mix "$C_DIVERSITY" 0 10)" 6
draw "path 'M 400,290 C 440,260 520,260 560,290'"; draw "path 'M 400,290 C 440,320 520,320 560,290'"
draw "line 480,210 480,370"
field_render forum-sport "$C_DIVERSITY" 135

# Forums: energy -------------------------------------------------------------
# energiewende: wind turbines, sun and solar panels.
bubbles 18
sun 150 130 60 "rgba(255,240,190,0.85)"
turbine 520 160 300 10 "$W1"
turbine 700 210 250 55 "$W2"
turbine 860 250 210 95 "$W2"
ground 460
fill "$W2"
draw "polygon 100,440 180,360 380,360 300,440"
stroke "$(mix "$C_ENERGY" 0 10)" 3
draw "line 140,400 340,400"; draw "line 167,440 247,360"; draw "line 234,440 314,360"
field_render forum-energiewende "$C_ENERGY" 135

# umwelt: a large leaf, water drops and clean air.
bubbles 19
fill "$W1"
draw "path 'M 260,430 C 250,260 380,120 620,110 C 640,300 500,430 260,430 Z'"
stroke "$(mix "$C_ENERGY" 0 10)" 6
draw "path 'M 260,430 C 360,330 460,230 600,125'"
draw "line 352,340 318,282"; draw "line 352,340 420,372"
draw "line 448,257 428,196"; draw "line 448,257 522,284"
draw "line 532,185 528,150"; draw "line 532,185 580,196"
fill "$W2"
draw "path 'M 760,180 C 730,230 720,250 720,265 A 40,40 0 0 0 800,265 C 800,250 790,230 760,180 Z'"
draw "path 'M 840,300 C 820,335 812,350 812,360 A 28,28 0 0 0 868,360 C 868,350 860,335 840,300 Z'"
stroke "$W3" 8
draw "path 'M 660,450 C 720,420 780,480 840,450 S 940,420 980,450'"
draw "path 'M 620,490 C 680,460 740,520 800,490 S 900,460 980,490'"
field_render forum-umwelt "$C_ENERGY" 120

# natur-und-freizeit: trees by a lake below a heap and a sun.
bubbles 20
sun 800 120 50 "rgba(255,240,190,0.85)"
heap 640 400 420 170 "$W3"
fill "$W2"; draw "ellipse 360,460 260,45 0,360"
ground 490
tree 90 420 160 "$W1"; tree 180 430 120 "$W1"; tree 820 420 150 "$W1"; tree 900 430 110 "$W2"
stroke "$W1" 6
draw "circle 560,455 580,455"; draw "circle 640,455 660,455"; draw "polyline 560,455 585,420 625,420 640,455"; draw "line 585,420 600,455"
field_render forum-natur-und-freizeit "$C_ENERGY" 150

# Forums: education ----------------------------------------------------------
# aufstieg-durch-bildung: stairs of books leading to a graduation cap.
bubbles 21
book 120 460 220 50 "$W2"
book 260 400 220 50 "$W1"
book 400 340 220 50 "$W2"
book 540 280 220 50 "$W1"
fill "$W1"
draw "polygon 700,150 820,110 940,150 820,190"
draw "path 'M 760,170 L 760,225 C 790,245 850,245 880,225 L 880,170 L 820,190 Z'"
stroke "$W1" 4; draw "line 915,160 915,225"
fill "$W1"; draw "circle 915,230 923,230"
person 200 340 22 "$W2"
field_render forum-aufstieg-durch-bildung "$C_EDUCATION"

# lehrkraefte: a board with shapes, a teacher and pupils.
bubbles 22
fill "rgba(0,0,0,0.22)"; draw "roundrectangle 120,90 620,380 16,16"
stroke "$W2" 8; draw "roundrectangle 120,90 620,380 16,16"
stroke "$W1" 6
draw "circle 230,200 270,200"; draw "polygon 330,250 390,150 450,250"
draw "path 'M 180,320 C 230,280 280,360 330,320 S 430,280 480,320'"
draw "line 500,160 570,160"; draw "line 500,200 560,200"
person 720 220 36 "$W1"
stroke "$W1" 6; draw "line 700,290 610,230"
person 250 460 22 "$W2"; person 400 460 22 "$W2"; person 550 460 22 "$W2"
field_render forum-lehrkraefte "$C_EDUCATION" 120

# wissenschaft: an atom and a chain of molecules.
bubbles 23
stroke "$W1" 7
for a in 0 60 120; do
  draw "push graphic-context translate 320,270 rotate $a ellipse 0,0 170,60 0,360 pop graphic-context"
done
fill "$W1"; draw "circle 320,270 345,270"
stroke "$W2" 6
draw "polygon 620,170 660,147 700,170 700,216 660,239 620,216"
draw "polygon 700,216 740,193 780,216 780,262 740,285 700,262"
draw "polygon 700,262 740,285 740,331 700,354 660,331 660,285"
draw "line 780,216 840,180"; draw "line 740,331 790,370"
fill "$W1"; draw "circle 840,180 855,180"; draw "circle 790,370 805,370"
field_render forum-wissenschaft "$C_EDUCATION" 150

# kultur: a stage with curtains and spotlights.
bubbles 24
fill "$W4"
draw "polygon 300,60 340,60 520,440 320,440"; draw "polygon 620,60 660,60 640,440 440,440"
fill "$W3"; draw "ellipse 480,450 220,40 0,360"
fill "$W1"
draw "path 'M 60,40 L 260,40 C 230,200 200,330 230,480 L 60,480 Z'"
draw "path 'M 900,40 L 700,40 C 730,200 760,330 730,480 L 900,480 Z'"
fill "$W2"
for i in 0 1 2 3 4 5 6 7 8 9 10 11; do draw "circle $(( 100 + i * 70 )),40 $(( 140 + i * 70 )),40"; done
person 480 360 26 "$W1"
field_render forum-kultur "$C_EDUCATION" 110

# Hero of "Mitmachen" (manifest brand.hero): people raising their hands under three speech
# bubbles that hold the three ways to take part: a star, a ranked list and a light bulb.
bubbles 30
ground 430
for i in 0 1 2 3 4 5; do
  x=$(( 130 + i * 140 ))
  person "$x" 380 $(( 24 + (i % 2) * 4 )) "$W1"
  if (( i % 2 == 0 )); then stroke "$W1" 10; draw "line $(( x + 30 )),430 $(( x + 52 )),330"; fill "$W1"; draw "circle $(( x + 54 )),322 $(( x + 66 )),322"; fi
done
fill "$W1"
draw "roundrectangle 150,90 330,230 28,28"; draw "polygon 210,228 250,228 215,270"
draw "roundrectangle 390,60 570,200 28,28"; draw "polygon 470,198 510,198 490,245"
draw "roundrectangle 630,90 810,230 28,28"; draw "polygon 710,228 750,228 745,270"
fill "$(mix "$C_BRAND" 0 10)"
draw "polygon 240,110 252,145 289,145 259,167 270,202 240,180 210,202 221,167 191,145 228,145"
draw "circle 430,100 440,100"; draw "rectangle 455,92 530,108"
draw "circle 430,130 440,130"; draw "rectangle 455,122 515,138"
draw "circle 430,160 440,160"; draw "rectangle 455,152 500,168"
draw "circle 720,145 755,145"; draw "rectangle 705,178 735,200"
stroke "$(mix "$C_BRAND" 0 10)" 5; draw "line 708,210 732,210"
render hero-participate "$(mix "$C_MOBILITY" 255 18)" "$(mix "$C_BRAND" 0 30)" 150

# Slides ---------------------------------------------------------------------
# slide-1: three rivers and 53 towns (fixed positions from a simple LCG).
bubbles 25
stroke "$W2" 10; draw "path 'M -10,140 C 200,110 350,170 520,130 S 820,100 970,150'"
stroke "$W2" 8;  draw "path 'M -10,280 C 180,300 380,250 560,280 S 820,300 970,260'"
stroke "$W1" 12; draw "path 'M -10,420 C 220,380 360,460 540,420 S 800,380 970,430'"
fill "$W1"
seed=7
for i in $(seq 1 53); do
  seed=$(( (seed * 1103515245 + 12345) % 2147483648 ))
  x=$(( 40 + seed % 880 ))
  seed=$(( (seed * 1103515245 + 12345) % 2147483648 ))
  y=$(( 70 + seed % 420 ))
  r=$(( 5 + i % 4 * 2 ))
  draw "circle $x,$y $(( x + r )),$y"
done
render slide-1 "$(mix "$C_MOBILITY" 255 20)" "$(mix "$C_BRAND" 0 35)" 135

# slide-2: three stations on an ascending path.
bubbles 26
stroke "$W3" 14; draw "path 'M 80,430 C 250,430 300,300 480,300 S 720,170 880,160'"
fill "$W1"; draw "circle 160,420 230,420"
fill "$W1"; draw "circle 480,300 565,300"
fill "$W1"; draw "circle 820,170 920,170"
stroke "$(mix "$C_BRAND" 0 10)" 8
draw "arc 130,390 190,450 -60,60"; draw "arc 120,380 200,460 -60,60"
draw "polyline 445,300 472,327 520,275"
fill "$(mix "$C_BRAND" 0 10)"; draw "rectangle 785,170 805,205"; draw "rectangle 815,150 835,205"; draw "rectangle 845,130 865,205"
render slide-2 "$(mix "$C_DIVERSITY" 255 25)" "$(mix "$C_BRAND" 0 35)" 120

# slide-3: a crowd in rows.
bubbles 27
for row in 0 1 2 3; do
  for c in $(seq 0 $(( 9 + row ))); do
    r=$(( 14 + row * 4 ))
    x=$(( 60 + c * (860 / (9 + row)) + (row % 2) * 20 ))
    y=$(( 130 + row * 95 ))
    if (( row % 2 )); then person "$x" "$y" "$r" "$W1"; else person "$x" "$y" "$r" "$W2"; fi
  done
done
render slide-3 "$(mix "$C_ECONOMY" 255 20)" "$(mix "$C_BRAND" 0 30)" 135

# slide-4: 74 tiles in the five field colours.
bubbles 28
cols=("$C_MOBILITY" "$C_ECONOMY" "$C_DIVERSITY" "$C_ENERGY" "$C_EDUCATION")
for i in $(seq 0 73); do
  x=$(( 115 + (i % 15) * 50 ))
  y=$(( 145 + (i / 15) * 50 ))
  A+=(-stroke "$W1" -strokewidth 3 -fill "${cols[(i * 3 + i / 15) % 5]}")
  draw "roundrectangle $x,$y $(( x + 40 )),$(( y + 40 )) 8,8"
done
render slide-4 "$(mix "$C_BRAND" 255 55)" "$(mix "$C_BRAND" 255 10)" 135

# slide-5: people on the horizon in front of skyline, headframe and sunrise.
bubbles 29
sun 480 330 150 "rgba(255,226,170,0.8)"
skyline 20 380 400 "$W3"
skyline 600 940 400 "$W3"
headframe 480 400 190 "$W2"
ground 400
for i in 0 1 2 3 4 5 6; do
  person $(( 150 + i * 110 )) 440 $(( 18 + (i % 3) * 3 )) "$W1"
done
render slide-5 "$(mix "$C_ECONOMY" 255 30)" "$(mix "$C_DIVERSITY" 0 30)" 160

written=("$out"/*.jpg)
echo "make-demo-images: wrote ${#written[@]} images to $(cd "$out" && pwd)"
