#include "kiosk/script.h"

#include <charconv>
#include <sstream>

namespace ruhr {

namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

bool parse_number(std::string_view s, float& out) {
    const auto res = std::from_chars(s.data(), s.data() + s.size(), out);
    return res.ec == std::errc() && res.ptr == s.data() + s.size();
}

}  // namespace

Result<std::vector<ScriptCommand>> parse_script(std::string_view text) {
    using K = ScriptCommand::Kind;
    struct Spec {
        const char* name;
        K kind;
        int min_numbers;
        int max_numbers;
        bool takes_text;
    };
    static const Spec specs[] = {
        {"tap", K::Tap, 0, 0, true},
        {"tap-at", K::TapAt, 2, 2, false},
        {"double-tap", K::DoubleTap, 0, 0, true},
        {"drag", K::Drag, 4, 5, false},
        {"scroll-to", K::ScrollTo, 0, 0, true},
        {"type", K::Type, 0, 0, true},
        {"advance", K::Advance, 1, 1, false},
        {"expect-screen", K::ExpectScreen, 0, 0, true},
        {"expect-visible", K::ExpectVisible, 0, 0, true},
        {"expect-hidden", K::ExpectHidden, 0, 0, true},
        {"expect-language", K::ExpectLanguage, 0, 0, true},
        {"expect-no-clipping", K::ExpectNoClipping, 0, 0, false},
        {"screenshot", K::Screenshot, 0, 0, true},
        {"wait-sync", K::WaitSync, 1, 1, false},
        {"wait-sync-attempt", K::WaitSyncAttempt, 1, 1, false},
        {"quit", K::Quit, 0, 0, false},
    };

    std::vector<ScriptCommand> out;
    int line_no = 0;
    std::size_t pos = 0;
    while (pos <= text.size()) {
        const std::size_t nl = text.find('\n', pos);
        const std::string_view raw = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
        pos = nl == std::string_view::npos ? text.size() + 1 : nl + 1;
        ++line_no;
        const std::string_view line = trim(raw);
        if (line.empty() || line.front() == '#') continue;
        const std::size_t sp = line.find_first_of(" \t");
        const std::string_view word = line.substr(0, sp);
        const std::string_view rest = sp == std::string_view::npos ? std::string_view() : trim(line.substr(sp));
        const Spec* spec = nullptr;
        for (const Spec& s : specs)
            if (word == s.name) spec = &s;
        const std::string where = "line " + std::to_string(line_no) + ": ";
        if (!spec) return Error{where + "unknown command \"" + std::string(word) + "\""};

        ScriptCommand cmd{spec->kind, {}, {}, {}, line_no};
        if (spec->takes_text) {
            // `type` keeps its text verbatim (spaces included); other commands take one word.
            if (rest.empty()) return Error{where + std::string(word) + " needs an argument"};
            if (spec->kind != K::Type && rest.find_first_of(" \t") != std::string_view::npos)
                return Error{where + std::string(word) + " takes one argument"};
            cmd.text = std::string(spec->kind == K::Type ? trim(raw).substr(word.size() + 1) : rest);
        } else {
            std::istringstream in{std::string(rest)};
            std::string tok;
            while (in >> tok) {
                float v = 0;
                // Coordinates may be given as a share of the window ("50%"), so one script
                // serves every screen size.
                const bool pct = tok.size() > 1 && tok.back() == '%' && cmd.numbers.size() < 4 &&
                                 (spec->kind == K::TapAt || spec->kind == K::Drag);
                if (!parse_number(pct ? std::string_view(tok).substr(0, tok.size() - 1) : std::string_view(tok), v))
                    return Error{where + "\"" + tok + "\" is not a number"};
                cmd.numbers.push_back(v);
                cmd.percent.push_back(pct);
            }
            const int n = static_cast<int>(cmd.numbers.size());
            if (n < spec->min_numbers || n > spec->max_numbers)
                return Error{where + std::string(word) + " takes " + std::to_string(spec->min_numbers) +
                             (spec->max_numbers != spec->min_numbers ? "-" + std::to_string(spec->max_numbers) : "") +
                             " numbers"};
        }
        out.push_back(std::move(cmd));
    }
    return out;
}

}  // namespace ruhr
