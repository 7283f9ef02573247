#pragma once
// The bar at the top of every visitor screen: back, home, accessibility, privacy and imprint,
// demo badge, language switch.

#include "ui/widgets.h"

namespace ruhr {

enum class NavButtons { LanguageOnly, Full };

/// Draws the bar across the top of the current window and returns its height (m.nav_height).
float draw_nav_bar(Ui& ui, NavButtons buttons, Intents& out);

/// Whether the bar needs a second row so that the languages keep their names: in portrait,
/// when back, home and accessibility even as icons leave too little room for them. The app
/// sets Metrics::nav_rows from it once the fonts are built.
bool nav_needs_second_row(const Metrics& m, ImFont* label_font, const ContentPack& pack);

}  // namespace ruhr
