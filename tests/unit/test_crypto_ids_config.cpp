// Ids (UUIDv7), hashes and sealed boxes (libsodium), and the TOML configuration file.

#include "base/clock.h"
#include "base/crypto.h"
#include "base/ids.h"
#include "kiosk/config.h"
#include "test_support.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <set>
#include <string>
#include <vector>

using namespace ruhr;
using namespace ruhr::test;

namespace {

std::array<std::uint8_t, 10> filled(std::uint8_t byte) {
    std::array<std::uint8_t, 10> r{};
    r.fill(byte);
    return r;
}

// The first 48 bits of a UUID (its first 12 hex digits) as a number.
std::int64_t time_prefix(const std::string& uuid) {
    return std::stoll(uuid.substr(0, 8) + uuid.substr(9, 4), nullptr, 16);
}

std::string base64_of_bytes(std::size_t n, std::uint8_t byte = 7) {
    const std::vector<std::uint8_t> bytes(n, byte);
    return to_base64(bytes.data(), bytes.size());
}

// Writes `toml` to a file in `dir` and loads it as the configuration.
Result<FileConfig> load_toml(const TempDir& dir, const std::string& toml) {
    const fs::path path = dir / "kiosk.toml";
    write_file(path, toml);
    return load_config_file(path.string());
}

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

}  // namespace

// ---------------------------------------------------------------- ids

TEST_CASE("a UUIDv7 starts with the Unix time in milliseconds and has version 7 and the RFC 9562 variant") {
    const std::int64_t ms = 0x0123456789AB;
    CHECK(uuid_v7(ms, filled(0x00)) == "01234567-89ab-7000-8000-000000000000");
    // All random bits set: the version nibble and the variant bits still win.
    CHECK(uuid_v7(ms, filled(0xFF)) == "01234567-89ab-7fff-bfff-ffffffffffff");

    const std::string id = uuid_v7(1'764'000'000'123, filled(0x5A));
    REQUIRE(id.size() == 36);
    CHECK(id[8] == '-');
    CHECK(id[13] == '-');
    CHECK(id[18] == '-');
    CHECK(id[23] == '-');
    CHECK(id[14] == '7');                                          // version nibble
    CHECK(std::string("89ab").find(id[19]) != std::string::npos);  // variant 10xx
    CHECK(time_prefix(id) == 1'764'000'000'123);
    CHECK(is_uuid_v7(id));
}

TEST_CASE("is_uuid_v7 accepts only well-formed lower-case version 7 UUIDs") {
    CHECK(is_uuid_v7("01234567-89ab-7000-8000-000000000000"));
    CHECK(is_uuid_v7("01234567-89ab-7fff-bfff-ffffffffffff"));
    CHECK_FALSE(is_uuid_v7("01234567-89AB-7000-8000-000000000000"));   // upper case
    CHECK_FALSE(is_uuid_v7("01234567-89ab-4000-8000-000000000000"));   // version 4
    CHECK_FALSE(is_uuid_v7("01234567-89ab-7000-c000-000000000000"));   // variant 110x
    CHECK_FALSE(is_uuid_v7("01234567-89ab-7000-7000-000000000000"));   // variant 0xxx
    CHECK_FALSE(is_uuid_v7("0123456789ab70008000000000000000"));       // no hyphens
    CHECK_FALSE(is_uuid_v7("01234567-89ab-7000-8000-00000000000"));    // too short
    CHECK_FALSE(is_uuid_v7("01234567-89ab-7000-8000-0000000000000"));  // too long
    CHECK_FALSE(is_uuid_v7(""));
}

TEST_CASE("ids from the counting source are unique and sort in the order they were made") {
    CountingIdSource ids;
    std::vector<std::string> made;
    std::int64_t ms = 1'764'000'000'000;
    for (int i = 0; i < 2000; ++i) {
        if (i % 3 == 0) ms += 1;  // several ids in the same millisecond
        made.push_back(ids.new_id(ms));
        REQUIRE(is_uuid_v7(made.back()));
        CHECK(time_prefix(made.back()) == ms);
    }
    CHECK(std::set<std::string>(made.begin(), made.end()).size() == made.size());
    CHECK(std::is_sorted(made.begin(), made.end()));
}

TEST_CASE("ids from the random source are valid UUIDv7 and do not repeat") {
    REQUIRE(crypto_init());
    RandomIdSource ids;
    std::set<std::string> seen;
    for (int i = 0; i < 1000; ++i) {
        const std::string id = ids.new_id(1'764'000'000'000);
        CHECK(is_uuid_v7(id));
        seen.insert(id);
    }
    CHECK(seen.size() == 1000);
}

TEST_CASE("iso8601_utc writes UTC with milliseconds") {
    CHECK(iso8601_utc(0) == "1970-01-01T00:00:00.000Z");
    CHECK(iso8601_utc(1'764'000'000'123) == "2025-11-24T16:00:00.123Z");
}

TEST_CASE("timestamps are written in UTC in the four formats the files and records use") {
    const std::int64_t t = 1'795'400'744'123;  // 2026-11-23T02:25:44.123Z
    CHECK(format_utc(t, UtcFormat::Iso8601Ms) == "2026-11-23T02:25:44.123Z");
    CHECK(iso8601_utc(t) == "2026-11-23T02:25:44.123Z");
    CHECK(format_utc(t, UtcFormat::Iso8601Seconds) == "2026-11-23T02:25:44Z");
    CHECK(format_utc(t, UtcFormat::Compact) == "20261123T022544Z");
    CHECK(format_utc(t, UtcFormat::FileName) == "2026-11-23T02-25-44");
    CHECK(format_utc(0, UtcFormat::Iso8601Ms) == "1970-01-01T00:00:00.000Z");
}

// ---------------------------------------------------------------- hashes and sealed boxes

TEST_CASE("sha256_hex gives the FIPS 180-2 test vectors") {
    REQUIRE(crypto_init());
    CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST_CASE("Sha256 fed in pieces gives the same digest as sha256_hex of the whole") {
    REQUIRE(crypto_init());
    const std::string text = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    Sha256 hash;
    for (std::size_t i = 0; i < text.size(); i += 7) hash.update(std::string_view(text).substr(i, 7));
    CHECK(hash.hex_digest() == sha256_hex(text));
}

TEST_CASE("a sealed box opens with the organizer's key pair and with no other") {
    REQUIRE(crypto_init());
    const auto [pk, sk] = make_keypair();
    const std::string secret = R"({"email":"erika@example.org","name":"Erika Müller","postcode":"44135"})";
    const std::string box = seal_to(secret, pk);
    CHECK_FALSE(contains(box, "Erika"));
    CHECK(from_base64(box).ok());

    const auto opened = open_sealed(box, pk, sk);
    REQUIRE(opened.ok());
    CHECK(*opened == secret);

    // Two seals of the same text differ (a fresh ephemeral key each time).
    CHECK(seal_to(secret, pk) != box);

    const auto [other_pk, other_sk] = make_keypair();
    const auto wrong = open_sealed(box, other_pk, other_sk);
    REQUIRE_FALSE(wrong.ok());
    CHECK(contains(wrong.error().message, "does not open"));

    // One changed byte: the box no longer opens.
    auto bytes = from_base64(box);
    REQUIRE(bytes.ok());
    (*bytes)[bytes->size() / 2] = static_cast<char>((*bytes)[bytes->size() / 2] ^ 0x01);
    const std::string tampered = to_base64(reinterpret_cast<const std::uint8_t*>(bytes->data()), bytes->size());
    CHECK_FALSE(open_sealed(tampered, pk, sk).ok());

    CHECK_FALSE(open_sealed("AAAA", pk, sk).ok());  // too short for a sealed box
    CHECK_FALSE(open_sealed("not base64!", pk, sk).ok());
}

TEST_CASE("a public key must be 32 bytes of valid base64") {
    const std::string good = base64_of_bytes(32, 9);
    const auto pk = parse_public_key(good);
    REQUIRE(pk.ok());
    CHECK(std::all_of(pk->begin(), pk->end(), [](std::uint8_t b) { return b == 9; }));

    const auto short_key = parse_public_key(base64_of_bytes(31));
    REQUIRE_FALSE(short_key.ok());
    CHECK(contains(short_key.error().message, "must be 32 bytes, it is 31"));

    const auto long_key = parse_public_key(base64_of_bytes(33));
    REQUIRE_FALSE(long_key.ok());
    CHECK(contains(long_key.error().message, "it is 33"));

    const auto bad = parse_public_key("this is not base64!");
    REQUIRE_FALSE(bad.ok());
    CHECK(contains(bad.error().message, "not valid base64"));

    CHECK_FALSE(parse_public_key("").ok());
    CHECK_FALSE(parse_secret_key(base64_of_bytes(16)).ok());
}

// ---------------------------------------------------------------- configuration file

TEST_CASE("an Ed25519 signature verifies with its own key over the same bytes, streamed or whole, and no other") {
    REQUIRE(crypto_init());
    const auto [pk, sk] = make_signing_keypair();
    CHECK(signing_public_key_of(sk) == pk);
    const std::string data = "{\"format\":\"ruhr-collector-receipts\"}\n" + std::string(100000, 'r');
    const std::string sig = sign_detached(data, sk);
    CHECK(sig.size() == 88);
    CHECK(verify_detached(data, sig, pk));
    SignatureStream pieces;
    for (std::size_t at = 0; at < data.size(); at += 4093) pieces.update(std::string_view(data).substr(at, 4093));
    CHECK(pieces.verify(sig, pk));
    std::string changed = data;
    changed[5000] = 's';
    CHECK_FALSE(verify_detached(changed, sig, pk));
    CHECK_FALSE(verify_detached(data, sig, make_signing_keypair().first));
    CHECK_FALSE(verify_detached(data, "not base64 at all", pk));
    CHECK_FALSE(verify_detached(data, sig.substr(0, 40), pk));
    // A key round-trips through base64 and its fingerprint is 4 groups of 4 hex digits.
    const auto parsed = parse_signing_public_key(to_base64(pk.data(), pk.size()));
    REQUIRE(parsed.ok());
    CHECK(*parsed == pk);
    const std::string fp = key_fingerprint(pk);
    CHECK(fp.size() == 19);
    CHECK(fp == sha256_hex(std::string(pk.begin(), pk.end())).substr(0, 4) + " " +
                    sha256_hex(std::string(pk.begin(), pk.end())).substr(4, 4) + fp.substr(9));
    CHECK_FALSE(parse_signing_public_key(base64_of_bytes(64)).ok());
    CHECK(parse_signing_secret_key(to_base64(sk.data(), sk.size())).value() == sk);
}

TEST_CASE("the collector's receipt key is read from [collector] public_key and a bad one is named") {
    const TempDir dir("config");
    const auto [pk, sk] = make_signing_keypair();
    (void)sk;
    const auto cfg = load_toml(dir, "[collector]\npublic_key = \"" + to_base64(pk.data(), pk.size()) + "\"\n");
    REQUIRE_MESSAGE(cfg.ok(), (cfg.ok() ? std::string() : cfg.error().message));
    REQUIRE(cfg->collector_key.has_value());
    CHECK(*cfg->collector_key == pk);
    const auto none = load_toml(dir, "# nothing\n");
    REQUIRE(none.ok());
    CHECK_FALSE(none->collector_key.has_value());
    const auto bad = load_toml(dir, "[collector]\npublic_key = \"" + base64_of_bytes(16) + "\"\n");
    REQUIRE_FALSE(bad.ok());
    CHECK(contains(bad.error().message, "collector.public_key:"));
}

TEST_CASE("the configuration file is read with every field") {
    REQUIRE(crypto_init());
    const TempDir dir("config");
    const auto [pk, sk] = make_keypair();
    (void)sk;
    const std::string key = to_base64(pk.data(), pk.size());
    const auto cfg = load_toml(dir,
                               "[kiosk]\n"
                               "id = \"bochum-hbf.2\"\n"
                               "data_dir = \"/var/lib/ruhr-kiosk\"\n"
                               "default_language = \"en\"\n"
                               "\n"
                               "[idle]\n"
                               "timeout_seconds = 120.5\n"
                               "countdown_seconds = 15\n"
                               "\n"
                               "[organizer]\n"
                               "public_key = \"" +
                                   key + "\"\n");
    REQUIRE_MESSAGE(cfg.ok(), (cfg.ok() ? std::string() : cfg.error().message));
    CHECK(cfg->kiosk_id == "bochum-hbf.2");
    CHECK(cfg->data_dir == "/var/lib/ruhr-kiosk");
    CHECK(cfg->default_language == "en");
    REQUIRE(cfg->idle_timeout.has_value());
    CHECK(*cfg->idle_timeout == doctest::Approx(120.5));
    // A whole number (a TOML integer) is read as seconds too.
    REQUIRE(cfg->idle_countdown.has_value());
    CHECK(*cfg->idle_countdown == doctest::Approx(15.0));
    REQUIRE(cfg->organizer_key.has_value());
    CHECK(*cfg->organizer_key == pk);
}

TEST_CASE("an empty configuration file leaves every setting at its default") {
    const TempDir dir("config");
    const auto cfg = load_toml(dir, "# nothing set\n");
    REQUIRE(cfg.ok());
    CHECK(cfg->kiosk_id.empty());
    CHECK(cfg->data_dir.empty());
    CHECK(cfg->default_language.empty());
    CHECK_FALSE(cfg->idle_timeout.has_value());
    CHECK_FALSE(cfg->idle_countdown.has_value());
    CHECK_FALSE(cfg->organizer_key.has_value());
}

TEST_CASE("every bad field in the configuration file is reported with its key name") {
    const TempDir dir("config");
    const auto cfg = load_toml(dir,
                               "[kiosk]\n"
                               "id = \"kiosk with spaces\"\n"
                               "data_dir = 42\n"
                               "default_language = true\n"
                               "\n"
                               "[idle]\n"
                               "timeout_seconds = 5\n"
                               "countdown_seconds = \"twenty\"\n"
                               "\n"
                               "[organizer]\n"
                               "public_key = \"" +
                                   base64_of_bytes(16) + "\"\n");
    REQUIRE_FALSE(cfg.ok());
    const std::string& msg = cfg.error().message;
    CAPTURE(msg);
    CHECK(contains(msg, (dir / "kiosk.toml").string()));
    CHECK(contains(msg, "kiosk.id:"));
    CHECK(contains(msg, "kiosk.data_dir: must be a text in quotes"));
    CHECK(contains(msg, "kiosk.default_language: must be a text in quotes"));
    CHECK(contains(msg, "idle.timeout_seconds: must be a number from 10 to 3600"));
    CHECK(contains(msg, "idle.countdown_seconds: must be a number from 5 to 300"));
    CHECK(contains(msg, "organizer.public_key: public key must be 32 bytes, it is 16"));

    const auto bad_base64 = load_toml(dir, "[organizer]\npublic_key = \"%%%\"\n");
    REQUIRE_FALSE(bad_base64.ok());
    CHECK(contains(bad_base64.error().message, "organizer.public_key: public key is not valid base64"));
}

TEST_CASE("an http:// collector is refused unless it is this machine or the configuration allows it") {
    TempDir dir("config-http");
    const std::string token = "token = \"rck_0123456789abcdef\"\n";
    const auto refused = load_toml(dir, "[collector]\nurl = \"http://collector.example/\"\n" + token);
    REQUIRE_FALSE(refused);
    CHECK(contains(refused.error().message, "unencrypted"));
    CHECK(contains(refused.error().message, "allow_insecure_http"));
    for (const char* url : {"http://127.0.0.1:8080/", "http://localhost/", "http://[::1]:9000/"})
        CHECK_MESSAGE(load_toml(dir, std::string("[collector]\nurl = \"") + url + "\"\n" + token).ok(), url);
    CHECK_FALSE(load_toml(dir, "[collector]\nurl = \"http://127.0.0.1.evil.example/\"\n" + token).ok());
    CHECK_FALSE(load_toml(dir, "[collector]\nurl = \"http://localhost.evil.example/\"\n" + token).ok());
    CHECK(
        load_toml(dir, "[collector]\nurl = \"http://collector.example/\"\nallow_insecure_http = true\n" + token).ok());
    CHECK(load_toml(dir, "[collector]\nurl = \"https://collector.example/\"\n" + token).ok());
    CHECK_FALSE(load_toml(dir, "[collector]\nallow_insecure_http = \"yes\"\n").ok());
}

TEST_CASE("a TOML syntax error is reported with its line and column") {
    const TempDir dir("config");
    const auto cfg = load_toml(dir,
                               "[kiosk]\n"
                               "id = \"k1\"\n"
                               "default_language = de\n");
    REQUIRE_FALSE(cfg.ok());
    const std::string& msg = cfg.error().message;
    CAPTURE(msg);
    const std::string prefix = (dir / "kiosk.toml").string() + ":3:";
    REQUIRE(msg.rfind(prefix, 0) == 0);
    // The column follows the line: a number of at least 1, then ": " and the reason.
    const std::size_t colon = msg.find(':', prefix.size());
    REQUIRE(colon != std::string::npos);
    const std::string column = msg.substr(prefix.size(), colon - prefix.size());
    REQUIRE_FALSE(column.empty());
    CHECK(std::all_of(column.begin(), column.end(), [](char c) { return c >= '0' && c <= '9'; }));
    CHECK(std::stoi(column) >= 1);
    CHECK(msg.size() > colon + 2);
}

TEST_CASE("a configuration file that does not exist is reported with its path") {
    const TempDir dir("config");
    const std::string path = (dir / "missing.toml").string();
    const auto cfg = load_config_file(path);
    REQUIRE_FALSE(cfg.ok());
    CHECK(contains(cfg.error().message, path));
}
