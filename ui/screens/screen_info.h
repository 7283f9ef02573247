#pragma once
// "Datenschutz und Impressum": the pack's privacy notice (who is responsible, what is stored
// for what purpose, how long, how to withdraw) and its imprint, reachable from every screen's
// nav bar and from the consent on the idea form; back returns to where the visitor was, with
// everything typed still there.

#include "ui/widgets.h"

namespace ruhr {

void draw_info(Ui& ui, ScrollArea& area, float& scroll, Intents& out);

}  // namespace ruhr
