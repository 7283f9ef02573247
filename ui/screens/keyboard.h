#pragma once
// The on-screen keyboard. Its letters follow the visit's language (German QWERTZ with ä ö ü ß,
// English QWERTY), with ? ! and Enter on the letter layer, one-shot shift, a numbers and symbols
// layer, and a layout for what the field wants: letters for text, @ and . for an e-mail address,
// a number pad for a postcode. Keys produce KeyInput intents, the same as a physical keyboard.

#include "kiosk/intents.h"
#include "ui/widgets.h"

#include <string_view>

namespace ruhr {

enum class KeyboardLetters { German, English };
enum class KeyboardKind { Text, Email, Digits };

/// What the keyboard shows this frame.
struct KeyboardView {
    KeyboardLetters letters = KeyboardLetters::German;
    KeyboardKind kind = KeyboardKind::Text;
    bool shift = false;
    bool symbols = false;  // the numbers and symbols layer (Digits: the letters)
};

/// The letters for a visit language ("en": QWERTY; German and the rest: QWERTZ).
KeyboardLetters keyboard_letters_for(std::string_view language);
/// The layout a field wants.
KeyboardKind keyboard_kind_for(IdeaField field);

/// Height the keyboard takes at the bottom of the screen.
float keyboard_height(const Metrics& m);

/// Draws the keyboard across the bottom of the screen (`top` is its upper edge).
void draw_keyboard(Ui& ui, float top, const KeyboardView& view, Intents& out);

/// The character a letter key types with shift held ("ä" -> "Ä"; "ß" stays "ß").
std::string shifted(const std::string& key);

}  // namespace ruhr
