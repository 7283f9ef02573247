#pragma once
// One forum: title, field of action, image, teaser and body text.

#include "ui/widgets.h"

namespace ruhr {

void draw_forum(Ui& ui, ScrollArea& area, float& scroll, const Forum& forum, Intents& out);

}  // namespace ruhr
