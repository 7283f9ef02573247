// ruhr-kiosk: the touchscreen kiosk of the Ruhr-Konferenz. Parses the command line, loads the
// content pack (falling back to the built-in one), and hands over to the SDL host.

#include "base/crypto.h"
#include "base/utf8.h"
#include "kiosk/config.h"
#include "kiosk/outbox.h"
#include "kiosk/outbox_export.h"
#include "packs/content_pack.h"
#include "packs/pack_install.h"
#include "platform/http_module.h"
#include "platform/logging.h"
#include "platform/sdl_app.h"

#include <malloc.h>

#include <charconv>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace {

namespace fs = std::filesystem;

const char* k_usage =
    "Usage: ruhr-kiosk [options]\n"
    "\n"
    "  --config FILE          kiosk configuration (TOML, see docs/configuration.md)\n"
    "  --data DIR             where the outbox database lives (default: $XDG_DATA_HOME/ruhr-kiosk)\n"
    "  --content DIR          content pack to show (default: the built-in pack)\n"
    "  --fullscreen           full screen kiosk mode (window-close shortcuts do nothing)\n"
    "  --size WxH             window size in pixels (default 1920x1080)\n"
    "  --language CODE        language a visit starts in (default: the pack's)\n"
    "  --idle-timeout SEC     seconds without touches before the countdown (default 90)\n"
    "  --idle-countdown SEC   length of the countdown (default 20)\n"
    "  --script FILE          run a test scenario against the app, then exit (docs/testing.md)\n"
    "  --events FILE          write a JSON-lines log of screens, taps and idle events\n"
    "  --frame-stats FILE     write each frame's UI and total time in ms (docs/benchmarks.md)\n"
    "  --log-file FILE        log to FILE, rotated at 5 MiB (kept: FILE.1, FILE.2); not under systemd\n"
    "  --check-content DIR    validate a content pack, print each problem, and exit\n"
    "  --hash-pin             read a staff PIN (4-12 digits) from stdin, print its hash for [staff] pin_hash\n"
    "  --usb-dir DIR          testing: treat DIR as a mounted USB stick while it exists\n"
    "  --check-config FILE    validate a configuration file, print each problem and warning, and exit\n"
    "  --make-organizer-keys  print a new key pair for encrypting visitors' contact data\n"
    "  --export-outbox DIR    write the undelivered records to DIR (a USB stick) for the collector, and exit\n"
    "  --import-receipts FILE apply the receipt file of ruhr-collector import, and exit\n"
    "  --version, --help\n";

bool parse_double(std::string_view s, double& out) {
    const auto r = std::from_chars(s.data(), s.data() + s.size(), out);
    return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

bool parse_size(std::string_view s, int& w, int& h) {
    const auto x = s.find('x');
    if (x == std::string_view::npos) return false;
    const auto a = std::from_chars(s.data(), s.data() + x, w);
    const auto b = std::from_chars(s.data() + x + 1, s.data() + s.size(), h);
    return a.ec == std::errc() && b.ec == std::errc() && b.ptr == s.data() + s.size() && w >= 320 && h >= 320 &&
           w <= 8192 && h <= 8192;
}

void print_problems(const fs::path& dir, const std::vector<ruhr::PackProblem>& problems) {
    std::cerr << "ruhr-kiosk: the content pack " << dir.string() << " was refused:\n";
    for (const auto& p : problems) std::cerr << "  " << p.to_string() << "\n";
}

}  // namespace

int main(int argc, char** argv) {
    const double started_at =
        std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
    // One malloc arena for all threads, set before any thread starts. By default each thread
    // that allocates gets an arena of its own: the font and image threads' memory, once freed,
    // could not be reused by the UI thread, and every page of a fresh arena is a page fault
    // (10-15 us each on the VMs measured here). With one arena the kiosk starts about 40 ms
    // sooner and uses about 3 MiB less (docs/benchmarks.md); the threads allocate little
    // after start-up, and small blocks still come from each thread's own cache.
    mallopt(M_ARENA_MAX, 1);
    ruhr::RunOptions opt;
    opt.started_at = started_at;
    ruhr::KioskConfig config;
    fs::path content;
    std::string config_file;
    std::string export_outbox_dir, import_receipts_file;  // USB transfer (docs/sync-protocol.md)
    std::string data_dir;
    std::string log_file;
    std::optional<double> idle_timeout, idle_countdown;
    std::string usb_dir;
    for (int i = 1; i < argc; ++i) {
        const std::string_view a = argv[i];
        const auto value = [&]() -> std::string_view {
            if (i + 1 >= argc) {
                std::cerr << "ruhr-kiosk: " << a << " needs a value\n" << k_usage;
                std::exit(2);
            }
            return argv[++i];
        };
        const auto bad = [&](std::string_view v) {
            std::cerr << "ruhr-kiosk: " << a << ": invalid value \"" << v << "\"\n";
            std::exit(2);
        };
        if (a == "--help" || a == "-h") {
            std::cout << k_usage;
            return 0;
        } else if (a == "--version") {
            std::cout << "ruhr-kiosk " << RUHR_KIOSK_VERSION << "\n";
            return 0;
        } else if (a == "--config") {
            config_file = value();
        } else if (a == "--data") {
            data_dir = value();
        } else if (a == "--make-organizer-keys") {
            if (!ruhr::crypto_init()) return 2;
            const auto [pk, sk] = ruhr::make_keypair();
            std::cout << "# Put the public key into the kiosk configuration ([organizer] public_key).\n"
                      << "# Keep the secret key off the kiosks; the collector's export needs it.\n"
                      << "public_key = \"" << ruhr::to_base64(pk.data(), pk.size()) << "\"\n"
                      << "secret_key = \"" << ruhr::to_base64(sk.data(), sk.size()) << "\"\n";
            return 0;
        } else if (a == "--hash-pin") {
            if (!ruhr::crypto_init()) return 2;
            std::string pin;
            std::getline(std::cin, pin);
            if (pin.size() < 4 || pin.size() > 12 || pin.find_first_not_of("0123456789") != std::string::npos) {
                std::cerr << "ruhr-kiosk: the PIN must be 4 to 12 digits\n";
                return 2;
            }
            auto hash = ruhr::hash_pin(pin);
            if (!hash) {
                std::cerr << "ruhr-kiosk: " << hash.error().message << "\n";
                return 2;
            }
            std::cout << "[staff]\npin_hash = \"" << *hash << "\"\n";
            return 0;
        } else if (a == "--usb-dir") {
            usb_dir = value();
        } else if (a == "--content") {
            content = value();
        } else if (a == "--export-outbox") {
            export_outbox_dir = value();
        } else if (a == "--import-receipts") {
            import_receipts_file = value();
        } else if (a == "--fullscreen") {
            opt.fullscreen = true;
        } else if (a == "--size") {
            const auto v = value();
            if (!parse_size(v, opt.width, opt.height)) bad(v);
        } else if (a == "--language") {
            config.default_language = value();
        } else if (a == "--idle-timeout") {
            const auto v = value();
            double t = 0;
            if (!parse_double(v, t) || t < 5) bad(v);
            idle_timeout = t;
        } else if (a == "--idle-countdown") {
            const auto v = value();
            double t = 0;
            if (!parse_double(v, t) || t < 1) bad(v);
            idle_countdown = t;
        } else if (a == "--script") {
            opt.script_file = value();
        } else if (a == "--events") {
            opt.events_file = value();
        } else if (a == "--frame-stats") {
            opt.frame_stats_file = value();
        } else if (a == "--log-file") {
            log_file = value();
        } else if (a == "--check-config") {
            const std::string path{value()};
            const auto loaded = ruhr::load_config_file(path);
            if (!loaded) {
                std::cerr << "ruhr-kiosk: the configuration has problems: " << loaded.error().message << "\n";
                return 1;
            }
            for (const auto& w : loaded->warnings) std::cerr << "ruhr-kiosk: warning: " << w << "\n";
            std::cout << "ruhr-kiosk: " << path << " is valid";
            if (!loaded->warnings.empty()) std::cout << " (" << loaded->warnings.size() << " warnings)";
            std::cout << "\n";
            return 0;
        } else if (a == "--check-content") {
            const fs::path dir{std::string(value())};
            const auto loaded = ruhr::load_content_pack(dir);
            if (!loaded.pack) {
                print_problems(dir, loaded.problems);
                return 1;
            }
            std::cout << "ruhr-kiosk: " << dir.string() << ": pack \"" << loaded.pack->id << "\" version "
                      << loaded.pack->version << " is valid (" << loaded.pack->forums.size() << " forums, "
                      << loaded.pack->languages.size() << " languages)\n";
            return 0;
        } else {
            std::cerr << "ruhr-kiosk: unknown option " << a << "\n" << k_usage;
            return 2;
        }
    }

    // Logs: under systemd stderr is the journal; elsewhere --log-file sends it to a rotated file.
    std::unique_ptr<ruhr::StderrLog> log;
    if (ruhr::under_systemd()) {
        log = ruhr::StderrLog::to_stderr();
    } else if (!log_file.empty()) {
        auto opened = ruhr::StderrLog::to_file(log_file);
        if (!opened) {
            std::cerr << "ruhr-kiosk: " << opened.error().message << "\n";
            return 2;
        }
        log = std::move(*opened);
    }

    // The configuration file first; the command line wins over it.
    ruhr::FileConfig file;
    if (!config_file.empty()) {
        auto loaded = ruhr::load_config_file(config_file);
        if (!loaded) {
            std::cerr << "ruhr-kiosk: the configuration has problems: " << loaded.error().message << "\n";
            return 2;
        }
        file = std::move(*loaded);
    }
    config.idle.timeout = idle_timeout.value_or(file.idle_timeout.value_or(config.idle.timeout));
    config.idle.countdown = idle_countdown.value_or(file.idle_countdown.value_or(config.idle.countdown));
    if (config.default_language.empty()) config.default_language = file.default_language;
    config.accessibility = {file.large_text, file.high_contrast, file.low_reach};
    if (data_dir.empty()) data_dir = file.data_dir.empty() ? ruhr::default_data_dir() : file.data_dir;

    // The outbox. When it cannot be opened the kiosk still shows its content, and says why.
    if (!ruhr::crypto_init()) {
        std::cerr << "ruhr-kiosk: libsodium cannot start\n";
        return 2;
    }
    ruhr::RandomIdSource ids;
    ruhr::SystemWallClock wall;
    std::unique_ptr<ruhr::Outbox> outbox;
    std::string outbox_problem;
    {
        std::error_code ec;
        fs::create_directories(data_dir, ec);
        ruhr::OutboxOpenReport report;
        auto opened =
            ruhr::Outbox::open((fs::path(data_dir) / "outbox.db").string(), file.kiosk_id, wall, ids, &report);
        if (opened) {
            outbox = std::move(*opened);
            if (report.moved_aside)
                std::cerr << "ruhr-kiosk: the outbox was damaged; it was moved aside to " << *report.moved_aside
                          << " and a new one was created\n";
        } else {
            outbox_problem = opened.error().message;
            std::cerr << "ruhr-kiosk: " << outbox_problem << "\n";
        }
    }

    if (!export_outbox_dir.empty() || !import_receipts_file.empty()) {
        if (!outbox) return 1;  // the reason was printed above
        if (!export_outbox_dir.empty()) {
            auto done = ruhr::export_outbox(*outbox, export_outbox_dir, wall);
            if (!done) {
                std::cerr << "ruhr-kiosk: export failed: " << done.error().message << "\n";
                return 1;
            }
            std::cout << "exported " << done->records << " records (" << done->by_state["pending"] << " pending, "
                      << done->by_state["quarantined"] << " set aside) to " << done->directory.string()
                      << "\nSHA-256 of submissions.jsonl: " << done->submissions_sha256 << "\n";
        }
        if (!import_receipts_file.empty()) {
            auto done = ruhr::import_receipts(*outbox, import_receipts_file);
            if (!done) {
                std::cerr << "ruhr-kiosk: receipts not applied: " << done.error().message << "\n";
                return 1;
            }
            const auto counts = outbox->counts();
            std::cout << "applied " << done->lines << " receipts: " << done->delivered << " delivered, "
                      << done->quarantined << " set aside, " << done->unknown << " unknown ids ignored; "
                      << (counts ? std::to_string(counts->pending)
                                 : "(count unreadable: " + counts.error().message + ")")
                      << " records still pending\n";
        }
        return 0;
    }

    const fs::path builtin = ruhr::builtin_content_dir();
    std::string notice;
    std::optional<ruhr::ContentPack> pack;
    // A pack staff installed from a USB stick (verified when it was installed) comes before
    // the built-in one; --content comes before both.
    ruhr::clean_pack_staging(data_dir);
    if (content.empty())
        if (const auto installed = ruhr::installed_pack_dir(data_dir)) content = *installed;
    if (!content.empty()) {
        auto loaded = ruhr::load_content_pack(content);
        if (loaded.pack) {
            pack = std::move(loaded.pack);
        } else {
            print_problems(content, loaded.problems);
            std::cerr << "ruhr-kiosk: showing the built-in content instead\n";
            notice = loaded.problems.front().to_string();
        }
    }
    if (!pack) {
        auto loaded = ruhr::load_content_pack(builtin);
        if (!loaded.pack) {
            print_problems(builtin, loaded.problems);
            std::cerr << "ruhr-kiosk: the built-in content is damaged; reinstall the package\n";
            return 2;
        }
        pack = std::move(loaded.pack);
        if (!notice.empty()) notice = pack->text(pack->default_language, "ui.content_fallback") + " (" + notice + ")";
    }
    if (!outbox_problem.empty()) {
        const std::string line = ruhr::replace_placeholder(pack->text(pack->default_language, "ui.staff_store_problem"),
                                                           "reason", outbox_problem);
        notice = notice.empty() ? line : notice + " " + line;
    }
    for (const auto& w : file.warnings) std::cerr << "ruhr-kiosk: warning: " << w << "\n";
    ruhr::ParticipationSetup participation{outbox.get(),   &ids, &wall,   file.organizer_key,
                                           file.collector, {},   usb_dir, {}};
    // libcurl and the TLS libraries behind it are loaded only where uploads happen.
    if (file.collector.enabled()) {
        std::string why;
        participation.http = ruhr::load_http_module(why);
        if (!participation.http) {
            std::cerr << "ruhr-kiosk: uploads are off, records stay in the outbox (USB export works): " << why << "\n";
            participation.staff.uploads_unavailable = why;
        }
    }
    participation.staff.pin_hash = file.staff_pin_hash;
    participation.staff.data_dir = data_dir;
    participation.staff.builtin_pack_dir = builtin;
    participation.staff.trust = {
        file.trusted_keys, file.allow_unsigned ? ruhr::SignaturePolicy::IfPresent : ruhr::SignaturePolicy::Required};
    return ruhr::run_kiosk(std::move(*pack), std::move(notice), std::move(config), opt, participation);
}
