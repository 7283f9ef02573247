#pragma once
// The on-screen keyboard: German QWERTZ with ä ö ü ß, one-shot shift, a numbers and symbols
// page, backspace, space and a key to hide it. Keys produce KeyInput intents, the same as
// typing on a physical keyboard.

#include "ui/widgets.h"

namespace ruhr {

/// Height the keyboard takes at the bottom of the screen.
float keyboard_height(const Metrics& m);

/// Draws the keyboard across the bottom of the screen (`top` is its upper edge).
void draw_keyboard(Ui& ui, float top, bool shift, bool symbols, Intents& out);

/// The character a letter key types with shift held ("ä" -> "Ä"; "ß" stays "ß").
std::string shifted(const std::string& key);

}  // namespace ruhr
