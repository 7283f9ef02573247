#include "kiosk/fonts.h"

#include <imgui_freetype.h>

#include <filesystem>

namespace ruhr {

namespace {
// Glyphs German and English texts need, plus typographic punctuation and a few symbols.
const ImWchar k_ranges[] = {
    0x0020, 0x00FF,  // Basic Latin + Latin-1 (ä ö ü ß « »)
    0x0100, 0x017F,  // Latin Extended-A (names from neighbouring languages)
    0x2010, 0x2027,  // dashes, ‚ ‘ ’ „ “ ”, bullet, ellipsis
    0x20AC, 0x20AC,  // €
    0x2190, 0x2193,  // arrows
    0x21E7, 0x21E7,  // ⇧ (shift key)
    0x232B, 0x232B,  // ⌫ (backspace key)
    0x2605, 0x2606,  // ★ ☆
    0x2713, 0x2713,  // ✓
    0xFFFD, 0xFFFD,  // replacement character, the fallback glyph
    0,
};
} // namespace

const ImWchar* base_glyph_ranges() { return k_ranges; }

std::vector<ImWchar> glyph_ranges_for(const std::vector<std::string>& texts) {
    ImFontGlyphRangesBuilder builder;
    builder.AddRanges(k_ranges);
    for (const std::string& t : texts) builder.AddText(t.c_str(), t.c_str() + t.size());
    ImVector<ImWchar> built;
    builder.BuildRanges(&built);
    return std::vector<ImWchar>(built.begin(), built.end());
}

bool build_fonts(ImFontAtlas& atlas, const FontFiles& files, const Metrics& m, Fonts& out, const ImWchar* ranges) {
    if (!ranges) ranges = k_ranges;
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
    ImFontConfig cfg;
    cfg.OversampleH = cfg.OversampleV = 1;
    const auto add = [&](const std::string& path, float px) {
        return atlas.AddFontFromFileTTF(path.c_str(), px, &cfg, ranges);
    };
    out.small = add(files.regular, m.font_small);
    out.body = add(files.regular, m.font_body);
    out.body_bold = add(files.bold, m.font_body);
    out.heading = add(files.bold, m.font_heading);
    out.title = add(files.bold, m.font_title);
    out.display = add(files.bold, m.font_display);
    if (!atlas.Build()) {
        atlas.Clear();
        ImFont* f = atlas.AddFontDefault();
        out.small = out.body = out.body_bold = out.heading = out.title = out.display = f;
        atlas.Build();
        return false;
    }
    // Dear ImGui 1.86 picks U+FFFD as the fallback glyph by itself when the range holds it.
    return true;
}

} // namespace ruhr
