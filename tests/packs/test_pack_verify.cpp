// Packs that must pass, and the parts of the signing API the pack tool and the kiosk's
// import build on: keys, the built-in pack, clutter from desktop systems, progress.

#include "pack_workspace.h"

#include "base/crypto.h"

#include <doctest/doctest.h>
#include <sodium.h>

using namespace ruhr;
using namespace ruhr::packtest;

TEST_CASE("a pack signed by a trusted key verifies and says who signed it") {
    Workspace pack;
    const auto result = pack.verify();
    REQUIRE_MESSAGE(result.ok(), (result.ok() ? "" : result.error().message));
    CHECK(result->key_id == pack_key_id(pack.key().public_key));
    CHECK(result->manifest.id == "ruhr-konferenz-demo");
    CHECK(result->manifest.files.size() == pack.listed_files());
    std::uint64_t total = 0;
    for (const auto& f : result->manifest.files) total += fs::file_size(pack.file(f.path));
    CHECK(result->total_bytes == total);
    CHECK(result->content.forums.size() == 20);
    CHECK(result->content.root == pack.root());
}

TEST_CASE("a pack verifies when its key is one of several trusted keys") {
    Workspace pack;
    PackTrust trust{{make_pack_signing_key().public_key, pack.key().public_key, make_pack_signing_key().public_key},
                    SignaturePolicy::Required};
    const auto result = verify_pack(pack.root(), trust);
    REQUIRE_MESSAGE(result.ok(), (result.ok() ? "" : result.error().message));
    CHECK(result->key_id == pack_key_id(pack.key().public_key));
}

TEST_CASE("a kiosk with no trusted keys refuses a signed pack") {
    Workspace pack;
    const auto result = verify_pack(pack.root(), PackTrust{});
    REQUIRE(!result.ok());
    CHECK(result.error().message.starts_with("manifest.sig: signed by key "));
}

TEST_CASE("an unsigned pack loads where unsigned packs are allowed, for development") {
    Workspace pack;
    fs::remove(pack.file(k_signature_file));
    const auto result = pack.verify(SignaturePolicy::IfPresent);
    REQUIRE_MESSAGE(result.ok(), (result.ok() ? "" : result.error().message));
    CHECK(result->key_id.empty());
}

TEST_CASE("allowing unsigned packs still checks every hash") {
    Workspace pack;
    fs::remove(pack.file(k_signature_file));
    pack.write("lang/de.json", pack.read("lang/de.json") + " ");
    const auto result = pack.verify(SignaturePolicy::IfPresent);
    REQUIRE(!result.ok());
    CHECK(result.error().message.starts_with("lang/de.json: is "));
}

TEST_CASE("the built-in pack's file list matches its files, so it verifies by hash") {
    // Guards content/default/manifest.json: after changing a file of the built-in pack, run
    // `ruhr-kiosk-pack build content/default`.
    const auto result = verify_pack(default_pack_dir(), PackTrust{{}, SignaturePolicy::IfPresent});
    REQUIRE_MESSAGE(result.ok(), (result.ok() ? "" : result.error().message));
    CHECK(result->key_id.empty());
    // Every file of the folder is listed: count them independently of the pack code.
    std::size_t on_disk = 0;
    for (const auto& e : std::filesystem::recursive_directory_iterator(default_pack_dir()))
        if (e.is_regular_file() && e.path().filename() != "manifest.json" && e.path().filename() != "manifest.sig")
            ++on_disk;
    CHECK(on_disk >= 31);
    CHECK(result->manifest.files.size() == on_disk);
}

TEST_CASE("the built-in pack is not signed, so it is refused where a signature is required") {
    const auto result = verify_pack(default_pack_dir(), PackTrust{});
    REQUIRE(!result.ok());
    CHECK(result.error().message == "manifest.sig: missing: the pack is not signed (`ruhr-kiosk-pack sign` signs it)");
}

TEST_CASE("Finder and Explorer clutter in a pack is ignored, not listed, and does not stop verification") {
    Workspace pack;
    pack.write(".DS_Store", "Bud1");
    pack.write("images/._vision.jpg", "AppleDouble");
    pack.write("images/Thumbs.db", "thumbs");
    auto files = list_pack_files(pack.root());
    REQUIRE(files.ok());
    for (const auto& f : *files) {
        CHECK(f.path.find("DS_Store") == std::string::npos);
        CHECK(f.path.find("._") == std::string::npos);
        CHECK(f.path.find("Thumbs") == std::string::npos);
    }
    const auto result = pack.verify();
    CHECK_MESSAGE(result.ok(), (result.ok() ? "" : result.error().message));
}

TEST_CASE("clutter that is a symbolic link is still refused") {
    Workspace pack;
    fs::create_symlink("/etc/passwd", pack.file("._passwd"));
    const auto result = pack.verify();
    REQUIRE(!result.ok());
    CHECK(result.error().message == "._passwd: is a symbolic link; a pack may not hold any");
}

TEST_CASE("listing a folder refuses files a pack cannot hold, naming the file") {
    Workspace pack;
    pack.write("images/Bild 1.jpg", pack.read("images/vision.jpg"));
    const auto files = list_pack_files(pack.root());
    REQUIRE(!files.ok());
    CHECK(files.error().message ==
          "images/Bild 1.jpg: path \"images/Bild 1.jpg\" may only use ASCII letters, digits, '.', '_' and '-'");
}

TEST_CASE("listing a folder refuses a file over the per-file limit") {
    Workspace pack;
    PackLimits limits;
    limits.file_bytes = 40000;
    const auto files = list_pack_files(pack.root(), limits);
    REQUIRE(!files.ok());
    CHECK(files.error().message.ends_with("bytes, the limit is 40000"));
}

TEST_CASE("listing a folder that does not exist says so") {
    const auto files = list_pack_files("/nonexistent/ruhr-pack");
    REQUIRE(!files.ok());
    CHECK(files.error().message == "/nonexistent/ruhr-pack: does not exist");
}

TEST_CASE("verification reports progress for the signature, every file and the content") {
    Workspace pack;
    std::vector<std::string> files;
    std::vector<std::string> steps;
    const auto result = verify_pack(pack.root(), pack.trust(), {}, [&](const PackProgress& p) {
        if (steps.empty() || steps.back() != p.step) steps.emplace_back(p.step);
        if (p.step == "files" && !p.file.empty()) files.emplace_back(p.file);
    });
    REQUIRE(result.ok());
    CHECK(steps == std::vector<std::string>{"signature", "files", "content"});
    CHECK(files.size() == pack.listed_files());
}

TEST_CASE("a secret key survives writing and reading, and signs for its public key") {
    const PackSigningKey key = make_pack_signing_key();
    const auto back = parse_pack_secret_key(pack_secret_key_to_base64(key));
    REQUIRE(back.ok());
    CHECK(back->public_key == key.public_key);
    CHECK(back->secret == key.secret);
    const auto pub = parse_pack_public_key(pack_public_key_to_base64(key.public_key));
    REQUIRE(pub.ok());
    CHECK(*pub == key.public_key);
    const std::string manifest = "{\"format\": 1}";
    CHECK(check_pack_signature(manifest, sign_pack_manifest(manifest, *back), {key.public_key}).ok());
}

TEST_CASE("a damaged secret key is refused instead of signing for the wrong public key") {
    PackSigningKey key = make_pack_signing_key();
    key.secret[40] ^= 0x01;  // in the public half
    const auto back = parse_pack_secret_key(pack_secret_key_to_base64(key));
    REQUIRE(!back.ok());
    CHECK(back.error().message == "secret key is damaged (its public half does not match its seed)");
}

TEST_CASE("keys of the wrong length are refused") {
    CHECK(parse_pack_public_key("AAAA").error().message == "public key must be 32 bytes, it is 3");
    CHECK(parse_pack_public_key("not base64!").error().message == "public key is not valid base64");
    CHECK(parse_pack_secret_key("AAAA").error().message == "secret key must be 64 bytes, it is 3");
}

TEST_CASE("the key id is the first 16 hex digits of the public key's SHA-256") {
    PackPublicKey zero{};
    // SHA-256 of 32 zero bytes is 66687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a591d0d5f2925.
    CHECK(pack_key_id(zero) == "66687aadf862bd77");
}

TEST_CASE("a signature over the bare manifest bytes, without the context prefix, is refused") {
    // Guards the domain separation documented in docs/content-pack.md: the signed message is
    // the context line followed by manifest.json, so a signature over anything else fails.
    const PackSigningKey key = make_pack_signing_key();
    const std::string manifest = "{\"format\": 1}";
    std::array<unsigned char, crypto_sign_BYTES> bare{};
    crypto_sign_detached(bare.data(), nullptr, reinterpret_cast<const unsigned char*>(manifest.data()), manifest.size(),
                         key.secret.data());
    nlohmann::json sig = nlohmann::json::parse(sign_pack_manifest(manifest, key));
    CHECK(check_pack_signature(manifest, sig.dump(), {key.public_key}).ok());
    sig["signature"] = to_base64(bare.data(), bare.size());
    const auto result = check_pack_signature(manifest, sig.dump(), {key.public_key});
    REQUIRE(!result.ok());
    CHECK(result.error().message.starts_with("manifest.sig: the signature does not match manifest.json"));
}

TEST_CASE("an unlisted file whose name holds a terminal escape is named with question marks") {
    Workspace pack;
    pack.write("images/\x1b[2Jx.jpg", "x");
    const auto result = pack.verify();
    REQUIRE(!result.ok());
    CHECK(result.error().message == "images/?[2Jx.jpg: is in the folder but not listed in manifest.json");
    const auto files = list_pack_files(pack.root());
    REQUIRE(!files.ok());
    CHECK(files.error().message.starts_with("images/?[2Jx.jpg: path \"images/\\u001b[2Jx.jpg\" may only use"));
}
