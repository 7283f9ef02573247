#include "packs/content_pack.h"

#include "base/utf8.h"

#include <stb_image.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

namespace ruhr {

namespace fs = std::filesystem;
using nlohmann::json;

// ---------------------------------------------------------------- ContentPack

const std::string& ContentPack::text(std::string_view language, std::string_view key) const {
    std::string_view fallback;
    for (const LanguageInfo& l : languages)
        if (l.code == language) fallback = l.fallback;
    for (const std::string_view lang : {language, fallback, std::string_view(default_language)}) {
        if (lang.empty()) continue;
        const auto texts = m_texts.find(lang);
        if (texts == m_texts.end()) continue;
        const auto it = texts->second.find(std::string(key));
        if (it != texts->second.end()) return it->second;
    }
    return m_missing.try_emplace(std::string(key), std::string(key)).first->second;
}

bool ContentPack::has_language(std::string_view code) const {
    return std::any_of(languages.begin(), languages.end(), [&](const LanguageInfo& l) { return l.code == code; });
}

const Forum* ContentPack::find_forum(std::string_view forum_id) const {
    for (const Forum& f : forums)
        if (f.id == forum_id) return &f;
    return nullptr;
}

const Field* ContentPack::find_field(std::string_view field_id) const {
    for (const Field& f : fields)
        if (f.id == field_id) return &f;
    return nullptr;
}

std::vector<const Forum*> ContentPack::forums_in_field(std::string_view field_id) const {
    std::vector<const Forum*> out;
    for (const Forum& f : forums)
        if (f.field == field_id) out.push_back(&f);
    return out;
}

fs::path ContentPack::file_path(std::string_view relative) const {
    // A copy scaled to the screen at install (packs/pack_install.h) is shown instead of the
    // original, when there is one.
    if (display_copies.count(std::string(relative))) return root / ".display" / fs::path(relative);
    return root / fs::path(relative);
}

void ContentPack::set_texts(std::string language, std::unordered_map<std::string, std::string> texts) {
    m_texts[std::move(language)] = std::move(texts);
}

std::string PackProblem::to_string() const {
    std::string out = file;
    if (!field.empty()) out += ": " + field;
    out += ": " + message;
    return out;
}

const std::vector<std::string>& required_ui_keys() {
    static const std::vector<std::string> keys = {
        "tap_to_start",
        "home_title",
        "home_vision",
        "home_vision_sub",
        "home_forums",
        "home_forums_sub",
        "home_take_part",
        "home_take_part_sub",
        "back",
        "home",
        "language",
        "phases_title",
        "forums_title",
        "forums_intro",
        "field_forums",
        "idle_title",
        "idle_text",
        "idle_text_one",
        "idle_continue",
        "idle_restart",
        "demo_badge",
        "content_fallback",
        // Participation.
        "take_part_title",
        "take_part_intro",
        "take_part_unavailable",
        "participate_rate",
        "participate_rate_sub",
        "participate_priorities",
        "participate_priorities_sub",
        "participate_idea",
        "participate_idea_sub",
        "rate_title",
        "star_1",
        "star_2",
        "star_3",
        "star_4",
        "star_5",
        "not_rated",
        "rating_stats",
        "rating_stats_one",
        "rating_stats_fleet",
        "rating_stats_fleet_one",
        "rating_offline_note",
        "rating_saved",
        "a11y_button",
        "a11y_title",
        "a11y_large_text",
        "a11y_large_text_hint",
        "a11y_high_contrast",
        "a11y_high_contrast_hint",
        "a11y_low_reach",
        "a11y_low_reach_hint",
        "a11y_on",
        "a11y_off",
        "a11y_done",
        "decimal_separator",
        "priorities_title",
        "priorities_intro",
        "priorities_selected",
        "priorities_none",
        "priorities_limit",
        "priorities_confirm",
        "idea_title",
        "idea_forum_label",
        "idea_text_label",
        "idea_text_placeholder",
        "idea_counter",
        "idea_contact_title",
        "idea_name",
        "idea_email",
        "idea_postcode",
        "idea_consent",
        "idea_submit",
        "idea_empty",
        "idea_consent_needed",
        "idea_limit",
        "kbd_space",
        "kbd_symbols",
        "kbd_letters",
        "kbd_digits",
        "kbd_hide",
        "store_failed",
        "thanks_title",
        "thanks_text",
        "guide_step_n",
        "guide_step_rate",
        "guide_step_priorities",
        "guide_step_idea",
        "guide_forum_of",
        "guide_saved",
        "guide_skip",
        "guide_to_priorities",
        "forum_idea",
        "forum_next",
        "forum_all",
        "results_title",
        "results_intro_local",
        "results_intro_fleet",
        "results_votes",
        "results_votes_one",
        "results_yours",
        "results_to_idea",
        "end_visit",
        "thanks_ratings",
        "thanks_ratings_one",
        "thanks_priorities",
        "thanks_ideas",
        "thanks_ideas_one",
        "thanks_another_idea",
        "thanks_countdown",
        "thanks_countdown_one",
        "staff_store_problem",
        "info_button",
        "idea_privacy_link",
        "phase_numbered",
        "a11y_state",
        "priorities_chosen_item",
    };
    return keys;
}

// ---------------------------------------------------------------- loader

namespace {

constexpr std::size_t k_max_problems = 50;

// Collects problems while a pack is read; every check reports here instead of throwing.
class Checker {
public:
    explicit Checker(fs::path root) : m_root(std::move(root)) {}

    void problem(std::string file, std::string field, std::string message) {
        if (m_problems.size() < k_max_problems)
            m_problems.push_back({std::move(file), std::move(field), std::move(message)});
    }
    bool failed() const { return !m_problems.empty(); }
    std::vector<PackProblem> take() { return std::move(m_problems); }
    const fs::path& root() const { return m_root; }

    // Reads a file named by a relative path after checking the path cannot leave the pack.
    std::optional<std::string> read_file(const std::string& rel, std::uintmax_t max_bytes, const std::string& named_in,
                                         const std::string& field) {
        const auto path = checked_path(rel, named_in, field);
        if (!path) return std::nullopt;
        std::error_code ec;
        const auto size = fs::file_size(*path, ec);
        if (ec) {
            problem(rel, "", "cannot read the file size: " + ec.message());
            return std::nullopt;
        }
        if (size > max_bytes) {
            problem(rel, "", "file is " + std::to_string(size) + " bytes, the limit is " + std::to_string(max_bytes));
            return std::nullopt;
        }
        std::ifstream in(*path, std::ios::binary);
        std::ostringstream buf;
        buf << in.rdbuf();
        if (!in && !in.eof()) {
            problem(rel, "", "cannot be read");
            return std::nullopt;
        }
        return buf.str();
    }

    // A manifest path must be relative, stay inside the pack, use '/' and name a regular file
    // reached without symbolic links.
    std::optional<fs::path> checked_path(const std::string& rel, const std::string& named_in,
                                         const std::string& field) {
        if (rel.empty()) {
            problem(named_in, field, "path is empty");
            return std::nullopt;
        }
        if (rel.front() == '/' || rel.find('\\') != std::string::npos || rel.find(':') != std::string::npos) {
            problem(named_in, field, "path \"" + rel + "\" must be relative and use '/'");
            return std::nullopt;
        }
        fs::path walk = m_root;
        for (const auto& part : fs::path(rel)) {
            if (part == ".." || part == "." || part.empty()) {
                problem(named_in, field, "path \"" + rel + "\" must not contain '.' or '..'");
                return std::nullopt;
            }
            walk /= part;
            std::error_code ec;
            const auto st = fs::symlink_status(walk, ec);
            if (ec || st.type() == fs::file_type::not_found) {
                problem(named_in, field, "file \"" + rel + "\" does not exist in the pack");
                return std::nullopt;
            }
            if (st.type() == fs::file_type::symlink) {
                problem(named_in, field, "\"" + rel + "\" goes through a symbolic link");
                return std::nullopt;
            }
        }
        if (!fs::is_regular_file(fs::symlink_status(walk))) {
            problem(named_in, field, "\"" + rel + "\" is not a regular file");
            return std::nullopt;
        }
        return walk;
    }

private:
    fs::path m_root;
    std::vector<PackProblem> m_problems;
};

std::optional<json> parse_json(Checker& c, const std::string& file, const std::string& bytes) {
    if (const auto bad = find_invalid_utf8(bytes)) {
        c.problem(file, "", "not valid UTF-8 (byte " + std::to_string(*bad) + ")");
        return std::nullopt;
    }
    try {
        json j = json::parse(bytes);
        if (!j.is_object()) {
            c.problem(file, "", "the top level must be a JSON object");
            return std::nullopt;
        }
        return j;
    } catch (const json::parse_error& e) {
        std::string what = e.what();
        // nlohmann's message starts with "[json.exception.parse_error.101] "; keep the rest.
        if (const auto pos = what.find("] "); pos != std::string::npos) what = what.substr(pos + 2);
        c.problem(file, "", "invalid JSON: " + what);
        return std::nullopt;
    }
}

bool valid_id(const std::string& s) {
    static const std::regex re("[a-z0-9][a-z0-9-]{0,47}");
    return std::regex_match(s, re);
}

// "2027-06-30": a calendar date as ISO 8601 writes it (months 01-12, days 01-31).
bool valid_date(const std::string& s) {
    static const std::regex re("[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])");
    return std::regex_match(s, re);
}

const json* member(Checker& c, const json& obj, const std::string& file, const std::string& path, const char* key,
                   json::value_t type, bool required = true) {
    const std::string field = path.empty() ? key : path + "." + key;
    const auto it = obj.find(key);
    if (it == obj.end()) {
        if (required) c.problem(file, field, "missing");
        return nullptr;
    }
    const bool ok = type == json::value_t::number_integer
                        ? it->is_number_integer()
                        : (it->type() == type || (type == json::value_t::object && it->is_object()));
    if (!ok) {
        const char* expected = type == json::value_t::string           ? "a string"
                               : type == json::value_t::boolean        ? "true or false"
                               : type == json::value_t::array          ? "a list"
                               : type == json::value_t::object         ? "an object"
                               : type == json::value_t::number_integer ? "a whole number"
                                                                       : "another type";
        c.problem(file, field, std::string("must be ") + expected);
        return nullptr;
    }
    return &*it;
}

std::string get_string(Checker& c, const json& obj, const std::string& file, const std::string& path, const char* key) {
    const json* v = member(c, obj, file, path, key, json::value_t::string);
    return v ? v->get<std::string>() : std::string();
}

void check_image(Checker& c, const std::string& rel, const std::string& field) {
    const auto bytes = c.read_file(rel, PackLimits::image_bytes, "manifest.json", field);
    if (!bytes) return;
    int w = 0, h = 0, comp = 0;
    const auto* data = reinterpret_cast<const stbi_uc*>(bytes->data());
    if (!stbi_info_from_memory(data, static_cast<int>(bytes->size()), &w, &h, &comp)) {
        c.problem(rel, "", "not a readable PNG or JPEG image");
        return;
    }
    if (w > PackLimits::image_max_side || h > PackLimits::image_max_side)
        c.problem(rel, "",
                  "image is " + std::to_string(w) + "x" + std::to_string(h) + " pixels, the limit is " +
                      std::to_string(PackLimits::image_max_side) + " per side");
    else if (w < PackLimits::image_min_side || h < PackLimits::image_min_side)
        c.problem(rel, "", "image is too small (" + std::to_string(w) + "x" + std::to_string(h) + ")");
}

// Reads a list of {id, image, ...} entries and checks ids are well formed and unique.
template <class Entry, class Fill>
std::vector<Entry> read_list(Checker& c, const json& manifest, const char* key, std::size_t max, Fill fill) {
    std::vector<Entry> out;
    const json* list = member(c, manifest, "manifest.json", "", key, json::value_t::array);
    if (!list) return out;
    if (list->empty() || list->size() > max) {
        c.problem("manifest.json", key, "needs between 1 and " + std::to_string(max) + " entries");
        if (list->empty()) return out;
    }
    std::set<std::string> seen;
    for (std::size_t i = 0; i < list->size() && i < max; ++i) {
        const std::string path = std::string(key) + "[" + std::to_string(i) + "]";
        const json& e = (*list)[i];
        if (!e.is_object()) {
            c.problem("manifest.json", path, "must be an object");
            continue;
        }
        Entry entry;
        entry.id = get_string(c, e, "manifest.json", path, "id");
        if (!entry.id.empty() && !valid_id(entry.id))
            c.problem("manifest.json", path + ".id", "\"" + entry.id + "\" must be 1-48 characters a-z, 0-9 and '-'");
        if (!entry.id.empty() && !seen.insert(entry.id).second)
            c.problem("manifest.json", path + ".id", "duplicate id \"" + entry.id + "\"");
        fill(entry, e, path);
        out.push_back(std::move(entry));
    }
    return out;
}

std::optional<std::uint32_t> parse_colour(const std::string& s) {
    static const std::regex re("#[0-9a-fA-F]{6}");
    if (!std::regex_match(s, re)) return std::nullopt;
    return static_cast<std::uint32_t>(std::stoul(s.substr(1), nullptr, 16));
}

double channel_linear(unsigned v) {
    const double c = v / 255.0;
    return c <= 0.03928 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}

double relative_luminance(std::uint32_t rgb) {
    return 0.2126 * channel_linear((rgb >> 16) & 0xFF) + 0.7152 * channel_linear((rgb >> 8) & 0xFF) +
           0.0722 * channel_linear(rgb & 0xFF);
}

// Flattens nested objects into "a.b.c" keys; anything but objects and strings is a problem.
void flatten(Checker& c, const std::string& file, const json& j, const std::string& prefix,
             std::unordered_map<std::string, std::string>& out) {
    for (auto it = j.begin(); it != j.end(); ++it) {
        const std::string key = prefix.empty() ? it.key() : prefix + "." + it.key();
        if (it->is_object())
            flatten(c, file, *it, key, out);
        else if (it->is_string())
            out[key] = it->get<std::string>();
        else
            c.problem(file, key, "must be a text (string) or an object");
    }
}

std::size_t limit_for(const std::string& key) {
    const auto ends = [&](std::string_view s) { return key.ends_with(s); };
    if (ends(".body")) return 4000;
    if (ends(".teaser")) return 240;
    if (ends(".text")) return 600;
    if (ends(".title")) return 80;
    if (ends(".caption")) return 120;
    if (ends(".period")) return 60;
    if (key == "brand.name") return 40;
    if (key == "brand.sender") return 120;
    return 200;
}

struct RequiredText {
    std::string key;
    std::vector<std::string> placeholders;
};

std::vector<RequiredText> required_texts(const ContentPack& p) {
    std::vector<RequiredText> keys;
    for (const auto& k : required_ui_keys()) {
        RequiredText r{"ui." + k, {}};
        if (k == "idle_text") r.placeholders = {"seconds"};
        if (k == "field_forums") r.placeholders = {"count"};
        if (k == "rating_stats") r.placeholders = {"average", "count"};
        if (k == "rating_stats_one") r.placeholders = {"average"};
        if (k == "rating_stats_fleet") r.placeholders = {"average", "count"};
        if (k == "rating_stats_fleet_one") r.placeholders = {"average"};
        if (k == "priorities_selected") r.placeholders = {"count"};
        if (k == "idea_counter") r.placeholders = {"count", "max"};
        if (k == "staff_store_problem") r.placeholders = {"reason"};
        if (k == "guide_step_n") r.placeholders = {"n"};
        if (k == "guide_forum_of") r.placeholders = {"index", "count"};
        if (k == "guide_saved") r.placeholders = {"title"};
        if (k == "results_votes" || k == "thanks_ratings" || k == "thanks_ideas") r.placeholders = {"count"};
        if (k == "results_yours") r.placeholders = {"rank"};
        if (k == "phase_numbered") r.placeholders = {"number", "title"};
        if (k == "a11y_state") r.placeholders = {"option", "state"};
        if (k == "priorities_chosen_item") r.placeholders = {"rank", "title"};
        if (k == "thanks_countdown") r.placeholders = {"seconds"};
        keys.push_back(std::move(r));
    }
    for (const char* k :
         {"pack.title", "pack.subtitle", "pack.demo_notice", "vision.title", "vision.motto", "vision.teaser",
          "vision.body", "privacy.title", "privacy.body", "imprint.title", "imprint.body"})
        keys.push_back({k, {}});
    for (const auto& ph : p.phases)
        for (const char* f : {"title", "period", "text"}) keys.push_back({"phases." + ph.id + "." + f, {}});
    for (const auto& fi : p.fields) keys.push_back({"fields." + fi.id + ".title", {}});
    for (const auto& fo : p.forums)
        for (const char* f : {"title", "teaser", "body"}) keys.push_back({"forums." + fo.id + "." + f, {}});
    for (const auto& s : p.slides) keys.push_back({"slides." + s.id + ".caption", {}});
    if (p.brand.present)
        for (const char* k : {"brand.name", "brand.sender"}) keys.push_back({k, {}});
    return keys;
}

void read_language(Checker& c, ContentPack& pack, const LanguageInfo& lang) {
    // A language with a fallback (Leichte Sprache next to German) may leave texts out; the
    // fallback's texts show instead.
    const bool partial = !lang.fallback.empty();
    const auto bytes =
        c.read_file(lang.file, PackLimits::language_file_bytes, "manifest.json", "languages[" + lang.code + "].file");
    if (!bytes) return;
    const auto j = parse_json(c, lang.file, *bytes);
    if (!j) return;
    const std::string declared = get_string(c, *j, lang.file, "", "language");
    if (!declared.empty() && declared != lang.code)
        c.problem(lang.file, "language",
                  "says \"" + declared + "\" but the manifest lists this file for \"" + lang.code + "\"");

    std::unordered_map<std::string, std::string> flat;
    flatten(c, lang.file, *j, "", flat);
    flat.erase("language");

    std::set<std::string> known;
    for (const auto& req : required_texts(pack)) {
        known.insert(req.key);
        const auto it = flat.find(req.key);
        if (it == flat.end()) {
            if (!partial) c.problem(lang.file, req.key, "missing translation");
            continue;
        }
        const std::string& v = it->second;
        if (v.empty() || v.find_first_not_of(" \n") == std::string::npos) {
            c.problem(lang.file, req.key, "is empty");
            continue;
        }
        if (has_control_characters(v)) c.problem(lang.file, req.key, "contains control characters");
        const std::size_t limit = limit_for(req.key);
        if (utf8_length(v) > limit)
            c.problem(lang.file, req.key,
                      "is " + std::to_string(utf8_length(v)) + " characters, the limit is " + std::to_string(limit));
        for (const auto& ph : req.placeholders)
            if (v.find("{" + ph + "}") == std::string::npos)
                c.problem(lang.file, req.key, "must contain the placeholder {" + ph + "}");
    }
    std::vector<std::string> unknown;
    for (const auto& [k, v] : flat)
        if (!known.count(k)) unknown.push_back(k);
    std::sort(unknown.begin(), unknown.end());
    for (const auto& k : unknown)
        c.problem(lang.file, k, "unknown key (a typo, or an id that is not in the manifest?)");
    pack.set_texts(lang.code, std::move(flat));
}

}  // namespace

double contrast_ratio_rgb(std::uint32_t a, std::uint32_t b) {
    const double la = relative_luminance(a), lb = relative_luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

PackLoad load_content_pack(const fs::path& dir) {
    Checker c(dir);
    PackLoad out;
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
        c.problem(dir.string(), "", "is not a folder");
        out.problems = c.take();
        return out;
    }
    const auto bytes = c.read_file("manifest.json", PackLimits::manifest_bytes, dir.string(), "");
    if (!bytes) {
        out.problems = c.take();
        return out;
    }
    const auto manifest = parse_json(c, "manifest.json", *bytes);
    if (!manifest) {
        out.problems = c.take();
        return out;
    }
    const json& m = *manifest;
    const std::string mf = "manifest.json";

    ContentPack pack;
    pack.root = dir;
    {
        // Scaled copies made at install: only regular files, no links.
        std::error_code dec;
        const fs::path display = dir / ".display";
        if (fs::is_directory(fs::symlink_status(display, dec)))
            for (auto it = fs::recursive_directory_iterator(display, dec);
                 !dec && it != fs::recursive_directory_iterator(); it.increment(dec))
                if (it->is_regular_file(dec) && !it->is_symlink(dec) && it->path().extension() != ".tmp")
                    pack.display_copies.insert(it->path().lexically_relative(display).generic_string());
    }
    if (const json* fmt = member(c, m, mf, "", "format", json::value_t::number_integer)) {
        pack.format = fmt->get<int>();
        if (pack.format != ContentPack::k_format) {
            c.problem(mf, "format",
                      "format " + std::to_string(pack.format) + " is not supported (this app reads format " +
                          std::to_string(ContentPack::k_format) + ")");
            out.problems = c.take();
            return out;
        }
    }
    pack.id = get_string(c, m, mf, "", "id");
    if (!pack.id.empty() && !valid_id(pack.id))
        c.problem(mf, "id", "\"" + pack.id + "\" must be 1-48 characters a-z, 0-9 and '-'");
    pack.version = get_string(c, m, mf, "", "version");
    if (!pack.version.empty() && !std::regex_match(pack.version, std::regex("[0-9]{1,6}\\.[0-9]{1,6}\\.[0-9]{1,6}")))
        c.problem(mf, "version", "\"" + pack.version + "\" must look like 1.4.0");
    if (const json* demo = member(c, m, mf, "", "demo", json::value_t::boolean, false)) pack.demo = demo->get<bool>();
    if (const json* expires = member(c, m, mf, "", "expires", json::value_t::string, false)) {
        pack.expires = expires->get<std::string>();
        if (!valid_date(pack.expires))
            c.problem(mf, "expires", "\"" + pack.expires + "\" must be a date like 2027-06-30");
    }

    if (const json* langs = member(c, m, mf, "", "languages", json::value_t::array)) {
        if (langs->empty() || langs->size() > PackLimits::max_languages)
            c.problem(mf, "languages", "needs between 1 and 8 entries");
        std::set<std::string> seen;
        for (std::size_t i = 0; i < langs->size() && i < PackLimits::max_languages; ++i) {
            const std::string path = "languages[" + std::to_string(i) + "]";
            const json& e = (*langs)[i];
            if (!e.is_object()) {
                c.problem(mf, path, "must be an object");
                continue;
            }
            LanguageInfo li{get_string(c, e, mf, path, "code"),
                            get_string(c, e, mf, path, "name"),
                            get_string(c, e, mf, path, "file"),
                            {}};
            if (!li.code.empty() && !std::regex_match(li.code, std::regex("[a-z]{2,3}(-[a-z0-9]{1,8})?")))
                c.problem(mf, path + ".code", "\"" + li.code + "\" is not a language code like de, en or de-ls");
            if (!li.code.empty() && !seen.insert(li.code).second)
                c.problem(mf, path + ".code", "duplicate language \"" + li.code + "\"");
            if (utf8_length(li.name) > 32) c.problem(mf, path + ".name", "is longer than 32 characters");
            if (const auto fb = e.find("fallback"); fb != e.end()) {
                if (fb->is_string())
                    li.fallback = fb->get<std::string>();
                else
                    c.problem(mf, path + ".fallback", "must be a language code in quotes");
            }
            pack.languages.push_back(std::move(li));
        }
        // A fallback is another listed language that has no fallback of its own.
        for (std::size_t i = 0; i < pack.languages.size(); ++i) {
            const LanguageInfo& li = pack.languages[i];
            if (li.fallback.empty()) continue;
            const auto target = std::find_if(pack.languages.begin(), pack.languages.end(),
                                             [&](const LanguageInfo& o) { return o.code == li.fallback; });
            const std::string path = "languages[" + std::to_string(i) + "].fallback";
            if (li.fallback == li.code)
                c.problem(mf, path, "a language cannot fall back to itself");
            else if (target == pack.languages.end())
                c.problem(mf, path, "\"" + li.fallback + "\" is not in languages");
            else if (!target->fallback.empty())
                c.problem(mf, path, "\"" + li.fallback + "\" has a fallback itself; use a complete language");
        }
    }
    pack.default_language = get_string(c, m, mf, "", "default_language");
    if (!pack.default_language.empty() && !pack.has_language(pack.default_language))
        c.problem(mf, "default_language", "\"" + pack.default_language + "\" is not in languages");

    if (const json* vision = member(c, m, mf, "", "vision", json::value_t::object)) {
        pack.vision_image = get_string(c, *vision, mf, "vision", "image");
        if (!pack.vision_image.empty()) check_image(c, pack.vision_image, "vision.image");
    }
    const auto with_image = [&](auto& entry, const json& e, const std::string& path) {
        entry.image = get_string(c, e, mf, path, "image");
        if (!entry.image.empty()) check_image(c, entry.image, path + ".image");
    };
    pack.phases = read_list<Phase>(c, m, "phases", PackLimits::max_phases, with_image);
    pack.fields =
        read_list<Field>(c, m, "fields", PackLimits::max_fields, [&](Field& f, const json& e, const std::string& path) {
            const std::string col = get_string(c, e, mf, path, "color");
            if (const auto rgb = parse_colour(col))
                f.rgb = *rgb;
            else if (!col.empty())
                c.problem(mf, path + ".color", "\"" + col + "\" must look like #1f6fb2");
        });
    pack.forums =
        read_list<Forum>(c, m, "forums", PackLimits::max_forums, [&](Forum& f, const json& e, const std::string& path) {
            f.field = get_string(c, e, mf, path, "field");
            if (!f.field.empty() && !pack.find_field(f.field))
                c.problem(mf, path + ".field", "unknown field of action \"" + f.field + "\"");
            with_image(f, e, path);
        });
    pack.slides = read_list<Slide>(c, m, "slides", PackLimits::max_slides, with_image);
    if (const json* brand = member(c, m, mf, "", "brand", json::value_t::object, false)) {
        pack.brand.present = true;
        // A colour of the pack's own must carry the white text the screens put on it.
        const auto colour = [&](const char* key, double min_contrast, const char* use) -> std::optional<std::uint32_t> {
            const json* v = member(c, *brand, mf, "brand", key, json::value_t::string, false);
            if (!v) return std::nullopt;
            const std::string col = v->get<std::string>();
            const auto rgb = parse_colour(col);
            const std::string field = std::string("brand.") + key;
            if (!rgb) {
                c.problem(mf, field, "\"" + col + "\" must look like #00528c");
                return std::nullopt;
            }
            const double ratio = contrast_ratio_rgb(*rgb, 0xFFFFFF);
            if (ratio < min_contrast) {
                char buf[96];
                std::snprintf(buf, sizeof buf, "%.1f:1, at least %g:1 is needed (choose a darker colour)", ratio,
                              min_contrast);
                c.problem(mf, field, "\"" + col + "\" is too light for white text on " + use + ": " + buf);
                return std::nullopt;
            }
            return rgb;
        };
        pack.brand.accent = colour("accent", Brand::k_min_accent_contrast, "buttons");
        pack.brand.bar = colour("bar", Brand::k_min_bar_contrast, "the bar");
        for (const auto& [key, target] : {std::pair{"logo", &pack.brand.logo}, std::pair{"hero", &pack.brand.hero}}) {
            if (const json* v = member(c, *brand, mf, "brand", key, json::value_t::string, false)) {
                *target = v->get<std::string>();
                check_image(c, *target, std::string("brand.") + key);
            }
        }
        for (auto it = brand->begin(); it != brand->end(); ++it)
            if (it.key() != "accent" && it.key() != "bar" && it.key() != "logo" && it.key() != "hero")
                c.problem(mf, "brand." + it.key(), "unknown field (accent, bar, logo and hero are known)");
    }
    for (const auto& f : pack.fields)
        if (pack.forums_in_field(f.id).empty() && !pack.forums.empty())
            c.problem(mf, "fields", "field of action \"" + f.id + "\" has no forums");

    // Language files are checked against the ids above, so read them last.
    if (!c.failed())
        for (const auto& lang : pack.languages) read_language(c, pack, lang);

    if (c.failed()) {
        out.problems = c.take();
        return out;
    }
    out.pack = std::move(pack);
    return out;
}

}  // namespace ruhr
