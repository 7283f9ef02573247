#pragma once
// After the top three were stored: how others chose (this device's votes, or all locations'
// when the collector's results are fresh), the visitor's own choices marked, and the next step
// (the guide's third step, the idea) or the end of the visit.

#include "ui/widgets.h"

namespace ruhr {

void draw_results(Ui& ui, ScrollArea& area, float& scroll, Intents& out);

}  // namespace ruhr
