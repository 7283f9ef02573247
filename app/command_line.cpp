#include "app/command_line.h"

#include "base/crypto.h"
#include "kiosk/staff.h"
#include "packs/content_pack.h"

#include <algorithm>
#include <charconv>
#include <iostream>
#include <string_view>

namespace ruhr::app {

namespace fs = std::filesystem;

namespace {

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
    "  --hash-pin             read a staff PIN (6-12 digits) from stdin, print its hash for [staff] pin_hash\n"
    "  --usb-dir DIR          testing: treat DIR as a mounted USB stick while it exists\n"
    "  --check-config FILE    validate a configuration file, print each problem and warning, and exit\n"
    "  --make-organizer-keys  print a new key pair for encrypting visitors' contact data\n"
    "  --export-outbox DIR    write the undelivered records to DIR (a USB stick) for the collector, and exit\n"
    "  --write-statement DIR  write the signed closing statement of what this kiosk holds to DIR (a\n"
    "                         USB stick) for ruhr-collector check-statement, and exit\n"
    "  --import-receipts FILE apply the receipt file of ruhr-collector import, and exit\n"
    "  --print-signing-key    print this kiosk's id and the key that signs its exports (for\n"
    "                         ruhr-collector kiosk-key), and exit\n"
    "  --version, --help\n";

// The options that only store their value as text.
struct TextOption {
    std::string_view name;
    void (*set)(CommandLine&, std::string_view);
};
constexpr TextOption k_text_options[] = {
    {"--config", [](CommandLine& c, std::string_view v) { c.config_file = v; }},
    {"--data", [](CommandLine& c, std::string_view v) { c.data_dir = v; }},
    {"--content", [](CommandLine& c, std::string_view v) { c.content = v; }},
    {"--language", [](CommandLine& c, std::string_view v) { c.config.default_language = v; }},
    {"--script", [](CommandLine& c, std::string_view v) { c.run.script_file = v; }},
    {"--events", [](CommandLine& c, std::string_view v) { c.run.events_file = v; }},
    {"--frame-stats", [](CommandLine& c, std::string_view v) { c.run.frame_stats_file = v; }},
    {"--log-file", [](CommandLine& c, std::string_view v) { c.log_file = v; }},
    {"--usb-dir", [](CommandLine& c, std::string_view v) { c.usb_dir = v; }},
    {"--export-outbox", [](CommandLine& c, std::string_view v) { c.export_outbox_dir = v; }},
    {"--import-receipts", [](CommandLine& c, std::string_view v) { c.import_receipts_file = v; }},
    {"--write-statement", [](CommandLine& c, std::string_view v) { c.statement_dir = v; }},
};

const TextOption* find_text_option(std::string_view name) {
    for (const TextOption& o : k_text_options)
        if (o.name == name) return &o;
    return nullptr;
}

// The options that take a value and do more with it than store it.
bool takes_value(std::string_view name) {
    static constexpr std::string_view k_checked[] = {"--size", "--idle-timeout", "--idle-countdown", "--check-config",
                                                     "--check-content"};
    return find_text_option(name) || std::find(std::begin(k_checked), std::end(k_checked), name) != std::end(k_checked);
}

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

}  // namespace

void print_problems(const fs::path& dir, const std::vector<PackProblem>& problems) {
    std::cerr << "ruhr-kiosk: the content pack " << dir.string() << " was refused:\n";
    for (const auto& p : problems) std::cerr << "  " << p.to_string() << "\n";
}

CommandLine parse_command_line(int argc, char** argv) {
    CommandLine cl;
    for (int i = 1; i < argc; ++i) {
        const std::string_view a = argv[i];
        // An option that takes a value and has none ends the parse with exit code 2.
        if (takes_value(a) && i + 1 >= argc) {
            std::cerr << "ruhr-kiosk: " << a << " needs a value\n" << k_usage;
            cl.exit_code = 2;
            return cl;
        }
        if (const TextOption* text = find_text_option(a)) {
            text->set(cl, argv[++i]);
            continue;
        }
        const auto value = [&]() -> std::string_view { return argv[++i]; };
        const auto bad = [&](std::string_view v) {
            std::cerr << "ruhr-kiosk: " << a << ": invalid value \"" << v << "\"\n";
            cl.exit_code = 2;
        };
        const auto exit_with = [&](int code) {
            cl.exit_code = code;
            return cl;
        };
        if (a == "--help" || a == "-h") {
            std::cout << k_usage;
            return exit_with(0);
        } else if (a == "--version") {
            std::cout << "ruhr-kiosk " << RUHR_KIOSK_VERSION << "\n";
            return exit_with(0);
        } else if (a == "--make-organizer-keys") {
            if (!crypto_init()) return exit_with(2);
            const auto [pk, sk] = make_keypair();
            std::cout << "# Put the public key into the kiosk configuration ([organizer] public_key).\n"
                      << "# Keep the secret key off the kiosks; the collector's export needs it.\n"
                      << "public_key = \"" << to_base64(pk.data(), pk.size()) << "\"\n"
                      << "secret_key = \"" << to_base64(sk.data(), sk.size()) << "\"\n";
            return exit_with(0);
        } else if (a == "--hash-pin") {
            if (!crypto_init()) return exit_with(2);
            std::string pin;
            std::getline(std::cin, pin);
            if (pin.size() < k_min_pin_digits || pin.size() > k_max_pin_digits ||
                pin.find_first_not_of("0123456789") != std::string::npos) {
                std::cerr << "ruhr-kiosk: the PIN must be " << k_min_pin_digits << " to " << k_max_pin_digits
                          << " digits\n";
                return exit_with(2);
            }
            auto hash = hash_pin(pin);
            if (!hash) {
                std::cerr << "ruhr-kiosk: " << hash.error().message << "\n";
                return exit_with(2);
            }
            std::cout << "[staff]\npin_hash = \"" << *hash << "\"\n";
            return exit_with(0);
        } else if (a == "--print-signing-key") {
            cl.print_signing_key = true;
        } else if (a == "--fullscreen") {
            cl.run.fullscreen = true;
        } else if (a == "--size") {
            const auto v = value();
            if (!parse_size(v, cl.run.width, cl.run.height)) bad(v);
        } else if (a == "--idle-timeout") {
            const auto v = value();
            double t = 0;
            if (!parse_double(v, t) || t < 5) bad(v);
            cl.idle_timeout = t;
        } else if (a == "--idle-countdown") {
            const auto v = value();
            double t = 0;
            if (!parse_double(v, t) || t < 1) bad(v);
            cl.idle_countdown = t;
        } else if (a == "--check-config") {
            const std::string path{value()};
            const auto loaded = load_config_file(path);
            if (!loaded) {
                std::cerr << "ruhr-kiosk: the configuration has problems: " << loaded.error().message << "\n";
                return exit_with(1);
            }
            for (const auto& w : loaded->warnings) std::cerr << "ruhr-kiosk: warning: " << w << "\n";
            std::cout << "ruhr-kiosk: " << path << " is valid";
            if (!loaded->warnings.empty()) std::cout << " (" << loaded->warnings.size() << " warnings)";
            std::cout << "\n";
            return exit_with(0);
        } else if (a == "--check-content") {
            const fs::path dir{std::string(value())};
            const auto loaded = load_content_pack(dir);
            if (!loaded.pack) {
                print_problems(dir, loaded.problems);
                return exit_with(1);
            }
            std::cout << "ruhr-kiosk: " << dir.string() << ": pack \"" << loaded.pack->id << "\" version "
                      << loaded.pack->version << " is valid (" << loaded.pack->forums.size() << " forums, "
                      << loaded.pack->languages.size() << " languages)\n";
            return exit_with(0);
        } else {
            std::cerr << "ruhr-kiosk: unknown option " << a << "\n" << k_usage;
            return exit_with(2);
        }
        if (cl.exit_code) return cl;
    }

    return cl;
}

}  // namespace ruhr::app
