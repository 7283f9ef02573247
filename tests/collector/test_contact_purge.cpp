// Retention on the collector (issue 14, finding 8): `purge-contacts` deletes ideas' sealed
// contact data once its purpose has ended, or one visitor's on withdrawal, keeps the ideas and
// every count, and leaves an audit row. Both stores, the same cases.

#include "backends.h"

#include "base/crypto.h"
#include "base/database.h"
#include "cli_run.h"
#include "collector/commands.h"
#include "collector/export.h"

#include <doctest/doctest.h>

#include <cstdio>
#include <map>
#include <sstream>

using namespace ruhr;
using namespace ruhr::collector;
using namespace ruhr::collector::test;
using nlohmann::json;

namespace {

const std::string consent_hash(64, 'c');

std::string idea_with_contact(const std::string& text, const std::string& sealed) {
    return json{{"contact",
                 {{"consent", true},
                  {"consent_language", "de"},
                  {"consent_pack_version", "2026.11.0"},
                  {"consent_sha256", consent_hash},
                  {"sealed", sealed}}},
                {"forum", "umwelt"},
                {"text", text}}
        .dump();
}

void ingest_at(Store& store, const std::vector<Record>& records, const std::string& received_at) {
    auto r = store.ingest(kiosk, "{}", records, received_at);
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? std::string() : r.error().message));
}

std::map<std::string, ExportRow> rows_by_id(Store& store) {
    std::map<std::string, ExportRow> rows;
    REQUIRE(store.for_each_record([&](const ExportRow& x) { rows.emplace(x.record.id, x); }).ok());
    return rows;
}

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

}  // namespace

TEST_CASE_TEMPLATE("purge-contacts deletes the contact data of ideas received before the day and keeps the ideas",
                   TestType, SqliteBackend, PostgresBackend) {
    OPEN_TEST_DB(db);
    const Record early = make_record(kiosk, test_uuid(1), 1, "idea", idea_with_contact("Mehr Bänke", "c2VhbGVkMQ=="));
    const Record vote = make_record(kiosk, test_uuid(2), 2, "priorities", R"({"forums":["pflege","umwelt"]})");
    const Record stars = rating(kiosk, 3, 3, test_uuid(100), "vision", 4);
    const Record late = make_record(kiosk, test_uuid(4), 4, "idea", idea_with_contact("Mehr Bäume", "c2VhbGVkMg=="));
    ingest_at(store, {early, vote, stars}, "2026-11-20T10:00:00.000Z");
    ingest_at(store, {late}, "2026-12-15T10:00:00.000Z");
    const FleetResults before = store.results().value();

    ContactPurge purge;
    purge.received_before = "2026-12-01T00:00:00.000Z";
    purge.purged_at = "2027-01-02T03:04:05.006Z";
    purge.requested_by = "purge-contacts --before 2026-12-01";
    const auto done = store.purge_contacts(purge);
    REQUIRE_MESSAGE(done.ok(), (done.ok() ? std::string() : done.error().message));
    CHECK(done->records == 1);
    CHECK(done->conflicts == 0);
    CHECK(done->first_received_at == "2026-11-20T10:00:00.000Z");
    CHECK(done->last_received_at == "2026-11-20T10:00:00.000Z");

    auto rows = rows_by_id(store);
    REQUIRE(rows.size() == 4);
    const Record& purged = rows.at(early.id).record;
    CHECK_FALSE(purged.contact_sealed.has_value());
    CHECK(purged.text == "Mehr Bänke");
    CHECK(purged.forum == "umwelt");
    CHECK(purged.payload_sha256 == early.payload_sha256);  // the hash of what the kiosk sent
    const json p = json::parse(purged.payload);
    CHECK_FALSE(p["contact"].contains("sealed"));
    CHECK(p["contact"]["purged_at"] == "2027-01-02T03:04:05.006Z");
    CHECK(p["contact"]["consent_sha256"] == consent_hash);
    CHECK(p["text"] == "Mehr Bänke");
    CHECK(purged.payload.find("c2VhbGVkMQ==") == std::string::npos);
    // The later idea keeps its contact data; the vote and the rating are untouched.
    CHECK(rows.at(late.id).record.contact_sealed == "c2VhbGVkMg==");
    CHECK(rows.at(late.id).record.payload == late.payload);
    CHECK(rows.at(vote.id).record.payload == vote.payload);
    CHECK(rows.at(stars.id).record.payload == stars.payload);
    const FleetResults after = store.results().value();
    CHECK(after.submissions == before.submissions);
    CHECK(after.priorities == before.priorities);
    CHECK(after.ratings.at("vision").count == before.ratings.at("vision").count);

    // The CSV says when, and a kiosk sending the record again does not bring the contact back.
    std::ostringstream csv;
    REQUIRE(write_export(store, ExportFormat::Csv, csv).ok());
    CHECK(contains(csv.str(), ";" + consent_hash + ";de;2026.11.0;2027-01-02T03:04:05.006Z\r\n"));
    CHECK_FALSE(contains(csv.str(), "c2VhbGVkMQ=="));
    const auto again = store.ingest(kiosk, "{}", {early}, "2027-01-03T00:00:00.000Z");
    REQUIRE(again.ok());
    CHECK(again.value()[0].outcome == Outcome::Duplicate);
    CHECK_FALSE(rows_by_id(store).at(early.id).record.contact_sealed.has_value());

    const auto audit = store.audit_log();
    REQUIRE(audit.ok());
    REQUIRE(audit->size() == 1);
    CHECK(audit->at(0).at == "2027-01-02T03:04:05.006Z");
    CHECK(audit->at(0).action == "purge-contacts");
    const json detail = json::parse(audit->at(0).detail);
    CHECK(detail["requested_by"] == "purge-contacts --before 2026-12-01");
    CHECK(detail["received_before"] == "2026-12-01T00:00:00.000Z");
    CHECK(detail["records"] == 1);
    CHECK(detail["first_received_at"] == "2026-11-20T10:00:00.000Z");
    CHECK(detail["last_received_at"] == "2026-11-20T10:00:00.000Z");

    // Nothing left to purge: nothing changes, and the attempt is still on record.
    purge.purged_at = "2027-01-05T00:00:00.000Z";
    const auto second = store.purge_contacts(purge);
    REQUIRE(second.ok());
    CHECK(second->records == 0);
    CHECK(json::parse(rows_by_id(store).at(early.id).record.payload)["contact"]["purged_at"] ==
          "2027-01-02T03:04:05.006Z");
    CHECK(store.audit_log().value().size() == 2);
}

TEST_CASE_TEMPLATE("a withdrawal purges one record's contact data by id, and its copy kept as a conflict", TestType,
                   SqliteBackend, PostgresBackend) {
    OPEN_TEST_DB(db);
    const Record anna = make_record(kiosk, test_uuid(1), 1, "idea", idea_with_contact("Radwege", "YW5uYQ=="));
    const Record other = make_record(kiosk, test_uuid(2), 2, "idea", idea_with_contact("Bäume", "b3RoZXI="));
    ingest_at(store, {anna, other}, at);
    // The same id with another payload (another sealed box): kept aside as a conflict.
    const Record edited = make_record(kiosk, test_uuid(1), 1, "idea", idea_with_contact("Radwege!", "YW5uYTI="));
    const auto conflict = store.ingest(kiosk, "{}", {edited}, at);
    REQUIRE(conflict.ok());
    REQUIRE(conflict.value()[0].outcome == Outcome::Conflict);

    ContactPurge purge;
    purge.id = anna.id;
    purge.purged_at = "2026-12-01T00:00:00.000Z";
    purge.requested_by = "purge-contacts --id " + anna.id;
    const auto done = store.purge_contacts(purge);
    REQUIRE(done.ok());
    CHECK(done->records == 1);
    CHECK(done->conflicts == 1);

    const auto rows = rows_by_id(store);
    CHECK_FALSE(rows.at(anna.id).record.contact_sealed.has_value());
    CHECK(rows.at(other.id).record.contact_sealed == "b3RoZXI=");
    const auto conflicts = store.conflicts().value();
    REQUIRE(conflicts.size() == 1);
    CHECK_FALSE(contains(conflicts[0].record_json, "YW5uYTI="));
    const json kept = json::parse(conflicts[0].record_json);
    CHECK(json::parse(kept["payload"].get<std::string>())["text"] == "Radwege!");
    CHECK(kept["payload_sha256"] == edited.payload_sha256);
}

TEST_CASE_TEMPLATE("the purge-contacts command logs what it did, the audit command lists it, mistakes exit with 2",
                   TestType, SqliteBackend, PostgresBackend) {
    OPEN_TEST_DB(db);
    const Record idea = make_record(kiosk, test_uuid(1), 1, "idea", idea_with_contact("Bänke", "c2VhbGVk"));
    ingest_at(store, {idea}, "2026-11-20T10:00:00.000Z");

    const CliRun purged = run_cli({"purge-contacts", "--db", db->url(), "--before", "2026-12-01"});
    CHECK_MESSAGE(purged.code == 0, purged.err);
    CHECK(contains(purged.out,
                   "deleted the contact data of 1 idea received 2026-11-20T10:00:00.000Z to "
                   "2026-11-20T10:00:00.000Z (selected: received before 2026-12-01T00:00:00.000Z)"));
    CHECK(contains(purged.err, "ruhr-collector: purge-contacts: deleted the contact data of 1 idea"));
    CHECK_FALSE(rows_by_id(store).at(idea.id).record.contact_sealed.has_value());

    const CliRun audit = run_cli({"audit", "--db", db->url()});
    CHECK(audit.code == 0);
    const json line = json::parse(audit.out.substr(0, audit.out.find('\n')));
    CHECK(line["action"] == "purge-contacts");
    CHECK(line["detail"]["records"] == 1);
    CHECK(line["detail"]["requested_by"] == "purge-contacts --before 2026-12-01");

    const CliRun days = run_cli({"purge-contacts", "--db", db->url(), "--older-than-days", "30"});
    CHECK(days.code == 0);
    CHECK(contains(days.out, "deleted the contact data of 0 ideas"));

    for (const std::vector<std::string>& bad :
         {std::vector<std::string>{"purge-contacts", "--db", db->url()},
          {"purge-contacts", "--db", db->url(), "--before", "2026-02-30"},
          {"purge-contacts", "--db", db->url(), "--before", "1.12.2026"},
          {"purge-contacts", "--db", db->url(), "--before", "2026-12-01", "--older-than-days", "3"},
          {"purge-contacts", "--db", db->url(), "--older-than-days", "0"},
          {"purge-contacts", "--db", db->url(), "--id", "Anna"}}) {
        const CliRun r = run_cli(bad);
        CAPTURE(r.err);
        CHECK(r.code == 2);
    }
    CHECK(store.audit_log().value().size() == 2);  // the refused ones wrote nothing
}

TEST_CASE("a version 1 SQLite collector database gains the audit table and keeps its records") {
    const std::string path = unique_path("v1") + ".db";
    const Record idea = make_record(kiosk, test_uuid(1), 1, "idea", idea_with_contact("Bänke", "c2VhbGVk"));
    {
        auto s = open_store("sqlite:" + path);
        REQUIRE(s.ok());
        ingest_at(*s.value(), {idea}, at);
    }
    {
        // Back to what the version 1 collector left.
        auto raw = Database::open(path);
        REQUIRE(raw.ok());
        REQUIRE(raw.value()
                    ->exec("DROP INDEX submissions_with_contact; DROP TABLE audit; DROP TABLE signing_keys; "
                           "ALTER TABLE kiosks DROP COLUMN public_key; PRAGMA user_version = 1")
                    .ok());
    }
    auto again = open_store("sqlite:" + path);
    REQUIRE_MESSAGE(again.ok(), (again.ok() ? std::string() : again.error().message));
    Store& store = *again.value();
    CHECK(rows_by_id(store).at(idea.id).record.contact_sealed == "c2VhbGVk");
    ContactPurge purge;
    purge.id = idea.id;
    purge.purged_at = at;
    REQUIRE(store.purge_contacts(purge).ok());
    CHECK(store.audit_log().value().size() == 1);
    again.value().reset();
    auto raw = Database::open(path);
    CHECK(raw.value()->query_text("PRAGMA user_version").value() == std::to_string(schema_version));
    for (const char* suffix : {"", "-wal", "-shm"}) std::remove((path + suffix).c_str());
}
