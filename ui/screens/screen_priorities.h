#pragma once
// "Welche drei Foren sind Ihnen am wichtigsten?": pick up to three forums, see and change
// the choice, confirm; the results follow (screen_results.h). One vote per visit.

#include "ui/widgets.h"

namespace ruhr {

void draw_priorities(Ui& ui, ScrollArea& area, float& scroll, Intents& out);

}  // namespace ruhr
