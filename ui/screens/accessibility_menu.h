#pragma once
// The accessibility menu, opened from the button on every visitor screen: large text, high
// contrast and the low-reach layout, each switched on and off with one tap.

#include "kiosk/visit.h"
#include "ui/widgets.h"

namespace ruhr {

/// The "Bedienhilfen" button (nav bar and other screens) at the cursor; `size.y` is its height.
/// `label` defaults to the pack's "a11y_button" text.
void draw_accessibility_button(Ui& ui, ImVec2 size, ButtonStyle style, Intents& out,
                               const std::string* label = nullptr);

/// The menu as a modal panel over the screen.
void draw_accessibility_menu(Ui& ui, const Accessibility& modes, Intents& out);

}  // namespace ruhr
