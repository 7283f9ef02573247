#pragma once
// Turns SDL events into the core's input events. Touch is first class: Dear ImGui 1.86's SDL
// backend ignores SDL_FINGER* events, so fingers become pointer events here (one finger at a
// time), and mouse events SDL synthesizes from touch are dropped so nothing clicks twice.

#include "ui/input.h"

#include <SDL_events.h>

#include <cstdint>
#include <optional>
#include <vector>

namespace ruhr {

class SdlInputTranslator {
public:
    /// Translates one event for a window of `width` x `height` pixels: nothing when it is not
    /// input (or is a second finger, or a touch-synthesized mouse event), sometimes two events
    /// (a finger whose lift never came is released before a new one goes down).
    std::vector<InputEvent> translate(const SDL_Event& e, int width, int height);
    /// Releases the tracked finger, if any (focus lost, window hidden, device gone).
    std::vector<InputEvent> release();

private:
    struct Finger {
        SDL_TouchID device;
        SDL_FingerID id;
        ImVec2 pos;
    };
    std::optional<Finger> m_finger;
};

}  // namespace ruhr
