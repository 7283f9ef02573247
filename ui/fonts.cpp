#include "ui/fonts.h"

#include "assets/icons.h"

#include <imgui_freetype.h>
#include <imgui_internal.h>

#include <filesystem>

namespace ruhr {

namespace {
// Glyphs German and English texts need, plus typographic punctuation and a few symbols.
const ImWchar k_ranges[] = {
    0x0020, 0x00FF,  // Basic Latin + Latin-1 (ä ö ü ß « »)
    0x0100, 0x017F,  // Latin Extended-A (names from neighbouring languages)
    0x2010, 0x2027,  // dashes, ‚ ‘ ’ „ “ ”, bullet, ellipsis
    0x20AC, 0x20AC,  // €
    0x2139, 0x2139,  // ℹ (the icons' Unicode fallbacks, assets/icons.h)
    0,
};

// The symbols the screens and the icons' Unicode fallbacks draw, which the text font may lack:
// they come from the symbol font (FontFiles::symbols) when the text font has none.
const ImWchar k_symbol_ranges[] = {
    0x2190, 0x2193,  // arrows
    0x21B5, 0x21B5,  // ↵
    0x21E7, 0x21E7,  // ⇧
    0x2261, 0x2261,  // ≡
    0x2302, 0x2302,  // ⌂
    0x232B, 0x232B,  // ⌫
    0x25A4, 0x25A4,  // ▤
    0x25C9, 0x25C9,  // ◉
    0x2605, 0x2606,  // ★ ☆
    0x261E, 0x261E,  // ☞
    0x266A, 0x266A,  // ♪
    0x267F, 0x267F,  // ♿
    0x270E, 0x270E,  // ✎
    0x2713, 0x2713,  // ✓
    0,
};

// The large sizes: printable ASCII (numbers, the staff screens' fixed words) and the symbols
// the screens draw; the texts add their own letters.
const ImWchar k_title_ranges[] = {
    0x0020, 0x007E,  // printable ASCII
    0x00A0, 0x00A0,  // no-break space
    0x2013, 0x2014,  // dashes
    0x2026, 0x2026,  // ellipsis
    0,
};

// The icon font's glyphs: each icon's codepoint, as zero-terminated pairs.
const ImWchar* icon_ranges() {
    static const std::vector<ImWchar> ranges = [] {
        std::vector<ImWchar> r;
        for (const IconInfo& i : all_icons()) {
            r.push_back(static_cast<ImWchar>(i.codepoint));
            r.push_back(static_cast<ImWchar>(i.codepoint));
        }
        r.push_back(0);
        return r;
    }();
    return ranges.data();
}

std::vector<ImWchar> build_ranges(const ImWchar* fixed, const std::vector<std::string>& texts) {
    ImFontGlyphRangesBuilder builder;
    builder.AddRanges(fixed);
    for (const std::string& t : texts) builder.AddText(t.c_str(), t.c_str() + t.size());
    ImVector<ImWchar> built;
    builder.BuildRanges(&built);
    return std::vector<ImWchar>(built.begin(), built.end());
}
}  // namespace

GlyphRanges glyph_ranges_for(const std::vector<std::string>& texts) {
    return {build_ranges(k_ranges, texts), build_ranges(k_title_ranges, texts)};
}

bool build_fonts(ImFontAtlas& atlas, const FontFiles& files, const Metrics& m, Fonts& out, const GlyphRanges* ranges) {
    const ImWchar* text_ranges = ranges ? ranges->text.data() : k_ranges;
    const ImWchar* title_ranges = ranges ? ranges->titles.data() : k_ranges;
    atlas.Clear();
    atlas.FontBuilderIO = ImGuiFreeType::GetBuilderForFreeType();
    atlas.FontBuilderFlags = ImGuiFreeTypeBuilderFlags_LightHinting;
    // Glyphs are packed tightly; oversampling is a stb_truetype setting and unused by FreeType.
    atlas.TexGlyphPadding = 1;
    out = Fonts{};
    out.scale = m.scale;

    std::error_code ec;
    const bool have_files = !files.regular.empty() && std::filesystem::exists(files.regular, ec) &&
                            !files.bold.empty() && std::filesystem::exists(files.bold, ec);
    if (!have_files) {
        ImFont* f = atlas.AddFontDefault();
        out.small = out.body = out.body_bold = out.heading = out.title = out.display = f;
        atlas.Build();
        return false;
    }
    // Each file is read once and shared by its sizes; once the atlas is built, the font files
    // and the build's input are freed (a rebuild starts again from the files).
    std::size_t regular_size = 0, bold_size = 0;
    void* regular = ImFileLoadToMemory(files.regular.c_str(), "rb", &regular_size);
    void* bold = ImFileLoadToMemory(files.bold.c_str(), "rb", &bold_size);
    // The icons are merged into each size, so a label can hold an icon like a letter.
    std::size_t icons_size = 0;
    void* icons = files.icons.empty() ? nullptr : ImFileLoadToMemory(files.icons.c_str(), "rb", &icons_size);
    std::size_t symbols_size = 0;
    void* symbols = files.symbols.empty() ? nullptr : ImFileLoadToMemory(files.symbols.c_str(), "rb", &symbols_size);
    bool built = false;
    if (regular && bold) {
        ImFontConfig cfg;
        cfg.OversampleH = cfg.OversampleV = 1;
        cfg.FontDataOwnedByAtlas = false;
        ImFontConfig icon_cfg = cfg;
        icon_cfg.MergeMode = true;
        const auto add = [&](void* data, std::size_t size, float px, const ImWchar* r) {
            ImFont* f = atlas.AddFontFromMemoryTTF(data, static_cast<int>(size), px, &cfg, r);
            if (icons) {
                // Material Design Icons sit on a 24-unit grid with their box centred: a little
                // larger than the letters, and lowered to the text's middle.
                icon_cfg.GlyphOffset = ImVec2(0.0f, px * 0.12f);
                atlas.AddFontFromMemoryTTF(icons, static_cast<int>(icons_size), px * 1.15f, &icon_cfg, icon_ranges());
            }
            if (symbols) {
                // Merged last: a character the text font has keeps the text font's glyph.
                ImFontConfig symbol_cfg = cfg;
                symbol_cfg.MergeMode = true;
                atlas.AddFontFromMemoryTTF(symbols, static_cast<int>(symbols_size), px, &symbol_cfg, k_symbol_ranges);
            }
            return f;
        };
        out.small = add(regular, regular_size, m.font_small, text_ranges);
        out.body = add(regular, regular_size, m.font_body, text_ranges);
        out.body_bold = add(bold, bold_size, m.font_body, text_ranges);
        out.heading = add(bold, bold_size, m.font_heading, text_ranges);
        out.title = add(bold, bold_size, m.font_title, title_ranges);
        out.display = add(bold, bold_size, m.font_display, title_ranges);
        built = atlas.Build();
        atlas.ClearInputData();
        out.icons = built && icons != nullptr;
    }
    IM_FREE(regular);
    IM_FREE(bold);
    IM_FREE(icons);
    IM_FREE(symbols);
    if (!built) {
        atlas.Clear();
        ImFont* f = atlas.AddFontDefault();
        out.small = out.body = out.body_bold = out.heading = out.title = out.display = f;
        atlas.Build();
        return false;
    }
    // No U+FFFD in the ranges: Dear ImGui sizes each font's lookup tables by the highest
    // character, and U+FFFD would make them 2 MB in all; its fallback glyph is then '?'.
    return true;
}

}  // namespace ruhr
