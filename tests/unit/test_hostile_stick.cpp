// A stick prepared by a stranger (issue 14, finding 1): links on the stick where the kiosk
// writes its import log, its export or reads receipts must not reach the kiosk's own disk.
// Each attack leaves the outbox byte for byte as it was, and the genuine stick still works.

#include "base/crypto.h"
#include "base/folder.h"
#include "kiosk/outbox_export.h"
#include "kiosk/staff.h"
#include "test_support.h"

#include <doctest/doctest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <thread>

using namespace ruhr;
using namespace ruhr::test;

namespace {

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

// A kiosk with an outbox file holding records, and a stick folder with ruhr-kiosk/ on it.
struct HostileStick {
    TempDir dir{"hostile-stick"};
    fs::path data = dir / "data";
    fs::path stick = dir / "stick";
    fs::path outbox_file = data / "outbox.db";
    std::unique_ptr<TestOutbox> kiosk;
    StaffSettings settings;

    HostileStick() {
        fs::create_directories(data);
        fs::create_directories(stick / "ruhr-kiosk");
        kiosk = std::make_unique<TestOutbox>(outbox_file.string(), "kiosk-essen-01");
        for (int stars = 1; stars <= 5; ++stars)
            kiosk->add_record(SubmissionKind::Rating, {{"item", "vision"}, {"stars", stars}});
        settings.data_dir = data;
        settings.builtin_pack_dir = default_pack_dir();
        // Only signed packs: the unsigned pack put on the stick is refused, as in the attack.
        settings.trust = {{make_pack_signing_key().public_key}, SignaturePolicy::Required};
        // Receipt files count only signed by the collector and answering an export of this kiosk.
        settings.collector_key = test_collector_keys().first;
        REQUIRE(kiosk->box->remember_export(k_test_export_sha).ok());
    }

    std::string outbox_bytes() const { return read_existing_file(outbox_file); }
    Volume volume() const { return {stick, "STRANGER"}; }

    // Links named like the import logs of every second from 10 s before to 10 s after now.
    void plant_log_links(const fs::path& target) const {
        fs::create_directories(stick / "ruhr-kiosk" / "logs");
        for (int s = -10; s <= 10; ++s) {
            const std::string stamp = format_utc(kiosk->wall.unix_ms() + s * 1000, UtcFormat::FileName);
            fs::create_symlink(target, stick / "ruhr-kiosk" / "logs" / ("import-" + stamp + ".txt"));
        }
    }

    // Runs one staff task to its end and returns its status.
    template <class Start>
    StaffTaskStatus run(Start start) {
        StaffTasks tasks(
            settings,
            [this]() -> Result<std::unique_ptr<Outbox>> {
                return Outbox::open(outbox_file.string(), "kiosk-essen-01", kiosk->wall, kiosk->ids);
            },
            kiosk->wall, [] {});
        REQUIRE(start(tasks));
        for (int i = 0; i < 2000 && tasks.status().running; ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        const StaffTaskStatus status = tasks.status();
        REQUIRE_FALSE(status.running);
        return status;
    }
    StaffTaskStatus import_pack() {
        fs::copy(default_pack_dir(), stick / "ruhr-kiosk" / "content", fs::copy_options::recursive);
        return run([&](StaffTasks& t) { return t.import_pack(volume(), {"", "1.0.0"}); });
    }
};

}  // namespace

TEST_CASE("import log names on the stick that link to the outbox leave the outbox untouched") {
    HostileStick k;
    const std::string before = k.outbox_bytes();
    k.plant_log_links(k.outbox_file);
    const StaffTaskStatus status = k.import_pack();
    CHECK(status.ok == std::optional<bool>(false));  // the unsigned pack is refused
    CAPTURE(status.detail);
    CHECK(k.outbox_bytes() == before);
    CHECK(k.kiosk->box->counts().value().pending == 5);
    CHECK(k.kiosk->box->integrity_check() == "ok");
    // The links are still links: a log is written beside them or not at all, never through one.
    for (const auto& e : fs::directory_iterator(k.stick / "ruhr-kiosk" / "logs"))
        if (fs::is_symlink(e.symlink_status())) CHECK(fs::read_symlink(e.path()) == k.outbox_file);
}

TEST_CASE("a logs folder or a ruhr-kiosk folder that links into the kiosk's data gets no log") {
    HostileStick k;
    const std::string before = k.outbox_bytes();
    SUBCASE("ruhr-kiosk/logs links to the data folder") {
        fs::create_directory_symlink(k.data, k.stick / "ruhr-kiosk" / "logs");
    }
    SUBCASE("a logs folder inside a linked folder") {
        fs::create_directories(k.dir / "elsewhere");
        fs::create_directory_symlink(k.data, k.dir / "elsewhere" / "logs");
        fs::remove_all(k.stick / "ruhr-kiosk");
        // import_pack() below puts the pack through this link too: such a stick offers one.
        fs::create_directory_symlink(k.dir / "elsewhere", k.stick / "ruhr-kiosk");
    }
    const StaffTaskStatus status = k.import_pack();
    CAPTURE(status.detail);
    CHECK(status.ok == std::optional<bool>(false));
    CHECK(k.outbox_bytes() == before);
    for (const auto& e : fs::directory_iterator(k.data)) CHECK(e.path().filename().string().rfind("import-", 0) != 0);
    CHECK_FALSE(contains(status.detail, "(log: "));
}

TEST_CASE("the genuine stick gets its import log") {
    HostileStick k;
    const StaffTaskStatus status = k.import_pack();
    CAPTURE(status.detail);
    CHECK(status.ok == std::optional<bool>(false));
    REQUIRE(contains(status.detail, "(log: ruhr-kiosk/logs/import-"));
    const std::string name = status.detail.substr(status.detail.find("import-"));
    const fs::path log = k.stick / "ruhr-kiosk" / "logs" / name.substr(0, name.find(')'));
    CHECK(contains(read_existing_file(log), "result: refused"));
}

TEST_CASE("an export folder on the stick that links onto the kiosk's disk is refused, and nothing is written there") {
    HostileStick k;
    const std::string before = k.outbox_bytes();
    fs::path planted;
    SUBCASE("ruhr-kiosk links to the data folder") {
        fs::remove_all(k.stick / "ruhr-kiosk");
        fs::create_directory_symlink(k.data, k.stick / "ruhr-kiosk");
        planted = k.data / "export";
    }
    SUBCASE("ruhr-kiosk/export links to the data folder") {
        fs::create_directory_symlink(k.data, k.stick / "ruhr-kiosk" / "export");
        planted = k.data;
    }
    SUBCASE("ruhr-kiosk/export is a file") { write_file(k.stick / "ruhr-kiosk" / "export", "not a folder"); }
    const auto failed = export_outbox(*k.kiosk->box, k.stick, k.kiosk->wall);
    REQUIRE_FALSE(failed.ok());
    CAPTURE(failed.error().message);
    CHECK(failed.error().kind == ErrorKind::Refused);
    CHECK(contains(failed.error().message, "nothing was exported"));
    CHECK(k.outbox_bytes() == before);
    CHECK_FALSE(fs::exists(k.data / "export"));
    if (!planted.empty())
        for (const auto& e : fs::directory_iterator(k.data))
            CHECK(e.path().filename().string().rfind("kiosk-essen-01", 0) != 0);
    CHECK(k.kiosk->box->counts().value().pending == 5);
}

TEST_CASE("receipts on the stick that are links, FIFOs or endless lines change nothing") {
    HostileStick k;
    const fs::path receipts = k.stick / "ruhr-kiosk" / "receipts";
    fs::create_directories(receipts);
    const Submission first = k.kiosk->box->pending(1).value().at(0);
    const std::string header = receipts_header("kiosk-essen-01", 1);
    // Genuine and signed: only the link in front of it stops it.
    const std::string genuine =
        header + nlohmann::json{{"id", first.id}, {"status", "stored"}, {"receipt", "c1-1"}}.dump() + "\n";
    SUBCASE("receipts.jsonl links to a receipt file elsewhere") {
        write_signed_receipts(k.dir / "elsewhere.jsonl", genuine);
        fs::create_symlink(k.dir / "elsewhere.jsonl", receipts / "receipts.jsonl");
        fs::copy_file(k.dir / "elsewhere.jsonl.sig", receipts / "receipts.jsonl.sig");
    }
    SUBCASE("receipts/ is a link to a folder with a receipt file") {
        fs::create_directories(k.dir / "other");
        write_signed_receipts(k.dir / "other" / "receipts.jsonl", genuine);
        fs::remove_all(receipts);
        fs::create_directory_symlink(k.dir / "other", receipts);
    }
    SUBCASE("a FIFO under the name does not hang the import") {
        REQUIRE(::mkfifo((receipts / "receipts.jsonl").c_str(), 0600) == 0);
    }
    SUBCASE("a line without an end") {
        write_file(receipts / "receipts.jsonl", header + std::string(k_max_receipt_line + 10, 'x'));
    }
    const StaffTaskStatus status = k.run([&](StaffTasks& t) { return t.apply_receipts(k.volume()); });
    CAPTURE(status.detail);
    CHECK(status.ok == std::optional<bool>(false));
    CHECK(k.kiosk->box->state(first.id).value() == DeliveryState::Pending);
    CHECK(k.kiosk->box->counts().value().pending == 5);
}

TEST_CASE("the genuine receipt file on the stick delivers its record") {
    HostileStick k;
    const Submission first = k.kiosk->box->pending(1).value().at(0);
    fs::create_directories(k.stick / "ruhr-kiosk" / "receipts");
    write_signed_receipts(k.stick / "ruhr-kiosk" / "receipts" / "receipts.jsonl",
                          receipts_header("kiosk-essen-01", 1) +
                              nlohmann::json{{"id", first.id}, {"status", "stored"}, {"receipt", "c1-1"}}.dump() +
                              "\n");
    const StaffTaskStatus status = k.run([&](StaffTasks& t) { return t.apply_receipts(k.volume()); });
    CAPTURE(status.detail);
    CHECK(status.ok == std::optional<bool>(true));
    CHECK(k.kiosk->box->state(first.id).value() == DeliveryState::Delivered);
}

TEST_CASE("a folder opened below another refuses links at every level and '..'") {
    TempDir dir("folder");
    fs::create_directories(dir / "a" / "b");
    fs::create_directories(dir / "outside");
    fs::create_directory_symlink(dir / "outside", dir / "a" / "link");
    auto root = Folder::open(dir.path());
    REQUIRE(root);
    CHECK(root->open_sub("a/b").ok());
    CHECK(root->open_sub("a/link").error().kind == ErrorKind::Refused);
    CHECK_FALSE(root->open_sub("a/link/new", Folder::Create::Yes).ok());
    CHECK_FALSE(fs::exists(dir / "outside" / "new"));
    CHECK_FALSE(root->open_sub("a/../outside").ok());
    CHECK_FALSE(root->open_sub("/tmp").ok());
    // Made where missing, one level at a time.
    auto made = root->open_sub("a/b/c/d", Folder::Create::Yes);
    REQUIRE(made);
    CHECK(fs::is_directory(dir / "a" / "b" / "c" / "d"));
    // Reads are bounded and refuse links.
    write_file(dir / "a" / "big", std::string(1000, 'x'));
    fs::create_symlink(dir / "a" / "big", dir / "a" / "big-link");
    auto a = root->open_sub("a");
    REQUIRE(a);
    CHECK(a->read_file("big", 1000).value().size() == 1000);
    CHECK(a->read_file("big", 999).error().kind == ErrorKind::Invalid);
    CHECK(a->read_file("big-link", 1000).error().kind == ErrorKind::Refused);
    // remove_tree removes a link, never what it points to.
    a->remove_tree("link");
    CHECK(fs::is_directory(dir / "outside"));
    CHECK_FALSE(fs::exists(fs::symlink_status(dir / "a" / "link")));
}

TEST_CASE("a statements folder on the stick that links onto the kiosk's disk gets no closing statement") {
    HostileStick k;
    const std::string before = k.outbox_bytes();
    SUBCASE("ruhr-kiosk/statements links to the data folder") {
        fs::create_directory_symlink(k.data, k.stick / "ruhr-kiosk" / "statements");
    }
    SUBCASE("ruhr-kiosk links to the data folder") {
        fs::remove_all(k.stick / "ruhr-kiosk");
        fs::create_directory_symlink(k.data, k.stick / "ruhr-kiosk");
    }
    const auto failed = write_closing_statement(*k.kiosk->box, k.stick, k.kiosk->wall);
    REQUIRE_FALSE(failed.ok());
    CHECK(failed.error().kind == ErrorKind::Refused);
    CHECK(k.outbox_bytes() == before);
    for (const auto& e : fs::directory_iterator(k.data))
        CHECK(e.path().filename().string().rfind("kiosk-essen-01", 0) != 0);
    CHECK_FALSE(fs::exists(k.data / "statements"));

    // The genuine stick, once the link is gone, gets its statement.
    if (fs::is_symlink(k.stick / "ruhr-kiosk"))
        fs::remove(k.stick / "ruhr-kiosk");
    else
        fs::remove(k.stick / "ruhr-kiosk" / "statements");
    fs::create_directories(k.stick / "ruhr-kiosk");
    auto genuine = write_closing_statement(*k.kiosk->box, k.stick, k.kiosk->wall);
    REQUIRE(genuine.ok());
    CHECK(genuine->statement.records == 5);
    CHECK(fs::is_regular_file(genuine->directory / "statement.json"));
}
