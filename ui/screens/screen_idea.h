#pragma once
// "Ihre Idee": an optional forum, the idea text (up to 1,000 characters, with a counter),
// optional contact details with explicit consent, typed on the on-screen keyboard or a
// physical one.

#include "ui/widgets.h"

namespace ruhr {

/// Screen state kept between frames: which field had focus and where its caret was, so the
/// screen can keep what is being typed in view above the keyboard (a drag may still scroll away
/// until the next key).
struct IdeaScreenState {
    IdeaField last_focus = IdeaField::None;
    std::size_t last_caret = 0;
    std::size_t last_length = 0;
    Notice last_notice = Notice::None;
};

void draw_idea(Ui& ui, ScrollArea& area, float& scroll, IdeaScreenState& state, Intents& out);
/// The UI-string key of a field's label ("idea_email"); the idea text's for IdeaField::None.
const char* idea_field_label(IdeaField field);

}  // namespace ruhr
