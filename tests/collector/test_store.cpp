// Both stores, the same cases: exactly once, conflicts, concurrency, tokens, results,
// heartbeats. PostgreSQL cases run when RUHR_TEST_POSTGRES is set, else they are skipped.

#include "backends.h"

#include "base/crypto.h"
#include "base/database.h"
#include "collector/completeness.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <set>
#include <thread>
#include <unordered_map>

using namespace ruhr;
using namespace ruhr::collector;
using namespace ruhr::collector::test;
using nlohmann::json;

namespace {

std::vector<IngestResult> ingest_ok(Store& store, const std::vector<Record>& records, const std::string& hb = "{}") {
    auto r = store.ingest(kiosk, hb, records, at);
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? std::string() : r.error().message));
    return r.value();
}

std::vector<ExportRow> all_rows(Store& store) {
    std::vector<ExportRow> rows;
    auto r = store.for_each_record([&](const ExportRow& x) { rows.push_back(x); });
    REQUIRE(r.ok());
    return rows;
}

FleetResults results_of(Store& store) {
    auto r = store.results();
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? std::string() : r.error().message));
    return r.value();
}

}  // namespace

#define BACKENDS SqliteBackend, PostgresBackend

TEST_CASE_TEMPLATE("a new record is stored and sending it again is a duplicate with the original receipt", TestType,
                   BACKENDS) {
    OPEN_TEST_DB(db);
    const Record r = rating(kiosk, 1, 1, test_uuid(100), "vision", 4);
    const auto first = ingest_ok(store, {r});
    REQUIRE(first.size() == 1);
    CHECK(first[0].outcome == Outcome::Stored);
    CHECK(first[0].receipt.rfind("c1-", 0) == 0);

    // Something else in between, so a receipt made up anew would differ.
    ingest_ok(store, {rating(kiosk, 2, 2, test_uuid(100), "pflege", 2)});
    for (int i = 0; i < 3; ++i) {
        const auto again = ingest_ok(store, {r});
        CHECK(again[0].outcome == Outcome::Duplicate);
        CHECK(again[0].receipt == first[0].receipt);
    }
    // A second collector instance on the same database answers the same.
    auto other = db->open_another();
    auto via_other = other->ingest(kiosk, "{}", {r}, at);
    REQUIRE(via_other.ok());
    CHECK(via_other.value()[0].outcome == Outcome::Duplicate);
    CHECK(via_other.value()[0].receipt == first[0].receipt);
    CHECK(all_rows(store).size() == 2);
}

TEST_CASE_TEMPLATE("the same id with another payload is a conflict kept aside and the stored record stays", TestType,
                   BACKENDS) {
    OPEN_TEST_DB(db);
    const Record original = rating(kiosk, 1, 1, test_uuid(100), "vision", 4);
    Record changed = rating(kiosk, 1, 1, test_uuid(100), "vision", 1);
    REQUIRE(changed.id == original.id);
    ingest_ok(store, {original});
    const auto r = ingest_ok(store, {changed});
    CHECK(r[0].outcome == Outcome::Conflict);
    CHECK(r[0].receipt.empty());
    // Reported twice, kept once.
    CHECK(ingest_ok(store, {changed})[0].outcome == Outcome::Conflict);

    const auto rows = all_rows(store);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].record.payload == original.payload);
    CHECK(rows[0].record.stars == 4);
    auto conflicts = store.conflicts();
    REQUIRE(conflicts.ok());
    REQUIRE(conflicts.value().size() == 1);
    const auto& c = conflicts.value()[0];
    CHECK(c.id == original.id);
    CHECK(c.kiosk_id == kiosk);
    CHECK(c.stored_sha256 == original.payload_sha256);
    CHECK(c.payload_sha256 == changed.payload_sha256);
    CHECK(json::parse(c.record_json)["payload"] == changed.payload);
    CHECK(results_of(store).ratings["vision"].average == doctest::Approx(4.0));
}

TEST_CASE_TEMPLATE("the same id twice in one batch is stored once", TestType, BACKENDS) {
    OPEN_TEST_DB(db);
    const Record a = rating(kiosk, 1, 1, test_uuid(100), "vision", 4);
    const Record b = rating(kiosk, 2, 2, test_uuid(100), "pflege", 4);
    const Record a_changed = rating(kiosk, 1, 1, test_uuid(100), "vision", 2);
    const auto r = ingest_ok(store, {b, a, a, a_changed});
    REQUIRE(r.size() == 4);
    CHECK(r[0].outcome == Outcome::Stored);
    CHECK(r[1].outcome == Outcome::Stored);
    CHECK(r[2].outcome == Outcome::Duplicate);
    CHECK(r[2].receipt == r[1].receipt);
    CHECK(r[3].outcome == Outcome::Conflict);
    CHECK(r[0].receipt != r[1].receipt);
    CHECK(all_rows(store).size() == 2);
}

TEST_CASE_TEMPLATE("overlapping batches from several threads and two instances store each id once", TestType,
                   BACKENDS) {
    StoreOptions options;
    options.connections = 4;
    OPEN_TEST_DB(db, options);
    auto second = db->open_another(options);
    constexpr int ids = 120;
    std::vector<Record> records;
    for (int i = 0; i < ids; ++i)
        records.push_back(
            rating(kiosk, static_cast<std::uint64_t>(i + 1), i + 1, test_uuid(1000 + i / 3), "vision", 1 + i % 5));

    // Each thread sends windows of 30 records that overlap its neighbours', in its own order.
    constexpr int threads = 6;
    std::vector<std::vector<IngestResult>> answers(threads * 8);
    std::vector<std::vector<Record>> batches(threads * 8);
    std::vector<std::string> failures(threads);
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) {
        pool.emplace_back([&, t] {
            Store& s = t % 2 ? *second : store;
            for (int k = 0; k < 8; ++k) {
                const int start = (t * 7 + k * 13) % (ids - 30);
                std::vector<Record> batch(records.begin() + start, records.begin() + start + 30);
                if ((t + k) % 2) std::reverse(batch.begin(), batch.end());
                auto r = s.ingest(kiosk, "{\"thread\":" + std::to_string(t) + "}", batch, at);
                if (!r) {
                    failures[t] = r.error().message;
                    return;
                }
                batches[t * 8 + k] = batch;
                answers[t * 8 + k] = r.value();
            }
        });
    }
    for (auto& th : pool) th.join();
    for (const auto& f : failures) CHECK_MESSAGE(f.empty(), f);

    // Every answer for an id carries the one receipt the id was stored with.
    std::map<std::string, std::string> receipt_of;
    std::map<std::string, int> stored_count;
    for (const auto& row : all_rows(store)) receipt_of[row.record.id] = row.receipt;
    for (std::size_t b = 0; b < batches.size(); ++b) {
        for (std::size_t i = 0; i < batches[b].size(); ++i) {
            const auto& a = answers[b][i];
            CHECK(a.outcome != Outcome::Conflict);
            CHECK(a.receipt == receipt_of[batches[b][i].id]);
            if (a.outcome == Outcome::Stored) ++stored_count[batches[b][i].id];
        }
    }
    for (const auto& [id, n] : stored_count) CHECK_MESSAGE(n == 1, id << " stored " << n << " times");
    const auto rows = all_rows(store);
    std::set<std::string> distinct;
    for (const auto& r : rows) distinct.insert(r.record.id);
    CHECK(distinct.size() == rows.size());
    CHECK(stored_count.size() == rows.size());
    CHECK(results_of(*second).submissions == static_cast<std::int64_t>(rows.size()));
}

TEST_CASE_TEMPLATE("tokens are found by hash and stop working when revoked", TestType, BACKENDS) {
    OPEN_TEST_DB(db);
    const std::string k1 = sha256_hex("token-one"), k2 = sha256_hex("token-two"), admin = sha256_hex("admin");
    REQUIRE(store.add_token(k1, {Role::Kiosk, kiosk}, at).ok());
    REQUIRE(store.add_token(k2, {Role::Kiosk, "kiosk-bochum-02"}, at).ok());
    REQUIRE(store.add_token(admin, {Role::Admin, ""}, at).ok());
    // The same hash twice is refused, not silently merged.
    CHECK_FALSE(store.add_token(k1, {Role::Kiosk, "kiosk-bochum-02"}, at).ok());

    auto found = store.find_token(k1);
    REQUIRE(found.ok());
    REQUIRE(found.value().has_value());
    CHECK(found.value()->role == Role::Kiosk);
    CHECK(found.value()->kiosk_id == kiosk);
    auto adm = store.find_token(admin);
    REQUIRE(adm.ok());
    REQUIRE(adm.value().has_value());
    CHECK(adm.value()->role == Role::Admin);
    auto unknown = store.find_token(sha256_hex("nobody"));
    REQUIRE(unknown.ok());
    CHECK_FALSE(unknown.value().has_value());

    auto n = store.revoke_tokens({Role::Kiosk, kiosk}, at);
    REQUIRE(n.ok());
    CHECK(n.value() == 1);
    CHECK_FALSE(store.find_token(k1).value().has_value());
    CHECK(store.find_token(k2).value().has_value());
    CHECK(store.find_token(admin).value().has_value());
    CHECK(store.revoke_tokens({Role::Admin, ""}, at).value() == 1);
    CHECK_FALSE(store.find_token(admin).value().has_value());
}

TEST_CASE_TEMPLATE("results count only the latest rating per visit and item", TestType, BACKENDS) {
    OPEN_TEST_DB(db);
    const std::string v1 = test_uuid(501), v2 = test_uuid(502), v3 = test_uuid(503);
    const Record first = rating(kiosk, 1, 10, v1, "vision", 2);
    ingest_ok(store, {
                         first,
                         rating(kiosk, 2, 11, v1, "vision", 5, first.id),  // replaces the 2
                         rating(kiosk, 3, 12, v1, "pflege", 3),
                         rating(kiosk, 4, 13, v2, "vision", 4),
                         rating(kiosk, 5, 14, v2, "vision", 1),  // higher seq, no replaces: still the latest
                         rating(kiosk, 6, 15, v3, "pflege", 4),
                     });
    // Another kiosk, uploaded later: its own visit counts.
    Record other = rating("kiosk-bochum-02", 7, 1, test_uuid(601), "vision", 3);
    REQUIRE(store.ingest("kiosk-bochum-02", "{}", {other}, at).ok());

    const FleetResults r = results_of(store);
    REQUIRE(r.ratings.size() == 2);
    CHECK(r.ratings.at("vision").count == 3);  // 5 (v1), 1 (v2), 3 (other kiosk)
    CHECK(r.ratings.at("vision").average == doctest::Approx(3.0));
    CHECK(r.ratings.at("pflege").count == 2);
    CHECK(r.ratings.at("pflege").average == doctest::Approx(3.5));
    CHECK(r.submissions == 7);
    CHECK(r.kiosks == 2);
    CHECK(results_json(r, at)["ratings"]["pflege"] == json{{"count", 2}, {"average", 3.5}});
}

TEST_CASE_TEMPLATE("priority votes are counted per forum", TestType, BACKENDS) {
    OPEN_TEST_DB(db);
    ingest_ok(store, {
                         make_record(kiosk, test_uuid(1), 1, "priorities",
                                     R"({"forums":["pflege","umwelt","bildung"]})", test_uuid(701)),
                         make_record(kiosk, test_uuid(2), 2, "priorities", R"({"forums":["pflege"]})", test_uuid(702)),
                         make_record(kiosk, test_uuid(3), 3, "priorities", R"({"forums":["umwelt","pflege"]})",
                                     test_uuid(703)),
                     });
    const FleetResults r = results_of(store);
    CHECK(r.priorities == std::unordered_map<std::string, std::int64_t>{{"bildung", 1}, {"pflege", 3}, {"umwelt", 2}});
    CHECK(r.ratings.empty());
    const auto rows = all_rows(store);
    REQUIRE(rows.size() == 3);
    CHECK(rows[0].record.forums == std::vector<std::string>{"pflege", "umwelt", "bildung"});
}

TEST_CASE_TEMPLATE("heartbeats are kept per kiosk and the kiosk list shows the latest", TestType, BACKENDS) {
    StoreOptions options;
    options.heartbeats_per_kiosk = 3;
    OPEN_TEST_DB(db, options);
    REQUIRE(store.add_token(sha256_hex("t"), {Role::Kiosk, kiosk}, at).ok());
    REQUIRE(store.add_token(sha256_hex("u"), {Role::Kiosk, "kiosk-quiet"}, at).ok());
    for (int i = 1; i <= 5; ++i) {
        const std::string hb = json{{"queue_depth", i}, {"last_error", i == 5 ? "timeout after 20 s" : ""}}.dump();
        auto r = store.ingest(kiosk, hb, {}, "2026-11-26T09:14:0" + std::to_string(i) + ".000Z");
        REQUIRE(r.ok());
        CHECK(r.value().empty());
    }
    auto hbs = store.heartbeats(kiosk, 100);
    REQUIRE(hbs.ok());
    REQUIRE(hbs.value().size() == 3);  // pruned to the newest three
    CHECK(hbs.value()[0].first == "2026-11-26T09:14:05.000Z");
    CHECK(json::parse(hbs.value()[0].second)["queue_depth"] == 5);
    CHECK(json::parse(hbs.value()[2].second)["queue_depth"] == 3);

    auto kiosks = store.kiosks();
    REQUIRE(kiosks.ok());
    REQUIRE(kiosks.value().size() == 2);
    const auto& k = kiosks.value()[0];
    CHECK(k.kiosk_id == kiosk);
    CHECK(k.active_tokens == 1);
    CHECK(k.last_seen == "2026-11-26T09:14:05.000Z");
    REQUIRE(k.last_heartbeat.has_value());
    CHECK(json::parse(*k.last_heartbeat)["last_error"] == "timeout after 20 s");
    CHECK(kiosks.value()[1].kiosk_id == "kiosk-quiet");
    CHECK_FALSE(kiosks.value()[1].last_seen.has_value());
}

TEST_CASE_TEMPLATE("text is stored byte for byte and survives a reopen", TestType, BACKENDS) {
    OPEN_TEST_DB(db);
    const std::string payload =
        "{\"contact\":{\"consent\":true,\"sealed\":\"c2VhbGVk\"},\"forum\":\"umwelt\",\"text\":\"Gr\xC3\xBCne "
        "W\xC3\xA4nde f\xC3\xBCr Stra\xC3\x9F"
        "en! \xF0\x9F\x8C\xB3 \\\"zitiert\\\"; Zeile\\nzwei\"}";
    const Record idea = make_record(kiosk, test_uuid(9), 9, "idea", payload);
    ingest_ok(store, {idea});
    db->store.reset();
    auto reopened = db->open_another();
    std::vector<ExportRow> rows;
    REQUIRE(reopened->for_each_record([&](const ExportRow& x) { rows.push_back(x); }).ok());
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].record.payload == payload);
    CHECK(sha256_hex(rows[0].record.payload) == idea.payload_sha256);
    CHECK(rows[0].record.text ==
          "Gr\xC3\xBCne W\xC3\xA4nde f\xC3\xBCr Stra\xC3\x9F"
          "en! \xF0\x9F\x8C\xB3 \"zitiert\"; Zeile\nzwei");
    CHECK(rows[0].record.forum == "umwelt");
    CHECK(rows[0].record.contact_sealed == "c2VhbGVk");
    CHECK(rows[0].received_at == at);
}

TEST_CASE("a SQLite database with a newer schema version is refused and left alone") {
    const std::string path = unique_path("newer") + ".db";
    {
        auto s = open_store("sqlite:" + path);
        REQUIRE(s.ok());
    }
    {
        auto raw = Database::open(path);
        REQUIRE(raw.ok());
        REQUIRE(raw.value()->exec("PRAGMA user_version = 99").ok());
    }
    auto again = open_store("sqlite:" + path);
    REQUIRE_FALSE(again.ok());
    CHECK(again.error().message.find("newer than this collector") != std::string::npos);
    auto raw = Database::open(path);
    const auto version = raw.value()->query_text("PRAGMA user_version");
    REQUIRE(version.ok());
    CHECK(*version == "99");
    for (const char* suffix : {"", "-wal", "-shm"}) std::remove((path + suffix).c_str());
}

TEST_CASE("database URLs are checked before anything is opened") {
    CHECK_FALSE(open_store("mysql://x").ok());
    CHECK_FALSE(open_store("sqlite:").ok());
    CHECK_FALSE(open_store("/tmp/file.db").ok());
    auto unreachable = open_store("postgres:host=127.0.0.1 port=1 dbname=x user=x connect_timeout=2");
    REQUIRE_FALSE(unreachable.ok());
    CHECK(unreachable.error().message.find("cannot connect to PostgreSQL") != std::string::npos);
}

// Issue 14: the completeness report. Held runs come from the store, missing ones from the gaps
// up to the highest number the kiosk's latest heartbeat reported.
TEST_CASE_TEMPLATE("completeness reports the held runs of each kiosk and the exact range withheld", TestType,
                   BACKENDS) {
    OPEN_TEST_DB(db);
    REQUIRE(store.add_token(sha256_hex("quiet"), {Role::Kiosk, "kiosk-quiet"}, at).ok());
    std::vector<Record> sent;
    for (std::int64_t seq = 1; seq <= 12; ++seq) {
        // Records 5-7 are withheld (say, a stick that never reached the collector).
        if (seq >= 5 && seq <= 7) continue;
        sent.push_back(rating(kiosk, 500 + static_cast<std::uint64_t>(seq), seq, test_uuid(77), "vision", 3));
    }
    ingest_ok(store, sent, json{{"highest_seq", 14}, {"queue_depth", 2}, {"quarantined", 0}}.dump());
    ingest_ok(store, {sent[0]});  // a duplicate changes nothing
    auto held = store.held_sequences();
    REQUIRE_MESSAGE(held.ok(), (held.ok() ? std::string() : held.error().message));
    REQUIRE(held.value().count(kiosk) == 1);
    CHECK(held.value().at(kiosk) == std::vector<SeqRange>{{1, 4}, {8, 12}});

    auto kiosks = store.kiosks();
    REQUIRE(kiosks.ok());
    // The latest heartbeat is the duplicate's "{}": the report uses the last one that said.
    // Here that one says nothing, so the collector's own highest number bounds the report.
    auto report = completeness_report(held.value(), kiosks.value());
    REQUIRE(report.size() == 2);
    CHECK(report[0].kiosk_id == kiosk);
    CHECK(report[0].missing == std::vector<SeqRange>{{5, 7}});
    CHECK(describe(report[0]).find("seq 1-4, 8-12 held; missing 5-7 (3 records)") != std::string::npos);
    CHECK(report[1].kiosk_id == "kiosk-quiet");
    CHECK(describe(report[1]) == "kiosk-quiet: no records held, none missing");

    // A heartbeat with the kiosk's highest number shows what is still on the kiosk too.
    ingest_ok(store, {}, json{{"highest_seq", 14}, {"queue_depth", 5}, {"quarantined", 0}}.dump());
    report = completeness_report(store.held_sequences().value(), store.kiosks().value());
    CHECK(report[0].missing == std::vector<SeqRange>{{5, 7}, {13, 14}});
    CHECK(describe(report[0]).find("highest seq 14, 5 pending, 0 set aside (the kiosk still holds them)") !=
          std::string::npos);

    // Once everything arrives: none missing.
    std::vector<Record> rest;
    for (std::int64_t seq : {5, 6, 7, 13, 14})
        rest.push_back(rating(kiosk, 500 + static_cast<std::uint64_t>(seq), seq, test_uuid(77), "vision", 3));
    ingest_ok(store, rest, json{{"highest_seq", 14}, {"queue_depth", 0}, {"quarantined", 0}}.dump());
    report = completeness_report(store.held_sequences().value(), store.kiosks().value());
    CHECK(report[0].missing.empty());
    CHECK(describe(report[0]).rfind(kiosk + ": seq 1-14 held, none missing", 0) == 0);
}
