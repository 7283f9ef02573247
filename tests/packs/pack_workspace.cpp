#include "pack_workspace.h"

#include <doctest/doctest.h>
#include <stb_image_write.h>

#include <vector>

namespace ruhr::packtest {

Workspace::Workspace() : m_dir("pack"), m_root(m_dir.path() / "pack"), m_key(make_pack_signing_key()) {
    fs::copy(default_pack_dir(), m_root, fs::copy_options::recursive);
    rebuild_and_sign();
}

PackTrust Workspace::trust(SignaturePolicy policy) const { return PackTrust{{m_key.public_key}, policy}; }

std::string Workspace::read(std::string_view rel) const { return test::read_existing_file(file(rel)); }

void Workspace::write(std::string_view rel, std::string_view bytes) const {
    fs::create_directories(file(rel).parent_path());
    test::write_file(file(rel), bytes);
}

void Workspace::rebuild() const {
    auto files = list_pack_files(m_root);
    REQUIRE_MESSAGE(files.ok(), (files.ok() ? "" : files.error().message));
    auto manifest = with_files_list(read(k_manifest_file), std::move(*files));
    REQUIRE_MESSAGE(manifest.ok(), (manifest.ok() ? "" : manifest.error().message));
    write(k_manifest_file, *manifest);
}

void Workspace::sign_with(const PackSigningKey& key) const {
    write(k_signature_file, sign_pack_manifest(read(k_manifest_file), key));
}

Result<VerifiedPack> Workspace::verify(SignaturePolicy policy, const PackLimits& limits) const {
    return verify_pack(m_root, trust(policy), limits);
}

std::size_t Workspace::listed_files() const { return nlohmann::json::parse(read(k_manifest_file)).at("files").size(); }

std::string png_bytes(int width, int height) {
    std::vector<unsigned char> px(static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * 3);
    for (std::size_t i = 0; i < px.size(); ++i) px[i] = static_cast<unsigned char>((i * 7) & 0xFF);
    std::string out;
    const auto append = [](void* context, void* data, int size) {
        static_cast<std::string*>(context)->append(static_cast<const char*>(data), static_cast<std::size_t>(size));
    };
    REQUIRE(stbi_write_png_to_func(append, &out, width, height, 3, px.data(), width * 3) != 0);
    return out;
}

namespace {
std::uint32_t crc32(std::string_view data) {
    std::uint32_t crc = 0xFFFFFFFFu;
    for (const char ch : data) {
        crc ^= static_cast<unsigned char>(ch);
        for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
    }
    return ~crc;
}
void put_be32(std::string& s, std::size_t at, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) s[at + static_cast<std::size_t>(i)] = static_cast<char>((v >> (24 - 8 * i)) & 0xFF);
}
}  // namespace

std::string with_declared_size(std::string png, std::uint32_t width, std::uint32_t height) {
    // Signature (8), then IHDR: length (4), "IHDR" (4), width, height, 5 more bytes, CRC.
    REQUIRE(png.size() > 33);
    REQUIRE(png.compare(12, 4, "IHDR") == 0);
    put_be32(png, 16, width);
    put_be32(png, 20, height);
    put_be32(png, 29, crc32(std::string_view(png).substr(12, 17)));
    return png;
}

}  // namespace ruhr::packtest
