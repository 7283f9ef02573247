// `ruhr-collector import`: a kiosk's USB export is stored with the rules of POST /v1/sync,
// exactly once, on both stores, and the receipt file answers every record.

#include "backends.h"
#include "test_files.h"

#include "collector/commands.h"
#include "collector/statement_check.h"
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

using ruhr::test::read_file;

void spit(const fs::path& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << bytes;
    REQUIRE(out.good());
}

// The signing key of the kiosks in these tests.
const std::pair<SigningPublicKey, SigningSecretKey>& kiosk_keys() {
    static const auto keys = make_signing_keypair();
    return keys;
}
std::string key_text(const SigningPublicKey& pk) { return to_base64(pk.data(), pk.size()); }

// summary.json and its signature beside it, as the kiosk writes them (by `signer`).
void write_summary(const fs::path& dir, const json& summary, const SigningSecretKey& signer = kiosk_keys().second) {
    const std::string text = summary.dump(2) + "\n";
    spit(dir / "summary.json", text);
    spit(dir / "summary.json.sig", sign_detached(text, signer) + "\n");
}

// An export folder as the kiosk writes it: submissions.jsonl, summary.json and its signature.
fs::path write_export(const std::vector<json>& submissions, const std::string& of_kiosk = kiosk) {
    const fs::path dir = unique_path(of_kiosk + "-20261126T110000Z");
    fs::create_directories(dir);
    std::string lines;
    for (const auto& s : submissions) lines += s.dump() + "\n";
    spit(dir / "submissions.jsonl", lines);
    const json summary{{"format", "ruhr-kiosk-export"},
                       {"format_version", 2},
                       {"kiosk_public_key", key_text(kiosk_keys().first)},
                       {"kiosk_id", of_kiosk},
                       {"app_version", "0.2.0"},
                       {"exported_at", "2026-11-26T11:00:00.000Z"},
                       {"selection", "undelivered"},
                       {"records", submissions.size()},
                       {"submissions_file", "submissions.jsonl"},
                       {"submissions_bytes", lines.size()},
                       {"submissions_sha256", sha256_hex(lines)}};
    write_summary(dir, summary);
    return dir;
}

// Imports the export in `dir` with its receipts beside it; the test fails when it is refused.
UsbImportSummary imported(Store& store, const fs::path& dir) {
    auto summary = import_usb_export(store, dir, {}, at);
    REQUIRE_MESSAGE(summary.ok(), (summary.ok() ? std::string() : summary.error().message));
    return summary.value();
}

std::vector<Record> rating_records(std::uint64_t first_id, int n, const std::string& of_kiosk = kiosk) {
    std::vector<Record> out;
    for (int i = 0; i < n; ++i)
        out.push_back(rating(of_kiosk, first_id + static_cast<std::uint64_t>(i), i + 1,
                             test_uuid(9000 + static_cast<std::uint64_t>(i)), "vision", 1 + i % 5));
    return out;
}

std::vector<json> as_submissions(const std::vector<Record>& records) {
    std::vector<json> out;
    for (const Record& r : records) out.push_back(submission_json(r));
    return out;
}

std::vector<json> ratings(std::uint64_t first_id, int n, const std::string& of_kiosk = kiosk) {
    return as_submissions(rating_records(first_id, n, of_kiosk));
}

std::vector<json> lines_of(const fs::path& file) {
    std::vector<json> out;
    std::istringstream in(read_file(file));
    for (std::string line; std::getline(in, line);) out.push_back(json::parse(line));
    return out;
}

// A kiosk with its token and its signing key registered.
void add_kiosk(Store& store, const std::string& id) {
    REQUIRE(store.add_token(sha256_hex("rck_test-" + id), TokenOwner{Role::Kiosk, id}, at).ok());
    REQUIRE(store.set_kiosk_key(id, key_text(kiosk_keys().first), at, false).ok());
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
    CHECK(header["format_version"] == 2);
    CHECK(header["kiosk_id"] == kiosk);
    // Signed by the collector's key, which `public-key` prints for the kiosks' configuration.
    std::ostringstream key_out, key_err;
    REQUIRE(run_command({"public-key", "--db", db->url()}, key_out, key_err) == 0);
    const auto printed = key_out.str().find("public_key = \"");
    REQUIRE(printed != std::string::npos);
    const auto collector_key = parse_signing_public_key(key_out.str().substr(printed + 14, 44));
    REQUIRE(collector_key.ok());
    const std::string sig = read_file(dir / "receipts.jsonl.sig");
    CHECK(verify_detached(read_file(dir / "receipts.jsonl"), sig.substr(0, sig.size() - 1), *collector_key));
    CHECK(header["export_sha256"] == sha256_hex(read_file(dir / "submissions.jsonl")));
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
    std::string lines = read_file(dir / "submissions.jsonl");
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

TEST_CASE_TEMPLATE("an export of a kiosk without a registered key is refused with the command to register it", TestType,
                   BACKENDS) {
    OPEN_TEST_DB(db);
    add_kiosk(store, "kiosk-bochum-02");
    REQUIRE(store.add_token(sha256_hex("rck_test-essen"), TokenOwner{Role::Kiosk, kiosk}, at).ok());  // no key
    const fs::path dir = write_export(ratings(1, 2));
    auto refused = import_usb_export(store, dir, {}, at);
    REQUIRE_FALSE(refused.ok());
    CAPTURE(refused.error().message);
    CHECK(contains(refused.error().message, "no signing key is registered for kiosk \"kiosk-essen-01\""));
    CHECK(contains(refused.error().message, "kiosk-key --id kiosk-essen-01"));
    CHECK(contains(refused.error().message, key_text(kiosk_keys().first)));  // to compare with the kiosk
    CHECK(stored_records(store) == 0);

    // After the operator registered the key the kiosk shows, the same export imports.
    std::ostringstream out, err;
    REQUIRE(run_command({"kiosk-key", "--db", db->url(), "--id", kiosk, "--public-key", key_text(kiosk_keys().first)},
                        out, err) == 0);
    CHECK(contains(out.str(), "registered the signing key of kiosk kiosk-essen-01"));
    CHECK(imported(store, dir).stored == 2);
}

// Issue 14, finding 4: a crafted export for a registered kiosk id. Only the kiosk's own key
// makes an export count; a summary with a matching hash is not enough.
TEST_CASE_TEMPLATE("a forged export is refused and stores nothing, and the genuine one still imports", TestType,
                   BACKENDS) {
    OPEN_TEST_DB(db);
    add_kiosk(store, kiosk);
    auto votes = ratings(1, 200);
    const fs::path dir = write_export(votes);
    const json summary = json::parse(read_file(dir / "summary.json"));
    std::string words;
    SUBCASE("signed by a key of the forger's own, which the summary names") {
        const auto forger = make_signing_keypair();
        json forged = summary;
        forged["kiosk_public_key"] = key_text(forger.first);
        write_summary(dir, forged, forger.second);
        words = "does not carry the signature of kiosk";
    }
    SUBCASE("no signature at all") {
        fs::remove(dir / "summary.json.sig");
        words = "is not signed";
    }
    SUBCASE("records added and the summary's hash and count changed after signing") {
        std::string lines = read_file(dir / "submissions.jsonl");
        for (const auto& extra : ratings(500, 3)) lines += extra.dump() + "\n";
        spit(dir / "submissions.jsonl", lines);
        json changed = summary;
        changed["submissions_sha256"] = sha256_hex(lines);
        changed["records"] = 203;
        const std::string sig = read_file(dir / "summary.json.sig");
        spit(dir / "summary.json", changed.dump(2) + "\n");
        spit(dir / "summary.json.sig", sig);
        words = "does not carry the signature of kiosk";
    }
    SUBCASE("an export of format version 1, from before exports were signed") {
        json old = summary;
        old["format_version"] = 1;
        write_summary(dir, old);
        words = "format version 1";
    }
    auto refused = import_usb_export(store, dir, {}, at);
    REQUIRE_FALSE(refused.ok());
    CAPTURE(refused.error().message);
    CHECK(contains(refused.error().message, words));
    CHECK(contains(refused.error().message, "nothing was imported"));
    CHECK(stored_records(store) == 0);
    CHECK_FALSE(fs::exists(dir / "receipts.jsonl"));
    CHECK(imported(store, write_export(votes)).stored == 200);
}

TEST_CASE_TEMPLATE("a kiosk's key is replaced only on purpose, and every registration is in the audit log", TestType,
                   BACKENDS) {
    OPEN_TEST_DB(db);
    add_kiosk(store, kiosk);
    const auto other = make_signing_keypair();
    std::ostringstream out, err;
    CHECK(run_command({"kiosk-key", "--db", db->url(), "--id", kiosk, "--public-key", key_text(other.first)}, out,
                      err) == 1);
    CHECK(contains(err.str(), "has another key registered"));
    CHECK(store.kiosk_key(kiosk).value() == key_text(kiosk_keys().first));
    std::ostringstream out2, err2;
    CHECK(run_command({"kiosk-key", "--db", db->url(), "--id", kiosk, "--public-key", "not-a-key"}, out2, err2) == 2);
    std::ostringstream out3, err3;
    REQUIRE(
        run_command({"kiosk-key", "--db", db->url(), "--id", kiosk, "--public-key", key_text(other.first), "--replace"},
                    out3, err3) == 0);
    CHECK(store.kiosk_key(kiosk).value() == key_text(other.first));
    // Exports signed with the old key no longer count.
    CHECK_FALSE(import_usb_export(store, write_export(ratings(1, 1)), {}, at).ok());
    const auto audit = store.audit_log().value();
    REQUIRE(audit.size() == 2);
    CHECK(audit[0].action == "kiosk-key");
    CHECK(contains(audit[1].detail, key_text(other.first)));
    CHECK(contains(audit[1].detail, key_text(kiosk_keys().first)));  // what it replaced
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
    CHECK(read_file(victim) == "export PATH=/usr/bin\n");
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
    json summary = json::parse(read_file(dir / "summary.json"));
    summary["submissions_sha256"] = sha256_hex(endless);
    summary["submissions_bytes"] = endless.size();
    write_summary(dir, summary);
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

// ---- The closing statement (`ruhr-collector check-statement`) ----

namespace {

// The closing statement of a kiosk that holds `held` (all waiting to be sent) and has made
// `highest` records, as the kiosk writes it: statement.json and its signature by `signer`.
// `forge` changes the statement after it was signed.
fs::path write_statement(const std::vector<Record>& held, std::int64_t highest,
                         const SigningSecretKey& signer = kiosk_keys().second,
                         const std::function<void(json&)>& forge = {}) {
    ClosingStatement s;
    s.kiosk_id = kiosk;
    s.app_version = "0.2.0";
    s.made_at = "2026-11-26T18:00:00.000Z";
    s.kiosk_public_key = key_text(signing_public_key_of(signer));
    s.highest_seq = highest;
    Sha256 digest;
    for (const Record& r : held) {
        add_to_ranges(s.held, r.seq);
        digest.update(records_digest_line(r));
        s.by_kind[kind_name(r.kind)] += 1;
    }
    s.records = static_cast<std::int64_t>(held.size());
    s.by_state = {{"pending", s.records}, {"quarantined", 0}, {"delivered", 0}};
    s.records_sha256 = digest.hex_digest();
    const fs::path dir = unique_path(kiosk + "-statement");
    fs::create_directories(dir);
    const std::string text = statement_json(s).dump(2) + "\n";
    spit(dir / "statement.json.sig", sign_detached(text, signer) + "\n");
    if (forge) {
        json changed = json::parse(text);
        forge(changed);
        spit(dir / "statement.json", changed.dump(2) + "\n");
    } else {
        spit(dir / "statement.json", text);
    }
    return dir;
}

std::vector<Record> slice(const std::vector<Record>& all, std::size_t from, std::size_t to) {
    return {all.begin() + static_cast<std::ptrdiff_t>(from), all.begin() + static_cast<std::ptrdiff_t>(to)};
}

// `ruhr-collector check-statement`: the exit code and what it printed.
std::pair<int, std::string> check_cli(const std::string& url, const fs::path& dir) {
    std::ostringstream out, err;
    const int code = run_command({"check-statement", "--db", url, "--file", dir.string()}, out, err);
    return {code, out.str() + err.str()};
}

std::int64_t statement_audits(Store& store) {
    std::int64_t n = 0;
    const auto rows = store.audit_log();  // kept: the loop below reads into it
    REQUIRE(rows.ok());
    for (const AuditRow& a : rows.value()) n += a.action == "check-statement" ? 1 : 0;
    return n;
}

}  // namespace

TEST_CASE_TEMPLATE("a closing statement names the exact records withheld, and says COMPLETE once they have arrived",
                   TestType, BACKENDS) {
    OPEN_TEST_DB(db);
    add_kiosk(store, kiosk);
    const std::vector<Record> all = rating_records(1, 300);
    // Every record but seq 101-120 reached the collector.
    auto first = slice(all, 0, 100), rest = slice(all, 120, 300);
    first.insert(first.end(), rest.begin(), rest.end());
    imported(store, write_export(as_submissions(first)));
    const fs::path statement = write_statement(all, 300);

    auto [code, text] = check_cli(db->url(), statement);
    CAPTURE(text);
    CHECK(code == 3);
    CHECK(contains(text, "signed by the kiosk's registered key"));
    CHECK(contains(text, "MISSING: 20 records the kiosk held are not here: seq 101-120"));
    CHECK_FALSE(contains(text, "COMPLETE"));
    auto check = check_statement(store, statement / "statement.json", at);
    REQUIRE(check.ok());
    CHECK(check->not_here == std::vector<SeqRange>{{101, 120}});
    CHECK(check->lost.empty());
    CHECK(check->compared == 280);

    // The withheld records arrive (their USB export): now every record is here, unchanged.
    imported(store, write_export(as_submissions(slice(all, 100, 120))));
    auto [done, report] = check_cli(db->url(), statement);
    CAPTURE(report);
    CHECK(done == 0);
    CHECK(contains(report, "COMPLETE: every record the kiosk made is stored here exactly once"));
    CHECK(contains(report, "the kiosk made 300 records (seq 1-300) and held 300 of them (seq 1-300): 300 ratings"));
    // Each check is in the audit log, with its result.
    CHECK(statement_audits(store) == 3);
    const auto rows = store.audit_log().value();
    const json last = json::parse(rows.back().detail);
    CHECK(last["complete"] == true);
    CHECK(last["kiosk_id"] == kiosk);
    CHECK(last["statement_sha256"] == sha256_hex(read_file(statement / "statement.json")));

    SUBCASE("records the kiosk deleted as delivered count when they are here, and are named when they are not") {
        // The kiosk's retention deleted seq 1-50 after delivery: it holds 51-300.
        const fs::path later = write_statement(slice(all, 50, 300), 300);
        auto held_here = check_statement(store, later, at);
        REQUIRE(held_here.ok());
        CHECK(held_here->complete());
        // A kiosk that also claims 301-310 were delivered and deleted: not here, so lost.
        const fs::path claims_more = write_statement(slice(all, 50, 300), 310);
        auto lost = check_statement(store, claims_more, at);
        REQUIRE(lost.ok());
        CHECK_FALSE(lost->complete());
        CHECK(lost->lost == std::vector<SeqRange>{{301, 310}});
        CHECK(contains(describe(*lost), "LOST: seq 301-310"));
    }
}

TEST_CASE_TEMPLATE("a closing statement finds records here that the kiosk never made or holds otherwise", TestType,
                   BACKENDS) {
    OPEN_TEST_DB(db);
    add_kiosk(store, kiosk);
    const std::vector<Record> all = rating_records(1, 40);
    imported(store, write_export(as_submissions(all)));
    SUBCASE("records above the kiosk's highest number") {
        // The kiosk says it made 30: 31-40 were not made by it.
        auto check = check_statement(store, write_statement(slice(all, 0, 30), 30), at);
        REQUIRE(check.ok());
        CHECK_FALSE(check->complete());
        CHECK(check->unexpected == std::vector<SeqRange>{{31, 40}});
        CHECK(contains(describe(*check), "NOT MADE BY THE KIOSK: seq 31-40"));
    }
    SUBCASE("a record here that differs from the kiosk's own") {
        std::vector<Record> kiosks_own = all;
        kiosks_own[7] = rating(kiosk, 7777, 8, test_uuid(9007), "vision", 2);  // seq 8, another record
        auto check = check_statement(store, write_statement(kiosks_own, 40), at);
        REQUIRE(check.ok());
        CHECK(check->not_here == std::vector<SeqRange>{});
        CHECK_FALSE(check->complete());
        CHECK(contains(describe(*check), "DIFFERENT"));
    }
    SUBCASE("two records under one number") {
        const Record twin = rating(kiosk, 5555, 12, test_uuid(9500), "vision", 3);
        imported(store, write_export(as_submissions({twin})));
        auto check = check_statement(store, write_statement(all, 40), at);
        REQUIRE(check.ok());
        CHECK(check->twice == 1);
        CHECK_FALSE(check->complete());
    }
}

TEST_CASE_TEMPLATE("a closing statement that is forged, changed or not signed is refused and checks nothing", TestType,
                   BACKENDS) {
    OPEN_TEST_DB(db);
    add_kiosk(store, kiosk);
    const std::vector<Record> all = rating_records(1, 20);
    imported(store, write_export(as_submissions(slice(all, 0, 10))));
    fs::path forged;
    std::string expected;
    SUBCASE("signed by another key (named in the statement)") {
        forged = write_statement(slice(all, 0, 10), 10, make_signing_keypair().second);
        expected = "does not carry the signature of kiosk";
    }
    SUBCASE("changed after signing: ten records it held made to vanish") {
        forged = write_statement(all, 20, kiosk_keys().second, [&](json& j) {
            // Claims it holds only what arrived, hiding records 11-20.
            Sha256 digest;
            for (const Record& r : slice(all, 0, 10)) digest.update(records_digest_line(r));
            j["held"] = json::array({json::array({1, 10})});
            j["records"] = 10;
            j["highest_seq"] = 10;
            j["by_kind"]["rating"] = 10;
            j["by_state"]["pending"] = 10;
            j["records_sha256"] = digest.hex_digest();
        });
        expected = "does not carry the signature of kiosk";
    }
    SUBCASE("no signature") {
        forged = write_statement(all, 20);
        fs::remove(forged / "statement.json.sig");
        expected = "is not signed";
    }
    SUBCASE("statement.json is a link to another kiosk's genuine statement") {
        const fs::path genuine = write_statement(slice(all, 0, 10), 10);
        forged = unique_path("linked-statement");
        fs::create_directories(forged);
        fs::create_symlink(genuine / "statement.json", forged / "statement.json");
        fs::copy_file(genuine / "statement.json.sig", forged / "statement.json.sig");
        expected = "statement.json";
    }
    SUBCASE("not a statement: its runs of numbers overlap") {
        forged = write_statement(all, 20, kiosk_keys().second, [](json& j) {
            j["held"] = json::array({json::array({1, 12}), json::array({10, 20})});
        });
        expected = "not a closing statement";
    }
    auto [code, text] = check_cli(db->url(), forged);
    CAPTURE(text);
    CHECK(code == 1);
    CHECK(contains(text, expected));
    CHECK_FALSE(contains(text, "COMPLETE"));
    CHECK(statement_audits(store) == 0);
    // The genuine statement of the same kiosk is checked (and is not complete: 11-20 are missing).
    auto [genuine_code, genuine] = check_cli(db->url(), write_statement(all, 20));
    CAPTURE(genuine);
    CHECK(genuine_code == 3);
    CHECK(contains(genuine, "seq 11-20"));
    CHECK(statement_audits(store) == 1);
}

TEST_CASE_TEMPLATE("a closing statement of a kiosk without a registered key is refused", TestType, BACKENDS) {
    OPEN_TEST_DB(db);
    const auto [code, text] = check_cli(db->url(), write_statement(rating_records(1, 3), 3));
    CAPTURE(text);
    CHECK(code == 1);
    CHECK(contains(text, "no signing key is registered for kiosk \"kiosk-essen-01\""));
    CHECK(statement_audits(store) == 0);
}
