#include "ui/input.h"

#include <cfloat>

namespace ruhr {

InputEvent pointer_event(InputEvent::Kind kind, ImVec2 pos, PointerSource source) {
    InputEvent e;
    e.kind = kind;
    e.pos = pos;
    e.source = source;
    return e;
}

AppliedInput InputQueue::apply(ImGuiIO& io) {
    AppliedInput out;
    if (m_hide_pointer) {
        m_hide_pointer = false;
        if (!io.MouseDown[0]) {
            io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
            out.any = true;
        }
    }
    bool button_changed = false;
    while (!m_events.empty()) {
        InputEvent& e = m_events.front();
        using K = InputEvent::Kind;
        if ((e.kind == K::PointerDown || e.kind == K::PointerUp) && button_changed) break;
        e.pos = ImVec2(e.pos.x - m_origin.x, e.pos.y - m_origin.y);
        switch (e.kind) {
        case K::PointerMove:
            io.MousePos = e.pos;
            if (io.MouseDown[0]) out.activity = true;  // dragging; hovering a mouse is not presence
            break;
        case K::PointerDown:
            io.MousePos = e.pos;
            io.MouseDown[0] = true;
            button_changed = true;
            out.pressed = true;
            out.activity = true;
            break;
        case K::PointerUp:
            io.MousePos = e.pos;
            io.MouseDown[0] = false;
            button_changed = true;
            out.released_at = e.pos;
            out.release_source = e.source;
            if (e.source == PointerSource::Touch) m_hide_pointer = true;
            break;
        case K::Wheel:
            io.MouseWheel += e.wheel;
            out.activity = true;
            break;
        case K::Text:
            io.AddInputCharactersUTF8(e.text.c_str());
            // Dear ImGui 1.86 keeps 16-bit characters; the app reads the full text from here.
            out.text += e.text;
            out.activity = true;
            break;
        case K::Key:
            if (e.key >= 0 && e.key < static_cast<int>(IM_ARRAYSIZE(io.KeysDown))) io.KeysDown[e.key] = e.key_down;
            io.KeyShift = (e.modifiers & ModShift) != 0;
            io.KeyCtrl = (e.modifiers & ModCtrl) != 0;
            io.KeyAlt = (e.modifiers & ModAlt) != 0;
            io.KeySuper = (e.modifiers & ModSuper) != 0;
            out.activity = true;
            break;
        }
        out.any = true;
        m_events.pop_front();
    }
    return out;
}

}  // namespace ruhr
