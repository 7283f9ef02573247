#pragma once
// The bar at the top of every visitor screen: back, home, demo badge, language switch.

#include "ui/widgets.h"

namespace ruhr {

enum class NavButtons { LanguageOnly, Full };

/// Draws the bar across the top of the current window and returns its height.
float draw_nav_bar(Ui& ui, NavButtons buttons, Intents& out);

}  // namespace ruhr
