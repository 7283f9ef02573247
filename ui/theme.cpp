#include "ui/theme.h"

#include <algorithm>
#include <cmath>

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

Theme default_theme() {
    Theme t{};
    t.background = rgb_to_u32(0xF3F5F7);
    t.surface = rgb_to_u32(0xFFFFFF);
    t.surface_pressed = rgb_to_u32(0xDCE4EC);
    t.text = rgb_to_u32(0x1B1F24);
    t.text_muted = rgb_to_u32(0x4A5561);
    t.accent = rgb_to_u32(0x00528C);
    t.accent_pressed = rgb_to_u32(0x003A66);
    t.on_accent = rgb_to_u32(0xFFFFFF);
    t.disabled_surface = rgb_to_u32(0xE3E7EB);
    t.disabled_text = rgb_to_u32(0x59636E);
    t.nav_background = rgb_to_u32(0x0F2A44);
    t.overlay_dim = IM_COL32(10, 20, 30, 170);
    t.badge = rgb_to_u32(0xFFD23F);
    t.on_badge = rgb_to_u32(0x1B1F24);
    t.placeholder = rgb_to_u32(0xC9D3DD);
    t.star = rgb_to_u32(0x995A00);  // amber, 5.0:1 on the page background
    t.success = rgb_to_u32(0x1E6B2E);
    t.error = rgb_to_u32(0xB3261E);
    return t;
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

Theme high_contrast_theme() {
    Theme t{};
    t.background = rgb_to_u32(0xFFFFFF);
    t.surface = rgb_to_u32(0xFFFFFF);
    t.surface_pressed = rgb_to_u32(0xD9D9D9);
    t.text = rgb_to_u32(0x000000);
    t.text_muted = rgb_to_u32(0x222222);
    t.accent = rgb_to_u32(0x00264D);
    t.accent_pressed = rgb_to_u32(0x000000);
    t.on_accent = rgb_to_u32(0xFFFFFF);
    t.disabled_surface = rgb_to_u32(0xE6E6E6);
    t.disabled_text = rgb_to_u32(0x333333);
    t.nav_background = rgb_to_u32(0x000000);
    t.overlay_dim = IM_COL32(0, 0, 0, 215);
    t.badge = rgb_to_u32(0xFFE14D);
    t.on_badge = rgb_to_u32(0x000000);
    t.placeholder = rgb_to_u32(0xBFBFBF);
    t.star = rgb_to_u32(0x6B3E00);
    t.success = rgb_to_u32(0x0B4D1A);
    t.error = rgb_to_u32(0x8A0F0A);
    return t;
}

namespace {
double linear(unsigned v) {
    const double c = v / 255.0;
    return c <= 0.03928 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}
double luminance(ImU32 c) {
    return 0.2126 * linear((c >> IM_COL32_R_SHIFT) & 0xFF) + 0.7152 * linear((c >> IM_COL32_G_SHIFT) & 0xFF) +
           0.0722 * linear((c >> IM_COL32_B_SHIFT) & 0xFF);
}
}  // namespace

double contrast_ratio(ImU32 a, ImU32 b) {
    const double la = luminance(a), lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

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
        {"rating star on its key", t.star, t.background},
    };
}

}  // namespace ruhr
