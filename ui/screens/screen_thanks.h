#pragma once
// The thank-you screen, shown only after an idea is committed: what this visit stored, the next
// step (another idea) and the end of the visit, and a visible countdown: it ends the visit by
// itself after Visit::thanks_seconds.

#include "ui/widgets.h"

namespace ruhr {

void draw_thanks(Ui& ui, Intents& out);

}  // namespace ruhr
