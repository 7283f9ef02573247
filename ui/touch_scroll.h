#pragma once
// Finger scrolling with inertia for one scroll area: drag to move the content, flick to let it
// coast and slow down. Pure logic, fed with pointer state and time each frame.

#include <deque>

namespace ruhr {

/// Per-frame pointer state as the scroller needs it.
struct PointerState {
    bool down = false;
    float x = 0.0f;
    float y = 0.0f;
    bool inside_area = false;  // the pointer is over this scroll area
};

class TouchScroller {
public:
    /// `drag_threshold` is how far (px) a finger moves before a press becomes a drag.
    explicit TouchScroller(float drag_threshold = 12.0f) : m_threshold(drag_threshold) {}

    /// Advances one frame and returns the new scroll offset in [0, max_scroll].
    float update(const PointerState& p, double now, float scroll, float max_scroll);

    /// True while the current or just-ended gesture is a drag: taps must not fire then.
    bool gesture_is_drag() const { return m_dragging || m_drag_ended_this_frame; }
    /// True while the content coasts and frames must keep coming.
    bool animating() const { return m_coasting; }
    void set_threshold(float px) { m_threshold = px; }
    void reset();

private:
    struct Sample {
        double t;
        float y;
    };
    float m_threshold;
    bool m_pressed = false;
    bool m_ignoring = false;  // a press that started outside the area, until it lifts
    bool m_dragging = false;
    bool m_drag_ended_this_frame = false;
    bool m_coasting = false;
    float m_start_y = 0.0f;
    float m_start_x = 0.0f;
    float m_start_scroll = 0.0f;
    float m_velocity = 0.0f;  // content px per second, positive = scroll offset grows
    double m_last_t = 0.0;
    std::deque<Sample> m_samples;
};

}  // namespace ruhr
