#pragma once
// The vision ("Unser Leitgedanke"): text with an image, and the three phases as a timeline.

#include "ui/widgets.h"

namespace ruhr {

void draw_vision(Ui& ui, ScrollArea& area, float& scroll, Intents& out);

}  // namespace ruhr
