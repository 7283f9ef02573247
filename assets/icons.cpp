#include "assets/icons.h"

#include <array>

namespace ruhr {

namespace {
// Codepoints as materialdesignicons.css 1.6.50 names them; tests/unit/test_fonts.cpp checks
// each against the installed style sheet, so a package update that moves one fails the suite.
constexpr std::array<IconInfo, 20> k_icons = {{
    {Icon::Back, "arrow-left", 0xF04D, "\uF04D", "\u2190"},              // ←
    {Icon::Home, "home", 0xF2DC, "\uF2DC", "\u2302"},                    // ⌂
    {Icon::Accessibility, "human", 0xF2E6, "\uF2E6", "\u267F"},          // ♿
    {Icon::Shift, "apple-keyboard-shift", 0xF636, "\uF636", "\u21E7"},   // ⇧
    {Icon::Backspace, "backspace", 0xF06E, "\uF06E", "\u232B"},          // ⌫
    {Icon::Enter, "keyboard-return", 0xF311, "\uF311", "\u21B5"},        // ↵
    {Icon::KeyboardHide, "keyboard-close", 0xF30F, "\uF30F", "\u2193"},  // ↓
    {Icon::Star, "star", 0xF4CE, "\uF4CE", "\u2605"},                    // ★
    {Icon::StarOutline, "star-outline", 0xF4D2, "\uF4D2", "\u2606"},     // ☆
    {Icon::Check, "check", 0xF12C, "\uF12C", "\u2713"},                  // ✓
    {Icon::Speaker, "volume-high", 0xF57E, "\uF57E", "\u266A"},          // ♪
    {Icon::Close, "close", 0xF156, "\uF156", "\u00D7"},                  // ×
    {Icon::Next, "arrow-right", 0xF054, "\uF054", "\u2192"},             // →
    {Icon::Idea, "lightbulb-outline", 0xF336, "\uF336", "\u270E"},       // ✎
    {Icon::Ranking, "format-list-numbers", 0xF27B, "\uF27B", "\u2261"},  // ≡
    {Icon::Results, "poll", 0xF41F, "\uF41F", "\u25A4"},                 // ▤
    {Icon::Info, "information-outline", 0xF2FD, "\uF2FD", "\u2139"},     // ℹ
    {Icon::Vision, "eye", 0xF208, "\uF208", "\u25C9"},                   // ◉
    {Icon::Forums, "forum", 0xF28C, "\uF28C", "\u2261"},                 // ≡
    {Icon::Tap, "hand-pointing-right", 0xF2C7, "\uF2C7", "\u261E"},      // ☞
}};
}  // namespace

std::span<const IconInfo> all_icons() { return k_icons; }

const IconInfo& icon_info(Icon icon) { return k_icons[static_cast<std::size_t>(icon)]; }

}  // namespace ruhr
