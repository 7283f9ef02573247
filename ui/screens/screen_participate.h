#pragma once
// "Mitmachen": the guide's three steps (rate the forums, set priorities, submit an idea), each a
// card that starts the guide at its step.

#include "ui/widgets.h"

namespace ruhr {

void draw_participate(Ui& ui, ScrollArea& area, float& scroll, Intents& out);

}  // namespace ruhr
