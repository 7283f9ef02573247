#include "platform/sdl_input.h"

#include <SDL.h>

namespace ruhr {

namespace {
int modifiers_of(Uint16 mod) {
    int m = 0;
    if (mod & KMOD_SHIFT) m |= ModShift;
    if (mod & KMOD_CTRL) m |= ModCtrl;
    if (mod & KMOD_ALT) m |= ModAlt;
    if (mod & KMOD_GUI) m |= ModSuper;
    return m;
}
}  // namespace

namespace {
// True while SDL still counts the finger as down on its device. Drivers can lose a lift
// (a cancelled touch on Wayland, a device reset): then the finger is gone from this list.
bool still_down(SDL_TouchID device, SDL_FingerID id) {
    const int n = SDL_GetNumTouchFingers(device);
    for (int i = 0; i < n; ++i)
        if (const SDL_Finger* f = SDL_GetTouchFinger(device, i); f && f->id == id) return true;
    return false;
}
}  // namespace

std::vector<InputEvent> SdlInputTranslator::release() {
    std::vector<InputEvent> out;
    if (m_finger) {
        out.push_back(pointer_event(InputEvent::Kind::PointerUp, m_finger->pos));
        m_finger.reset();
    }
    return out;
}

std::vector<InputEvent> SdlInputTranslator::translate(const SDL_Event& e, int width, int height) {
    std::vector<InputEvent> out;
    InputEvent ev;
    const auto finger_pos = [&](const SDL_TouchFingerEvent& f) {
        return ImVec2(f.x * static_cast<float>(width), f.y * static_cast<float>(height));
    };
    const auto tracked = [&](const SDL_TouchFingerEvent& f) {
        return m_finger && m_finger->device == f.touchId && m_finger->id == f.fingerId;
    };
    switch (e.type) {
    case SDL_FINGERDOWN:
        if (m_finger) {
            // The same finger again, or one whose lift was lost: release it and take the new one.
            // Any other finger is a second finger and is ignored (one pointer at a time).
            if (tracked(e.tfinger) || !still_down(m_finger->device, m_finger->id))
                out = release();
            else
                return out;
        }
        m_finger = Finger{e.tfinger.touchId, e.tfinger.fingerId, finger_pos(e.tfinger)};
        out.push_back(pointer_event(InputEvent::Kind::PointerDown, m_finger->pos));
        return out;
    case SDL_FINGERMOTION:
        if (!tracked(e.tfinger)) return out;
        m_finger->pos = finger_pos(e.tfinger);
        out.push_back(pointer_event(InputEvent::Kind::PointerMove, m_finger->pos));
        return out;
    case SDL_FINGERUP:
        if (!tracked(e.tfinger)) return out;
        m_finger.reset();
        out.push_back(pointer_event(InputEvent::Kind::PointerUp, finger_pos(e.tfinger)));
        return out;
    case SDL_MOUSEMOTION:
        if (e.motion.which == SDL_TOUCH_MOUSEID) return out;
        ev.kind = InputEvent::Kind::PointerMove;
        ev.pos = ImVec2(static_cast<float>(e.motion.x), static_cast<float>(e.motion.y));
        out.push_back(ev);
        return out;
    case SDL_MOUSEBUTTONDOWN:
    case SDL_MOUSEBUTTONUP:
        if (e.button.which == SDL_TOUCH_MOUSEID || e.button.button != SDL_BUTTON_LEFT) return out;
        ev.kind = e.type == SDL_MOUSEBUTTONDOWN ? InputEvent::Kind::PointerDown : InputEvent::Kind::PointerUp;
        ev.pos = ImVec2(static_cast<float>(e.button.x), static_cast<float>(e.button.y));
        out.push_back(ev);
        return out;
    case SDL_MOUSEWHEEL:
        if (e.wheel.which == SDL_TOUCH_MOUSEID) return out;
        ev.kind = InputEvent::Kind::Wheel;
        ev.wheel = static_cast<float>(e.wheel.y);
        out.push_back(ev);
        return out;
    case SDL_TEXTINPUT:
        ev.kind = InputEvent::Kind::Text;
        ev.text = e.text.text;
        out.push_back(ev);
        return out;
    case SDL_KEYDOWN:
    case SDL_KEYUP:
        ev.kind = InputEvent::Kind::Key;
        ev.key = e.key.keysym.scancode;
        ev.key_down = e.type == SDL_KEYDOWN;
        ev.modifiers = modifiers_of(e.key.keysym.mod);
        out.push_back(ev);
        return out;
    default: return out;
    }
}

}  // namespace ruhr
