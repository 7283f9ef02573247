// Font discovery (fontconfig) and the font atlas the screens draw with.

#include "assets/icons.h"
#include "imgui_harness.h"
#include "test_support.h"
#include "ui/fonts.h"
#include "ui/kiosk_app.h"

#include <imgui_internal.h>
#include "platform/font_discovery.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

using namespace ruhr;
using namespace ruhr::test;

namespace {
// An ImGui context whose atlas holds `files` at the sizes of a 1920x1080 screen.
struct FullHdAtlas {
    ImGuiContextScope ctx;
    ImFontAtlas& atlas = *ImGui::GetIO().Fonts;
    Metrics m = metrics_for(ImVec2(1920, 1080));
    Fonts fonts;
    explicit FullHdAtlas(const FontFiles& files) { REQUIRE(build_fonts(atlas, files, m, fonts)); }
};
}  // namespace

TEST_CASE("font discovery finds a regular and a bold file that exist") {
    const FontFiles files = find_fonts();
    if (files.regular.empty()) {
        MESSAGE("fontconfig found no font with German glyphs; skipped");
        return;
    }
    CHECK(std::filesystem::is_regular_file(files.regular));
    CHECK(std::filesystem::is_regular_file(files.bold));
    CHECK(files.regular != files.bold);
    // The design's family (docs/design.md), installed by setup.sh and the package's Depends.
    CHECK(std::filesystem::path(files.regular).filename() == "NotoSans-Regular.ttf");
    CHECK(std::filesystem::path(files.bold).filename() == "NotoSans-Bold.ttf");
    // Noto Sans has no arrows, stars or check marks: a second font brings them.
    CHECK(std::filesystem::is_regular_file(files.symbols));
}

TEST_CASE("font discovery of an unknown family still returns a usable font") {
    const FontFiles files = find_fonts("No Such Family 1234");
    if (files.regular.empty()) {
        MESSAGE("fontconfig found no font with German glyphs; skipped");
        return;
    }
    CHECK(std::filesystem::is_regular_file(files.regular));
    CHECK(std::filesystem::is_regular_file(files.bold));
}

TEST_CASE("the fonts are built at the sizes of the display with German glyphs and '?' as fallback") {
    const FontFiles files = find_fonts();
    if (files.regular.empty()) {
        MESSAGE("fontconfig found no font with German glyphs; skipped");
        return;
    }
    FullHdAtlas built(files);
    ImFontAtlas& atlas = built.atlas;
    const Metrics& m = built.m;
    Fonts& fonts = built.fonts;
    CHECK(atlas.IsBuilt());
    CHECK(fonts.scale == 1.0f);
    REQUIRE(fonts.body != nullptr);
    CHECK(fonts.small->FontSize == m.font_small);
    CHECK(fonts.body->FontSize == m.font_body);
    CHECK(fonts.body_bold->FontSize == m.font_body);
    CHECK(fonts.heading->FontSize == m.font_heading);
    CHECK(fonts.title->FontSize == m.font_title);
    CHECK(fonts.display->FontSize == m.font_display);
    CHECK(fonts.body != fonts.body_bold);
    for (const ImWchar c : {ImWchar(0xE4), ImWchar(0xDF), ImWchar(0x201E), ImWchar(0x20AC), ImWchar(0x2190)}) {
        CAPTURE(static_cast<int>(c));
        CHECK(fonts.body->FindGlyphNoFallback(c) != nullptr);
    }
    // The symbols come from the symbol font at every size (★ is drawn large on the rating).
    for (ImFont* f : {fonts.small, fonts.body, fonts.title, fonts.display})
        for (const ImWchar c : {ImWchar(0x2190), ImWchar(0x2605), ImWchar(0x2713)}) {
            CAPTURE(static_cast<int>(c));
            CHECK(f->FindGlyphNoFallback(c) != nullptr);
        }
    CHECK(fonts.body->FallbackChar == '?');
    // The lookup tables end at the highest character in use, not at U+FFFD: the text's (U+2713)
    // or, with the icon font, the highest icon's (U+F636; about 380 KB of tables per size).
    const int highest = files.icons.empty() ? 0x3000 : 0xF700;
    CHECK(fonts.body->IndexLookup.Size < highest);

    // At 4K every size doubles, and the atlas is rebuilt from scratch.
    const Metrics big = metrics_for(ImVec2(3840, 2160));
    REQUIRE(build_fonts(atlas, files, big, fonts));
    CHECK(fonts.body->FontSize == 2.0f * m.font_body);
    CHECK(atlas.Fonts.Size == 6);
}

TEST_CASE("missing font files fall back to the built-in font") {
    const ImGuiContextScope ctx;
    ImFontAtlas& atlas = *ImGui::GetIO().Fonts;
    Fonts fonts;
    CHECK_FALSE(build_fonts(atlas, FontFiles{"/nonexistent/regular.ttf", "/nonexistent/bold.ttf", "", ""},
                            metrics_for(ImVec2(1920, 1080)), fonts));
    CHECK(atlas.IsBuilt());
    CHECK(fonts.small != nullptr);
    CHECK(fonts.body != nullptr);
    CHECK(fonts.body_bold != nullptr);
    CHECK(fonts.heading != nullptr);
    CHECK(fonts.title != nullptr);
    CHECK(fonts.display != nullptr);
    CHECK_FALSE(build_fonts(atlas, FontFiles{}, metrics_for(ImVec2(1920, 1080)), fonts));
    CHECK(fonts.body != nullptr);
}

TEST_CASE("layout scales with the short side of the display") {
    CHECK(metrics_for(ImVec2(1920, 1080)).scale == 1.0f);
    CHECK(metrics_for(ImVec2(1080, 1920)).scale == 1.0f);
    CHECK(metrics_for(ImVec2(1080, 1920)).portrait);
    CHECK_FALSE(metrics_for(ImVec2(1920, 1080)).portrait);
    CHECK(metrics_for(ImVec2(3840, 2160)).scale == 2.0f);
    CHECK(metrics_for(ImVec2(1280, 800)).scale == doctest::Approx(800.0 / 1080.0));
    CHECK(metrics_for(ImVec2(320, 200)).scale == doctest::Approx(0.7));  // touch targets stay usable
    CHECK(metrics_for(ImVec2(1280, 800)).touch_min >= 56.0f);
}

TEST_CASE("the large sizes hold every letter of the pack's and the staff screens' texts") {
    const ContentPack pack = load_default_pack();
    const GlyphRanges ranges = KioskApp::font_glyph_ranges(pack);
    const auto covered = [](const std::vector<ImWchar>& r, unsigned c) {
        for (std::size_t i = 0; i + 1 < r.size() && r[i] != 0; i += 2)
            if (c >= r[i] && c <= r[i + 1]) return true;
        return false;
    };
    std::vector<std::string> texts;
    pack.for_each_text([&](const std::string& t) { texts.push_back(t); });
    for_each_staff_text([&](const std::string& t) { texts.push_back(t); });
    for (const std::string& t : texts) {
        const char* p = t.c_str();
        const char* end = p + t.size();
        while (p < end) {
            unsigned c = 0;
            p += ImTextCharFromUtf8(&c, p, end);
            if (c < 0x20) continue;
            CAPTURE(t);
            CAPTURE(c);
            CHECK(covered(ranges.titles, c));
            CHECK(covered(ranges.text, c));
        }
    }
}

TEST_CASE("every icon's codepoint is the one the installed icon package's style sheet names") {
    std::ifstream css(k_icon_css_file);
    if (!css) {
        MESSAGE("fonts-materialdesignicons-webfont is not installed; skipped");
        return;
    }
    const std::string sheet((std::istreambuf_iterator<char>(css)), std::istreambuf_iterator<char>());
    for (const IconInfo& i : all_icons()) {
        CAPTURE(i.css_name);
        // ".mdi-star:before {\n  content: "\F4CE";"
        const std::string rule = ".mdi-" + std::string(i.css_name) + ":before {";
        const auto at = sheet.find(rule);
        REQUIRE(at != std::string::npos);
        const auto quote = sheet.find("content: \"\\", at);
        REQUIRE(quote != std::string::npos);
        const std::string hex = sheet.substr(quote + 11, sheet.find('"', quote + 11) - quote - 11);
        CHECK(std::stoul(hex, nullptr, 16) == i.codepoint);
        // The UTF-8 form is that codepoint, and the fallback is a different, ordinary character.
        unsigned int decoded = 0;
        CHECK(ImTextCharFromUtf8(&decoded, i.utf8.data(), i.utf8.data() + i.utf8.size()) ==
              static_cast<int>(i.utf8.size()));
        CHECK(decoded == i.codepoint);
        CHECK(i.fallback != i.utf8);
    }
    CHECK(icon_info(Icon::Backspace).icon == Icon::Backspace);
}

TEST_CASE("the icon font is merged into every size, and without it the icons are Unicode fallbacks") {
    const FontFiles files = find_fonts();
    if (files.regular.empty() || files.icons.empty()) {
        MESSAGE("no text font or no icon font installed; skipped");
        return;
    }
    FullHdAtlas built(files);
    ImFontAtlas& atlas = built.atlas;
    const Metrics& m = built.m;
    const Fonts& fonts = built.fonts;
    CHECK(fonts.icons);
    for (ImFont* f : {fonts.small, fonts.body, fonts.body_bold, fonts.heading, fonts.title, fonts.display})
        for (const IconInfo& i : all_icons()) {
            CAPTURE(i.css_name);
            const ImFontGlyph* g = f->FindGlyphNoFallback(static_cast<ImWchar>(i.codepoint));
            REQUIRE(g != nullptr);
            CHECK(g->X1 > g->X0);  // drawn, not an empty box
        }
    FontFiles without = files;
    without.icons.clear();
    Fonts plain;
    REQUIRE(build_fonts(atlas, without, m, plain));
    CHECK_FALSE(plain.icons);
    CHECK(plain.body->FindGlyphNoFallback(static_cast<ImWchar>(icon_info(Icon::Star).codepoint)) == nullptr);
    // The fallbacks the screens draw instead are in the text font (the speaker's ♪ too).
    for (const IconInfo& i : all_icons()) {
        CAPTURE(i.css_name);
        unsigned int c = 0;
        ImTextCharFromUtf8(&c, i.fallback.data(), i.fallback.data() + i.fallback.size());
        CHECK(plain.body->FindGlyphNoFallback(static_cast<ImWchar>(c)) != nullptr);
    }
}
