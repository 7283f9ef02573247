#pragma once
// The content model: a validated content pack (format version 1) and its loader.
// The format is documented in docs/content-pack.md; keep both in step.

#include "packs/pack_limits.h"

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace ruhr {

/// One language a pack offers, with the file holding its texts.
struct LanguageInfo {
    std::string code;      // "de", "en", "de-ls"
    std::string name;      // shown on the language switch, in that language ("Deutsch")
    std::string file;      // relative path of the language file
    std::string fallback;  // another language whose texts fill gaps ("de" for Leichte Sprache); empty: none
};

/// One of the process phases (Zuhören, Entscheiden, Handeln) shown as a timeline.
struct Phase {
    std::string id;
    std::string image;
};

/// A field of action (Handlungsfeld) grouping forums; its colour is 0xRRGGBB.
struct Field {
    std::string id;
    std::uint32_t rgb = 0;
};

/// A thematic forum, member of exactly one field.
struct Forum {
    std::string id;
    std::string field;
    std::string image;
};

/// A slide of the attract-screen slideshow.
struct Slide {
    std::string id;
    std::string image;
};

/// The pack's own identity (manifest "brand"; docs/content-pack.md): its wordmark and sender
/// line are texts (brand.name, brand.sender in every language), the rest is here.
struct Brand {
    // The least contrast of white text on each colour. Stricter than WCAG's 4.5:1, because the
    // screens also put the accent on a pressed card and derive lighter shades of the bar for
    // its buttons; tests/unit/test_screens.cpp checks every text pair at these limits.
    static constexpr double k_min_accent_contrast = 6.0;
    static constexpr double k_min_bar_contrast = 12.0;

    bool present = false;                 // the manifest has a "brand" object
    std::optional<std::uint32_t> accent;  // 0xRRGGBB: buttons, chosen items
    std::optional<std::uint32_t> bar;     // 0xRRGGBB: the nav bar and the attract panel
    std::string logo;                     // an image shown instead of the written wordmark; empty: none
    std::string hero;                     // the picture of "Mitmachen" on the home screen; empty: none
};

/// WCAG 2 contrast ratio of two 0xRRGGBB colours (1 to 21).
double contrast_ratio_rgb(std::uint32_t a, std::uint32_t b);

/// A loaded and validated content pack. Every text key the app asks for exists in every
/// language, because loading refuses packs where one is missing.
class ContentPack {
public:
    static constexpr int k_format = 1;

    std::filesystem::path root;
    int format = k_format;
    std::string id;
    std::string version;
    bool demo = false;
    // "2027-06-30": the last day (UTC) on which a kiosk installs this pack; empty: no expiry.
    // An old signed pack cannot be brought back once it has expired (docs/content-pack.md).
    std::string expires;
    std::string default_language;
    std::vector<LanguageInfo> languages;
    std::string vision_image;
    std::vector<Phase> phases;
    std::vector<Field> fields;
    std::vector<Forum> forums;
    std::vector<Slide> slides;
    Brand brand;

    /// Text for `key` (for example "forums.pflege.title") in `language`; falls back to the
    /// default language, then to the key itself so a gap is visible rather than blank.
    const std::string& text(std::string_view language, std::string_view key) const;
    bool has_language(std::string_view code) const;
    const Forum* find_forum(std::string_view id) const;
    const Field* find_field(std::string_view id) const;
    std::vector<const Forum*> forums_in_field(std::string_view field_id) const;
    /// Absolute path of a file named in the manifest.
    std::filesystem::path file_path(std::string_view relative) const;
    /// Images stored scaled to the screen at install, below <root>/.display/ (relative paths).
    std::set<std::string> display_copies;

    /// Calls `fn` with every text of every language (to find the glyphs the fonts need).
    template <class Fn>
    void for_each_text(Fn&& fn) const {
        for (const auto& [lang, texts] : m_texts)
            for (const auto& [key, text] : texts) fn(text);
    }
    /// Used by the loader and by tests that build packs in memory.
    void set_texts(std::string language, std::unordered_map<std::string, std::string> texts);

private:
    std::map<std::string, std::unordered_map<std::string, std::string>, std::less<>> m_texts;
    // Keys shown for missing texts; one entry per key so several can be on screen at once.
    mutable std::unordered_map<std::string, std::string> m_missing;
};

/// One reason a pack was refused: the file, the field inside it, and what is wrong.
struct PackProblem {
    std::string file;
    std::string field;
    std::string message;
    std::string to_string() const;
};

/// The outcome of loading: a pack, or the list of problems that stopped it.
struct PackLoad {
    std::optional<ContentPack> pack;
    std::vector<PackProblem> problems;
};

/// Reads and validates the pack in `dir`. Collects every problem it finds (up to a cap)
/// instead of stopping at the first, so a content author can fix them in one go.
PackLoad load_content_pack(const std::filesystem::path& dir);

/// The UI string keys every language file must carry under "ui".
const std::vector<std::string>& required_ui_keys();

}  // namespace ruhr
