#pragma once
// Colours and sizes. Sizes scale with the screen so one layout serves 1280x800 tablets,
// 1080p landscape and portrait, and 4K.

#include <imgui.h>

#include <vector>

#include <cstdint>

namespace ruhr {

/// Layout measures for one display size, in pixels.
struct Metrics {
    ImVec2 display{1920, 1080};
    float scale = 1.0f;  // 1.0 at 1080p in either orientation
    bool portrait = false;
    float pad = 40.0f;  // outer margin
    float gap = 24.0f;  // space between items
    float nav_height = 104.0f;
    int nav_rows = 1;         // 2: in portrait the language names get a row of their own (nav_bar.h)
    float touch_min = 80.0f;  // smallest touch target side (>= 64 px at 1080p)
    float radius = 14.0f;
    float text_scale = 1.0f;  // 1.25 with the "large text" mode

    /// Font pixel sizes at this scale.
    float font_small = 24.0f;
    float font_body = 30.0f;
    float font_heading = 42.0f;
    float font_title = 58.0f;
    float font_display = 88.0f;
};

/// Text scale of the "large text" accessibility mode.
inline constexpr float k_large_text_scale = 1.25f;

/// Measures for a display of `size` pixels.
Metrics metrics_for(ImVec2 size, float text_scale = 1.0f);

/// The colour set. Text on its background keeps a contrast of at least 4.5:1.
struct Theme {
    ImU32 background;
    ImU32 surface;
    ImU32 surface_pressed;
    ImU32 text;
    ImU32 text_muted;
    ImU32 accent;
    ImU32 accent_pressed;
    ImU32 on_accent;
    ImU32 disabled_surface;
    ImU32 disabled_text;
    ImU32 nav_background;
    ImU32 overlay_dim;
    ImU32 badge;
    ImU32 on_badge;
    ImU32 placeholder;
    ImU32 outline;  // the edge of a tappable card, chip or key (at least 3:1 in high contrast)
    ImU32 star;     // a lit rating star
    ImU32 success;  // text: something was saved
    ImU32 error;    // text: something went wrong
    ImU32
        selected_outline;   // the edge of a chosen (badge-coloured) control: invisible normally, black in high contrast
    ImU32 outline_on_dark;  // the edge of a button on the bar or the keyboard: faint normally, white in high contrast
};

struct Brand;

Theme default_theme();
/// The default theme in the pack's own colours (accent and bar, where the pack gives them;
/// the pack's validation keeps white text on them readable). High contrast keeps its own.
Theme branded_theme(const Brand& brand);
/// Black on white with strong accents: every text at least 7:1 (WCAG AAA contrast).
Theme high_contrast_theme();

/// WCAG 2.1 contrast ratio of two opaque colours (1 to 21).
double contrast_ratio(ImU32 a, ImU32 b);

/// A text colour on a background colour as the screens use them, named for messages.
struct ColourPair {
    const char* what;
    ImU32 text;
    ImU32 background;
};
/// Every text/background pair the screens draw with `t` (for contrast checks).
std::vector<ColourPair> text_colour_pairs(const Theme& t);

/// Packs 0xRRGGBB plus alpha into Dear ImGui's colour format.
ImU32 rgb_to_u32(std::uint32_t rgb, std::uint8_t alpha = 255);
/// Darkens (factor < 1) or lightens a colour.
ImU32 shade(ImU32 colour, float factor);

/// A disabled button on the dark background (nav_background): a muted fill and its label.
ImU32 disabled_on_dark(const Theme& t);
ImU32 disabled_on_dark_text(const Theme& t);

/// Applies the theme to Dear ImGui's style (windows without padding or borders).
void apply_style(ImGuiStyle& style, const Theme& theme, const Metrics& m);

}  // namespace ruhr
