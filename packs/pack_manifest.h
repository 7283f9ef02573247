#pragma once
// The integrity part of a content pack's manifest.json: the list of every file in the pack
// with its size and SHA-256 ("files"), parsed strictly. Pure functions on bytes, without I/O
// or cryptography, so the parser can be fuzzed on its own (tests/fuzz/fuzz_manifest.cpp).
// The format is documented in docs/content-pack.md ("Signed packs").

#include "base/result.h"
#include "packs/pack_limits.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ruhr {

/// One entry of the manifest's "files": a file of the pack other than manifest.json and
/// manifest.sig.
struct PackFileEntry {
    std::string path;  // relative, '/'-separated, checked by check_pack_path
    std::uint64_t size = 0;
    std::string sha256;  // 64 lower-case hex digits
    bool operator==(const PackFileEntry&) const = default;
};

/// What the integrity check needs from manifest.json; the rest is the content loader's.
struct PackManifest {
    std::string id;                    // as written (the content loader checks its form)
    std::string version;               // as written
    std::vector<PackFileEntry> files;  // in manifest order
    // "keys": signing keys this pack adds to the kiosk's trusted ones (base64 public keys) and
    // key ids it withdraws (pack_history.h); both empty when the manifest has no "keys".
    std::vector<std::string> add_keys;
    std::vector<std::string> withdraw_keys;
};

/// The two files every pack has beside its listed files.
inline constexpr std::string_view k_manifest_file = "manifest.json";
inline constexpr std::string_view k_signature_file = "manifest.sig";

/// A string from outside, quoted and escaped for a message: control characters and broken
/// UTF-8 in a file name or a key must not reach a terminal or the staff screen as they are.
std::string in_quotes(std::string_view s);

/// Why `path` cannot name a file in a pack (nullopt when it can): it must be relative, use
/// '/', have 1-8 non-empty parts of ASCII letters, digits, '.', '_' and '-' that do not
/// start with '.', be at most 200 bytes, and have one of the extensions a pack holds.
std::optional<std::string> check_pack_path(std::string_view path);

/// Parses manifest.json `bytes` and returns its file list, or an Error "manifest.json: ...".
/// Strict: valid UTF-8 JSON without duplicate keys; "format" is 1; every entry has exactly
/// "path", "size" and "sha256"; paths pass check_pack_path, are unique even ignoring case,
/// and are not manifest.json or manifest.sig; sizes and their sum stay within `limits`.
/// An optional "keys" object holds only "add" (44-character base64 public keys) and
/// "withdraw" (16-hex-digit key ids), each a list of at most 8.
Result<PackManifest> parse_pack_manifest(std::string_view bytes, const PackLimits& limits = {});

/// Returns manifest.json `bytes` with "files" set to `files` (sorted by path), written with
/// two-space indentation and the other keys in their order. Error when `bytes` is not a JSON
/// object without duplicate keys.
Result<std::string> with_files_list(std::string_view bytes, std::vector<PackFileEntry> files);

}  // namespace ruhr
