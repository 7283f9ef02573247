// Offline transfer by USB stick, kiosk side: the export folder (submissions.jsonl and
// summary.json), what a full or pulled stick leaves behind, and receipt files coming back.

#include "base/crypto.h"
#include "kiosk/outbox.h"
#include "kiosk/outbox_export.h"
#include "test_support.h"

#include <doctest/doctest.h>

#include <set>
#include <sstream>

using namespace ruhr;
using namespace ruhr::test;

namespace {

// A temporary folder with a "stick" folder in it ...
struct Folders {
    TempDir dir{"usb-export"};

    Folders() { fs::create_directories(stick()); }
    fs::path stick() const { return dir / "stick"; }
};

// ... and an outbox file next to the stick (made first, so the outbox can open in it).
const std::optional<SigningPublicKey> k_collector_key = test_collector_keys().first;

struct Kiosk : Folders, TestOutbox {
    Kiosk() : TestOutbox((dir / "outbox.db").string(), "kiosk-essen-01") {
        REQUIRE(box->remember_export(k_test_export_sha).ok());
    }

    Submission add(SubmissionKind kind, const nlohmann::json& payload) {
        wall.advance_ms(1000);
        return add_record(kind, payload);
    }
    Submission rating(int stars) { return add(SubmissionKind::Rating, {{"item", "vision"}, {"stars", stars}}); }
    // One record of each kind, and one delivered and one set aside, in this order.
    struct Mixed {
        Submission r1, vote, idea, delivered, aside;
    };
    Mixed add_mixed(const std::string& idea_text) {
        Mixed m{rating(4), add(SubmissionKind::Priorities, {{"forums", {"pflege", "umwelt"}}}),
                add(SubmissionKind::Idea, {{"text", idea_text}, {"forum", nullptr}}), rating(2), rating(5)};
        REQUIRE(box->apply({{m.delivered.id, DeliveryState::Delivered, "c1-000000000000001"},
                            {m.aside.id, DeliveryState::Quarantined, "collector: rejected"}})
                    .ok());
        return m;
    }
    ExportSummary export_ok(ExportOptions options = {}) {
        auto r = export_outbox(*box, stick(), wall, std::move(options));
        REQUIRE_MESSAGE(r.ok(), (r.ok() ? std::string() : r.error().message));
        return *r;
    }
};

std::vector<nlohmann::json> lines_of(const fs::path& file) {
    std::vector<nlohmann::json> out;
    std::istringstream in(read_file(file));
    for (std::string line; std::getline(in, line);) out.push_back(nlohmann::json::parse(line));
    return out;
}

// Every entry below the stick's export folder, by name.
std::set<std::string> exports_on(const fs::path& stick) {
    std::set<std::string> names;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(stick / "ruhr-kiosk" / "export", ec)) names.insert(e.path().filename());
    return names;
}

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

// A receipt file as `ruhr-collector import` writes it, with its signature beside it (by the
// test collector's key unless `signer` is given).
void write_receipts(const fs::path& file, const std::string& kiosk, const std::vector<nlohmann::json>& receipts,
                    std::optional<std::size_t> promised = std::nullopt,
                    const std::string& export_sha = k_test_export_sha,
                    const SigningSecretKey& signer = test_collector_keys().second) {
    std::string text = receipts_header(kiosk, promised.value_or(receipts.size()), export_sha);
    for (const auto& r : receipts) text += r.dump() + "\n";
    write_signed_receipts(file, text, signer);
}

}  // namespace

TEST_CASE("an export holds the undelivered records as sync submissions and its summary carries their SHA-256") {
    Kiosk k;
    const auto [r1, vote, idea, delivered, aside] = k.add_mixed("Mehr Bänke am Rhein-Herne-Kanal");

    const ExportSummary s = k.export_ok();
    CHECK(s.directory.parent_path() == k.stick() / "ruhr-kiosk" / "export");
    CHECK(s.directory.filename() == "kiosk-essen-01-20251124T160005Z");
    CHECK(s.records == 4);
    const auto lines = lines_of(s.directory / "submissions.jsonl");
    REQUIRE(lines.size() == 4);
    std::vector<std::string> ids;
    for (const auto& l : lines) ids.push_back(l["id"]);
    CHECK(ids == std::vector<std::string>{r1.id, vote.id, idea.id, aside.id});  // by seq, delivered left out
    // Exactly the submission fields of POST /v1/sync, payload as the stored string.
    const nlohmann::json expected{{"id", idea.id},
                                  {"seq", idea.seq},
                                  {"kind", "idea"},
                                  {"kiosk_id", "kiosk-essen-01"},
                                  {"visit_id", k_ctx.visit_id},
                                  {"pack_id", k_ctx.pack_id},
                                  {"pack_version", k_ctx.pack_version},
                                  {"created_at", idea.created_at},
                                  {"payload", idea.payload},
                                  {"payload_sha256", idea.payload_sha256}};
    CHECK(lines[2] == expected);
    CHECK(sha256_hex(lines[2]["payload"].get<std::string>()) == idea.payload_sha256);

    const auto summary = nlohmann::json::parse(read_file(s.directory / "summary.json"));
    CHECK(summary["format"] == "ruhr-kiosk-export");
    CHECK(summary["format_version"] == 2);
    CHECK(summary["kiosk_id"] == "kiosk-essen-01");
    CHECK(summary["app_version"] == RUHR_KIOSK_VERSION);
    CHECK(summary["selection"] == "undelivered");
    CHECK(summary["records"] == 4);
    CHECK(summary["counts"]["by_kind"] == nlohmann::json{{"rating", 2}, {"priorities", 1}, {"idea", 1}});
    CHECK(summary["counts"]["by_state"] == nlohmann::json{{"pending", 3}, {"quarantined", 1}, {"delivered", 0}});
    CHECK(summary["created_at"]["first"] == r1.created_at);
    CHECK(summary["created_at"]["last"] == aside.created_at);
    CHECK(summary["seq"] == nlohmann::json{{"first", 1}, {"last", 5}});
    CHECK(summary["exported_at"] == iso8601_utc(k.wall.unix_ms()));
    const std::string bytes = read_file(s.directory / "submissions.jsonl");
    CHECK(summary["submissions_sha256"] == sha256_hex(bytes));
    CHECK(summary["submissions_bytes"] == bytes.size());
    CHECK(s.submissions_sha256 == sha256_hex(bytes));
    // Signed by this kiosk's key, which the summary names, over the summary's exact bytes.
    const SigningPublicKey own = signing_public_key_of(k.box->signing_key().value());
    CHECK(summary["kiosk_public_key"] == to_base64(own.data(), own.size()));
    const std::string signature = read_file(s.directory / "summary.json.sig");
    CHECK(verify_detached(read_file(s.directory / "summary.json"), signature.substr(0, signature.size() - 1), own));
    CHECK_FALSE(verify_detached(read_file(s.directory / "summary.json") + " ", signature, own));
    CHECK(k.box->made_export(s.submissions_sha256).value());

    SUBCASE("with the option for all records, delivered ones are included too") {
        k.wall.advance_ms(1000);
        ExportOptions all;
        all.selection = ExportSelection::All;
        const ExportSummary full = k.export_ok(all);
        CHECK(full.records == 5);
        CHECK(full.by_state.at("delivered") == 1);
        CHECK(lines_of(full.directory / "submissions.jsonl")[3]["id"] == delivered.id);
    }
}

TEST_CASE("contact data stays sealed in an export") {
    Kiosk k;
    const auto [pk, sk] = make_keypair();
    const std::string sealed = seal_to(R"({"email":"erika@example.org","name":"Erika","postcode":"44137"})", pk);
    const Submission idea =
        k.add(SubmissionKind::Idea,
              {{"text", "Radweg"}, {"forum", "umwelt"}, {"contact", {{"consent", true}, {"sealed", sealed}}}});
    const ExportSummary s = k.export_ok();
    const std::string bytes = read_file(s.directory / "submissions.jsonl");
    CHECK_FALSE(contains(bytes, "erika@example.org"));
    CHECK_FALSE(contains(bytes, "Erika"));
    const auto payload =
        nlohmann::json::parse(lines_of(s.directory / "submissions.jsonl")[0]["payload"].get<std::string>());
    CHECK(payload["contact"]["sealed"] == sealed);
    CHECK(open_sealed(sealed, pk, sk).value() == R"({"email":"erika@example.org","name":"Erika","postcode":"44137"})");
    CHECK(idea.payload == lines_of(s.directory / "submissions.jsonl")[0]["payload"]);
}

TEST_CASE("an export does not change any record's delivery state and records an alert for staff") {
    Kiosk k;
    for (int i = 0; i < 5; ++i) k.rating(1 + i);
    const auto before = k.box->counts().value();
    const auto pending_before = k.box->pending(100).value();
    const ExportSummary s = k.export_ok();
    const auto after = k.box->counts().value();
    CHECK(after.pending == before.pending);
    CHECK(after.delivered == 0);
    CHECK(after.quarantined == 0);
    CHECK(k.box->pending(100).value().size() == pending_before.size());
    REQUIRE_FALSE(k.box->recent_alerts(1).value().empty());
    const Alert alert = k.box->recent_alerts(1).value()[0];
    CHECK(alert.level == "info");
    CHECK(contains(alert.message, "exported 5 records to " + s.directory.string()));
    // The panel: the count and the export folder's own name, no path, no hash.
    CHECK(alert.key == "alert_exported");
    const std::string folder = s.directory.filename().string();
    const AlertTexts t = alert_texts(alert);
    CHECK(t.de == "5 Beiträge wurden auf den Stick kopiert (Ordner „" + folder +
                      "“ in „export“). Bringen Sie den Stick zu den Organisatoren.");
    CHECK(t.en == "5 entries were copied to the stick (folder “" + folder +
                      "” in “export”). Take the stick to the "
                      "organisers.");
    CHECK_FALSE(contains(t.de, k.stick().string()));
    // A second export the same second gets a folder of its own.
    const ExportSummary again = k.export_ok();
    CHECK(again.directory != s.directory);
    CHECK(again.submissions_sha256 == s.submissions_sha256);
}

TEST_CASE("a full stick fails the export with a clear error and leaves nothing under a final name") {
    Kiosk k;
    for (int i = 0; i < 200; ++i) k.rating(1 + i % 5);
    {
        // RLIMIT_FSIZE makes the write fail as on a full disk (EFBIG), also for root.
        const FileSizeLimit full(4096);
        const auto failed = export_outbox(*k.box, k.stick(), k.wall);
        REQUIRE_FALSE(failed.ok());
        CAPTURE(failed.error().message);
        CHECK(contains(failed.error().message, "the stick is full"));
        CHECK(contains(failed.error().message, "nothing was exported"));
    }
    CHECK(exports_on(k.stick()).empty());  // the partial folder was removed
    CHECK(k.box->counts().value().pending == 200);
    // With room again the export works.
    CHECK(k.export_ok().records == 200);
}

TEST_CASE("a stick pulled mid-export fails with a clear error, leaves no half export, and the kiosk keeps working") {
    Kiosk k;
    for (int i = 0; i < 300; ++i) k.rating(1 + i % 5);
    ExportOptions opts;
    // The stick's folder disappears while records are written, as when it is pulled.
    opts.progress = [&](std::int64_t written) {
        if (written == 100) fs::remove_all(k.stick() / "ruhr-kiosk");
    };
    const auto failed = export_outbox(*k.box, k.stick(), k.wall, opts);
    REQUIRE_FALSE(failed.ok());
    CAPTURE(failed.error().message);
    CHECK(contains(failed.error().message, "the stick was removed"));
    CHECK_FALSE(fs::exists(k.stick() / "ruhr-kiosk"));
    CHECK(k.box->counts().value().pending == 300);
    k.rating(3);  // storing still works
    CHECK(k.box->counts().value().pending == 301);
    CHECK(k.box->integrity_check() == "ok");
}

TEST_CASE("an export to a stick that is not mounted is a clear error") {
    Kiosk k;
    k.rating(4);
    const auto failed = export_outbox(*k.box, k.dir / "no-stick", k.wall);
    REQUIRE_FALSE(failed.ok());
    CHECK(contains(failed.error().message, "the stick was removed"));
    CHECK_FALSE(fs::exists(k.dir / "no-stick"));
}

TEST_CASE("receipts from the collector's import deliver exactly the records they name") {
    Kiosk k;
    const Submission a = k.rating(1), b = k.rating(2), c = k.rating(3), d = k.rating(4), e = k.rating(5);
    const fs::path file = k.dir / "receipts.jsonl";
    write_receipts(file, "kiosk-essen-01",
                   {{{"id", a.id}, {"status", "stored"}, {"receipt", "c1-000000000000001"}},
                    {{"id", b.id}, {"status", "duplicate"}, {"receipt", "c1-000000000000002"}},
                    {{"id", c.id}, {"status", "conflict"}, {"reason", "id already stored with another payload hash"}},
                    {{"id", "019ab3a2-0000-7000-8000-0000000000ff"}, {"status", "stored"}, {"receipt", "c1-9"}},
                    {{"id", nullptr}, {"status", "rejected"}, {"reason", "id missing"}}});
    auto applied = import_receipts(*k.box, file, k_collector_key);
    REQUIRE_MESSAGE(applied.ok(), (applied.ok() ? std::string() : applied.error().message));
    CHECK(applied->lines == 5);
    CHECK(applied->delivered == 2);
    CHECK(applied->quarantined == 1);
    CHECK(applied->unknown == 2);
    CHECK(k.box->state(a.id).value() == DeliveryState::Delivered);
    CHECK(k.box->state(b.id).value() == DeliveryState::Delivered);
    CHECK(k.box->state(c.id).value() == DeliveryState::Quarantined);
    CHECK(k.box->state(d.id).value() == DeliveryState::Pending);
    CHECK(k.box->state(e.id).value() == DeliveryState::Pending);
    REQUIRE(k.box->quarantined(1).value().size() == 1);
    CHECK(contains(k.box->quarantined(1).value()[0].reason, "conflict"));
    CHECK(k.box->pending(10).value().size() == 2);
    // Staff read what the file did and why the one record was set aside, in their language.
    const auto alerts = k.box->recent_alerts(2).value();
    REQUIRE(alerts.size() == 2);
    CHECK(alerts[0].key == "alert_receipts_applied");
    const AlertTexts applied_text = alert_texts(alerts[0]);
    CHECK(applied_text.de == "Empfangsbestätigungen vom Stick übernommen (Ordner „" + k.dir.path().filename().string() +
                                 "“). Als angekommen bestätigt: 2. Aussortiert: 1.");
    CHECK(applied_text.en == "Receipts taken from the stick (folder “" + k.dir.path().filename().string() +
                                 "”). Confirmed as received: 2. Set aside: 1.");
    CHECK(alerts[1].key == "alert_set_aside");
    CHECK(alerts[1].level == "warning");
    CHECK(contains(alerts[1].message, "id already stored with another payload hash"));  // for the log
    const AlertTexts aside_text = alert_texts(alerts[1]);
    CHECK(
        contains(aside_text.de, "Der Server der Organisatoren hat schon einen anderen Beitrag mit derselben Kennung."));
    CHECK(contains(aside_text.de, "(Kennung des Beitrags: " + c.id + ")"));
    CHECK(contains(aside_text.en, "The organisers' server already has a different entry with the same ID."));

    SUBCASE("applying the same file again changes nothing, and a delivered record is never set aside") {
        write_receipts(file, "kiosk-essen-01",
                       {{{"id", a.id}, {"status", "rejected"}, {"reason", "late"}},
                        {{"id", b.id}, {"status", "duplicate"}, {"receipt", "c1-000000000000002"}}});
        auto again = import_receipts(*k.box, file, k_collector_key);
        REQUIRE(again.ok());
        CHECK(again->already_delivered == 1);
        CHECK(k.box->state(a.id).value() == DeliveryState::Delivered);
        CHECK(k.box->counts().value().delivered == 2);
    }
}

TEST_CASE("a receipt file not signed by the collector is refused and changes nothing") {
    Kiosk k;
    const Submission a = k.rating(1), b = k.rating(2);
    const fs::path file = k.dir / "receipts.jsonl";
    const std::vector<nlohmann::json> both{{{"id", a.id}, {"status", "stored"}, {"receipt", "c1-1"}},
                                           {{"id", b.id}, {"status", "stored"}, {"receipt", "c1-2"}}};
    const auto refused_with = [&](const std::string& words) {
        const auto r = import_receipts(*k.box, file, k_collector_key);
        REQUIRE_FALSE(r.ok());
        CAPTURE(r.error().message);
        CHECK(contains(r.error().message, words));
        CHECK(contains(r.error().message, "nothing was changed"));
        CHECK(k.box->counts().value().pending == 2);
    };
    SUBCASE("no signature beside it: made by hand from the ids on the stick") {
        write_receipts(file, "kiosk-essen-01", both);
        fs::remove(file.string() + ".sig");
        refused_with("is not signed");
    }
    SUBCASE("signed by another key") {
        write_receipts(file, "kiosk-essen-01", both, std::nullopt, k_test_export_sha, make_signing_keypair().second);
        refused_with("does not carry the collector's signature");
    }
    SUBCASE("signed, then changed: a quarantine turned into a delivery") {
        write_receipts(file, "kiosk-essen-01",
                       {{{"id", a.id}, {"status", "stored"}, {"receipt", "c1-1"}},
                        {{"id", b.id}, {"status", "rejected"}, {"reason", "broken"}}});
        std::string text = read_file(file);
        const auto at = text.find(R"("reason":"broken","status":"rejected")");
        REQUIRE(at != std::string::npos);
        text.replace(at, 37, R"("receipt":"c1-0002","status":"stored")");
        write_file(file, text);
        refused_with("does not carry the collector's signature");
    }
    SUBCASE("genuinely signed, but answering an export this kiosk never wrote") {
        write_receipts(file, "kiosk-essen-01", both, std::nullopt, std::string(64, 'b'));
        refused_with("did not write");
    }
    SUBCASE("a kiosk that does not know the collector's key applies no receipts at all") {
        write_receipts(file, "kiosk-essen-01", both);
        const auto r = import_receipts(*k.box, file, std::nullopt);
        REQUIRE_FALSE(r.ok());
        CHECK(contains(r.error().message, "public_key"));
        CHECK(k.box->counts().value().pending == 2);
    }
    // And the genuine file still works afterwards.
    write_receipts(file, "kiosk-essen-01", both);
    const auto applied = import_receipts(*k.box, file, k_collector_key);
    REQUIRE(applied.ok());
    CHECK(applied->delivered == 2);
}

TEST_CASE("a receipt file for another kiosk is refused and changes nothing") {
    Kiosk k;
    const Submission a = k.rating(1);
    const fs::path file = k.dir / "receipts.jsonl";
    write_receipts(file, "kiosk-bochum-02", {{{"id", a.id}, {"status", "stored"}, {"receipt", "c1-1"}}});
    const auto refused = import_receipts(*k.box, file, k_collector_key);
    REQUIRE_FALSE(refused.ok());
    CHECK(contains(refused.error().message, "kiosk-bochum-02"));
    CHECK(contains(refused.error().message, "not of this kiosk"));
    CHECK(k.box->state(a.id).value() == DeliveryState::Pending);
}

TEST_CASE("a receipt file cut short or with a bad line is refused and changes nothing") {
    Kiosk k;
    const Submission a = k.rating(1), b = k.rating(2);
    const fs::path file = k.dir / "receipts.jsonl";
    write_receipts(file, "kiosk-essen-01", {{{"id", a.id}, {"status", "stored"}, {"receipt", "c1-1"}}}, 2);
    auto cut = import_receipts(*k.box, file, k_collector_key);
    REQUIRE_FALSE(cut.ok());
    CHECK(contains(cut.error().message, "cut short"));
    write_receipts(file, "kiosk-essen-01",
                   {{{"id", a.id}, {"status", "stored"}, {"receipt", "c1-1"}},
                    {{"id", b.id}, {"status", "stored"}}});  // no receipt
    auto bad = import_receipts(*k.box, file, k_collector_key);
    REQUIRE_FALSE(bad.ok());
    CHECK(contains(bad.error().message, "line 3"));
    write_file(file, "{\"format\":\"something else\"}\n");
    CHECK_FALSE(import_receipts(*k.box, file, k_collector_key).ok());
    CHECK(k.box->counts().value().pending == 2);
}

TEST_CASE("the closing statement states every record the outbox holds, in one signed SHA-256") {
    Kiosk k;
    const auto [r1, vote, idea, delivered, aside] = k.add_mixed("Mehr Bänke am Kanal");

    auto written = write_closing_statement(*k.box, k.stick(), k.wall);
    REQUIRE_MESSAGE(written.ok(), (written.ok() ? std::string() : written.error().message));
    CHECK(written->directory.parent_path() == k.stick() / "ruhr-kiosk" / "statements");
    CHECK(written->directory.filename() == "kiosk-essen-01-20251124T160005Z");
    const std::string text = read_file(written->directory / "statement.json");
    auto parsed = parse_statement(nlohmann::json::parse(text));
    REQUIRE(parsed.ok());
    const ClosingStatement& s = *parsed;
    CHECK(s.kiosk_id == "kiosk-essen-01");
    CHECK(s.made_at == iso8601_utc(k.wall.unix_ms()));
    CHECK(s.highest_seq == 5);
    CHECK(s.held == std::vector<SeqRange>{{1, 5}});
    CHECK(s.records == 5);  // delivered and set-aside records too: all the kiosk holds
    CHECK(s.by_kind == std::map<std::string, std::int64_t>{{"rating", 3}, {"priorities", 1}, {"idea", 1}});
    CHECK(s.by_state == std::map<std::string, std::int64_t>{{"pending", 3}, {"quarantined", 1}, {"delivered", 1}});
    // The SHA-256 over the records' digest lines, as the collector computes it from its copies.
    std::string lines;
    for (const Submission& r : {r1, vote, idea, delivered, aside}) lines += records_digest_line(r);
    CHECK(s.records_sha256 == sha256_hex(lines));
    const SigningPublicKey own = signing_public_key_of(k.box->signing_key().value());
    CHECK(s.kiosk_public_key == to_base64(own.data(), own.size()));
    CHECK(verify_detached(text, read_file(written->directory / "statement.json.sig"), own));
    CHECK(written->statement.records_sha256 == s.records_sha256);
    // Only read: every record keeps its state.
    CHECK(k.box->counts().value().pending == 3);
    const Alert stated = k.box->recent_alerts(1).value().at(0);
    CHECK(stated.message.find("closing statement of 5 records") != std::string::npos);
    CHECK(stated.key == "alert_statement_written_pending");
    const AlertTexts t = alert_texts(stated);
    const std::string folder = written->directory.filename().string();
    CHECK(t.de == "Abschlussbericht auf den Stick geschrieben (Ordner „" + folder +
                      "“ in „statements“): 5 Beiträge, davon 3 noch nicht übertragen. Kopieren Sie auch die Beiträge "
                      "auf den Stick.");
    CHECK(t.en == "Closing report written to the stick (folder “" + folder +
                      "” in “statements”): 5 entries, 3 of them not sent yet. Copy the entries to the stick too.");

    SUBCASE("delivered records deleted by the retention leave a gap, and the highest number stays") {
        k.wall.advance_ms(86'400'000);
        REQUIRE(k.box->delete_delivered_before(iso8601_utc(k.wall.unix_ms()), 100).value().count == 1);
        auto again = write_closing_statement(*k.box, k.stick(), k.wall);
        REQUIRE(again.ok());
        CHECK(again->directory.filename() != written->directory.filename());
        CHECK(again->statement.held == std::vector<SeqRange>{{1, 3}, {5, 5}});
        CHECK(again->statement.highest_seq == 5);
        CHECK(again->statement.records == 4);
        std::string kept;
        for (const Submission& r : {r1, vote, idea, aside}) kept += records_digest_line(r);
        CHECK(again->statement.records_sha256 == sha256_hex(kept));
    }
}

TEST_CASE("an export and a closing statement of an outbox without records tell staff there are none") {
    Kiosk k;
    const ExportSummary s = k.export_ok();
    CHECK(s.records == 0);
    const Alert exported = k.box->recent_alerts(1).value().at(0);
    CHECK(exported.key == "alert_exported");
    CHECK(exported.params["count"] == 0);
    const AlertTexts e = alert_texts(exported);
    CHECK(e.de.find("Kein Beitrag musste auf den Stick kopiert werden") == 0);
    CHECK(e.en.find("No entry needed to be copied to the stick") == 0);

    auto written = write_closing_statement(*k.box, k.stick(), k.wall);
    REQUIRE(written.ok());
    CHECK(written->statement.records == 0);
    const Alert stated = k.box->recent_alerts(1).value().at(0);
    CHECK(stated.key == "alert_statement_written");
    const AlertTexts t = alert_texts(stated);
    const std::string folder = written->directory.filename().string();
    CHECK(t.de == "Abschlussbericht auf den Stick geschrieben (Ordner „" + folder +
                      "“ in „statements“): keine Beiträge auf diesem Gerät.");
    CHECK(t.en == "Closing report written to the stick (folder “" + folder +
                      "” in “statements”): no entries on this "
                      "kiosk.");
}
