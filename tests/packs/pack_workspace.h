#pragma once
// A writable, signed copy of the built-in pack in a temporary folder, for tests that break
// one thing in it and check the exact refusal; plus PNG bytes made at test time.

#include "packs/pack_verify.h"
#include "test_files.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace ruhr::packtest {

// From tests/support, which the unit tests share: content/default in the source tree, and a
// fresh folder under the system temp folder, removed with its contents at scope end.
namespace fs = std::filesystem;
using test::default_pack_dir;
using test::TempDir;

/// A copy of content/default at `root()` with a fresh file list, signed by `key()`, which
/// `trust()` trusts. Edits go through the helpers; rebuild() and sign() redo what the pack
/// tool does, so a test can break a pack either before or after it was signed.
class Workspace {
public:
    Workspace();

    const fs::path& root() const { return m_root; }
    fs::path file(std::string_view rel) const { return m_root / fs::path(rel); }
    const PackSigningKey& key() const { return m_key; }
    PackTrust trust(SignaturePolicy policy = SignaturePolicy::Required) const;

    std::string read(std::string_view rel) const;
    void write(std::string_view rel, std::string_view bytes) const;
    /// Reads `rel` as JSON (key order kept), lets `edit` change it, writes it back.
    template <class Edit>
    void edit_json(std::string_view rel, Edit edit) const {
        nlohmann::ordered_json j = nlohmann::ordered_json::parse(read(rel));
        edit(j);
        write(rel, j.dump(2));
    }
    /// Writes the file list into manifest.json as `ruhr-kiosk-pack build` does.
    void rebuild() const;
    /// Writes manifest.sig for the current manifest.json with `key` (default: key()).
    void sign() const { sign_with(m_key); }
    void sign_with(const PackSigningKey& key) const;
    /// rebuild() then sign().
    void rebuild_and_sign() const {
        rebuild();
        sign();
    }

    Result<VerifiedPack> verify(SignaturePolicy policy = SignaturePolicy::Required,
                                const PackLimits& limits = {}) const;
    /// The number of entries in the manifest's file list.
    std::size_t listed_files() const;

private:
    TempDir m_dir;
    fs::path m_root;
    PackSigningKey m_key;
};

/// A `width` x `height` RGB PNG, complete and valid.
std::string png_bytes(int width, int height);
/// `png` with the size in its IHDR chunk changed (and the chunk's CRC fixed), so the header
/// declares a size the data does not hold.
std::string with_declared_size(std::string png, std::uint32_t width, std::uint32_t height);

}  // namespace ruhr::packtest
