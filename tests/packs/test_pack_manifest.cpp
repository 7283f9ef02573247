// The strict parser of the manifest's file list and the path rules, on bytes alone.

#include "packs/pack_manifest.h"

#include <doctest/doctest.h>

#include <string>

using namespace ruhr;

namespace {

const std::string k_sha(64, 'a');

std::string manifest_with(const std::string& files) {
    return "{\"format\": 1, \"id\": \"p\", \"version\": \"1.0.0\", \"files\": " + files + "}";
}

std::string refusal(const std::string& bytes, const PackLimits& limits = {}) {
    const auto r = parse_pack_manifest(bytes, limits);
    return r.ok() ? std::string("(accepted)") : r.error().message;
}

}  // namespace

TEST_CASE("the file list of a manifest is read in order with sizes and hashes") {
    const auto r =
        parse_pack_manifest(manifest_with("[{\"path\": \"lang/de.json\", \"size\": 12, \"sha256\": \"" + k_sha +
                                          "\"},"
                                          " {\"sha256\": \"" +
                                          std::string(64, 'b') + "\", \"size\": 0, \"path\": \"images/a.png\"}]"));
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message));
    CHECK(r->id == "p");
    CHECK(r->version == "1.0.0");
    REQUIRE(r->files.size() == 2);
    CHECK(r->files[0] == PackFileEntry{"lang/de.json", 12, k_sha});
    CHECK(r->files[1] == PackFileEntry{"images/a.png", 0, std::string(64, 'b')});
}

TEST_CASE("path rules accept the paths of the built-in pack and refuse everything that could leave it") {
    for (const char* good : {"lang/de.json", "images/forum-kultur.jpg", "a.png", "x/y/z/photo_1.jpeg", "A-B.JSON.json"})
        CHECK_MESSAGE(!check_pack_path(good).has_value(), good);
    for (const char* bad : {"",
                            "/abs.json",
                            "../x.json",
                            "a/../b.json",
                            "./a.json",
                            "a/./b.json",
                            "a//b.json",
                            "a/",
                            "a\\b.json",
                            "C:/x.json",
                            "a b.json",
                            ".hidden.json",
                            "a/.x/b.json",
                            "nul\x01.json",
                            "x.JPG",
                            "x.txt",
                            "x",
                            ".json",
                            "a/b/c/d/e/f/g/h/i.json",
                            "\xC3\xA4rger.jpg"})
        CHECK_MESSAGE(check_pack_path(bad).has_value(), bad);
    CHECK(check_pack_path(std::string(197, 'a') + ".png").has_value());
    CHECK(!check_pack_path(std::string(196, 'a') + ".png").has_value());
}

TEST_CASE("a path with a control character is quoted with escapes in the message") {
    CHECK(*check_pack_path("a\x1b[2Jb.json") ==
          "path \"a\\u001b[2Jb.json\" may only use ASCII letters, digits, '.', '_' and '-'");
}

TEST_CASE("the manifest's top level, format and list are checked before the entries") {
    CHECK(refusal("[]") == "manifest.json: the top level must be a JSON object");
    CHECK(refusal("{\"files\": []}") == "manifest.json: format: missing");
    CHECK(refusal("{\"format\": \"1\", \"files\": []}") ==
          "manifest.json: format: \"1\" is not supported (this app reads format 1)");
    CHECK(refusal(manifest_with("{}")) == "manifest.json: files: must be a list");
    CHECK(refusal(manifest_with("[]")) == "manifest.json: files: is empty (a pack has at least its language files)");
    CHECK(refusal(manifest_with("[1]")) == "manifest.json: files[0]: must be an object with path, size and sha256");
}

TEST_CASE("each part of a file entry is required and typed") {
    CHECK(refusal(manifest_with("[{\"size\": 1, \"sha256\": \"" + k_sha + "\"}]")) ==
          "manifest.json: files[0].path: missing");
    CHECK(refusal(manifest_with("[{\"path\": 5, \"size\": 1, \"sha256\": \"" + k_sha + "\"}]")) ==
          "manifest.json: files[0].path: must be a string");
    CHECK(refusal(manifest_with("[{\"path\": \"a.json\", \"sha256\": \"" + k_sha + "\"}]")) ==
          "manifest.json: files[0].size: missing");
    CHECK(refusal(manifest_with("[{\"path\": \"a.json\", \"size\": 1.5, \"sha256\": \"" + k_sha + "\"}]")) ==
          "manifest.json: files[0].size: must be a whole number of bytes");
    CHECK(refusal(manifest_with("[{\"path\": \"a.json\", \"size\": \"1\", \"sha256\": \"" + k_sha + "\"}]")) ==
          "manifest.json: files[0].size: must be a whole number of bytes");
    CHECK(refusal(manifest_with("[{\"path\": \"a.json\", \"size\": 1}]")) == "manifest.json: files[0].sha256: missing");
    CHECK(refusal(manifest_with("[{\"path\": \"a.json\", \"size\": 1, \"sha256\": \"abc\"}]")) ==
          "manifest.json: files[0].sha256: must be 64 lower-case hex digits");
}

TEST_CASE("a size too large for any number is refused, not wrapped around") {
    CHECK(refusal(manifest_with("[{\"path\": \"a.json\", \"size\": 18446744073709551615, \"sha256\": \"" + k_sha +
                                "\"}]")) ==
          "manifest.json: files[0].size: \"a.json\" is 18446744073709551615 bytes, the limit is 8388608 per file");
    CHECK(refusal(manifest_with("[{\"path\": \"a.json\", \"size\": 184467440737095516150, \"sha256\": \"" + k_sha +
                                "\"}]")) == "manifest.json: files[0].size: must be a whole number of bytes");
}

TEST_CASE("the total size limit holds even with limits near the largest number") {
    PackLimits limits;
    limits.file_bytes = UINT64_MAX;
    limits.total_bytes = UINT64_MAX - 1;
    const std::string e1 = "{\"path\": \"a.json\", \"size\": 18446744073709551615, \"sha256\": \"" + k_sha + "\"}";
    CHECK(refusal(manifest_with("[" + e1 + "]"), limits) ==
          "manifest.json: files: the files add up to more than 18446744073709551614 bytes, the limit for a pack");
    limits.total_bytes = UINT64_MAX;
    const std::string e2 = "{\"path\": \"b.json\", \"size\": 1, \"sha256\": \"" + k_sha + "\"}";
    CHECK(refusal(manifest_with("[" + e1 + "," + e2 + "]"), limits) ==
          "manifest.json: files: the files add up to more than 18446744073709551615 bytes, the limit for a pack");
}

TEST_CASE("a duplicate key inside a file entry is refused") {
    CHECK(refusal(manifest_with("[{\"path\": \"a.json\", \"path\": \"../b.json\", \"size\": 1, \"sha256\": \"" + k_sha +
                                "\"}]")) == "manifest.json: duplicate key \"path\"");
}

TEST_CASE("a manifest over 256 KiB is refused before it is parsed") {
    const std::string big = manifest_with("[]") + std::string(256 * 1024, ' ');
    CHECK(refusal(big) == "manifest.json: is " + std::to_string(big.size()) + " bytes, the limit is 262144");
}

TEST_CASE("writing the file list keeps the other keys in order, sorts the files, and reads back the same") {
    const std::string original = "{\"format\": 1, \"id\": \"p\", \"zeta\": {\"b\": 1, \"a\": 2}, \"files\": \"old\"}";
    const std::vector<PackFileEntry> files = {{"lang/en.json", 3, k_sha}, {"images/b.png", 2, std::string(64, 'c')}};
    const auto written = with_files_list(original, files);
    REQUIRE(written.ok());
    CHECK(written->find("\"zeta\": {\n    \"b\": 1,\n    \"a\": 2\n  }") != std::string::npos);
    const auto back = parse_pack_manifest(*written);
    REQUIRE(back.ok());
    REQUIRE(back->files.size() == 2);
    CHECK(back->files[0].path == "images/b.png");
    CHECK(back->files[1].path == "lang/en.json");
    const auto again = with_files_list(*written, back->files);
    REQUIRE(again.ok());
    CHECK(*again == *written);
}

TEST_CASE("writing the file list refuses a manifest that is not a JSON object") {
    CHECK(with_files_list("[1]", {}).error().message == "manifest.json: the top level must be a JSON object");
    CHECK(with_files_list("{\"a\": 1, \"a\": 2}", {}).error().message == "manifest.json: duplicate key \"a\"");
}

TEST_CASE("the signing-key changes of a manifest are read strictly") {
    const std::string files = "[{\"path\": \"lang/de.json\", \"size\": 1, \"sha256\": \"" + k_sha + "\"}]";
    const auto with_keys = [&](const std::string& keys) {
        return "{\"format\": 1, \"id\": \"p\", \"version\": \"1.0.0\", \"keys\": " + keys + ", \"files\": " + files +
               "}";
    };
    const std::string key(43, 'A');
    const auto r =
        parse_pack_manifest(with_keys("{\"add\": [\"" + key + "=\"], \"withdraw\": [\"0123456789abcdef\"]}"));
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message));
    CHECK(r->add_keys == std::vector<std::string>{key + "="});
    CHECK(r->withdraw_keys == std::vector<std::string>{"0123456789abcdef"});
    CHECK(parse_pack_manifest(manifest_with(files))->add_keys.empty());

    CHECK(refusal(with_keys("[]")) == "manifest.json: keys: must be an object with add and withdraw");
    CHECK(refusal(with_keys("{\"trust\": []}")) ==
          "manifest.json: keys: unknown key \"trust\" (allowed: add, withdraw)");
    CHECK(refusal(with_keys("{\"add\": \"x\"}")) == "manifest.json: keys.add: must be a list of at most 8 entries");
    CHECK(refusal(with_keys("{\"add\": [1]}")) == "manifest.json: keys.add[0]: must be a text in quotes");
    CHECK(refusal(with_keys("{\"add\": [\"short\"]}")) ==
          "manifest.json: keys.add[0]: \"short\" is not a public key (44 characters of base64)");
    CHECK(refusal(with_keys("{\"withdraw\": [\"0123456789ABCDEF\"]}")) ==
          "manifest.json: keys.withdraw[0]: \"0123456789ABCDEF\" is not a key id (16 hex digits)");
    std::string nine = "[";
    for (int i = 0; i < 9; ++i) nine += std::string(i ? "," : "") + "\"0123456789abcdef\"";
    CHECK(refusal(with_keys("{\"withdraw\": " + nine + "]}")) ==
          "manifest.json: keys.withdraw: must be a list of at most 8 entries");
}
