#pragma once
// "Sind Sie noch da?": the countdown before a visit ends. It offers more time (WCAG 2.2.1)
// and a way to start over; tapping anywhere outside the panel also continues.

#include "ui/widgets.h"

namespace ruhr {

void draw_idle_overlay(Ui& ui, int seconds_left, Intents& out);

}  // namespace ruhr
