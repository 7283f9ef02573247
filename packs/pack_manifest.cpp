#include "packs/pack_manifest.h"

#include "packs/content_pack.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <set>

namespace ruhr {

namespace {

using nlohmann::json;
using nlohmann::ordered_json;

constexpr std::size_t k_max_path_bytes = 200;
constexpr std::size_t k_max_path_parts = 8;

const std::string k_mf(k_manifest_file);

bool is_ascii_alnum(char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9');
}

std::string to_lower_ascii(std::string_view s) {
    std::string out(s);
    for (char& ch : out)
        if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
    return out;
}

// Parses JSON and refuses duplicate object keys. nlohmann keeps the last of two equal keys
// silently; a signed manifest must mean one thing to every reader, so two are an error.
template <class Json>
Result<Json> parse_strict(std::string_view bytes) {
    std::vector<std::set<std::string>> open_objects;
    std::string duplicate;
    const auto callback = [&](int, typename Json::parse_event_t event, Json& parsed) {
        using E = typename Json::parse_event_t;
        if (event == E::object_start)
            open_objects.emplace_back();
        else if (event == E::object_end && !open_objects.empty())
            open_objects.pop_back();
        else if (event == E::key && !open_objects.empty() && duplicate.empty() && parsed.is_string()) {
            auto key = parsed.template get<std::string>();
            if (!open_objects.back().insert(key).second) duplicate = std::move(key);
        }
        return true;
    };
    try {
        Json j = Json::parse(bytes.begin(), bytes.end(), callback);
        if (!duplicate.empty()) return Error{k_mf + ": duplicate key " + in_quotes(duplicate)};
        if (!j.is_object()) return Error{k_mf + ": the top level must be a JSON object"};
        return j;
    } catch (const typename Json::exception& e) {
        std::string what = e.what();
        // nlohmann's message starts with "[json.exception.parse_error.101] "; keep the rest.
        if (const auto pos = what.find("] "); pos != std::string::npos) what = what.substr(pos + 2);
        return Error{k_mf + ": invalid JSON: " + what};
    }
}

// More key changes than any rotation needs are not a pack an author made.
constexpr std::size_t k_max_key_changes = 8;

bool is_key_id(const std::string& s) {
    return s.size() == 16 && std::all_of(s.begin(), s.end(),
                                         [](char ch) { return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f'); });
}

bool is_sha256_hex(const std::string& s) {
    return s.size() == 64 && std::all_of(s.begin(), s.end(),
                                         [](char ch) { return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f'); });
}

Result<PackFileEntry> parse_entry(const json& e, const std::string& where, const PackLimits& limits) {
    if (!e.is_object()) return Error{k_mf + ": " + where + ": must be an object with path, size and sha256"};
    for (const auto& [key, value] : e.items())
        if (key != "path" && key != "size" && key != "sha256")
            return Error{k_mf + ": " + where + ": unknown key " + in_quotes(key) + " (allowed: path, size, sha256)"};
    PackFileEntry entry;

    const auto path = e.find("path");
    if (path == e.end()) return Error{k_mf + ": " + where + ".path: missing"};
    if (!path->is_string()) return Error{k_mf + ": " + where + ".path: must be a string"};
    entry.path = path->get<std::string>();
    if (const auto problem = check_pack_path(entry.path)) return Error{k_mf + ": " + where + ".path: " + *problem};
    if (entry.path == k_manifest_file || entry.path == k_signature_file)
        return Error{k_mf + ": " + where + ".path: " + in_quotes(entry.path) +
                     " is not listed: the signature covers it"};

    const auto size = e.find("size");
    if (size == e.end()) return Error{k_mf + ": " + where + ".size: missing"};
    // A negative number is number_integer, a fraction number_float: both are refused here.
    if (!size->is_number_unsigned()) return Error{k_mf + ": " + where + ".size: must be a whole number of bytes"};
    entry.size = size->get<std::uint64_t>();
    if (entry.size > limits.file_bytes)
        return Error{k_mf + ": " + where + ".size: " + in_quotes(entry.path) + " is " + std::to_string(entry.size) +
                     " bytes, the limit is " + std::to_string(limits.file_bytes) + " per file"};

    const auto sha = e.find("sha256");
    if (sha == e.end()) return Error{k_mf + ": " + where + ".sha256: missing"};
    if (!sha->is_string() || !is_sha256_hex(sha->get<std::string>()))
        return Error{k_mf + ": " + where + ".sha256: must be 64 lower-case hex digits"};
    entry.sha256 = sha->get<std::string>();
    return entry;
}

}  // namespace

std::string in_quotes(std::string_view s) {
    return json(std::string(s)).dump(-1, ' ', false, json::error_handler_t::replace);
}

std::optional<std::string> check_pack_path(std::string_view path) {
    if (path.empty()) return "path is empty";
    const std::string q = in_quotes(path);
    if (path.size() > k_max_path_bytes)
        return "path " + q + " is longer than " + std::to_string(k_max_path_bytes) + " bytes";
    if (path.front() == '/') return "path " + q + " must be relative, not start with '/'";
    if (path.find('\\') != std::string_view::npos) return "path " + q + " must use '/' between folders, not '\\'";
    std::size_t parts = 0;
    std::size_t start = 0;
    while (true) {
        const std::size_t end = std::min(path.find('/', start), path.size());
        const std::string_view part = path.substr(start, end - start);
        ++parts;
        if (part.empty()) return "path " + q + " has an empty part (\"//\" or a '/' at the end)";
        if (part == "." || part == "..") return "path " + q + " must not contain '.' or '..' parts";
        if (part.front() == '.') return "path " + q + " has a part starting with '.' (a hidden file)";
        for (const char ch : part)
            if (!is_ascii_alnum(ch) && ch != '.' && ch != '_' && ch != '-')
                return "path " + q + " may only use ASCII letters, digits, '.', '_' and '-'";
        if (end == path.size()) break;
        start = end + 1;
    }
    if (parts > k_max_path_parts) return "path " + q + " has more than " + std::to_string(k_max_path_parts) + " parts";
    for (const std::string_view ext : {".json", ".png", ".jpg", ".jpeg"})
        if (path.size() > ext.size() && path.ends_with(ext)) return std::nullopt;
    return "path " + q + ": a pack holds only .json, .png, .jpg and .jpeg files";
}

Result<PackManifest> parse_pack_manifest(std::string_view bytes, const PackLimits& limits) {
    if (bytes.size() > PackLimits::manifest_bytes)
        return Error{k_mf + ": is " + std::to_string(bytes.size()) + " bytes, the limit is " +
                     std::to_string(PackLimits::manifest_bytes)};
    auto parsed = parse_strict<json>(bytes);
    if (!parsed) return parsed.error();
    const json& m = *parsed;

    const auto format = m.find("format");
    if (format == m.end()) return Error{k_mf + ": format: missing"};
    if (!format->is_number_integer() || format->get<std::int64_t>() != ContentPack::k_format)
        return Error{k_mf + ": format: " + format->dump() + " is not supported (this app reads format " +
                     std::to_string(ContentPack::k_format) + ")"};

    PackManifest out;
    // id and version only label messages and the import screen; the content loader checks them.
    if (const auto id = m.find("id"); id != m.end() && id->is_string()) out.id = id->get<std::string>();
    if (const auto v = m.find("version"); v != m.end() && v->is_string()) out.version = v->get<std::string>();

    const auto files = m.find("files");
    if (files == m.end()) return Error{k_mf + ": files: missing (`ruhr-kiosk-pack build` writes it)"};
    if (!files->is_array()) return Error{k_mf + ": files: must be a list"};
    if (files->empty()) return Error{k_mf + ": files: is empty (a pack has at least its language files)"};
    if (files->size() > limits.max_files)
        return Error{k_mf + ": files: lists " + std::to_string(files->size()) + " files, the limit is " +
                     std::to_string(limits.max_files)};

    // Paths are compared ignoring case: on a FAT-formatted USB stick two names that differ
    // only in case are one file, so such a pack could not be copied faithfully.
    std::map<std::string, std::size_t> seen;
    std::uint64_t total = 0;
    for (std::size_t i = 0; i < files->size(); ++i) {
        const std::string where = "files[" + std::to_string(i) + "]";
        auto entry = parse_entry((*files)[i], where, limits);
        if (!entry) return entry.error();
        const auto [it, fresh] = seen.emplace(to_lower_ascii(entry->path), i);
        if (!fresh)
            return Error{k_mf + ": " + where + ".path: " + in_quotes(entry->path) + " is listed twice (also files[" +
                         std::to_string(it->second) + "])"};
        // Compared by subtraction so that no limit, however large, lets the sum wrap around.
        if (entry->size > limits.total_bytes - total)
            return Error{k_mf + ": files: the files add up to more than " + std::to_string(limits.total_bytes) +
                         " bytes, the limit for a pack"};
        total += entry->size;
        out.files.push_back(std::move(*entry));
    }

    // Key changes, signed with the pack: "keys": {"add": [public keys], "withdraw": [key ids]}.
    if (const auto keys = m.find("keys"); keys != m.end()) {
        if (!keys->is_object()) return Error{k_mf + ": keys: must be an object with add and withdraw"};
        for (const auto& [key, value] : keys->items()) {
            if (key != "add" && key != "withdraw")
                return Error{k_mf + ": keys: unknown key " + in_quotes(key) + " (allowed: add, withdraw)"};
            if (!value.is_array() || value.size() > k_max_key_changes)
                return Error{k_mf + ": keys." + key + ": must be a list of at most " +
                             std::to_string(k_max_key_changes) + " entries"};
            for (std::size_t i = 0; i < value.size(); ++i) {
                const std::string where = k_mf + ": keys." + key + "[" + std::to_string(i) + "]";
                if (!value[i].is_string()) return Error{where + ": must be a text in quotes"};
                const auto text = value[i].get<std::string>();
                if (key == "add") {
                    // A base64 Ed25519 public key: 32 bytes are 44 characters.
                    if (text.size() != 44 || !std::all_of(text.begin(), text.end(), [](char ch) {
                            return is_ascii_alnum(ch) || ch == '+' || ch == '/' || ch == '=';
                        }))
                        return Error{where + ": " + in_quotes(text) + " is not a public key (44 characters of base64)"};
                    out.add_keys.push_back(text);
                } else {
                    if (!is_key_id(text))
                        return Error{where + ": " + in_quotes(text) + " is not a key id (16 hex digits)"};
                    out.withdraw_keys.push_back(text);
                }
            }
        }
    }
    return out;
}

Result<std::string> with_files_list(std::string_view bytes, std::vector<PackFileEntry> files) {
    auto parsed = parse_strict<ordered_json>(bytes);
    if (!parsed) return parsed.error();
    std::sort(files.begin(), files.end(), [](const auto& a, const auto& b) { return a.path < b.path; });
    ordered_json list = ordered_json::array();
    for (const auto& f : files) {
        ordered_json e = ordered_json::object();
        e["path"] = f.path;
        e["size"] = f.size;
        e["sha256"] = f.sha256;
        list.push_back(std::move(e));
    }
    (*parsed)["files"] = std::move(list);
    return parsed->dump(2, ' ', false, ordered_json::error_handler_t::replace) + "\n";
}

}  // namespace ruhr
