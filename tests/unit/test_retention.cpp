// Retention on the kiosk (issue 14, finding 8): delivered records are deleted some days after
// their receipt, undelivered ones never, the sequence never goes back, and the worker runs off
// the UI thread at start and then periodically.

#include "kiosk/config.h"
#include "kiosk/outbox.h"
#include "kiosk/retention.h"
#include "test_support.h"
#include "virtual_clock.h"

#include <doctest/doctest.h>

#include <mutex>
#include <string>
#include <vector>

using namespace ruhr;
using namespace ruhr::test;

namespace {

constexpr std::int64_t k_day_ms = 24LL * 60 * 60 * 1000;

nlohmann::json rating(int stars) { return {{"item", "vision"}, {"stars", stars}}; }

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

Result<FileConfig> load_toml(const TempDir& dir, const std::string& toml) {
    const fs::path path = dir / "kiosk.toml";
    write_file(path, toml);
    return load_config_file(path.string());
}

}  // namespace

TEST_CASE("retention deletes records delivered more than N days ago and never a pending or quarantined one") {
    TestOutbox s;
    const Submission old_delivered = s.add_record(SubmissionKind::Rating, rating(1));
    const Submission pending = s.add_record(SubmissionKind::Rating, rating(2));
    const Submission quarantined = s.add_record(SubmissionKind::Rating, rating(3));
    const Submission old_delivered_2 = s.add_record(SubmissionKind::Rating, rating(4));
    REQUIRE(*s.box->mark_delivered(old_delivered.id, "r-1"));
    REQUIRE(*s.box->mark_delivered(old_delivered_2.id, "r-4"));
    REQUIRE(*s.box->quarantine(quarantined.id, "conflict"));
    s.wall.advance_ms(20 * k_day_ms);
    const Submission recent = s.add_record(SubmissionKind::Rating, rating(5));
    REQUIRE(*s.box->mark_delivered(recent.id, "r-5"));

    // 25 days after the first receipts: only those two are older than 21 days.
    s.wall.advance_ms(5 * k_day_ms);
    const auto pass = delete_expired_records(*s.box, 21, s.wall.unix_ms());
    REQUIRE(pass.ok());
    CHECK(pass->deleted.count == 2);
    CHECK(pass->deleted.first_seq == old_delivered.seq);
    CHECK(pass->deleted.last_seq == old_delivered_2.seq);
    CHECK(pass->delivered_before == iso8601_utc(s.wall.unix_ms() - 21 * k_day_ms));
    CHECK_FALSE(s.box->find(old_delivered.id).value().has_value());
    CHECK_FALSE(s.box->find(old_delivered_2.id).value().has_value());
    CHECK(s.box->find(pending.id).value().has_value());
    CHECK(s.box->find(quarantined.id).value().has_value());
    CHECK(s.box->find(recent.id).value().has_value());
    CHECK(s.box->state(pending.id).value() == DeliveryState::Pending);
    CHECK(s.box->state(quarantined.id).value() == DeliveryState::Quarantined);
    const OutboxCounts c = s.box->counts().value();
    CHECK(c.pending == 1);
    CHECK(c.quarantined == 1);
    CHECK(c.delivered == 1);

    // However long a record waits for its receipt, it stays.
    s.wall.advance_ms(3000 * k_day_ms);
    const auto later = delete_expired_records(*s.box, 1, s.wall.unix_ms());
    REQUIRE(later.ok());
    CHECK(later->deleted.count == 1);  // the recent delivered one, now old
    CHECK(s.box->find(pending.id).value().has_value());
    CHECK(s.box->find(quarantined.id).value().has_value());
}

TEST_CASE("more delivered records than one transaction holds are all deleted, in batches") {
    TestOutbox s;
    std::vector<DeliveryUpdate> receipts;
    for (int i = 0; i < 1203; ++i) {
        const Submission r = s.add_record(SubmissionKind::Rating, rating(1 + i % 5));
        receipts.push_back({r.id, DeliveryState::Delivered, "r"});
    }
    const Submission pending = s.add_record(SubmissionKind::Rating, rating(3));
    REQUIRE(s.box->apply(receipts).value() == 1203);
    s.wall.advance_ms(31 * k_day_ms);
    const auto pass = delete_expired_records(*s.box, 30, s.wall.unix_ms());
    REQUIRE(pass.ok());
    CHECK(pass->deleted.count == 1203);
    CHECK(pass->deleted.first_seq == 1);
    CHECK(pass->deleted.last_seq == 1203);
    CHECK(s.box->counts().value().pending == 1);
    CHECK(s.box->find(pending.id).value().has_value());
}

TEST_CASE("the outbox's triggers refuse deleting an undelivered record or its delivery row, and undelivering one") {
    const TempDir dir("retention");
    const fs::path db = dir / "outbox.db";
    TestOutbox s(db.string());
    const Submission pending = s.add_record(SubmissionKind::Rating, rating(4));
    const Submission quarantined = s.add_record(SubmissionKind::Rating, rating(2));
    const Submission delivered = s.add_record(SubmissionKind::Rating, rating(5));
    REQUIRE(*s.box->quarantine(quarantined.id, "rejected"));
    REQUIRE(*s.box->mark_delivered(delivered.id, "receipt-1"));

    RawConnection raw(db);
    for (const Submission* r : {&pending, &quarantined}) {
        const auto del = raw.exec("DELETE FROM submissions WHERE id = '" + r->id + "'");
        REQUIRE(del.has_value());
        CHECK(contains(*del, "only delivered submissions may be deleted"));
        // Deleting the delivery row first would make the record look deletable: refused too.
        const auto del_state = raw.exec("DELETE FROM delivery WHERE id = '" + r->id + "'");
        REQUIRE(del_state.has_value());
        CHECK(contains(*del_state, "only delivered records may be deleted"));
    }
    const auto undeliver = raw.exec("UPDATE delivery SET state = 'pending' WHERE id = '" + delivered.id + "'");
    REQUIRE(undeliver.has_value());
    CHECK(contains(*undeliver, "a delivered record stays delivered"));
    CHECK(raw.text("SELECT count(*) FROM submissions") == "3");
    CHECK(raw.text("SELECT count(*) FROM delivery") == "3");

    // The outbox's own deletion obeys the same rule: with every cut-off, only the delivered one goes.
    const auto pass = delete_expired_records(*s.box, 1, s.wall.unix_ms() + 400 * k_day_ms);
    REQUIRE(pass.ok());
    CHECK(pass->deleted.count == 1);
    CHECK(raw.text("SELECT count(*) FROM submissions") == "2");
    CHECK(raw.text("SELECT count(*) FROM delivery") == "2");  // its delivery row went with it
}

TEST_CASE("sequence numbers continue after the newest records were delivered and deleted, also after reopening") {
    const TempDir dir("retention");
    const fs::path db = dir / "outbox.db";
    {
        TestOutbox s(db.string());
        std::vector<DeliveryUpdate> receipts;
        for (int i = 0; i < 3; ++i)
            receipts.push_back({s.add_record(SubmissionKind::Rating, rating(4)).id, DeliveryState::Delivered, "r"});
        REQUIRE(s.box->apply(receipts).value() == 3);
        const auto pass = delete_expired_records(*s.box, 1, s.wall.unix_ms() + 2 * k_day_ms);
        REQUIRE(pass.ok());
        REQUIRE(pass->deleted.count == 3);
        CHECK(s.box->counts().value().delivered == 0);
        // The heartbeat and the export still report the newest number ever made.
        CHECK(s.box->highest_seq().value() == 3);
        CHECK(s.add_record(SubmissionKind::Rating, rating(2)).seq == 4);
    }
    TestOutbox reopened(db.string());
    reopened.wall.advance_ms(1000);  // the id source counts from the start again: new ids, new times
    CHECK(reopened.box->highest_seq().value() == 4);
    CHECK(reopened.add_record(SubmissionKind::Rating, rating(2)).seq == 5);
}

TEST_CASE("an outbox migrated from version 3 keeps its last sequence number in meta") {
    const TempDir dir("retention");
    const fs::path db = dir / "outbox.db";
    {
        TestOutbox s(db.string());
        for (int i = 0; i < 2; ++i) s.add_record(SubmissionKind::Rating, rating(3));
    }
    {
        // Back to version 3, as the previous app left it: no last_seq, no retention triggers,
        // and alerts without keys (version 5).
        RawConnection raw(db);
        REQUIRE_FALSE(raw.exec("ALTER TABLE alerts DROP COLUMN key; ALTER TABLE alerts DROP COLUMN params; "
                               "DROP TRIGGER submissions_keep_last_seq; DROP TRIGGER delivery_kept_until_delivered; "
                               "DROP TRIGGER delivery_delivered_is_final; DROP INDEX delivery_delivered_at; "
                               "DELETE FROM meta WHERE key = 'last_seq'; PRAGMA user_version = 3;")
                          .has_value());
    }
    TestOutbox s(db.string());
    CHECK(s.report.migrated_from == 3);
    s.wall.advance_ms(1000);  // the id source counts from the start again: new ids, new times
    RawConnection raw(db);
    CHECK(raw.text("SELECT value FROM meta WHERE key = 'last_seq'") == "2");
    CHECK(s.add_record(SubmissionKind::Rating, rating(3)).seq == 3);
    CHECK(raw.text("SELECT value FROM meta WHERE key = 'last_seq'") == "3");
}

TEST_CASE("the retention worker deletes at start and again after its interval, on its own thread and connection") {
    const TempDir dir("retention");
    const fs::path db = dir / "outbox.db";
    TestOutbox s(db.string());
    const Submission first = s.add_record(SubmissionKind::Rating, rating(4));
    REQUIRE(*s.box->mark_delivered(first.id, "r-1"));
    s.wall.advance_ms(31 * k_day_ms);
    const Submission second = s.add_record(SubmissionKind::Rating, rating(5));
    REQUIRE(*s.box->mark_delivered(second.id, "r-2"));
    const Submission pending = s.add_record(SubmissionKind::Rating, rating(1));

    VirtualClock clock;
    std::mutex log_mutex;
    std::vector<std::string> log;
    RetentionSettings settings;
    settings.delete_delivered_after_days = 30;
    settings.interval_s = 3600;
    RetentionWorker worker(
        settings, [&] { return Outbox::open(db.string(), "kiosk-test", s.wall, s.ids); }, s.wall, clock,
        [&](const std::string& line) {
            std::lock_guard lock(log_mutex);
            log.push_back(line);
        });
    worker.start();
    REQUIRE(clock.wait_for_sleepers(1));
    CHECK(worker.passes() == 1);
    CHECK_FALSE(s.box->find(first.id).value().has_value());
    CHECK(s.box->find(second.id).value().has_value());
    {
        std::lock_guard lock(log_mutex);
        REQUIRE(log.size() == 1);
        CHECK(contains(log[0], "deleted 1 delivered record (seq 1-1)"));
    }
    const auto alerts = s.box->recent_alerts(1).value();
    REQUIRE(alerts.size() == 1);
    CHECK(alerts[0].level == "info");
    CHECK(contains(alerts[0].message, "deleted 1 delivered record"));
    CHECK(alerts[0].key == "alert_retention_deleted");
    CHECK(alerts[0].params["count"] == 1);
    const AlertTexts t = alert_texts(alerts[0]);
    CHECK(t.de ==
          "1 übertragener Beitrag wurde nach Ablauf seiner Aufbewahrungszeit von diesem Gerät gelöscht. Der Server der "
          "Organisatoren hat ihn. Sie müssen nichts tun.");
    CHECK(t.en ==
          "1 sent entry was deleted from this kiosk after its keeping time ran out. The organisers' server has "
          "it. Nothing to do.");

    // More than thirty days after the second receipt, once the hour has passed: it goes too.
    s.wall.advance_ms(31 * k_day_ms);
    clock.advance(3600);
    REQUIRE(clock.wait_for_sleepers(1));
    CHECK(worker.passes() == 2);
    CHECK_FALSE(s.box->find(second.id).value().has_value());
    CHECK(s.box->find(pending.id).value().has_value());
    worker.stop();
}

TEST_CASE("retention set to 0 days keeps every record and starts no thread") {
    RetentionSettings keep;
    keep.delete_delivered_after_days = 0;
    CHECK_FALSE(keep.enabled());
    VirtualClock clock;
    ManualWallClock wall;
    bool opened = false;
    RetentionWorker worker(
        keep,
        [&]() -> Result<std::unique_ptr<Outbox>> {
            opened = true;
            return Error{"not used"};
        },
        wall, clock, [](const std::string&) {});
    worker.start();
    worker.stop();
    CHECK_FALSE(opened);
    CHECK(worker.passes() == 0);
}

TEST_CASE("outbox.delete_delivered_after_days is checked by --check-config: 0 to 3650 whole days, default 30") {
    const TempDir dir("retention-config");
    const auto none = load_toml(dir, "[kiosk]\nid = \"kiosk-a\"\n");
    REQUIRE(none.ok());
    CHECK(none->retention.delete_delivered_after_days == 30);
    CHECK(none->retention.enabled());

    const auto keep = load_toml(dir, "[outbox]\ndelete_delivered_after_days = 0\n");
    REQUIRE(keep.ok());
    CHECK_FALSE(keep->retention.enabled());
    const auto week = load_toml(dir, "[outbox]\ndelete_delivered_after_days = 7\n");
    REQUIRE(week.ok());
    CHECK(week->retention.delete_delivered_after_days == 7);

    for (const char* bad : {"-1", "3651", "1.5", "\"30\"", "true"}) {
        CAPTURE(bad);
        const auto refused = load_toml(dir, std::string("[outbox]\ndelete_delivered_after_days = ") + bad + "\n");
        REQUIRE_FALSE(refused.ok());
        CHECK(contains(refused.error().message, "outbox.delete_delivered_after_days: must be a whole number"));
    }
}
