#include "kiosk/config.h"

#include "protocol/submission.h"

#include <toml++/toml.h>

#include <arpa/inet.h>

#include <cstdlib>
#include <filesystem>
#include <regex>

namespace ruhr {

namespace {

// Whether an http(s) URL names this machine: 127.0.0.0/8, [::1] or localhost.
bool is_loopback_url(std::string_view url) {
    const auto start = url.find("://");
    if (start == std::string_view::npos) return false;
    std::string_view host = url.substr(start + 3);
    host = host.substr(0, host.find('/'));
    if (host.rfind("[::1]", 0) == 0) return host.size() == 5 || host[5] == ':';
    host = host.substr(0, host.find(':'));
    if (host == "localhost") return true;
    // A dotted IPv4 address in 127.0.0.0/8, not a name that starts like one.
    in_addr address{};
    return ::inet_pton(AF_INET, std::string(host).c_str(), &address) == 1 && (ntohl(address.s_addr) >> 24) == 127;
}

}  // namespace

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
        if (const auto v = node.value<std::string>())
            out = *v;
        else
            problems.push_back(std::string(table) + "." + key + ": must be a text in quotes");
    };
    const auto num = [&](const char* table, const char* key, std::optional<double>& out, double min, double max) {
        const auto node = t[table][key];
        if (!node) return;
        const auto v = node.value<double>();
        if (!v || *v < min || *v > max)
            problems.push_back(std::string(table) + "." + key + ": must be a number from " + std::to_string(int(min)) +
                               " to " + std::to_string(int(max)));
        else
            out = *v;
    };
    str("kiosk", "id", c.kiosk_id);
    if (!c.kiosk_id.empty() && !is_valid_kiosk_id(c.kiosk_id))  // the collector's own rule
        problems.push_back("kiosk.id: use 1-64 letters, digits, '.', '_' or '-'");
    str("kiosk", "data_dir", c.data_dir);
    str("kiosk", "default_language", c.default_language);
    num("idle", "timeout_seconds", c.idle_timeout, 10, 3600);
    num("idle", "countdown_seconds", c.idle_countdown, 5, 300);
    // A key in base64, parsed by `parse`; a bad one is a problem named by its key.
    const auto key = [&](const char* section, const char* name, auto parse, auto& out) {
        std::string text;
        str(section, name, text);
        if (text.empty()) return;
        if (auto parsed = parse(text))
            out = *parsed;
        else
            problems.push_back(std::string(section) + "." + name + ": " + parsed.error().message);
    };
    key("organizer", "public_key", parse_public_key, c.organizer_key);
    // [collector]
    key("collector", "public_key", parse_signing_public_key, c.collector_key);
    str("collector", "url", c.collector.url);
    str("collector", "token", c.collector.token);
    str("collector", "ca_file", c.collector.ca_file);
    bool allow_http = false;
    if (const auto node = t["collector"]["allow_insecure_http"]) {
        if (const auto v = node.value<bool>())
            allow_http = *v;
        else
            problems.push_back("collector.allow_insecure_http: must be true or false");
    }
    if (!c.collector.url.empty()) {
        // http:// sends the token and every vote in clear: only to this machine, or when the
        // configuration says so in so many words (a test network).
        if (c.collector.url.rfind("http://", 0) == 0 && !allow_http && !is_loopback_url(c.collector.url))
            problems.push_back(
                "collector.url: http:// sends the token and the records unencrypted; use https://, or set "
                "collector.allow_insecure_http = true for a test network (http:// to 127.0.0.1, ::1 or "
                "localhost needs no setting)");
        if (!std::regex_match(c.collector.url, std::regex("https?://[^\\s/]+(/[^\\s]*)?")))
            problems.push_back(
                "collector.url: must start with https:// (or http:// for a test collector) and name a host");
        if (c.collector.token.empty()) problems.push_back("collector.token: needed when collector.url is set");
    }
    if (!c.collector.token.empty() &&
        (c.collector.token.size() < 16 || c.collector.token.find_first_of(" \t\r\n\"") != std::string::npos))
        problems.push_back(
            "collector.token: must be the token the collector printed (at least 16 characters, no spaces)");
    if (!c.collector.ca_file.empty() && !std::filesystem::is_regular_file(c.collector.ca_file))
        problems.push_back("collector.ca_file: no such file: " + c.collector.ca_file);
    std::optional<double> batch, timeout, max_age;
    num("collector", "batch_size", batch, 1, 500);
    num("collector", "timeout_seconds", timeout, 2, 300);
    num("collector", "results_max_age_minutes", max_age, 1, 10080);
    if (batch) c.collector.batch_size = static_cast<int>(*batch);
    if (timeout) c.collector.timeout_s = *timeout;
    if (max_age) c.collector.results_max_age_s = *max_age * 60.0;
    // [outbox]: days after its receipt that a delivered record is deleted; 0 keeps them all.
    if (const auto node = t["outbox"]["delete_delivered_after_days"]) {
        const auto v = node.value_exact<std::int64_t>();
        if (!v || *v < 0 || *v > RetentionSettings::k_max_days)
            problems.push_back(
                "outbox.delete_delivered_after_days: must be a whole number of days from 0 (keep "
                "delivered records) to " +
                std::to_string(RetentionSettings::k_max_days));
        else
            c.retention.delete_delivered_after_days = static_cast<int>(*v);
    }
    // [staff]
    str("staff", "pin_hash", c.staff_pin_hash);
    if (!c.staff_pin_hash.empty() && !is_pin_hash(c.staff_pin_hash))
        problems.push_back(
            "staff.pin_hash: must be an Argon2id hash from `ruhr-kiosk --hash-pin` (it starts with $argon2id$)");
    // [content]
    if (const auto keys = t["content"]["trusted_keys"]; keys) {
        if (const auto* arr = keys.as_array()) {
            for (std::size_t i = 0; i < arr->size(); ++i) {
                const auto v = (*arr)[i].value<std::string>();
                auto parsed = v ? parse_pack_public_key(*v) : Result<PackPublicKey>(Error{"must be a text in quotes"});
                if (parsed)
                    c.trusted_keys.push_back(*parsed);
                else
                    problems.push_back("content.trusted_keys[" + std::to_string(i) + "]: " + parsed.error().message);
            }
        } else {
            problems.push_back("content.trusted_keys: must be a list of public keys in quotes");
        }
    }
    if (const auto node = t["content"]["allow_unsigned"]; node) {
        if (const auto v = node.value<bool>())
            c.allow_unsigned = *v;
        else
            problems.push_back("content.allow_unsigned: must be true or false");
    }
    // [accessibility]: the modes each visit starts with (visitors can switch them).
    for (const auto& [name, out] : {std::pair<const char*, bool*>{"large_text", &c.large_text},
                                    {"high_contrast", &c.high_contrast},
                                    {"low_reach", &c.low_reach}}) {
        const auto node = t["accessibility"][name];
        if (!node) continue;
        if (const auto v = node.value<bool>())
            *out = *v;
        else
            problems.push_back(std::string("accessibility.") + name + ": must be true or false");
    }
    if (c.allow_unsigned)
        c.warnings.push_back(path +
                             ": content.allow_unsigned is on: unsigned content packs are accepted (development only)");
    // The collector's key also checks its answers to each sync (kiosk/sync.h).
    c.collector.collector_key = c.collector_key;
    if (!c.collector.url.empty() && !c.collector_key)
        c.warnings.push_back(path +
                             ": collector.public_key is not set: the collector's answers are trusted on TLS alone, "
                             "and receipt files from a stick are refused (`ruhr-collector public-key` prints it)");
    if (!c.collector.token.empty()) {
        std::error_code ec;
        const auto perms = std::filesystem::status(path, ec).permissions();
        if (!ec && (perms & std::filesystem::perms::others_read) != std::filesystem::perms::none)
            c.warnings.push_back(path + ": holds the collector token but everyone can read it; chmod 600 it");
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

}  // namespace ruhr
