#pragma once
// Input as the core sees it: pointer, wheel, text and key events from any platform, applied
// to Dear ImGui frame by frame with the rules a touch screen needs.

#include <imgui.h>

#include <deque>
#include <optional>
#include <string>

namespace ruhr {

enum class PointerSource { Mouse, Touch };

enum Modifier { ModShift = 1, ModCtrl = 2, ModAlt = 4, ModSuper = 8 };

/// One input event in window pixels.
struct InputEvent {
    enum class Kind { PointerDown, PointerMove, PointerUp, Wheel, Text, Key };
    Kind kind = Kind::PointerMove;
    ImVec2 pos{0, 0};
    float wheel = 0.0f;  // Wheel: positive scrolls content up (towards its start)
    std::string text;    // Text: UTF-8
    int key = -1;        // Key: index into ImGuiIO::KeysDown (the platform's scancode)
    bool key_down = false;
    int modifiers = 0;  // Key: ModShift | ModCtrl | ModAlt | ModSuper held at the time
    PointerSource source = PointerSource::Mouse;
};

/// A pointer event of one kind at `pos` (touch unless told otherwise).
InputEvent pointer_event(InputEvent::Kind kind, ImVec2 pos, PointerSource source = PointerSource::Touch);

/// What one frame's input amounted to, for idle tracking and the event log.
struct AppliedInput {
    bool any = false;                   // something reached ImGui this frame
    bool pressed = false;               // a pointer went down
    bool activity = false;              // the visitor did something: press, drag, wheel, typing
    std::optional<ImVec2> released_at;  // a pointer went up here
    std::string text;                   // text typed this frame, UTF-8 as received (emoji included)
    PointerSource release_source = PointerSource::Mouse;
};

/// Queue between the platform's event loop and ImGui. Dear ImGui 1.86 reads button state once
/// per frame, so a press and its release must land in different frames or a quick tap is lost;
/// this queue holds back the rest of the events until the next frame. After a touch ends the
/// pointer is moved off screen, so nothing stays highlighted under a lifted finger.
class InputQueue {
public:
    void push(InputEvent e) { m_events.push_back(std::move(e)); }
    bool pending() const { return !m_events.empty() || m_hide_pointer; }
    /// Moves this frame's share of events into `io`.
    AppliedInput apply(ImGuiIO& io);
    void clear() { m_events.clear(); }
    /// Where the UI's (0, 0) is in window pixels (the low-reach layout moves it down); event
    /// positions are made relative to it.
    void set_origin(ImVec2 origin) { m_origin = origin; }

private:
    std::deque<InputEvent> m_events;
    bool m_hide_pointer = false;
    ImVec2 m_origin{0, 0};
};

}  // namespace ruhr
