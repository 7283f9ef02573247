#include "kiosk/config.h"

#include <toml++/toml.h>

#include <cstdlib>
#include <regex>

namespace ruhr {

Result<FileConfig> load_config_file(const std::string& path) {
    toml::table t;
    try {
        t = toml::parse_file(path);
    } catch (const toml::parse_error& e) {
        const auto& src = e.source();
        return Error{path + ":" + std::to_string(src.begin.line) + ":" + std::to_string(src.begin.column) + ": " +
                     std::string(e.description())};
    }
    FileConfig c;
    std::vector<std::string> problems;
    const auto str = [&](const char* table, const char* key, std::string& out) {
        const auto node = t[table][key];
        if (!node) return;
        if (const auto v = node.value<std::string>()) out = *v;
        else problems.push_back(std::string(table) + "." + key + ": must be a text in quotes");
    };
    const auto num = [&](const char* table, const char* key, std::optional<double>& out, double min, double max) {
        const auto node = t[table][key];
        if (!node) return;
        const auto v = node.value<double>();
        if (!v || *v < min || *v > max)
            problems.push_back(std::string(table) + "." + key + ": must be a number from " + std::to_string(int(min)) +
                               " to " + std::to_string(int(max)));
        else out = *v;
    };
    str("kiosk", "id", c.kiosk_id);
    if (!c.kiosk_id.empty() && !std::regex_match(c.kiosk_id, std::regex("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")))
        problems.push_back("kiosk.id: use 1-64 letters, digits, '.', '_' or '-'");
    str("kiosk", "data_dir", c.data_dir);
    str("kiosk", "default_language", c.default_language);
    num("idle", "timeout_seconds", c.idle_timeout, 10, 3600);
    num("idle", "countdown_seconds", c.idle_countdown, 5, 300);
    std::string key;
    str("organizer", "public_key", key);
    if (!key.empty()) {
        auto pk = parse_public_key(key);
        if (pk) c.organizer_key = *pk;
        else problems.push_back("organizer.public_key: " + pk.error().message);
    }
    if (!problems.empty()) {
        std::string msg = path + ":";
        for (const auto& p : problems) msg += "\n  " + p;
        return Error{msg};
    }
    return c;
}

std::string default_data_dir() {
    if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg) return std::string(xdg) + "/ruhr-kiosk";
    if (const char* home = std::getenv("HOME"); home && *home) return std::string(home) + "/.local/share/ruhr-kiosk";
    return "ruhr-kiosk-data";
}

} // namespace ruhr
