// Font discovery (fontconfig) and the font atlas the screens draw with.

#include "imgui_harness.h"
#include "test_support.h"
#include "ui/fonts.h"
#include "ui/kiosk_app.h"

#include <imgui_internal.h>
#include "platform/font_discovery.h"

#include <doctest/doctest.h>

#include <filesystem>

using namespace ruhr;
using namespace ruhr::test;

TEST_CASE("font discovery finds a regular and a bold file that exist") {
    const FontFiles files = find_fonts();
    if (files.regular.empty()) {
        MESSAGE("fontconfig found no font with German glyphs; skipped");
        return;
    }
    CHECK(std::filesystem::is_regular_file(files.regular));
    CHECK(std::filesystem::is_regular_file(files.bold));
    CHECK(files.regular != files.bold);
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
    const ImGuiContextScope ctx;
    ImFontAtlas& atlas = *ImGui::GetIO().Fonts;
    const Metrics m = metrics_for(ImVec2(1920, 1080));
    Fonts fonts;
    REQUIRE(build_fonts(atlas, files, m, fonts));
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
    CHECK(fonts.body->FallbackChar == '?');
    // The lookup tables end at the highest character in use (U+2713), not at U+FFFD.
    CHECK(fonts.body->IndexLookup.Size < 0x3000);

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
    CHECK_FALSE(build_fonts(atlas, FontFiles{"/nonexistent/regular.ttf", "/nonexistent/bold.ttf"},
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
