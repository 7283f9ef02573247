#pragma once
// "Ihre Idee": an optional forum, the idea text (up to 1,000 characters, with a counter),
// optional contact details with explicit consent, typed on the on-screen keyboard or a
// physical one.

#include "ui/widgets.h"

namespace ruhr {

/// Screen state kept between frames: which field had focus, so the screen can scroll a
/// newly focused field into view above the keyboard.
struct IdeaScreenState {
    IdeaField last_focus = IdeaField::None;
};

void draw_idea(Ui& ui, ScrollArea& area, float& scroll, IdeaScreenState& state, Intents& out);

}  // namespace ruhr
