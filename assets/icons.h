#pragma once
// The icon set of the kiosk's controls: back, home, accessibility, the keyboard's special
// keys, stars, check marks, the speaker, the steps of taking part. Drawn from Material Design Icons, which Debian ships
// as a font (fonts-materialdesignicons-webfont, version 1.6.50): the glyphs are not copied
// into this tree, the font is loaded from the package at start-up and merged into every text
// size, so an icon sits in a label like a letter. Without the package each icon falls back
// to a Unicode character of the symbol font (DejaVu Sans, ui/fonts.h), as the kiosk drew them
// before.

#include <span>
#include <string_view>

namespace ruhr {

enum class Icon {
    Back,
    Home,
    Accessibility,
    Shift,
    Backspace,
    Enter,
    KeyboardHide,
    Star,
    StarOutline,
    Check,
    Speaker,
    Close,
    Next,
    Idea,
    Ranking,
    Results,
    Info,
    Vision,  // the eye: what the region wants to become
    Forums,  // speech bubbles: the thematic forums
    Tap,     // a pointing hand: the call to start
};

struct IconInfo {
    Icon icon;
    std::string_view css_name;  // the package's name for it (materialdesignicons.css, ".mdi-<name>")
    char32_t codepoint;         // in the icon font (Unicode's private use area)
    std::string_view utf8;      // that codepoint in UTF-8
    std::string_view fallback;  // a Unicode character with the same meaning (UTF-8), for text fonts
};

/// Every icon, in the order of the enum.
std::span<const IconInfo> all_icons();
const IconInfo& icon_info(Icon icon);

/// Where Debian's package installs the font and the style sheet that names its glyphs.
inline constexpr const char* k_icon_font_file =
    "/usr/share/fonts/truetype/materialdesignicons-webfont/materialdesignicons-webfont.ttf";
inline constexpr const char* k_icon_css_file =
    "/usr/share/fonts-materialdesignicons-webfont/css/materialdesignicons.css";

}  // namespace ruhr
