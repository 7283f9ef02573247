// ruhr-kiosk: the touchscreen kiosk of the Ruhr-Konferenz. Parses the command line, loads the
// content pack (falling back to the built-in one), and hands over to the SDL host.

#include "kiosk/content_pack.h"
#include "platform/sdl_app.h"

#include <chrono>
#include <charconv>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>
#include <string_view>

namespace {

namespace fs = std::filesystem;

const char* k_usage =
    "Usage: ruhr-kiosk [options]\n"
    "\n"
    "  --content DIR          content pack to show (default: the built-in pack)\n"
    "  --fullscreen           full screen kiosk mode (window-close shortcuts do nothing)\n"
    "  --size WxH             window size in pixels (default 1920x1080)\n"
    "  --language CODE        language a visit starts in (default: the pack's)\n"
    "  --idle-timeout SEC     seconds without touches before the countdown (default 90)\n"
    "  --idle-countdown SEC   length of the countdown (default 20)\n"
    "  --script FILE          run a test scenario against the app, then exit (docs/testing.md)\n"
    "  --events FILE          write a JSON-lines log of screens, taps and idle events\n"
    "  --check-content DIR    validate a content pack, print each problem, and exit\n"
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

} // namespace

int main(int argc, char** argv) {
    const double started_at =
        std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
    ruhr::RunOptions opt;
    opt.started_at = started_at;
    ruhr::KioskConfig config;
    fs::path content;
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
        } else if (a == "--content") {
            content = value();
        } else if (a == "--fullscreen") {
            opt.fullscreen = true;
        } else if (a == "--size") {
            const auto v = value();
            if (!parse_size(v, opt.width, opt.height)) bad(v);
        } else if (a == "--language") {
            config.default_language = value();
        } else if (a == "--idle-timeout") {
            const auto v = value();
            if (!parse_double(v, config.idle.timeout) || config.idle.timeout < 5) bad(v);
        } else if (a == "--idle-countdown") {
            const auto v = value();
            if (!parse_double(v, config.idle.countdown) || config.idle.countdown < 1) bad(v);
        } else if (a == "--script") {
            opt.script_file = value();
        } else if (a == "--events") {
            opt.events_file = value();
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

    const fs::path builtin = ruhr::builtin_content_dir();
    std::string notice;
    std::optional<ruhr::ContentPack> pack;
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
    return ruhr::run_kiosk(std::move(*pack), std::move(notice), std::move(config), opt);
}
