#pragma once
// Signed content packs: Ed25519 keys for content authors, the detached signature file
// manifest.sig, and verify_pack, which checks a pack folder completely (signature, file
// list, sizes, hashes, images, content) before anything of it is copied or shown.
// The formats are documented in docs/content-pack.md ("Signed packs").

#include "base/result.h"
#include "packs/content_pack.h"
#include "packs/pack_manifest.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace ruhr {

/// An Ed25519 public key that signs content packs (32 bytes).
using PackPublicKey = std::array<std::uint8_t, 32>;

/// An author's Ed25519 key pair; `secret` is libsodium's form (seed, then public key).
struct PackSigningKey {
    PackPublicKey public_key{};
    std::array<std::uint8_t, 64> secret{};
};

/// How verify_pack treats manifest.sig.
enum class SignaturePolicy {
    Required,    // the kiosk's default: a valid signature by a trusted key
    IfPresent,   // development (allow_unsigned) and the built-in pack, which ships inside the
                 // app: a pack without manifest.sig loads, but one that has it must carry a
                 // valid signature by a trusted key
    NotChecked,  // authoring only (`ruhr-kiosk-pack build`): manifest.sig is not read
};

/// What a kiosk trusts: the keys from its configuration ([content] trusted_keys).
struct PackTrust {
    std::vector<PackPublicKey> keys;
    SignaturePolicy signature = SignaturePolicy::Required;
};

/// A pack that passed every check.
struct VerifiedPack {
    PackManifest manifest;          // the listed files: exactly these are to be copied
    std::string key_id;             // the signer's key id; empty for an unsigned pack
    std::uint64_t total_bytes = 0;  // of the listed files
    std::string manifest_sha256;    // of manifest.json's bytes: names this exact content
    ContentPack content;            // loaded from the verified folder (content.root)
};

/// One step of a verification, for a progress display.
struct PackProgress {
    std::string_view step;  // "signature", "files", "content"
    std::string_view file;  // the file being checked, or empty
    std::size_t done = 0;
    std::size_t total = 0;
};
using PackProgressFn = std::function<void(const PackProgress&)>;

/// The key id written into manifest.sig: the first 16 hex digits of the SHA-256 of the
/// public key. It names a key in messages; it is not a secret and proves nothing.
std::string pack_key_id(const PackPublicKey& key);

/// Public key as the base64 text of NAME.public and of trusted_keys in the configuration.
std::string pack_public_key_to_base64(const PackPublicKey& key);
Result<PackPublicKey> parse_pack_public_key(std::string_view base64);
/// Secret key as the base64 text of NAME.secret (64 bytes); the embedded public key must
/// match the seed, so a damaged file is refused instead of making unverifiable signatures.
std::string pack_secret_key_to_base64(const PackSigningKey& key);
Result<PackSigningKey> parse_pack_secret_key(std::string_view base64);

/// A new random signing key pair.
PackSigningKey make_pack_signing_key();

/// The content of manifest.sig for manifest.json `manifest_bytes`.
std::string sign_pack_manifest(std::string_view manifest_bytes, const PackSigningKey& key);

/// Checks manifest.sig `signature_file` against `manifest_bytes` and the `trusted` keys;
/// returns the signer's key id, or an Error "manifest.sig: ...".
Result<std::string> check_pack_signature(std::string_view manifest_bytes, std::string_view signature_file,
                                         const std::vector<PackPublicKey>& trusted);

/// Every file below `dir` that belongs in the manifest's file list, with size and SHA-256,
/// sorted by path (manifest.json, manifest.sig and operating-system clutter such as
/// .DS_Store are left out). Refuses symbolic links, special files, bad paths and files
/// over the limits. This is what `ruhr-kiosk-pack build` writes.
Result<std::vector<PackFileEntry>> list_pack_files(const std::filesystem::path& dir, const PackLimits& limits = {});

/// Checks the pack in `dir` without changing anything: its signature by a key in `trust`,
/// then that the folder holds exactly the listed files (no symbolic links or special files
/// anywhere, nothing missing, nothing extra), each within the size limits with its listed
/// size and SHA-256, images that decode completely within the pixel limit, and finally the
/// content itself (load_content_pack). Stops at the first integrity problem; content
/// problems are all listed. Each line of the Error is "file: problem".
Result<VerifiedPack> verify_pack(const std::filesystem::path& dir, const PackTrust& trust,
                                 const PackLimits& limits = {}, const PackProgressFn& progress = {});

}  // namespace ruhr
