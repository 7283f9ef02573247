#pragma once
// The 1-5 star rating of one item (the vision or a forum), with text labels on the stars,
// the visitor's own choice, and the local results.

#include "ui/widgets.h"

namespace ruhr {

/// Draws the rating panel at the cursor across `width` and advances the layout. Draws
/// nothing when participation is not available.
void draw_rating(Ui& ui, const std::string& item, float width, Intents& out);

/// "4,2" or "4.2": one decimal with the language's separator.
std::string format_average(const Ui& ui, double value);

}  // namespace ruhr
