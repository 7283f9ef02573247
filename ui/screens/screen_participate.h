#pragma once
// "Mitmachen": the three ways to take part (rate topics, set priorities, share an idea).

#include "ui/widgets.h"

namespace ruhr {

void draw_participate(Ui& ui, ScrollArea& area, float& scroll, Intents& out);

}  // namespace ruhr
