#include "ui/theme.h"

#include "packs/content_pack.h"

#include <algorithm>
#include <cmath>
#include <iterator>

namespace ruhr {

Metrics metrics_for(ImVec2 size, float text_scale) {
    Metrics m;
    m.display = size;
    m.portrait = size.y > size.x;
    // Scale by the short side so 1920x1080 and 1080x1920 share one scale; clamp so a small
    // window stays usable and touch targets stay large enough for a finger.
    const float short_side = std::min(size.x, size.y);
    m.scale = std::clamp(short_side / 1080.0f, 0.7f, 4.0f);
    const float s = m.scale;
    m.pad = 40.0f * s;
    m.gap = 24.0f * s;
    m.nav_height = 104.0f * s;
    m.touch_min = 80.0f * s;
    m.radius = 14.0f * s;
    // Large text scales the type, not the layout: margins and touch targets stay, lines wrap.
    m.text_scale = text_scale;
    const float ts = s * text_scale;
    m.font_small = 24.0f * ts;
    m.font_body = 30.0f * ts;
    m.font_heading = 42.0f * ts;
    m.font_title = 58.0f * ts;
    m.font_display = 88.0f * s;
    return m;
}

ImU32 rgb_to_u32(std::uint32_t rgb, std::uint8_t alpha) {
    return IM_COL32((rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF, alpha);
}

ImU32 shade(ImU32 c, float f) {
    const auto ch = [&](int shift) {
        const float v = static_cast<float>((c >> shift) & 0xFF);
        const float out = f < 1.0f ? v * f : v + (255.0f - v) * (f - 1.0f);
        return static_cast<ImU32>(std::clamp(out, 0.0f, 255.0f));
    };
    return (ch(IM_COL32_R_SHIFT) << IM_COL32_R_SHIFT) | (ch(IM_COL32_G_SHIFT) << IM_COL32_G_SHIFT) |
           (ch(IM_COL32_B_SHIFT) << IM_COL32_B_SHIFT) | (c & IM_COL32_A_MASK);
}

namespace {
/// Both palettes side by side, one row per role, so a change to one theme is seen next to the
/// other (the contrast tests in test_screens check every text pair of both).
struct PaletteRow {
    ImU32 Theme::*role;
    std::uint32_t normal;
    std::uint32_t high_contrast;
};
constexpr PaletteRow k_palette[] = {
    {&Theme::background, 0xF3F5F7, 0xFFFFFF},
    {&Theme::surface, 0xFFFFFF, 0xFFFFFF},
    {&Theme::surface_pressed, 0xDCE4EC, 0xD9D9D9},
    {&Theme::text, 0x1B1F24, 0x000000},
    {&Theme::text_muted, 0x4A5561, 0x222222},
    {&Theme::accent, 0x00528C, 0x00264D},
    {&Theme::accent_pressed, 0x003A66, 0x000000},
    {&Theme::on_accent, 0xFFFFFF, 0xFFFFFF},
    {&Theme::disabled_surface, 0xE3E7EB, 0xE6E6E6},
    {&Theme::disabled_text, 0x59636E, 0x333333},
    {&Theme::nav_background, 0x0F2A44, 0x000000},
    {&Theme::badge, 0xFFD23F, 0xFFE14D},
    {&Theme::on_badge, 0x1B1F24, 0x000000},
    {&Theme::placeholder, 0xC9D3DD, 0xBFBFBF},
    // Edges: a quiet line in the normal theme; black in high contrast, where cards, keys and
    // chips are white on white and only their edge shows where to tap (WCAG 1.4.11: 3:1).
    {&Theme::outline, 0xC9D3DD, 0x000000},
    {&Theme::star, 0x995A00, 0x6B3E00},  // amber: 5.0:1 on the normal page background
    {&Theme::success, 0x1E6B2E, 0x0B4D1A},
    {&Theme::error, 0xB3261E, 0x8A0F0A},
    {&Theme::selected_outline, 0xFFD23F, 0x000000},
};
// Every role has a row (overlay_dim and outline_on_dark, which have alpha, are set apart): a new
// Theme member without one fails here.
static_assert(std::size(k_palette) + 2 == sizeof(Theme) / sizeof(ImU32));

Theme theme_from(std::uint32_t PaletteRow::*column, ImU32 overlay_dim, ImU32 outline_on_dark) {
    Theme t{};
    for (const PaletteRow& row : k_palette) t.*row.role = rgb_to_u32(row.*column);
    t.overlay_dim = overlay_dim;  // the dim behind dialogs
    // Over whatever bar colour a pack brings: a translucent white edge shows on every one.
    t.outline_on_dark = outline_on_dark;
    return t;
}
}  // namespace

Theme default_theme() {
    return theme_from(&PaletteRow::normal, IM_COL32(10, 20, 30, 170), IM_COL32(255, 255, 255, 70));
}

Theme branded_theme(const Brand& brand) {
    Theme t = default_theme();
    if (brand.accent) {
        t.accent = rgb_to_u32(*brand.accent);
        t.accent_pressed = shade(t.accent, 0.72f);
    }
    if (brand.bar) t.nav_background = rgb_to_u32(*brand.bar);
    return t;
}

Theme high_contrast_theme() {
    return theme_from(&PaletteRow::high_contrast, IM_COL32(0, 0, 0, 215), IM_COL32(255, 255, 255, 255));
}

void apply_style(ImGuiStyle& style, const Theme& theme, const Metrics& m) {
    style = ImGuiStyle();
    style.WindowPadding = ImVec2(0, 0);
    style.WindowBorderSize = 0.0f;
    style.ChildBorderSize = 0.0f;
    style.FramePadding = ImVec2(0, 0);
    style.ItemSpacing = ImVec2(0, 0);
    style.ItemInnerSpacing = ImVec2(0, 0);
    style.WindowRounding = 0.0f;
    style.ChildRounding = 0.0f;
    style.ScrollbarSize = 0.0f;
    style.AntiAliasedFill = true;
    style.AntiAliasedLines = true;
    style.TouchExtraPadding = ImVec2(0, 0);
    (void)m;
    ImVec4* c = style.Colors;
    c[ImGuiCol_WindowBg] = ImGui::ColorConvertU32ToFloat4(theme.background);
    c[ImGuiCol_ChildBg] = ImVec4(0, 0, 0, 0);
    c[ImGuiCol_Text] = ImGui::ColorConvertU32ToFloat4(theme.text);
    c[ImGuiCol_Border] = ImVec4(0, 0, 0, 0);
}

double contrast_ratio(ImU32 a, ImU32 b) {
    const auto rgb = [](ImU32 c) {
        return (((c >> IM_COL32_R_SHIFT) & 0xFFu) << 16) | (((c >> IM_COL32_G_SHIFT) & 0xFFu) << 8) |
               ((c >> IM_COL32_B_SHIFT) & 0xFFu);
    };
    return contrast_ratio_rgb(rgb(a), rgb(b));
}

ImU32 disabled_on_dark(const Theme& t) { return shade(t.nav_background, 1.07f); }
ImU32 disabled_on_dark_text(const Theme& t) { return shade(t.nav_background, 1.66f); }

std::vector<ColourPair> text_colour_pairs(const Theme& t) {
    const ImU32 on_dark_button = shade(t.nav_background, 1.15f);
    return {
        {"text on background", t.text, t.background},
        {"text on surface", t.text, t.surface},
        {"muted text on background", t.text_muted, t.background},
        {"muted text on surface", t.text_muted, t.surface},
        {"primary button label", t.on_accent, t.accent},
        {"pressed primary button label", t.on_accent, t.accent_pressed},
        {"secondary button label", t.accent, t.surface},
        {"secondary button label, pressed", t.accent, t.surface_pressed},
        {"nav bar button label", t.on_accent, on_dark_button},
        {"nav bar text", t.on_accent, t.nav_background},
        {"selected button / badge label", t.on_badge, t.badge},
        {"saved message", t.success, t.surface},
        {"error message", t.error, t.surface},
        {"error message on background", t.error, t.background},
        {"disabled button label", t.disabled_text, t.disabled_surface},
        {"disabled button label on the dark background", disabled_on_dark_text(t), disabled_on_dark(t)},
        {"rating star on its key", t.star, t.background},
    };
}

}  // namespace ruhr
