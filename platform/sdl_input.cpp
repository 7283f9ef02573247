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
} // namespace

std::optional<InputEvent> SdlInputTranslator::translate(const SDL_Event& e, int width, int height) {
    InputEvent out;
    const auto finger_pos = [&](const SDL_TouchFingerEvent& f) {
        return ImVec2(f.x * static_cast<float>(width), f.y * static_cast<float>(height));
    };
    switch (e.type) {
    case SDL_FINGERDOWN:
        if (m_finger) return std::nullopt;  // a second finger: ignored
        m_finger = e.tfinger.fingerId;
        out.kind = InputEvent::Kind::PointerDown;
        out.pos = finger_pos(e.tfinger);
        out.source = PointerSource::Touch;
        return out;
    case SDL_FINGERMOTION:
        if (!m_finger || *m_finger != e.tfinger.fingerId) return std::nullopt;
        out.kind = InputEvent::Kind::PointerMove;
        out.pos = finger_pos(e.tfinger);
        out.source = PointerSource::Touch;
        return out;
    case SDL_FINGERUP:
        if (!m_finger || *m_finger != e.tfinger.fingerId) return std::nullopt;
        m_finger.reset();
        out.kind = InputEvent::Kind::PointerUp;
        out.pos = finger_pos(e.tfinger);
        out.source = PointerSource::Touch;
        return out;
    case SDL_MOUSEMOTION:
        if (e.motion.which == SDL_TOUCH_MOUSEID) return std::nullopt;
        out.kind = InputEvent::Kind::PointerMove;
        out.pos = ImVec2(static_cast<float>(e.motion.x), static_cast<float>(e.motion.y));
        return out;
    case SDL_MOUSEBUTTONDOWN:
    case SDL_MOUSEBUTTONUP:
        if (e.button.which == SDL_TOUCH_MOUSEID || e.button.button != SDL_BUTTON_LEFT) return std::nullopt;
        out.kind = e.type == SDL_MOUSEBUTTONDOWN ? InputEvent::Kind::PointerDown : InputEvent::Kind::PointerUp;
        out.pos = ImVec2(static_cast<float>(e.button.x), static_cast<float>(e.button.y));
        return out;
    case SDL_MOUSEWHEEL:
        if (e.wheel.which == SDL_TOUCH_MOUSEID) return std::nullopt;
        out.kind = InputEvent::Kind::Wheel;
        out.wheel = static_cast<float>(e.wheel.y);
        return out;
    case SDL_TEXTINPUT:
        out.kind = InputEvent::Kind::Text;
        out.text = e.text.text;
        return out;
    case SDL_KEYDOWN:
    case SDL_KEYUP:
        out.kind = InputEvent::Kind::Key;
        out.key = e.key.keysym.scancode;
        out.key_down = e.type == SDL_KEYDOWN;
        out.modifiers = modifiers_of(e.key.keysym.mod);
        return out;
    default:
        return std::nullopt;
    }
}

} // namespace ruhr
