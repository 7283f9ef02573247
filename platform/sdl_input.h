#pragma once
// Turns SDL events into the core's input events. Touch is first class: Dear ImGui 1.86's SDL
// backend ignores SDL_FINGER* events, so fingers become pointer events here (one finger at a
// time), and mouse events SDL synthesizes from touch are dropped so nothing clicks twice.

#include "kiosk/input.h"

#include <SDL_events.h>

#include <cstdint>
#include <optional>

namespace ruhr {

class SdlInputTranslator {
public:
    /// Translates one event for a window of `width` x `height` pixels, or returns nullopt when
    /// the event is not input (or is a second finger, or a touch-synthesized mouse event).
    std::optional<InputEvent> translate(const SDL_Event& e, int width, int height);

private:
    std::optional<SDL_FingerID> m_finger;
};

} // namespace ruhr
