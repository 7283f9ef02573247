#pragma once
// The forums: cards grouped by field of action, scrolled by dragging with a finger.

#include "ui/widgets.h"

namespace ruhr {

void draw_forums(Ui& ui, ScrollArea& area, float& scroll, Intents& out);

/// Number of card columns for a content width (shared with the layout tests).
int forum_columns(const Metrics& m, float width);

}  // namespace ruhr
