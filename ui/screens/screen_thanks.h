#pragma once
// The thank-you screen, shown only after a submission is committed. It ends the visit by
// itself after a few seconds, or when the visitor taps "done".

#include "ui/widgets.h"

namespace ruhr {

void draw_thanks(Ui& ui, Intents& out);

}  // namespace ruhr
