// `ruhr-collector import`: a kiosk's USB export is stored with the rules of POST /v1/sync,
// exactly once, on both stores, and the receipt file answers every record.

#include "backends.h"

#include "collector/commands.h"
#include "collector/usb_import.h"

#include "base/crypto.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace ruhr;
using namespace ruhr::collector;
using namespace ruhr::collector::test;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

std::string slurp(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

void spit(const fs::path& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << bytes;
    REQUIRE(out.good());
}

// An export folder as the kiosk writes it: submissions.jsonl and summary.json.
fs::path write_export(const std::vector<json>& submissions, const std::string& of_kiosk = kiosk) {
    const fs::path dir = unique_path(of_kiosk + "-20261126T110000Z");
    fs::create_directories(dir);
    std::string lines;
    for (const auto& s : submissions) lines += s.dump() + "\n";
    spit(dir / "submissions.jsonl", lines);
    const json summary{{"format", "ruhr-kiosk-export"},
                       {"format_version", 1},
                       {"kiosk_id", of_kiosk},
                       {"app_version", "0.2.0"},
                       {"exported_at", "2026-11-26T11:00:00.000Z"},
                       {"selection", "undelivered"},
                       {"records", submissions.size()},
                       {"submissions_file", "submissions.jsonl"},
                       {"submissions_bytes", lines.size()},
                       {"submissions_sha256", sha256_hex(lines)}};
    spit(dir / "summary.json", summary.dump(2));
    return dir;
}

// Imports the export in `dir` with its receipts beside it; the test fails when it is refused.
UsbImportSummary imported(Store& store, const fs::path& dir) {
    auto summary = import_usb_export(store, dir, {}, at);
    REQUIRE_MESSAGE(summary.ok(), (summary.ok() ? std::string() : summary.error().message));
    return summary.value();
}

std::vector<json> ratings(std::uint64_t first_id, int n, const std::string& of_kiosk = kiosk) {
    std::vector<json> out;
    for (int i = 0; i < n; ++i)
        out.push_back(submission_json(rating(of_kiosk, first_id + static_cast<std::uint64_t>(i), i + 1,
                                             test_uuid(9000 + static_cast<std::uint64_t>(i)), "vision", 1 + i % 5)));
    return out;
}

std::vector<json> lines_of(const fs::path& file) {
    std::vector<json> out;
    std::istringstream in(slurp(file));
    for (std::string line; std::getline(in, line);) out.push_back(json::parse(line));
    return out;
}

void add_kiosk(Store& store, const std::string& id) {
    REQUIRE(store.add_token(sha256_hex("rck_test-" + id), TokenOwner{Role::Kiosk, id}, at).ok());
}

std::int64_t stored_records(Store& store) {
    std::int64_t n = 0;
    REQUIRE(store.for_each_record([&](const ExportRow&) { ++n; }).ok());
    return n;
}

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

}  // namespace

#define BACKENDS SqliteBackend, PostgresBackend

TEST_CASE_TEMPLATE(
    "an imported export stores each record once and a second import answers duplicates with the same "
    "receipts",
    TestType, BACKENDS) {
    OPEN_TEST_DB(db);
    add_kiosk(store, kiosk);
    const auto subs = ratings(1, 620);  // more than one batch of 500
    const fs::path dir = write_export(subs);

    const UsbImportSummary first = imported(store, dir);
    CHECK(first.records == 620);
    CHECK(first.stored == 620);
    CHECK(first.duplicate == 0);
    CHECK(first.receipts_file == dir / "receipts.jsonl");
    CHECK(stored_records(store) == 620);

    const auto receipts = lines_of(dir / "receipts.jsonl");
    REQUIRE(receipts.size() == 621);
    const json& header = receipts[0];
    CHECK(header["format"] == "ruhr-collector-receipts");
    CHECK(header["format_version"] == 1);
    CHECK(header["kiosk_id"] == kiosk);
    CHECK(header["export_sha256"] == sha256_hex(slurp(dir / "submissions.jsonl")));
    CHECK(header["records"] == 620);
    CHECK(header["counts"] == json{{"stored", 620}, {"duplicate", 0}, {"conflict", 0}, {"rejected", 0}});
    for (std::size_t i = 0; i < subs.size(); ++i) {
        CHECK(receipts[i + 1]["id"] == subs[i]["id"]);
        CHECK(receipts[i + 1]["status"] == "stored");
    }

    // Through the command line this time, into another file.
    const fs::path again_file = dir / "receipts-2.jsonl";
    std::ostringstream out, err;
    const int code = run_command({"import", "--db", db->url(), "--file", (dir / "submissions.jsonl").string(),
                                  "--receipts-out", again_file.string()},
                                 out, err);
    REQUIRE_MESSAGE(code == 0, err.str());
    CHECK(contains(out.str(), "620 records of kiosk kiosk-essen-01: 0 stored, 620 duplicate"));
    CHECK(stored_records(store) == 620);  // never counted twice
    const auto again = lines_of(again_file);
    REQUIRE(again.size() == 621);
    for (std::size_t i = 1; i < again.size(); ++i) {
        CHECK(again[i]["status"] == "duplicate");
        CHECK(again[i]["receipt"] == receipts[i]["receipt"]);
    }
    auto results = store.results();
    REQUIRE(results.ok());
    CHECK(results.value().submissions == 620);
}

TEST_CASE_TEMPLATE("an export whose records do not match the SHA-256 in its summary is refused and nothing is stored",
                   TestType, BACKENDS) {
    OPEN_TEST_DB(db);
    add_kiosk(store, kiosk);
    const fs::path dir = write_export(ratings(1, 3));
    std::string lines = slurp(dir / "submissions.jsonl");
    lines.replace(lines.find("\"seq\":2"), 7, "\"seq\":7");  // one record changed on the stick
    spit(dir / "submissions.jsonl", lines);

    std::ostringstream out, err;
    CHECK(run_command({"import", "--db", db->url(), "--file", dir.string()}, out, err) == 1);
    CAPTURE(err.str());
    CHECK(contains(err.str(), "does not match the SHA-256 in summary.json"));
    CHECK(contains(err.str(), "nothing was imported"));
    CHECK(stored_records(store) == 0);
    CHECK_FALSE(fs::exists(dir / "receipts.jsonl"));
}

TEST_CASE_TEMPLATE("an export of a kiosk that was never added is refused with the command to add it", TestType,
                   BACKENDS) {
    OPEN_TEST_DB(db);
    add_kiosk(store, "kiosk-bochum-02");
    const fs::path dir = write_export(ratings(1, 2));
    auto refused = import_usb_export(store, dir, {}, at);
    REQUIRE_FALSE(refused.ok());
    CHECK(contains(refused.error().message, "kiosk \"kiosk-essen-01\" is not known"));
    CHECK(contains(refused.error().message, "add-kiosk --id kiosk-essen-01"));
    CHECK(stored_records(store) == 0);
}

TEST_CASE_TEMPLATE("an imported record whose id is stored with another payload is reported as a conflict", TestType,
                   BACKENDS) {
    OPEN_TEST_DB(db);
    add_kiosk(store, kiosk);
    // The same id arrived earlier over the network with three stars.
    const Record earlier = rating(kiosk, 1, 1, test_uuid(9000), "vision", 3);
    REQUIRE(store.ingest(kiosk, "{}", {earlier}, at).ok());
    auto subs = ratings(1, 2);  // id 1 again, with one star: a different payload
    REQUIRE(subs[0]["payload_sha256"] != earlier.payload_sha256);
    // And a record that fails the sync checks: it names another kiosk.
    subs.push_back(submission_json(rating("kiosk-bochum-02", 50, 3, test_uuid(9050), "pflege", 2)));
    const fs::path dir = write_export(subs);

    const UsbImportSummary done = imported(store, dir);
    CHECK(done.conflict == 1);
    CHECK(done.stored == 1);
    CHECK(done.rejected == 1);
    const auto receipts = lines_of(dir / "receipts.jsonl");
    REQUIRE(receipts.size() == 4);
    CHECK(receipts[1]["status"] == "conflict");
    CHECK(receipts[1]["reason"] == "id already stored with another payload hash");
    CHECK(receipts[2]["status"] == "stored");
    CHECK(receipts[3]["status"] == "rejected");
    auto conflicts = store.conflicts();
    REQUIRE(conflicts.ok());
    REQUIRE(conflicts.value().size() == 1);
    CHECK(conflicts.value()[0].stored_sha256 == earlier.payload_sha256);
    CHECK(stored_records(store) == 2);
}

TEST_CASE("import refuses a folder without summary.json and needs --file") {
    const fs::path dir = unique_path("not-an-export");
    fs::create_directories(dir);
    spit(dir / "submissions.jsonl", "");
    const std::string url = "sqlite:" + unique_path("collector") + ".db";
    std::ostringstream out, err;
    CHECK(run_command({"import", "--db", url, "--file", dir.string()}, out, err) == 1);
    CHECK(contains(err.str(), "summary.json"));
    std::ostringstream out2, err2;
    CHECK(run_command({"import", "--db", url}, out2, err2) == 2);
    CHECK(contains(err2.str(), "--file"));
}

// Issue 14, findings 3 and 4: an export folder prepared by a stranger. Links in it are neither
// read nor written through, and a file made to exhaust memory is refused as it is streamed.
TEST_CASE_TEMPLATE("links planted in an export folder are refused and the file they point to is never touched",
                   TestType, BACKENDS) {
    OPEN_TEST_DB(db);
    add_kiosk(store, kiosk);
    const fs::path dir = write_export(ratings(1, 3));
    const fs::path victim = unique_path("operator-profile");
    spit(victim, "export PATH=/usr/bin\n");
    bool stores = true;
    SUBCASE("receipts.jsonl and its temporary name link to a file of the operator") {
        fs::create_symlink(victim, dir / "receipts.jsonl");
        fs::create_symlink(victim, dir / "receipts.jsonl.partial");
    }
    SUBCASE("submissions.jsonl links to records elsewhere") {
        fs::rename(dir / "submissions.jsonl", victim.string() + ".jsonl");
        fs::create_symlink(victim.string() + ".jsonl", dir / "submissions.jsonl");
        stores = false;
    }
    SUBCASE("summary.json links to a summary elsewhere") {
        fs::rename(dir / "summary.json", victim.string() + ".json");
        fs::create_symlink(victim.string() + ".json", dir / "summary.json");
        stores = false;
    }
    auto result = import_usb_export(store, dir, {}, at);
    CHECK(slurp(victim) == "export PATH=/usr/bin\n");
    if (stores) {
        REQUIRE_MESSAGE(result.ok(), (result.ok() ? std::string() : result.error().message));
        CHECK_FALSE(fs::is_symlink(fs::symlink_status(dir / "receipts.jsonl")));
        CHECK(lines_of(dir / "receipts.jsonl").size() == 4);
        CHECK(stored_records(store) == 3);
    } else {
        REQUIRE_FALSE(result.ok());
        CHECK(contains(result.error().message, "symbolic link"));
        CHECK(stored_records(store) == 0);
        CHECK_FALSE(fs::exists(dir / "receipts.jsonl"));
    }
}

TEST_CASE_TEMPLATE("an export of one endless line is refused while it is streamed, and nothing is stored", TestType,
                   BACKENDS) {
    OPEN_TEST_DB(db);
    add_kiosk(store, kiosk);
    const fs::path dir = write_export(ratings(1, 1));
    // 8 MiB without a newline, with a summary that matches it: the hash alone would pass.
    const std::string endless(8u << 20, 'x');
    spit(dir / "submissions.jsonl", endless);
    json summary = json::parse(slurp(dir / "summary.json"));
    summary["submissions_sha256"] = sha256_hex(endless);
    summary["submissions_bytes"] = endless.size();
    spit(dir / "summary.json", summary.dump(2));
    auto refused = import_usb_export(store, dir, {}, at);
    REQUIRE_FALSE(refused.ok());
    CAPTURE(refused.error().message);
    CHECK(contains(refused.error().message, "longer than"));
    CHECK(contains(refused.error().message, "nothing was imported"));
    CHECK(stored_records(store) == 0);
    CHECK_FALSE(fs::exists(dir / "receipts.jsonl"));
    // The genuine export in the same place still imports.
    const fs::path genuine = write_export(ratings(1, 2));
    CHECK(imported(store, genuine).stored == 2);
}
