// Exports: the CSV's exact bytes for German Excel, JSON Lines, and contact data that opens
// only with the organizer's key.

#include "backends.h"

#include "collector/export.h"

#include "base/crypto.h"

#include <doctest/doctest.h>

#include <sstream>

using namespace ruhr;
using namespace ruhr::collector;
using namespace ruhr::collector::test;
using nlohmann::json;

namespace {

std::string idea_payload(const std::string& text, const std::string& sealed) {
    json p{{"forum", "umwelt"}, {"text", text}};
    if (!sealed.empty()) p["contact"] = {{"consent", true}, {"sealed", sealed}};
    return p.dump();  // nlohmann sorts keys and writes no whitespace: the kiosk's canonical form
}

std::string export_of(Store& store, ExportFormat format, const OrganizerKey* key = nullptr,
                      ExportSummary* summary = nullptr) {
    std::ostringstream out;
    auto r = write_export(store, format, out, key);
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? std::string() : r.error().message));
    if (summary) *summary = r.value();
    return out.str();
}

std::vector<std::string> split(const std::string& s, const std::string& sep) {
    std::vector<std::string> out;
    std::size_t start = 0;
    for (;;) {
        const auto p = s.find(sep, start);
        out.push_back(s.substr(start, p == std::string::npos ? std::string::npos : p - start));
        if (p == std::string::npos) return out;
        start = p + sep.size();
    }
}

}  // namespace

TEST_CASE("CSV fields are quoted only when needed and formulas are defused") {
    CHECK(csv_field("plain") == "plain");
    CHECK(csv_field("Gr\xC3\xBC\xC3\x9F"
                    "e") ==
          "Gr\xC3\xBC\xC3\x9F"
          "e");
    CHECK(csv_field("a;b") == "\"a;b\"");
    CHECK(csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
    CHECK(csv_field("two\nlines") == "\"two\nlines\"");
    CHECK(csv_field("cr\rhere") == "\"cr\rhere\"");
    CHECK(csv_field("a,b") == "a,b");
    CHECK(csv_field("") == "");
    CHECK(csv_field("=HYPERLINK(\"http://x\")") == "\"'=HYPERLINK(\"\"http://x\"\")\"");
    CHECK(csv_field("+49 201") == "'+49 201");
    CHECK(csv_field("-1") == "'-1");
    CHECK(csv_field("@sum") == "'@sum");
}

TEST_CASE_TEMPLATE("the CSV export has a BOM, semicolons, CRLF and the documented columns", TestType, SqliteBackend,
                   PostgresBackend) {
    OPEN_TEST_DB(db);
    const std::string text = "Gr\xC3\xBCne W\xC3\xA4nde; \"bitte\"\nmehr";
    const Record idea = make_record(kiosk, test_uuid(3), 3, "idea", idea_payload(text, ""));
    const Record vote = make_record(kiosk, test_uuid(2), 2, "priorities", R"({"forums":["pflege","umwelt"]})");
    const Record stars = rating(kiosk, 1, 1, test_uuid(100), "vision", 4);
    auto stored = store.ingest(kiosk, "{}", {stars, vote, idea}, at);
    REQUIRE(stored.ok());

    const std::string csv = export_of(store, ExportFormat::Csv);
    REQUIRE(csv.size() > 3);
    CHECK(csv.substr(0, 3) == "\xEF\xBB\xBF");
    const std::string common = ";ruhr-konferenz-demo;2026.11.0;2026-11-26T09:13:58.002Z;" + at + ";";
    const std::string expected =
        "\xEF\xBB\xBF"
        "id;seq;kind;kiosk_id;visit_id;pack_id;pack_version;created_at;received_at;item;stars;forums;forum;text;"
        "contact_sealed;consent_sha256;consent_language;consent_pack_version;contact_purged_at\r\n" +
        test_uuid(1) + ";1;rating;" + kiosk + ";" + test_uuid(100) + common + "vision;4;;;;;;;;\r\n" + test_uuid(2) +
        ";2;priorities;" + kiosk + ";019ab3a2-6a00-7000-8000-000000000001" + common + ";;pflege,umwelt;;;;;;;\r\n" +
        test_uuid(3) + ";3;idea;" + kiosk + ";019ab3a2-6a00-7000-8000-000000000001" + common +
        ";;;umwelt;\"Gr\xC3\xBCne W\xC3\xA4nde; \"\"bitte\"\"\nmehr\";;;;;\r\n";
    CHECK(csv == expected);
    // Every line ends in CRLF; the only bare LF is the one inside the quoted text.
    std::size_t bare_lf = 0;
    for (std::size_t i = 0; i < csv.size(); ++i)
        if (csv[i] == '\n' && (i == 0 || csv[i - 1] != '\r')) ++bare_lf;
    CHECK(bare_lf == 1);
}

TEST_CASE_TEMPLATE("the JSONL export has one object per record with receipt and the payload as a string", TestType,
                   SqliteBackend, PostgresBackend) {
    OPEN_TEST_DB(db);
    const Record r1 = rating(kiosk, 1, 1, test_uuid(100), "vision", 4);
    const Record r2 =
        make_record(kiosk, test_uuid(2), 2, "idea", idea_payload("\xC3\xA4 \xF0\x9F\x8C\xB3", "c2VhbGVk"));
    auto stored = store.ingest(kiosk, "{}", {r1, r2}, at);
    REQUIRE(stored.ok());
    const std::string out = export_of(store, ExportFormat::Jsonl);
    const auto lines = split(out, "\n");
    REQUIRE(lines.size() == 3);
    CHECK(lines[2].empty());
    const json a = json::parse(lines[0]);
    CHECK(a == json{{"id", r1.id},
                    {"seq", 1},
                    {"kind", "rating"},
                    {"kiosk_id", kiosk},
                    {"visit_id", test_uuid(100)},
                    {"pack_id", "ruhr-konferenz-demo"},
                    {"pack_version", "2026.11.0"},
                    {"created_at", "2026-11-26T09:13:58.002Z"},
                    {"payload", r1.payload},
                    {"payload_sha256", r1.payload_sha256},
                    {"received_at", at},
                    {"receipt", stored.value()[0].receipt}});
    const json b = json::parse(lines[1]);
    CHECK(b["payload"] == r2.payload);
    CHECK(sha256_hex(b["payload"].get<std::string>()) == r2.payload_sha256);
    CHECK_FALSE(b.contains("contact"));
    CHECK(lines[1].find("\xF0\x9F\x8C\xB3") != std::string::npos);  // UTF-8 as it is, not \u escapes
}

TEST_CASE_TEMPLATE("contact data is decrypted only with the organizer's key", TestType, SqliteBackend,
                   PostgresBackend) {
    OPEN_TEST_DB(db);
    REQUIRE(crypto_init());
    const auto [pk, sk] = make_keypair();
    const auto [other_pk, other_sk] = make_keypair();
    (void)other_pk;
    const std::string details = R"({"email":"anna@example.org","name":"Anna Müller; \"AM\"","postcode":"45127"})";
    const std::string sealed = seal_to(details, pk);
    const Record with = make_record(kiosk, test_uuid(1), 1, "idea", idea_payload("Mehr Bänke", sealed));
    const Record without = make_record(kiosk, test_uuid(2), 2, "idea", idea_payload("Mehr Bäume", ""));
    REQUIRE(store.ingest(kiosk, "{}", {with, without}, at).ok());

    // Without a key: sealed only, no contact columns, and no clear text anywhere.
    const std::string plain_csv = export_of(store, ExportFormat::Csv);
    CHECK(plain_csv.find("contact_name") == std::string::npos);
    CHECK(plain_csv.find("anna@example.org") == std::string::npos);
    CHECK(plain_csv.find(sealed) != std::string::npos);
    CHECK(export_of(store, ExportFormat::Jsonl).find("anna@example.org") == std::string::npos);

    // With the key: three more columns, filled for the record with consent.
    OrganizerKey key{pk, sk};
    ExportSummary summary;
    const std::string csv = export_of(store, ExportFormat::Csv, &key, &summary);
    CHECK(summary.records == 2);
    CHECK(summary.contacts == 1);
    CHECK(summary.contacts_opened == 1);
    CHECK(summary.unopened.empty());
    const auto lines = split(csv, "\r\n");
    CHECK(lines[0].substr(3).find(
              ";contact_sealed;consent_sha256;consent_language;consent_pack_version;contact_purged_at;"
              "contact_name;contact_email;contact_postcode") != std::string::npos);
    // csv_field: a sealed box starting with "+" gets the formula guard's quote (1 in 64).
    CHECK(std::string_view(lines[1]).ends_with(csv_field(sealed) +
                                               ";;;;;\"Anna Müller; \"\"AM\"\"\";anna@example.org;45127"));
    CHECK(std::string_view(lines[2]).ends_with("Mehr Bäume;;;;;;;;"));
    const json j = json::parse(split(export_of(store, ExportFormat::Jsonl, &key), "\n")[0]);
    CHECK(j["contact"] == json{{"email", "anna@example.org"}, {"name", "Anna Müller; \"AM\""}, {"postcode", "45127"}});

    // Another key pair opens nothing and says so.
    OrganizerKey wrong{public_key_of(other_sk), other_sk};
    const std::string wrong_csv = export_of(store, ExportFormat::Csv, &wrong, &summary);
    CHECK(summary.contacts_opened == 0);
    CHECK(summary.unopened == std::vector<std::string>{with.id});
    CHECK(wrong_csv.find("anna@example.org") == std::string::npos);
}

TEST_CASE("the organizer key file may be the bare key or the output of --make-organizer-keys") {
    REQUIRE(crypto_init());
    const auto [pk, sk] = make_keypair();
    const std::string pk64 = to_base64(pk.data(), pk.size()), sk64 = to_base64(sk.data(), sk.size());

    auto bare = parse_organizer_key_file(sk64 + "\n");
    REQUIRE(bare.ok());
    CHECK(bare->sk == sk);
    CHECK(bare->pk == pk);

    const std::string made =
        "# Put the public key into the kiosk configuration ([organizer] public_key).\n"
        "# Keep the secret key off the kiosks; the collector's export needs it.\n"
        "public_key = \"" +
        pk64 + "\"\nsecret_key = \"" + sk64 + "\"\n";
    auto full = parse_organizer_key_file(made);
    REQUIRE(full.ok());
    CHECK(full->pk == pk);

    const auto [other_pk, other_sk] = make_keypair();
    (void)other_sk;
    auto mismatched = parse_organizer_key_file("public_key = \"" + to_base64(other_pk.data(), other_pk.size()) +
                                               "\"\nsecret_key = \"" + sk64 + "\"\n");
    CHECK_FALSE(mismatched.ok());
    CHECK_FALSE(parse_organizer_key_file("not a key").ok());
    CHECK_FALSE(parse_organizer_key_file("").ok());
}
