// The corpus of broken packs: each case derives one broken pack from the built-in pack in a
// temporary folder and names the exact message verify_pack must refuse it with. Most are
// broken and then rebuilt and signed, as a careless or hostile author would hand them over,
// so each reaches the check it is about instead of failing earlier on a stale hash.

#include "pack_workspace.h"

#include <doctest/doctest.h>

#include <sys/stat.h>

using namespace ruhr;
using namespace ruhr::packtest;

namespace {

// The message verify_pack refuses `pack` with; fails the test when it accepts the pack.
std::string refusal(const Workspace& pack, SignaturePolicy policy = SignaturePolicy::Required,
                    const PackLimits& limits = {}) {
    const auto result = pack.verify(policy, limits);
    REQUIRE_MESSAGE(!result.ok(), "the broken pack was accepted");
    return result.error().message;
}

void expect_refused(const Workspace& pack, const std::string& expected,
                    SignaturePolicy policy = SignaturePolicy::Required, const PackLimits& limits = {}) {
    CHECK(refusal(pack, policy, limits) == expected);
}

// The refusal of a manifest.sig that does not match manifest.json, signed or forged for `key_id`.
std::string signature_mismatch(const std::string& key_id) {
    return "manifest.sig: the signature does not match manifest.json (changed after signing, or a forged signature "
           "for key \"" +
           key_id + "\")";
}

// "manifest.json: files[N]" for the last entry of the file list.
std::string last_entry(const Workspace& pack) {
    return "manifest.json: files[" + std::to_string(pack.listed_files() - 1) + "]";
}

// Replaces the first entry of the file list by `entry` and signs the manifest: the manifest
// is what a (hostile) author signed, so the signature holds and the list itself is judged.
void sign_with_first_entry(const Workspace& pack, const nlohmann::ordered_json& entry) {
    pack.edit_json(k_manifest_file, [&](auto& m) { m["files"][0] = entry; });
    pack.sign();
}

// Writes `text` as manifest.json and signs it: the signature holds, whatever the text is.
void sign_manifest_text(const Workspace& pack, const std::string& text) {
    pack.write(k_manifest_file, text);
    pack.sign();
}

// A change to a JSON file of the pack (Workspace::edit_json), for the rows of a table.
using JsonEdit = void (*)(nlohmann::ordered_json&);

nlohmann::ordered_json entry(const std::string& path, std::uint64_t size = 2,
                             const std::string& sha = std::string(64, 'a')) {
    return {{"path", path}, {"size", size}, {"sha256", sha}};
}

}  // namespace

// ---------------------------------------------------------------- paths

TEST_CASE("a listed path that is not a plain relative path to a pack file is refused") {
    const struct {
        const char* name;
        const char* path;
        const char* message;
    } cases[] = {
        {"one that climbs out of the pack with ../", "../outside.json",
         "manifest.json: files[0].path: path \"../outside.json\" must not contain '.' or '..' parts"},
        {"one with ../ in the middle", "images/../../etc/x.json",
         "manifest.json: files[0].path: path \"images/../../etc/x.json\" must not contain '.' or '..' parts"},
        {"an absolute one", "/etc/passwd.json",
         "manifest.json: files[0].path: path \"/etc/passwd.json\" must be relative, not start with '/'"},
        {"one with a backslash", "images\\vision.jpg",
         "manifest.json: files[0].path: path \"images\\\\vision.jpg\" must use '/' between folders, not '\\'"},
        {"one with an empty part", "images//vision.jpg",
         "manifest.json: files[0].path: path \"images//vision.jpg\" has an empty part (\"//\" or a '/' at the end)"},
        {"a hidden file", "images/.hidden.jpg",
         "manifest.json: files[0].path: path \"images/.hidden.jpg\" has a part starting with '.' (a hidden file)"},
        {"a file of a type a pack does not hold", "run.sh",
         "manifest.json: files[0].path: path \"run.sh\": a pack holds only .json, .png, .jpg and .jpeg files"},
        // .sig is not a pack file type, which the path rule reports first.
        {"one naming manifest.sig", "manifest.sig",
         "manifest.json: files[0].path: path \"manifest.sig\": a pack holds only .json, .png, .jpg and .jpeg files"},
        {"one naming manifest.json itself", "manifest.json",
         "manifest.json: files[0].path: \"manifest.json\" is not listed: the signature covers it"},
    };
    for (const auto& c : cases) {
        SUBCASE(c.name) {
            Workspace pack;
            sign_with_first_entry(pack, entry(c.path));
            expect_refused(pack, c.message);
        }
    }
}

TEST_CASE("a file listed twice under names that differ only in case is refused") {
    Workspace pack;
    pack.edit_json(k_manifest_file, [](auto& m) {
        auto copy = m["files"][0];
        copy["path"] = "IMAGES/" + copy["path"].template get<std::string>().substr(7);
        m["files"].push_back(copy);
    });
    pack.sign();
    expect_refused(
        pack, last_entry(pack) + ".path: \"IMAGES/forum-aufstieg-durch-bildung.jpg\" is listed twice (also files[0])");
}

// ---------------------------------------------------------------- the folder

TEST_CASE("a symbolic link to a file inside the pack is refused") {
    Workspace pack;
    fs::create_symlink("vision.jpg", pack.file("images/link.jpg"));
    expect_refused(pack, "images/link.jpg: is a symbolic link; a pack may not hold any");
}

TEST_CASE("a language folder that is a symbolic link is refused even when every hash matches") {
    Workspace pack;
    const fs::path elsewhere = pack.root().parent_path() / "lang-elsewhere";
    fs::rename(pack.file("lang"), elsewhere);
    fs::create_directory_symlink(elsewhere, pack.file("lang"));
    expect_refused(pack, "lang: is a symbolic link; a pack may not hold any");
}

TEST_CASE("a named pipe in the pack is refused") {
    Workspace pack;
    REQUIRE(::mkfifo(pack.file("images/pipe.jpg").c_str(), 0644) == 0);
    expect_refused(pack, "images/pipe.jpg: is a named pipe (fifo), not a regular file");
}

TEST_CASE("a listed file that is missing is refused") {
    Workspace pack;
    fs::remove(pack.file("images/slide-5.jpg"));
    expect_refused(pack, "images/slide-5.jpg: listed in manifest.json but missing from the folder");
}

TEST_CASE("a file in the folder that the manifest does not list is refused") {
    Workspace pack;
    pack.write("images/extra.jpg", pack.read("images/vision.jpg"));
    expect_refused(pack, "images/extra.jpg: is in the folder but not listed in manifest.json");
}

TEST_CASE("an unlisted file of a type a pack cannot hold is refused") {
    Workspace pack;
    pack.write("notes.txt", "to do\n");
    expect_refused(pack, "notes.txt: is in the folder but not listed in manifest.json");
}

// ---------------------------------------------------------------- sizes and hashes

TEST_CASE("a file changed after signing without changing its size is refused by its hash") {
    Workspace pack;
    std::string text = pack.read("lang/en.json");
    text[text.find("Ruhr")] = 'r';
    pack.write("lang/en.json", text);
    expect_refused(pack,
                   "lang/en.json: SHA-256 does not match manifest.json (the file was changed after the list was made)");
}

TEST_CASE("a file that grew after signing is refused by its size") {
    Workspace pack;
    const std::string text = pack.read("lang/de.json");
    pack.write("lang/de.json", text + "\n");
    expect_refused(pack, "lang/de.json: is " + std::to_string(text.size() + 1) + " bytes, the manifest says " +
                             std::to_string(text.size()));
}

TEST_CASE("an image replaced by another one after signing is refused") {
    Workspace pack;
    const auto listed = fs::file_size(pack.file("images/slide-1.jpg"));
    pack.write("images/slide-1.jpg", pack.read("images/slide-3.jpg"));
    const auto now = fs::file_size(pack.file("images/slide-1.jpg"));
    REQUIRE(now != listed);
    expect_refused(
        pack, "images/slide-1.jpg: is " + std::to_string(now) + " bytes, the manifest says " + std::to_string(listed));
}

TEST_CASE("a file over the per-file size limit is refused before it is read") {
    Workspace pack;
    const std::uint64_t big = 9ull * 1024 * 1024;
    pack.edit_json(k_manifest_file, [&](auto& m) { m["files"].push_back(entry("images/huge.jpg", big)); });
    pack.sign();
    expect_refused(pack,
                   last_entry(pack) + ".size: \"images/huge.jpg\" is 9437184 bytes, the limit is 8388608 per file");
}

TEST_CASE("a pack over the total size limit is refused") {
    Workspace pack;
    PackLimits limits;
    limits.total_bytes = 300000;  // the built-in pack is about 700 kB
    expect_refused(pack, "manifest.json: files: the files add up to more than 300000 bytes, the limit for a pack",
                   SignaturePolicy::Required, limits);
}

TEST_CASE("a pack listing more files than the limit is refused") {
    Workspace pack;
    PackLimits limits;
    limits.max_files = 10;
    expect_refused(pack,
                   "manifest.json: files: lists " + std::to_string(pack.listed_files()) + " files, the limit is 10",
                   SignaturePolicy::Required, limits);
}

// ---------------------------------------------------------------- signatures

TEST_CASE("a manifest changed after signing is refused by its signature") {
    Workspace pack;
    pack.edit_json(k_manifest_file, [](auto& m) { m["version"] = "1.0.1"; });
    expect_refused(pack, signature_mismatch(pack_key_id(pack.key().public_key)));
}

TEST_CASE("a manifest with one byte of whitespace added after signing is refused") {
    Workspace pack;
    pack.write(k_manifest_file, pack.read(k_manifest_file) + " ");
    expect_refused(pack, signature_mismatch(pack_key_id(pack.key().public_key)));
}

TEST_CASE("a damaged signature is refused") {
    Workspace pack;
    pack.edit_json(k_signature_file, [](auto& s) {
        std::string sig = s["signature"];
        sig[10] = sig[10] == 'A' ? 'B' : 'A';
        s["signature"] = sig;
    });
    expect_refused(pack, signature_mismatch(pack_key_id(pack.key().public_key)));
}

TEST_CASE("a pack signed by a key the kiosk does not trust is refused") {
    Workspace pack;
    const PackSigningKey stranger = make_pack_signing_key();
    pack.sign_with(stranger);
    expect_refused(pack, "manifest.sig: signed by key \"" + pack_key_id(stranger.public_key) +
                             "\", which this kiosk does not trust");
}

TEST_CASE("a stranger's signature that claims a trusted key id is refused") {
    Workspace pack;
    const PackSigningKey stranger = make_pack_signing_key();
    pack.sign_with(stranger);
    const std::string trusted_id = pack_key_id(pack.key().public_key);
    pack.edit_json(k_signature_file, [&](auto& s) { s["key_id"] = trusted_id; });
    expect_refused(pack, signature_mismatch(trusted_id));
}

TEST_CASE("an unsigned pack is refused") {
    Workspace pack;
    fs::remove(pack.file(k_signature_file));
    expect_refused(pack, "manifest.sig: missing: the pack is not signed (`ruhr-kiosk-pack sign` signs it)");
}

TEST_CASE("a signature file that is not JSON is refused") {
    Workspace pack;
    pack.write(k_signature_file, "-----BEGIN SIGNATURE-----\n");
    expect_refused(pack, "manifest.sig: is not a signature file (invalid JSON)");
}

TEST_CASE("a signature of another algorithm is refused") {
    Workspace pack;
    pack.edit_json(k_signature_file, [](auto& s) { s["algorithm"] = "rsa"; });
    expect_refused(pack, "manifest.sig: algorithm: must be \"ed25519\"");
}

TEST_CASE("a signature that is a symbolic link is refused") {
    Workspace pack;
    fs::rename(pack.file(k_signature_file), pack.root().parent_path() / "real.sig");
    fs::create_symlink(pack.root().parent_path() / "real.sig", pack.file(k_signature_file));
    expect_refused(pack, "manifest.sig: is a symbolic link; a pack may not hold any");
}

TEST_CASE("a pack signed by an untrusted key is refused even where unsigned packs are allowed") {
    Workspace pack;
    const PackSigningKey stranger = make_pack_signing_key();
    pack.sign_with(stranger);
    expect_refused(
        pack,
        "manifest.sig: signed by key \"" + pack_key_id(stranger.public_key) + "\", which this kiosk does not trust",
        SignaturePolicy::IfPresent);
}

// ---------------------------------------------------------------- the manifest itself

TEST_CASE("a manifest that is not JSON is refused") {
    Workspace pack;
    sign_manifest_text(pack, "format = 1\n");
    expect_refused(pack,
                   "manifest.json: invalid JSON: parse error at line 1, column 2: syntax error while parsing "
                   "value - invalid literal; last read: 'fo'");
}

TEST_CASE("a truncated manifest is refused") {
    Workspace pack;
    const std::string manifest = pack.read(k_manifest_file);
    sign_manifest_text(pack, manifest.substr(0, manifest.find("\"files\"")));
    const std::string message = refusal(pack);
    INFO(message);
    CHECK(message.starts_with("manifest.json: invalid JSON: parse error at line "));
    CHECK(message.ends_with("unexpected end of input; expected string literal"));
}

TEST_CASE("a manifest with invalid UTF-8 is refused") {
    Workspace pack;
    std::string manifest = pack.read(k_manifest_file);
    manifest.replace(manifest.find("Deutsch"), 1, "\xC3\x28");
    sign_manifest_text(pack, manifest);
    const std::string message = refusal(pack);
    INFO(message);
    CHECK(message.starts_with("manifest.json: invalid JSON: "));
    CHECK(message.find("ill-formed UTF-8 byte") != std::string::npos);
}

TEST_CASE("a manifest with a key twice is refused") {
    Workspace pack;
    std::string manifest = pack.read(k_manifest_file);
    manifest.replace(manifest.find("\"version\""), 0, "\"version\": \"9.9.9\",\n  ");
    sign_manifest_text(pack, manifest);
    expect_refused(pack, "manifest.json: duplicate key \"version\"");
}

TEST_CASE("a signed manifest with a field the format does not allow is refused") {
    const struct {
        const char* name;
        JsonEdit edit;
        const char* message;
    } cases[] = {
        {"a listed size that is not a whole number", [](auto& m) { m["files"][0]["size"] = -5; },
         "manifest.json: files[0].size: must be a whole number of bytes"},
        {"a listed SHA-256 that is not 64 lower-case hex digits",
         [](auto& m) {
             std::string sha = m["files"][0]["sha256"];
             for (char& c : sha) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
             m["files"][0]["sha256"] = sha;
         },
         "manifest.json: files[0].sha256: must be 64 lower-case hex digits"},
        {"a manifest without a file list", [](auto& m) { m.erase("files"); },
         "manifest.json: files: missing (`ruhr-kiosk-pack build` writes it)"},
        {"a manifest of another format", [](auto& m) { m["format"] = 2; },
         "manifest.json: format: 2 is not supported (this app reads format 1)"},
        {"a file entry with an unknown key", [](auto& m) { m["files"][0]["mode"] = "0755"; },
         "manifest.json: files[0]: unknown key \"mode\" (allowed: path, size, sha256)"},
    };
    for (const auto& c : cases) {
        SUBCASE(c.name) {
            Workspace pack;
            pack.edit_json(k_manifest_file, c.edit);
            pack.sign();
            expect_refused(pack, c.message);
        }
    }
}

// ---------------------------------------------------------------- images

TEST_CASE("a broken image, listed and signed as a careless author would, is refused") {
    // Each row writes its bytes to its file, then the file list is rebuilt and signed.
    const struct {
        const char* name;
        const char* file;
        std::string (*bytes)(const Workspace&);
        const char* message;
    } cases[] = {
        {"a small PNG that declares 30000x30000 pixels, without being decoded", "images/bomb.png",
         [](const Workspace&) { return with_declared_size(png_bytes(32, 32), 30000, 30000); },
         "images/bomb.png: image is 30000x30000 pixels, the limit is 16777216 pixels"},
        {"a PNG cut off in its image data, as truncated", "images/cut.png",
         [](const Workspace&) {
             const std::string png = png_bytes(64, 64);
             return png.substr(0, png.size() / 2);
         },
         "images/cut.png: image is truncated (it does not end with the PNG IEND chunk)"},
        {"a PNG without its end chunk, as truncated", "images/cut.png",
         [](const Workspace&) {
             const std::string png = png_bytes(64, 64);
             return png.substr(0, png.size() - 12);
         },
         "images/cut.png: image is truncated (it does not end with the PNG IEND chunk)"},
        {"a JPEG cut off in the middle, as truncated", "images/vision.jpg",
         [](const Workspace& pack) {
             const std::string jpeg = pack.read("images/vision.jpg");
             return jpeg.substr(0, jpeg.size() * 2 / 3);
         },
         "images/vision.jpg: image is truncated (it does not end with the JPEG end marker)"},
        {"a JPEG that declares 20000x20000 pixels, without being decoded", "images/vision.jpg",
         [](const Workspace& pack) {
             std::string jpeg = pack.read("images/vision.jpg");
             // The baseline start-of-frame segment: FF C0, length, precision, height, width.
             const auto sof = jpeg.find("\xFF\xC0");
             REQUIRE(sof != std::string::npos);
             for (const std::size_t at : {sof + 5, sof + 7}) {
                 jpeg[at] = static_cast<char>(20000 >> 8);
                 jpeg[at + 1] = static_cast<char>(20000 & 0xFF);
             }
             return jpeg;
         },
         "images/vision.jpg: image is 20000x20000 pixels, the limit is 16777216 pixels"},
        {"a text file named .png", "images/fake.png",
         [](const Workspace&) { return std::string("this is not an image\n"); },
         "images/fake.png: is named .png but is not a PNG or JPEG image"},
        {"a JPEG named .png", "images/photo.png", [](const Workspace& pack) { return pack.read("images/vision.jpg"); },
         "images/photo.png: is named .png but is a JPEG image"},
    };
    for (const auto& c : cases) {
        SUBCASE(c.name) {
            Workspace pack;
            pack.write(c.file, c.bytes(pack));
            pack.rebuild_and_sign();
            expect_refused(pack, c.message);
        }
    }
}

TEST_CASE("a PNG with damaged image data but an intact end is refused as damaged") {
    Workspace pack;
    std::string png = png_bytes(64, 64);
    const auto idat = png.find("IDAT");
    REQUIRE(idat != std::string::npos);
    for (std::size_t i = idat + 6; i < idat + 40; ++i) png[i] = static_cast<char>(png[i] ^ 0x5A);
    pack.write("images/damaged.png", png);
    pack.rebuild_and_sign();
    const std::string message = refusal(pack);
    INFO(message);
    CHECK(message.starts_with("images/damaged.png: image is damaged"));
}

TEST_CASE("an image wider than 4096 pixels is refused by the content check") {
    Workspace pack;
    pack.write("images/wide.png", png_bytes(5000, 16));
    pack.edit_json(k_manifest_file, [](auto& m) { m["vision"]["image"] = "images/wide.png"; });
    fs::remove(pack.file("images/vision.jpg"));
    pack.rebuild_and_sign();
    expect_refused(pack, "images/wide.png: image is 5000x16 pixels, the limit is 4096 per side");
}

// ---------------------------------------------------------------- content

TEST_CASE("a language file with invalid UTF-8 is refused") {
    Workspace pack;
    std::string text = pack.read("lang/de.json");
    const auto at = text.find("Zuh");
    text.replace(at, 1, "\xFF");
    pack.write("lang/de.json", text);
    pack.rebuild_and_sign();
    expect_refused(pack, "lang/de.json: not valid UTF-8 (byte " + std::to_string(at) + ")");
}

TEST_CASE("a language file that is not JSON is refused") {
    Workspace pack;
    pack.write("lang/en.json", "{\"language\": \"en\",");
    pack.rebuild_and_sign();
    const std::string message = refusal(pack);
    INFO(message);
    CHECK(message.starts_with("lang/en.json: invalid JSON: "));
}

TEST_CASE("content that a kiosk cannot show, rebuilt and signed, is refused with every problem") {
    const struct {
        const char* name;
        std::string_view file;
        JsonEdit edit;
        const char* message;
    } cases[] = {
        {"a missing translation", "lang/en.json", [](auto& j) { j["forums"]["pflege"].erase("title"); },
         "lang/en.json: forums.pflege.title: missing translation"},
        {"a duplicate forum id", k_manifest_file, [](auto& m) { m["forums"][1]["id"] = m["forums"][0]["id"]; },
         "manifest.json: forums[1].id: duplicate id \"neue-mobilitaet\""},
        {"a forum of an unknown field of action", k_manifest_file, [](auto& m) { m["forums"][3]["field"] = "mobilty"; },
         "manifest.json: forums[3].field: unknown field of action \"mobilty\""},
        {"every problem of a pack, listed one per line", "lang/en.json",
         [](auto& j) {
             j["forums"]["pflege"].erase("title");
             j["forums"]["sport"].erase("body");
         },
         "lang/en.json: forums.pflege.title: missing translation\n"
         "lang/en.json: forums.sport.body: missing translation"},
    };
    for (const auto& c : cases) {
        SUBCASE(c.name) {
            Workspace pack;
            pack.edit_json(c.file, c.edit);
            pack.rebuild_and_sign();
            expect_refused(pack, c.message);
        }
    }
}
