// The outbox: immutable records, delivery state, migrations, and what happens to damaged,
// too new, locked or read-only files. Store tests run on ":memory:"; the ones about files,
// reopening and other connections use a real file in a temporary folder.

#include "base/crypto.h"
#include "kiosk/outbox.h"
#include "test_support.h"

#include <doctest/doctest.h>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

using namespace ruhr;
using namespace ruhr::test;

namespace {

nlohmann::json rating(const std::string& item, int stars) { return {{"item", item}, {"stars", stars}}; }

// The shared test outbox (test_support.h), adding a rating unless told otherwise.
struct Store : TestOutbox {
    using TestOutbox::TestOutbox;

    Submission add(const nlohmann::json& payload, SubmissionKind kind = SubmissionKind::Rating,
                   const std::string& visit = std::string()) {
        SubmissionContext ctx = k_ctx;
        if (!visit.empty()) ctx.visit_id = visit;
        return add_record(kind, payload, ctx);
    }
    // Why the outbox refuses to add `payload`; fails the test when it stores it.
    std::string refusal(SubmissionKind kind, const nlohmann::json& payload, const SubmissionContext& ctx = k_ctx) {
        const auto added = box->add(kind, payload, ctx);
        REQUIRE_FALSE(added.ok());
        return added.error().message;
    }
    // Nothing is stored, and no sequence number was used up: the next record is number 1.
    void check_nothing_stored() {
        CHECK(box->counts().value().pending == 0);
        CHECK(add(rating("vision", 5)).seq == 1);
    }
};

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

// What mark_delivered() or quarantine() answered: whether the record changed. Fails the test
// when the call itself failed.
bool changed(const Result<bool>& answer) {
    REQUIRE_MESSAGE(answer.ok(), (answer.ok() ? std::string() : answer.error().message));
    return *answer;
}

std::vector<std::int64_t> seqs(const std::vector<Submission>& list) {
    std::vector<std::int64_t> out;
    for (const Submission& s : list) out.push_back(s.seq);
    return out;
}

// Every entry of `dir` whose name contains `part`.
std::vector<fs::path> entries_with(const fs::path& dir, const std::string& part) {
    std::vector<fs::path> out;
    for (const auto& e : fs::directory_iterator(dir))
        if (contains(e.path().filename().string(), part)) out.push_back(e.path());
    return out;
}

// Runs `body` in a child process that is not root (tests run as root here, and root writes
// through any file mode), and returns what the child wrote to its pipe. The child touches
// no doctest state: it reports through the pipe and leaves with _exit.
template <class Body>
std::string run_as_unprivileged(Body body) {
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        ::close(fds[0]);
        std::string out;
        if (::geteuid() == 0 && (::setgid(65534) != 0 || ::setuid(65534) != 0))
            out = std::string("CHILD-SETUP-FAILED: ") + std::strerror(errno);
        else
            out = body();
        const ssize_t written = ::write(fds[1], out.data(), out.size());
        (void)written;
        ::close(fds[1]);
        ::_exit(0);
    }
    ::close(fds[1]);
    std::string out;
    char buf[4096];
    ssize_t n;
    while ((n = ::read(fds[0], buf, sizeof buf)) > 0) out.append(buf, static_cast<std::size_t>(n));
    ::close(fds[0]);
    int status = 0;
    ::waitpid(pid, &status, 0);
    REQUIRE(WIFEXITED(status));
    REQUIRE_MESSAGE(out.rfind("CHILD-SETUP-FAILED", 0) != 0, out);
    return out;
}

}  // namespace

// ---------------------------------------------------------------- records

TEST_CASE("a record added to the outbox has a UUIDv7 id, the first sequence number and canonical JSON") {
    Store s;
    const nlohmann::json payload = {{"stars", 4}, {"item", "vision"}, {"note", "Grüße 😀"}};
    const Submission r = s.add(payload);
    CHECK(is_uuid_v7(r.id));
    CHECK(r.id.substr(0, 8) + r.id.substr(9, 4) == "019ab697e800");  // k_start_ms in hex
    CHECK(r.seq == 1);
    CHECK(r.kind == SubmissionKind::Rating);
    // Sorted keys, no whitespace, UTF-8 kept as it is (not \u escapes).
    CHECK(r.payload == "{\"item\":\"vision\",\"note\":\"Grüße 😀\",\"stars\":4}");
    CHECK(r.payload_sha256 == sha256_hex(r.payload));
    CHECK(r.created_at == "2025-11-24T16:00:00.000Z");
    CHECK(r.kiosk_id == "kiosk-test");
    CHECK(s.box->kiosk_id() == "kiosk-test");
    CHECK(r.visit_id == k_ctx.visit_id);
    CHECK(r.pack_id == "ruhr-konferenz-demo");
    CHECK(r.pack_version == "1.0.0");

    const auto found = s.box->find(r.id).value();
    REQUIRE(found.has_value());
    CHECK(found->seq == 1);
    CHECK(found->payload == r.payload);
    CHECK(found->payload_sha256 == r.payload_sha256);
    CHECK(found->created_at == r.created_at);
    CHECK(found->kiosk_id == "kiosk-test");
    CHECK(found->visit_id == r.visit_id);
    CHECK_FALSE(s.box->find("0197c4ff-11a0-7000-8000-00000000ffff").value().has_value());
}

TEST_CASE("sequence numbers count 1, 2, 3 while created_at follows the wall clock, even backwards") {
    Store s;
    const Submission a = s.add(rating("vision", 1));
    s.wall.advance_ms(2'500);
    const Submission b = s.add(rating("vision", 2));
    s.wall.advance_ms(-3'600'000);  // the kiosk's clock was corrected by an hour
    const Submission c = s.add(rating("vision", 3));
    CHECK(a.seq == 1);
    CHECK(b.seq == 2);
    CHECK(c.seq == 3);
    CHECK(a.created_at == "2025-11-24T16:00:00.000Z");
    CHECK(b.created_at == "2025-11-24T16:00:02.500Z");
    CHECK(c.created_at == "2025-11-24T15:00:02.500Z");
    CHECK(a.id != b.id);
    CHECK(b.id != c.id);
}

TEST_CASE("a payload that is not valid UTF-8 is refused and uses up no sequence number") {
    Store s;
    CHECK(contains(s.refusal(SubmissionKind::Idea, {{"text", std::string("caf\xC3", 4)}}), "UTF-8"));
    s.check_nothing_stored();
}

TEST_CASE("the outbox refuses what the collector would refuse, with the protocol's reason, and stores nothing") {
    Store s;
    // The same checks as the collector's ingest (protocol/submission.h): a payload out of its
    // format, or a record field the protocol does not allow, never becomes a poison record.
    CHECK(contains(s.refusal(SubmissionKind::Rating, rating("vision", 7)), "stars not from 1 to 5"));
    CHECK(
        contains(s.refusal(SubmissionKind::Priorities, {{"forums", {"pflege", "pflege"}}}), "a forum is named twice"));
    SubmissionContext odd = k_ctx;
    odd.visit_id = "visit 1";
    CHECK(contains(s.refusal(SubmissionKind::Rating, rating("vision", 3), odd), "visit_id is not a lower-case UUID"));
    s.check_nothing_stored();
}

TEST_CASE("a new record is pending and counted as pending") {
    Store s;
    const OutboxCounts empty = s.box->counts().value();
    CHECK(empty.pending == 0);
    CHECK(empty.delivered == 0);
    CHECK(empty.quarantined == 0);
    const Submission r = s.add(rating("vision", 3));
    CHECK(s.box->state(r.id).value() == DeliveryState::Pending);
    s.add({{"forums", {"pflege", "sport"}}}, SubmissionKind::Priorities);
    const OutboxCounts c = s.box->counts().value();
    CHECK(c.pending == 2);
    CHECK(c.delivered == 0);
    CHECK(c.quarantined == 0);
    CHECK(s.box->count_kind(SubmissionKind::Rating).value() == 1);
    CHECK(s.box->count_kind(SubmissionKind::Priorities).value() == 1);
    CHECK(s.box->count_kind(SubmissionKind::Idea).value() == 0);
    CHECK_FALSE(s.box->state("0197c4ff-11a0-7000-8000-00000000ffff").value().has_value());
}

TEST_CASE("a record is delivered once its receipt is recorded") {
    Store s;
    const Submission r = s.add(rating("vision", 3));
    CHECK(changed(s.box->mark_delivered(r.id, "receipt-7f3a")));
    CHECK(s.box->state(r.id).value() == DeliveryState::Delivered);
    const OutboxCounts c = s.box->counts().value();
    CHECK(c.pending == 0);
    CHECK(c.delivered == 1);

    CHECK_FALSE(changed(s.box->mark_delivered("0197c4ff-11a0-7000-8000-00000000ffff", "receipt-x")));
}

TEST_CASE("an empty receipt does not deliver a record") {
    // "Records a receipt; only then is a record delivered": a delivered record may be deleted,
    // so a collector answer without a receipt must leave it pending.
    Store s;
    const Submission r = s.add(rating("vision", 3));
    const auto result = s.box->mark_delivered(r.id, "");
    CHECK((!result.ok() || !*result));
    CHECK(s.box->state(r.id).value() == DeliveryState::Pending);
    CHECK(s.box->counts().value().pending == 1);
}

TEST_CASE("a quarantined record leaves the pending queue and is counted as quarantined") {
    Store s;
    const Submission a = s.add(rating("vision", 3));
    const Submission b = s.add(rating("vision", 4));
    CHECK(changed(s.box->quarantine(a.id, "the collector refused it: unknown pack")));
    CHECK(s.box->state(a.id).value() == DeliveryState::Quarantined);
    const OutboxCounts c = s.box->counts().value();
    CHECK(c.pending == 1);
    CHECK(c.quarantined == 1);
    const auto pending = s.box->pending(10).value();
    REQUIRE(pending.size() == 1);
    CHECK(pending[0].id == b.id);
}

TEST_CASE("a delivered record cannot be quarantined") {
    Store s;
    const Submission r = s.add(rating("vision", 3));
    REQUIRE(*s.box->mark_delivered(r.id, "receipt-1"));
    CHECK_FALSE(changed(s.box->quarantine(r.id, "too late")));
    CHECK(s.box->state(r.id).value() == DeliveryState::Delivered);
    const OutboxCounts c = s.box->counts().value();
    CHECK(c.delivered == 1);
    CHECK(c.quarantined == 0);
}

TEST_CASE("pending lists the oldest records first by sequence number, up to the limit") {
    Store s;
    std::vector<Submission> added;
    for (int i = 0; i < 5; ++i) {
        added.push_back(s.add(rating("vision", i + 1)));
        s.wall.advance_ms(-60'000);  // the wall clock runs backwards: order must not follow it
    }
    REQUIRE(*s.box->mark_delivered(added[1].id, "receipt-2"));
    CHECK(seqs(s.box->pending(10).value()) == std::vector<std::int64_t>{1, 3, 4, 5});
    CHECK(seqs(s.box->pending(2).value()) == std::vector<std::int64_t>{1, 3});
    const auto first = s.box->pending(1).value();
    REQUIRE(first.size() == 1);
    CHECK(first[0].id == added[0].id);
    CHECK(first[0].payload == added[0].payload);
    CHECK(first[0].payload_sha256 == added[0].payload_sha256);
    CHECK(s.box->pending(0).value().empty());
}

TEST_CASE("alerts are kept newest first, each as its key, its parameters and an English line") {
    Store s;
    CHECK(s.box->recent_alerts(5).value().empty());
    s.box->add_alert(alert_set_aside("0197c4ff-ffe8-7000-8000-000000001001", "conflict", "collector: conflict"));
    s.wall.advance_ms(1000);
    s.box->add_alert(alert_exported(5, "/media/stick/ruhr-kiosk/export/kiosk-test-20251124T160001Z", "ab12"));
    const auto alerts = s.box->recent_alerts(5).value();
    REQUIRE(alerts.size() == 2);
    CHECK(alerts[0].key == "alert_exported");
    CHECK(alerts[0].params ==
          nlohmann::json{{"count", 5}, {"folder", "kiosk-test-20251124T160001Z"}, {"sha256", "ab12"}});
    CHECK(alerts[0].message ==
          "exported 5 records to /media/stick/ruhr-kiosk/export/kiosk-test-20251124T160001Z "
          "(SHA-256 ab12...)");
    CHECK(alerts[0].level == "info");
    CHECK(alerts[0].created_at == "2025-11-24T16:00:01.000Z");
    CHECK(alerts[1].key == "alert_set_aside");
    CHECK(alerts[1].level == "warning");
    CHECK(alerts[1].params["reason"] == "conflict");
    CHECK(alerts[1].params["record"] == "0197c4ff-ffe8-7000-8000-000000001001");
    CHECK(s.box->recent_alerts(1).value().size() == 1);
}

// ---------------------------------------------------------------- local rating results

TEST_CASE("rating results count only ratings that a later one in the same visit did not replace") {
    Store s;
    const Submission first = s.add(rating("vision", 4));                                         // visit 1
    s.add({{"item", "vision"}, {"stars", 2}, {"replaces", first.id}});                           // visit 1, changed
    s.add(rating("vision", 5), SubmissionKind::Rating, "0190a000-0000-7000-8000-000000000002");  // visit 2
    s.add(rating("pflege", 1));                                                                  // another item
    s.add({{"item", "vision"}, {"text", "not a rating"}}, SubmissionKind::Idea);                 // another kind

    const RatingStats vision = s.box->rating_stats("vision").value();
    CHECK(vision.count == 2);
    CHECK(vision.average == doctest::Approx(3.5));
    const RatingStats pflege = s.box->rating_stats("pflege").value();
    CHECK(pflege.count == 1);
    CHECK(pflege.average == doctest::Approx(1.0));
    const RatingStats none = s.box->rating_stats("sport").value();
    CHECK(none.count == 0);
    CHECK(none.average == doctest::Approx(0.0));
}

TEST_CASE("a rating changed twice in one visit counts once with its last value") {
    Store s;
    const Submission a = s.add(rating("sport", 1));
    const Submission b = s.add({{"item", "sport"}, {"stars", 5}, {"replaces", a.id}});
    s.add({{"item", "sport"}, {"stars", 3}, {"replaces", b.id}});
    const RatingStats r = s.box->rating_stats("sport").value();
    CHECK(r.count == 1);
    CHECK(r.average == doctest::Approx(3.0));
}

// ---------------------------------------------------------------- real files

TEST_CASE("the database refuses to change a record or delete one that was not delivered") {
    const TempDir dir("outbox");
    const fs::path db = dir / "outbox.db";
    Store s(db.string());
    const Submission pending = s.add(rating("vision", 4));
    const Submission delivered = s.add(rating("vision", 5));
    REQUIRE(*s.box->mark_delivered(delivered.id, "receipt-1"));

    RawConnection raw(db);
    const auto update = raw.exec("UPDATE submissions SET payload = 'x' WHERE id = '" + pending.id + "'");
    REQUIRE(update.has_value());
    CHECK(contains(*update, "submissions are immutable"));
    const auto update_delivered = raw.exec("UPDATE submissions SET payload = 'x' WHERE id = '" + delivered.id + "'");
    REQUIRE(update_delivered.has_value());
    CHECK(contains(*update_delivered, "submissions are immutable"));

    const auto del = raw.exec("DELETE FROM submissions WHERE id = '" + pending.id + "'");
    REQUIRE(del.has_value());
    CHECK(contains(*del, "only delivered submissions may be deleted"));
    const auto del_all = raw.exec("DELETE FROM submissions");
    REQUIRE(del_all.has_value());

    CHECK(raw.text("SELECT payload FROM submissions WHERE id = '" + pending.id + "'") == pending.payload);
    CHECK(raw.text("SELECT count(*) FROM submissions") == "2");

    // A delivered record may go (this connection, like the sqlite3 shell, has foreign keys off).
    CHECK_FALSE(raw.exec("DELETE FROM submissions WHERE id = '" + delivered.id + "'").has_value());
    CHECK(raw.text("SELECT count(*) FROM submissions") == "1");
    CHECK(s.box->find(pending.id).value().has_value());
    CHECK_FALSE(s.box->find(delivered.id).value().has_value());
}

TEST_CASE("a real outbox file uses write-ahead logging") {
    const TempDir dir("outbox");
    const fs::path db = dir / "outbox.db";
    Store s(db.string());
    s.add(rating("vision", 4));
    RawConnection raw(db);
    CHECK(raw.text("PRAGMA journal_mode") == "wal");
    CHECK(raw.text("PRAGMA user_version") == std::to_string(Outbox::k_schema_version));
    CHECK(fs::exists(db.string() + "-wal"));
    // synchronous=FULL is a setting of the app's own connection and cannot be seen from here.
}

TEST_CASE("a generated kiosk id is kept across reopening when none is configured") {
    const TempDir dir("outbox");
    const fs::path db = dir / "outbox.db";
    std::string generated;
    {
        Store s(db.string(), "");
        generated = s.box->kiosk_id();
        CHECK(generated.rfind("kiosk-", 0) == 0);
        CHECK(generated.size() == 6 + 12);
        CHECK(s.add(rating("vision", 4)).kiosk_id == generated);
    }
    {
        Store s(db.string(), "", k_start_ms + 60'000);
        CHECK(s.box->kiosk_id() == generated);
        CHECK(s.add(rating("vision", 4)).kiosk_id == generated);
    }
    {
        // A configured id wins.
        Store s(db.string(), "bochum-hbf", k_start_ms + 120'000);
        CHECK(s.box->kiosk_id() == "bochum-hbf");
    }
}

TEST_CASE("reopening a real outbox file keeps every record and state, and the sequence continues") {
    const TempDir dir("outbox");
    const fs::path db = dir / "outbox.db";
    Submission a, b, c;
    {
        Store s(db.string());
        CHECK(s.report.created);
        CHECK(s.report.migrated_from == 0);
        CHECK_FALSE(s.report.moved_aside.has_value());
        a = s.add(rating("vision", 4));
        b = s.add({{"forums", {"pflege", "sport", "kultur"}}}, SubmissionKind::Priorities);
        c = s.add({{"text", "Mehr Bänke"}, {"forum", nullptr}}, SubmissionKind::Idea);
        REQUIRE(*s.box->mark_delivered(a.id, "receipt-a"));
        REQUIRE(*s.box->quarantine(b.id, "unknown forum"));
        s.box->add_alert(alert_content_not_loaded("kept"));
    }
    Store s(db.string(), "kiosk-test", k_start_ms + 3'600'000);  // an hour later
    CHECK_FALSE(s.report.created);
    CHECK(s.report.migrated_from == Outbox::k_schema_version);
    CHECK_FALSE(s.report.moved_aside.has_value());
    for (const Submission& r : {a, b, c}) {
        const auto found = s.box->find(r.id).value();
        REQUIRE(found.has_value());
        CHECK(found->seq == r.seq);
        CHECK(found->kind == r.kind);
        CHECK(found->payload == r.payload);
        CHECK(found->payload_sha256 == r.payload_sha256);
        CHECK(found->created_at == r.created_at);
    }
    CHECK(s.box->state(a.id).value() == DeliveryState::Delivered);
    CHECK(s.box->state(b.id).value() == DeliveryState::Quarantined);
    CHECK(s.box->state(c.id).value() == DeliveryState::Pending);
    const OutboxCounts counts = s.box->counts().value();
    CHECK(counts.pending == 1);
    CHECK(counts.delivered == 1);
    CHECK(counts.quarantined == 1);
    REQUIRE(s.box->recent_alerts(5).value().size() == 1);
    CHECK(s.box->recent_alerts(5).value()[0].key == "alert_content_not_loaded");
    CHECK(s.box->recent_alerts(5).value()[0].message == "The new content could not be loaded: kept");
    CHECK(s.add(rating("vision", 2)).seq == 4);
    CHECK(s.box->integrity_check() == "ok");
}

TEST_CASE("a version 1 outbox from an old app is migrated to the current schema and keeps its records") {
    const TempDir dir("outbox");
    const fs::path db = dir / "outbox.db";
    const std::string fixture = read_file(source_dir() / "tests" / "unit" / "fixtures" / "outbox-v1.sql");
    REQUIRE_FALSE(fixture.empty());
    {
        RawConnection raw(db);
        const auto error = raw.exec(fixture);
        REQUIRE_MESSAGE(!error.has_value(), error.value_or(""));
        REQUIRE(raw.text("PRAGMA user_version") == "1");
    }

    Store s(db.string(), "");
    CHECK(s.report.migrated_from == 1);
    CHECK_FALSE(s.report.created);
    CHECK_FALSE(s.report.moved_aside.has_value());
    CHECK(s.box->kiosk_id() == "kiosk-0000000a0001");  // the id the old app stored

    const auto old_rating = s.box->find("0197c4ff-ffe8-7000-8000-000000001001").value();
    REQUIRE(old_rating.has_value());
    CHECK(old_rating->seq == 1);
    CHECK(old_rating->payload == R"({"item":"vision","stars":4})");
    CHECK(old_rating->payload_sha256 == sha256_hex(old_rating->payload));
    const auto idea = s.box->find("0197c500-e660-7000-8000-000000001003").value();
    REQUIRE(idea.has_value());
    CHECK(idea->kind == SubmissionKind::Idea);
    CHECK(idea->payload == R"({"forum":"pflege","text":"Mehr Bänke im Park"})");
    CHECK(idea->payload_sha256 == sha256_hex(idea->payload));

    CHECK(s.box->state("0197c4ff-ffe8-7000-8000-000000001001").value() == DeliveryState::Delivered);
    CHECK(s.box->state("0197c500-0f88-7000-8000-000000001002").value() == DeliveryState::Pending);
    const OutboxCounts c = s.box->counts().value();
    CHECK(c.pending == 2);
    CHECK(c.delivered == 1);
    CHECK(seqs(s.box->pending(10).value()) == std::vector<std::int64_t>{2, 3});
    // The old re-rating replaces the old rating in the local results.
    const RatingStats vision = s.box->rating_stats("vision").value();
    CHECK(vision.count == 1);
    CHECK(vision.average == doctest::Approx(2.0));

    // What version 2 added works: alerts (with version 5's key) and the new indexes.
    s.box->add_alert(alert_exported(2, "/media/stick/ruhr-kiosk/export/kiosk-0000000a0001-x", "ab"));
    REQUIRE(s.box->recent_alerts(1).value().size() == 1);
    CHECK(s.box->recent_alerts(1).value()[0].params["count"] == 2);
    CHECK(s.add(rating("vision", 5)).seq == 4);
    CHECK(s.box->integrity_check() == "ok");
    s.box.reset();

    RawConnection raw(db);
    CHECK(raw.text("PRAGMA user_version") == std::to_string(Outbox::k_schema_version));
    CHECK(raw.text("SELECT count(*) FROM sqlite_master WHERE name IN ('alerts', 'delivery_by_state', "
                   "'submissions_by_kind')") == "3");
    CHECK(raw.text("SELECT receipt FROM delivery WHERE id = '0197c4ff-ffe8-7000-8000-000000001001'") ==
          "collector-receipt-0001");
    // The triggers of version 1 still guard the old records.
    CHECK(raw.exec("UPDATE submissions SET payload = 'x' WHERE seq = 2").has_value());
}

TEST_CASE("a version 4 outbox with free-text alerts is migrated to keyed alerts and keeps its records and alerts") {
    const TempDir dir("outbox");
    const fs::path db = dir / "outbox.db";
    const std::string fixture = read_file(source_dir() / "tests" / "unit" / "fixtures" / "outbox-v4.sql");
    REQUIRE_FALSE(fixture.empty());
    {
        RawConnection raw(db);
        const auto error = raw.exec(fixture);
        REQUIRE_MESSAGE(!error.has_value(), error.value_or(""));
        REQUIRE(raw.text("PRAGMA user_version") == "4");
    }

    Store s(db.string(), "", k_start_ms + 400LL * 86'400'000);  // later than the fixture's records
    CHECK(s.report.migrated_from == 4);
    CHECK_FALSE(s.report.created);
    CHECK_FALSE(s.report.moved_aside.has_value());
    CHECK(s.box->kiosk_id() == "kiosk-essen-04");

    // Every record, its state and its number.
    const OutboxCounts c = s.box->counts().value();
    CHECK(c.delivered == 1);
    CHECK(c.quarantined == 1);
    CHECK(c.pending == 2);
    CHECK(seqs(s.box->pending(10).value()) == std::vector<std::int64_t>{3, 4});
    const auto idea = s.box->find("0199a1b0-6000-7000-8000-000000004002").value();
    REQUIRE(idea.has_value());
    CHECK(idea->payload == R"({"forum":"umwelt","text":"Mehr Bäume an der Ruhr"})");
    CHECK(idea->payload_sha256 == sha256_hex(idea->payload));
    const auto aside = s.box->quarantined(5).value();
    REQUIRE(aside.size() == 1);
    CHECK(aside[0].reason == "collector: conflict: id already stored with another payload hash");
    CHECK(s.box->state("0199a1b0-5c00-7000-8000-000000004001").value() == DeliveryState::Delivered);
    CHECK(s.box->highest_seq().value() == 4);

    // The old alerts, newest first, word for word and without keys.
    const auto old_alerts = s.box->recent_alerts(10).value();
    REQUIRE(old_alerts.size() == 3);
    CHECK(old_alerts[0].created_at == "2026-11-26T09:31:00.000Z");
    CHECK(old_alerts[0].level == "error");
    CHECK(old_alerts[0].message == "The collector refused this kiosk's token (HTTP 401: unknown token)");
    CHECK(old_alerts[1].level == "info");
    CHECK(old_alerts[1].message ==
          "exported 3 records to /media/usb0/ruhr-kiosk/export/kiosk-essen-04-20261126T093000Z (SHA-256 "
          "5d41402abc4b...)");
    CHECK(old_alerts[2].level == "warning");
    for (const Alert& a : old_alerts) {
        CHECK(a.key.empty());
        CHECK(a.params == nlohmann::json::object());
    }

    // New alerts get their key and parameters; the next record its number.
    s.box->add_alert(alert_statement_written(4, 2, 4, "/media/usb0/ruhr-kiosk/statements/kiosk-essen-04-x"));
    const Alert fresh = s.box->recent_alerts(1).value().at(0);
    CHECK(fresh.key == "alert_statement_written_pending");
    CHECK(fresh.params["pending"] == 2);
    CHECK(fresh.params["folder"] == "kiosk-essen-04-x");
    CHECK(s.add(rating("vision", 5)).seq == 5);
    CHECK(s.box->integrity_check() == "ok");
    s.box.reset();

    RawConnection raw(db);
    CHECK(raw.text("PRAGMA user_version") == std::to_string(Outbox::k_schema_version));
    CHECK(raw.text("SELECT count(*) FROM alerts WHERE key IS NULL AND params IS NULL") == "3");
    CHECK(raw.text("SELECT count(*) FROM heartbeats") == "1");
    CHECK(raw.text("SELECT receipt FROM delivery WHERE id = '0199a1b0-5c00-7000-8000-000000004001'") ==
          "collector-receipt-4001");
    // The parameters are an object, and a key is never empty.
    CHECK(raw.exec("INSERT INTO alerts (created_at, level, message, key, params) VALUES ('t', 'info', 'm', 'k', '[1]')")
              .has_value());
    CHECK(raw.exec("INSERT INTO alerts (created_at, level, message, key, params) VALUES ('t', 'info', 'm', '', '{}')")
              .has_value());
    // The triggers of version 4 still guard the records: a pending one cannot be deleted.
    CHECK(raw.exec("DELETE FROM submissions WHERE seq = 3").has_value());
}

TEST_CASE("a damaged outbox file is moved aside and a fresh one is created with an error alert") {
    const TempDir dir("outbox");
    const fs::path db = dir / "outbox.db";
    std::string garbage;
    for (int i = 0; i < 8192; ++i) garbage += static_cast<char>((i * 131 + 7) % 251);
    write_file(db, garbage);

    Store s(db.string());
    REQUIRE(s.report.moved_aside.has_value());
    const std::string moved = *s.report.moved_aside;
    CHECK(contains(moved, "outbox.db.damaged-"));
    CHECK(contains(moved, "2025-11-24T16-00-00"));
    CHECK(read_file(moved) == garbage);  // kept for recovery, byte for byte
    CHECK(s.report.created);
    CHECK(s.box->integrity_check() == "ok");
    CHECK(s.add(rating("vision", 3)).seq == 1);

    const auto alerts = s.box->recent_alerts(5).value();
    REQUIRE(alerts.size() == 1);
    CHECK(alerts[0].level == "error");
    CHECK(contains(alerts[0].message, moved));
    CHECK(contains(alerts[0].message, "damaged"));
    // Staff read what happened and what to do; the file's name is for technical support's log.
    CHECK(alerts[0].key == "alert_outbox_moved_aside");
    const AlertTexts t = alert_texts(alerts[0]);
    CHECK(t.de.find("Die Datei mit den Beiträgen auf diesem Gerät war beschädigt.") == 0);
    CHECK(contains(t.de, "Bitte die technische Betreuung informieren"));
    CHECK(t.en.find("The file with the entries on this kiosk was damaged.") == 0);
    CHECK_FALSE(contains(t.de, "damaged-"));
}

TEST_CASE("a second damaged outbox in the same second does not overwrite the first one moved aside") {
    // Kiosks without a battery clock boot at the same wrong time again and again, so two
    // damaged files can get the same time stamp. Neither may be lost.
    const TempDir dir("outbox");
    const fs::path db = dir / "outbox.db";
    const std::string first(4096, 'A');
    const std::string second(4096, 'B');
    write_file(db, first);
    { Store s(db.string()); }
    write_file(db, second);
    { Store s(db.string()); }
    const auto moved = entries_with(dir.path(), ".damaged-");
    std::vector<std::string> contents;
    for (const fs::path& p : moved)
        if (!contains(p.filename().string(), "-wal") && !contains(p.filename().string(), "-shm"))
            contents.push_back(read_file(p));
    CHECK(std::count(contents.begin(), contents.end(), first) == 1);
    CHECK(std::count(contents.begin(), contents.end(), second) == 1);
}

TEST_CASE("an outbox from a newer app version is refused and left byte for byte unchanged") {
    const TempDir dir("outbox");
    const fs::path db = dir / "outbox.db";
    {
        RawConnection raw(db);
        REQUIRE_FALSE(raw.exec("CREATE TABLE future (x TEXT); INSERT INTO future VALUES ('from the future');"
                               "PRAGMA user_version = 99;")
                          .has_value());
    }
    const std::string before = sha256_hex(read_file(db));
    const auto files_before = entries_with(dir.path(), "outbox");

    ManualWallClock wall(k_start_ms);
    CountingIdSource ids;
    OutboxOpenReport report;
    const auto opened = Outbox::open(db.string(), "kiosk-test", wall, ids, &report);
    REQUIRE_FALSE(opened.ok());
    const std::string& msg = opened.error().message;
    CAPTURE(msg);
    CHECK(contains(msg, "99"));
    CHECK(contains(msg, "newer"));
    CHECK(contains(msg, "untouched"));
    CHECK_FALSE(report.moved_aside.has_value());

    CHECK(sha256_hex(read_file(db)) == before);
    CHECK(entries_with(dir.path(), "outbox") == files_before);  // no -wal, -shm or moved copy
    RawConnection raw(db);
    CHECK(raw.text("PRAGMA journal_mode") == "delete");  // not switched to WAL
    CHECK(raw.text("SELECT x FROM future") == "from the future");
}

TEST_CASE("a full disk makes add fail with a clear error and keeps what was stored") {
    // RLIMIT_FSIZE makes the write-ahead log unable to grow, as on a full disk; chmod would not
    // stop root, which runs these tests.
    const TempDir dir("outbox");
    const fs::path db = dir / "outbox.db";
    Store s(db.string());
    const Submission kept = s.add(rating("vision", 4));
    {
        const FileSizeLimit full(wal_room_for(db, 2));
        const auto failed = s.box->add(SubmissionKind::Idea, {{"text", "Mehr Bänke"}, {"forum", nullptr}}, k_ctx);
        REQUIRE_FALSE(failed.ok());
        CAPTURE(failed.error().message);
        CHECK(contains(failed.error().message, "disk is full"));
        // A staff alert is one page and still fits.
        s.box->add_alert(alert_store_failed(SubmissionKind::Idea, failed.error()));
    }
    CHECK(s.box->count_kind(SubmissionKind::Idea).value() == 0);
    CHECK(s.box->counts().value().pending == 1);
    CHECK(s.box->find(kept.id).value().has_value());
    REQUIRE(s.box->recent_alerts(1).value().size() == 1);
    // With room again the next record gets the next sequence number.
    CHECK(s.add({{"text", "Mehr Bänke"}, {"forum", nullptr}}, SubmissionKind::Idea).seq == 2);
    CHECK(s.box->integrity_check() == "ok");
}

TEST_CASE("a read-only outbox file is refused when opened, with a clear error, and keeps the records") {
    // The file is read-only, its folder is not: SQLite would open the file read-only and every
    // later store would fail in front of a visitor, so opening refuses it at once. Run as
    // "nobody", because root writes through any file mode.
    const TempDir dir("outbox");
    const fs::path folder = dir / "data";
    fs::create_directories(folder);
    const fs::path db = folder / "outbox.db";
    {
        Store s(db.string());
        s.add(rating("vision", 4));
    }
    fs::permissions(db, fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
    if (::geteuid() == 0) REQUIRE(::chown(folder.c_str(), 65534, 65534) == 0);  // nobody may write the folder
    const std::string before = sha256_hex(read_file(db));

    const std::string result = run_as_unprivileged([&]() -> std::string {
        ManualWallClock wall(k_start_ms + 60'000);
        CountingIdSource ids;
        auto opened = Outbox::open(db.string(), "kiosk-test", wall, ids);
        if (!opened) return "open failed: " + opened.error().message;
        const std::int64_t pending = (*opened)->counts().value().pending;
        auto added = (*opened)->add(SubmissionKind::Rating, {{"item", "vision"}, {"stars", 2}}, k_ctx);
        if (!added) return "add failed (" + std::to_string(pending) + " pending): " + added.error().message;
        return "stored";
    });
    CAPTURE(result);
    CHECK(result.rfind("open failed: ", 0) == 0);
    CHECK(contains(result, "read-only"));
    CHECK(entries_with(folder, ".damaged-").empty());
    CHECK(sha256_hex(read_file(db)) == before);
}

TEST_CASE("an outbox on read-only storage is refused as read-only and is not moved aside") {
    // The data folder of a kiosk can become read-only (a card remounted read-only after
    // errors). The outbox must say so, not call a sound file damaged.
    const TempDir dir("outbox");
    const fs::path folder = dir / "data";
    fs::create_directories(folder);
    const fs::path db = folder / "outbox.db";
    std::string kept_id;
    {
        Store s(db.string());
        kept_id = s.add(rating("vision", 4)).id;
    }
    fs::permissions(db, fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
    fs::permissions(folder, fs::perms::owner_read | fs::perms::owner_exec | fs::perms::group_read |
                                fs::perms::group_exec | fs::perms::others_read | fs::perms::others_exec);
    const std::string before = sha256_hex(read_file(db));

    const std::string result = run_as_unprivileged([&]() -> std::string {
        ManualWallClock wall(k_start_ms);
        CountingIdSource ids;
        OutboxOpenReport report;
        auto opened = Outbox::open(db.string(), "kiosk-test", wall, ids, &report);
        if (!opened) return "open failed: " + opened.error().message;
        auto added = (*opened)->add(SubmissionKind::Rating, {{"item", "vision"}, {"stars", 2}}, k_ctx);
        if (!added) return "add failed: " + added.error().message;
        return "stored";
    });
    fs::permissions(folder, fs::perms::owner_all);
    CAPTURE(result);
    CHECK(result != "stored");
    CHECK(contains(result, "read-only"));
    CHECK_FALSE(contains(result, "damaged"));
    CHECK(fs::exists(db));
    CHECK(entries_with(folder, ".damaged-").empty());
    CHECK(sha256_hex(read_file(db)) == before);
}

TEST_CASE("an outbox locked by another program is not mistaken for a damaged one") {
    // A second program (the sqlite3 shell of a technician, a backup) may hold the file; the
    // healthy outbox with its pending records must stay where it is.
    const TempDir dir("outbox");
    const fs::path db = dir / "outbox.db";
    std::string kept_id;
    {
        Store s(db.string());
        kept_id = s.add(rating("vision", 4)).id;
    }
    RawConnection other(db);
    REQUIRE_FALSE(other.exec("PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE;").has_value());

    ManualWallClock wall(k_start_ms);
    CountingIdSource ids;
    OutboxOpenReport report;
    const auto opened = Outbox::open(db.string(), "kiosk-test", wall, ids, &report);  // waits for the busy timeout
    CHECK_FALSE(report.moved_aside.has_value());
    CHECK(entries_with(dir.path(), ".damaged-").empty());
    if (!opened.ok()) {
        CHECK(contains(opened.error().message, "locked"));
    } else {
        CHECK((*opened)->find(kept_id).value().has_value());
    }
    REQUIRE_FALSE(other.exec("COMMIT;").has_value());
}
