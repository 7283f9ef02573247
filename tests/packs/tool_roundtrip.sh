#!/usr/bin/env bash
# The real ruhr-kiosk-pack binary end to end: keygen, build, sign, verify on a copy of the
# built-in pack, then tampering, a stranger's key and usage errors, each with its exit status
# and the "file: problem" message.
# usage: tool_roundtrip.sh RUHR_KIOSK_PACK SOURCE_DIR OUTDIR
set -euo pipefail
tool=$1 src=$2 out=$3
rm -rf "$out"
mkdir -p "$out"
cd "$out"
fail() { echo "tool_roundtrip: $*" >&2; exit 1; }

# expect STATUS NAME COMMAND...: runs COMMAND, saving stdout and stderr as NAME.out/.err.
expect() {
  local want=$1 name=$2; shift 2
  local got=0
  "$@" > "$name.out" 2> "$name.err" || got=$?
  if [ "$got" -ne "$want" ]; then
    cat "$name.out" "$name.err" >&2
    fail "$name: exit status $got, expected $want"
  fi
}
grep_in() { grep -qF -- "$2" "$1" || { cat "$1" >&2; fail "$1 lacks: $2"; }; }

cp -r "$src/content/default" pack

expect 0 keygen "$tool" keygen --out author
[ "$(stat -c %a author.secret)" = 600 ] || fail "author.secret has mode $(stat -c %a author.secret), not 600"
[ "$(wc -l < author.public)" = 1 ] || fail "author.public is not one line"
grep_in keygen.out "trusted_keys = [\"$(cat author.public)\"]"
expect 1 keygen-again "$tool" keygen --out author
grep_in keygen-again.err "author.secret: exists already; keygen never replaces a key"

files=$(find pack -type f ! -name manifest.json ! -name manifest.sig | wc -l)
expect 0 build "$tool" build pack
grep_in build.out "$files files"
grep_in build.out "is valid"
expect 0 sign "$tool" sign pack --key author.secret
[ -f pack/manifest.sig ] || fail "sign wrote no manifest.sig"
expect 0 verify "$tool" verify pack --public-key author.public
grep_in verify.out "is valid, signed by key"
grep_in verify.out "[$files/$files]"
# The key itself instead of the file works too.
expect 0 verify-inline "$tool" verify pack --public-key "$(cat author.public)"

# Rebuilding an unchanged pack keeps the signature.
expect 0 rebuild "$tool" build pack
grep_in rebuild.out "already lists these files"
expect 0 verify-rebuilt "$tool" verify pack --public-key author.public

# Another key: refused, naming manifest.sig.
expect 0 keygen-other "$tool" keygen --out other
expect 1 verify-other "$tool" verify pack --public-key other.public
grep_in verify-other.err "manifest.sig: signed by key"
grep_in verify-other.err "which this kiosk does not trust"

# Tampering with an image after signing: refused, naming the image.
cp -r pack tampered
printf 'x' | dd of=tampered/images/slide-2.jpg bs=1 seek=2000 conv=notrunc status=none
expect 1 verify-tampered "$tool" verify tampered --public-key author.public
grep_in verify-tampered.err "images/slide-2.jpg: SHA-256 does not match manifest.json"

# Tampering with the manifest: refused by the signature.
cp -r pack tampered-manifest
sed -i 's/"version": "1.0.0"/"version": "1.0.1"/' tampered-manifest/manifest.json
expect 1 verify-manifest "$tool" verify tampered-manifest --public-key author.public
grep_in verify-manifest.err "manifest.sig: the signature does not match manifest.json"

# Unsigned: refused.
cp -r pack unsigned
rm unsigned/manifest.sig
expect 1 verify-unsigned "$tool" verify unsigned --public-key author.public
grep_in verify-unsigned.err "manifest.sig: missing: the pack is not signed"

# A changed file list removes the stale signature; signing again makes it valid again.
cp pack/images/vision.jpg pack/images/vision-2.jpg
expect 1 verify-extra "$tool" verify pack --public-key author.public
grep_in verify-extra.err "images/vision-2.jpg: is in the folder but not listed in manifest.json"
expect 0 build-extra "$tool" build pack
grep_in build-extra.out "removed manifest.sig"
[ ! -e pack/manifest.sig ] || fail "build kept a stale manifest.sig"
expect 0 sign-extra "$tool" sign pack --key author.secret
expect 0 verify-extra-signed "$tool" verify pack --public-key author.public

# build refuses a symbolic link and a file a pack cannot hold, naming it.
ln -s ../lang/de.json pack/images/link.json
expect 1 build-link "$tool" build pack
grep_in build-link.err "images/link.json: is a symbolic link; a pack may not hold any"
rm pack/images/link.json
echo notes > pack/notes.txt
expect 1 build-txt "$tool" build pack
grep_in build-txt.err "notes.txt: path \"notes.txt\": a pack holds only .json, .png, .jpg and .jpeg files"
rm pack/notes.txt

# sign with a broken pack removes its signature again and fails.
printf '{' > pack/lang/en.json
expect 1 sign-broken "$tool" sign pack --key author.secret
grep_in sign-broken.err "lang/en.json: is 1 bytes, the manifest says"
[ ! -e pack/manifest.sig ] || fail "sign left a signature on a broken pack"

# A world-readable secret key is used, with a warning.
cp -r "$src/content/default" pack2
expect 0 build2 "$tool" build pack2
chmod 644 author.secret
expect 0 sign-loose "$tool" sign pack2 --key author.secret
grep_in sign-loose.err "other users may read this secret key (mode 0644)"

# Help for every command, usage errors with status 2.
for verb in keygen build sign verify; do
  expect 0 "help-$verb" "$tool" "$verb" --help
  grep_in "help-$verb.out" "usage: ruhr-kiosk-pack $verb"
done
expect 0 help "$tool" --help
expect 2 no-args "$tool"
expect 2 unknown-verb "$tool" frobnicate
expect 2 verify-no-key "$tool" verify pack
expect 2 unknown-option "$tool" build pack --force x
echo "tool_roundtrip: ok"
