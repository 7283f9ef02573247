#include "app/startup.h"

#include "base/crypto.h"
#include "base/utf8.h"
#include "kiosk/outbox.h"
#include "kiosk/outbox_export.h"
#include "kiosk/retention.h"
#include "packs/content_pack.h"
#include "packs/pack_install.h"
#include "platform/http_module.h"
#include "platform/logging.h"

#include <iostream>
#include <memory>

namespace ruhr::app {

namespace fs = std::filesystem;

namespace {

// Under systemd stderr is the journal; elsewhere --log-file sends it to a rotated file.
Result<std::unique_ptr<StderrLog>> open_log(const CommandLine& cl) {
    if (under_systemd()) return StderrLog::to_stderr();
    if (!cl.log_file.empty()) return StderrLog::to_file(cl.log_file);
    return std::unique_ptr<StderrLog>();
}

// The configuration file first; the command line wins over it.
void apply_config(const FileConfig& file, CommandLine& cl) {
    cl.config.idle.timeout = cl.idle_timeout.value_or(file.idle_timeout.value_or(cl.config.idle.timeout));
    cl.config.idle.countdown = cl.idle_countdown.value_or(file.idle_countdown.value_or(cl.config.idle.countdown));
    if (cl.config.default_language.empty()) cl.config.default_language = file.default_language;
    cl.config.accessibility = {file.large_text, file.high_contrast, file.low_reach};
    if (cl.data_dir.empty()) cl.data_dir = file.data_dir.empty() ? default_data_dir() : file.data_dir;
}

// The outbox, or why it cannot be opened: the kiosk then still shows its content, and says why.
Result<std::unique_ptr<Outbox>> open_outbox(const std::string& data_dir, const std::string& kiosk_id,
                                            const WallClock& wall, IdSource& ids) {
    std::error_code ec;
    fs::create_directories(data_dir, ec);
    OutboxOpenReport report;
    auto opened = Outbox::open((fs::path(data_dir) / "outbox.db").string(), kiosk_id, wall, ids, &report);
    if (opened && report.moved_aside)
        std::cerr << "ruhr-kiosk: the outbox was damaged; it was moved aside to " << *report.moved_aside
                  << " and a new one was created\n";
    return opened;
}

// --export-outbox, --write-statement and --import-receipts: the USB transfer without a window.
int run_usb_transfer(const CommandLine& cl, Outbox& outbox, const WallClock& wall,
                     const std::optional<SigningPublicKey>& collector_key) {
    if (!cl.export_outbox_dir.empty()) {
        auto done = export_outbox(outbox, cl.export_outbox_dir, wall);
        if (!done) {
            std::cerr << "ruhr-kiosk: export failed: " << done.error().message << "\n";
            return 1;
        }
        std::cout << "exported " << done->records << " records (" << done->by_state["pending"] << " pending, "
                  << done->by_state["quarantined"] << " set aside) to " << done->directory.string()
                  << "\nSHA-256 of submissions.jsonl: " << done->submissions_sha256 << "\n";
    }
    if (!cl.statement_dir.empty()) {
        auto done = write_closing_statement(outbox, cl.statement_dir, wall);
        if (!done) {
            std::cerr << "ruhr-kiosk: closing statement not written: " << done.error().message << "\n";
            return 1;
        }
        const ClosingStatement& s = done->statement;
        std::cout << "closing statement of " << s.records << " records (seq " << format_ranges(s.held) << " of 1-"
                  << s.highest_seq << ") written to " << done->directory.string()
                  << "\nSHA-256 over the records: " << s.records_sha256 << "\n";
    }
    if (!cl.import_receipts_file.empty()) {
        auto done = import_receipts(outbox, cl.import_receipts_file, collector_key);
        if (!done) {
            std::cerr << "ruhr-kiosk: receipts not applied: " << done.error().message << "\n";
            return 1;
        }
        const auto counts = outbox.counts();
        std::cout << "applied " << done->lines << " receipts: " << done->delivered << " delivered, "
                  << done->quarantined << " set aside, " << done->unknown << " unknown ids ignored; "
                  << (counts ? std::to_string(counts->pending) : "(count unreadable: " + counts.error().message + ")")
                  << " records still pending\n";
    }
    return 0;
}

// The pack to show, with a notice when it is not the one asked for: --content first, then a
// pack staff installed from a USB stick (verified when it was installed), then the built-in
// one. Empty only when even the built-in pack is damaged.
std::optional<ContentPack> choose_pack(fs::path content, const std::string& data_dir, const fs::path& builtin,
                                       std::string& notice) {
    clean_pack_staging(data_dir);
    if (content.empty())
        if (const auto installed = installed_pack_dir(data_dir)) content = *installed;
    if (!content.empty()) {
        auto loaded = load_content_pack(content);
        if (loaded.pack) return std::move(loaded.pack);
        print_problems(content, loaded.problems);
        std::cerr << "ruhr-kiosk: showing the built-in content instead\n";
        notice = loaded.problems.front().to_string();
    }
    auto loaded = load_content_pack(builtin);
    if (!loaded.pack) {
        print_problems(builtin, loaded.problems);
        std::cerr << "ruhr-kiosk: the built-in content is damaged; reinstall the package\n";
        return std::nullopt;
    }
    if (!notice.empty())
        notice = loaded.pack->text(loaded.pack->default_language, "ui.content_fallback") + " (" + notice + ")";
    return std::move(loaded.pack);
}

// Staff settings and the upload transport: libcurl and the TLS libraries behind it are loaded
// only where uploads happen.
void set_up_staff_and_uploads(const FileConfig& file, const CommandLine& cl, const fs::path& builtin,
                              ParticipationSetup& participation) {
    if (file.collector.enabled()) {
        std::string why;
        participation.http = load_http_module(why);
        if (!participation.http) {
            std::cerr << "ruhr-kiosk: uploads are off, records stay in the outbox (USB export works): " << why << "\n";
            participation.staff.uploads_unavailable = why;
        }
    }
    participation.staff.pin_hash = file.staff_pin_hash;
    participation.staff.collector_key = file.collector_key;
    participation.staff.data_dir = cl.data_dir;
    participation.staff.builtin_pack_dir = builtin;
    participation.staff.trust = {file.trusted_keys,
                                 file.allow_unsigned ? SignaturePolicy::IfPresent : SignaturePolicy::Required};
}

}  // namespace

int start(CommandLine cl) {
    auto log = open_log(cl);
    if (!log) {
        std::cerr << "ruhr-kiosk: " << log.error().message << "\n";
        return 2;
    }
    FileConfig file;
    if (!cl.config_file.empty()) {
        auto loaded = load_config_file(cl.config_file);
        if (!loaded) {
            std::cerr << "ruhr-kiosk: the configuration has problems: " << loaded.error().message << "\n";
            return 2;
        }
        file = std::move(*loaded);
    }
    apply_config(file, cl);

    if (!crypto_init()) {
        std::cerr << "ruhr-kiosk: libsodium cannot start\n";
        return 2;
    }
    RandomIdSource ids;
    SystemWallClock wall;
    auto opened = open_outbox(cl.data_dir, file.kiosk_id, wall, ids);
    std::unique_ptr<Outbox> outbox;
    std::string outbox_problem;
    if (opened) {
        outbox = std::move(*opened);
    } else {
        outbox_problem = opened.error().message;
        std::cerr << "ruhr-kiosk: " << outbox_problem << "\n";
    }
    if (cl.print_signing_key) {
        if (!outbox) return 1;  // the reason was printed above
        auto key = outbox->signing_key();
        if (!key) {
            std::cerr << "ruhr-kiosk: " << key.error().message << "\n";
            return 1;
        }
        const SigningPublicKey pk = signing_public_key_of(*key);
        std::cout << outbox->kiosk_id() << " " << to_base64(pk.data(), pk.size()) << "\n";
        return 0;
    }
    if (!cl.export_outbox_dir.empty() || !cl.statement_dir.empty() || !cl.import_receipts_file.empty())
        return outbox ? run_usb_transfer(cl, *outbox, wall, file.collector_key) : 1;  // the reason was printed above

    const fs::path builtin = builtin_content_dir();
    std::string notice;
    auto pack = choose_pack(cl.content, cl.data_dir, builtin, notice);
    if (!pack) return 2;
    if (!outbox_problem.empty()) {
        const std::string line =
            replace_placeholder(pack->text(pack->default_language, "ui.staff_store_problem"), "reason", outbox_problem);
        notice = notice.empty() ? line : notice + " " + line;
    }
    for (const auto& w : file.warnings) std::cerr << "ruhr-kiosk: warning: " << w << "\n";
    ParticipationSetup participation{outbox.get(), &ids, &wall, file.organizer_key, file.collector, {}, cl.usb_dir, {}};
    set_up_staff_and_uploads(file, cl, builtin, participation);
    // Delivered records are deleted after their days (docs/outbox.md), at start and every hour,
    // on a thread with its own outbox connection; it stops before the outbox goes away.
    SteadyClock retention_clock;
    std::unique_ptr<RetentionWorker> retention;
    if (outbox && file.retention.enabled()) {
        retention = std::make_unique<RetentionWorker>(
            file.retention,
            [path = outbox->path(), kiosk_id = outbox->kiosk_id(), &wall, &ids] {
                return Outbox::open(path, kiosk_id, wall, ids);
            },
            wall, retention_clock, [](const std::string& line) { std::cerr << ("ruhr-kiosk: " + line + "\n"); });
        retention->start();
    }
    return run_kiosk(std::move(*pack), std::move(notice), std::move(cl.config), cl.run, participation);
}

}  // namespace ruhr::app
