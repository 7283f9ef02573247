#pragma once
// "Welche drei Themen sind Ihnen am wichtigsten?": pick up to three forums, see and change
// the choice, confirm. One vote per visit.

#include "ui/widgets.h"

namespace ruhr {

void draw_priorities(Ui& ui, ScrollArea& area, float& scroll, Intents& out);

}  // namespace ruhr
