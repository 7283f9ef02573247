// Finger scrolling with inertia: drags move the content, flicks coast, taps stay taps.

#include "ui/touch_scroll.h"

#include <doctest/doctest.h>

#include <initializer_list>

using namespace ruhr;

namespace {

constexpr double k_dt = 1.0 / 60.0;
constexpr float k_max = 5000.0f;

// Feeds a TouchScroller frame by frame like a ScrollArea does.
struct Finger {
    TouchScroller scroller{12.0f};
    double t = 1.0;
    float offset = 0.0f;

    float step(bool down, float y, bool inside = true, float x = 100.0f) {
        t += k_dt;
        offset = scroller.update({down, x, y, inside}, t, offset, k_max);
        return offset;
    }
    float idle() { return step(false, 0.0f, false); }
    // A fast flick upwards (2400 px/s) from 900 to 580; returns the offset at the release.
    float flick() {
        step(true, 900.0f);
        for (int i = 1; i <= 8; ++i) step(true, 900.0f - 40.0f * static_cast<float>(i));
        return step(false, 580.0f);
    }
};

// One finger position while it is down: its y and whether it is inside the scroll area.
struct Touch {
    float y;
    bool inside;
};

// A press at offset 200 that starts outside the scroll area and goes through `touches` is
// ignored: no drag and the offset still 200 while the finger is down, and nothing coasts
// after it lifts at the last of them.
void check_press_from_outside_ignored(Finger& f, std::initializer_list<Touch> touches) {
    f.offset = 200.0f;
    for (const Touch& t : touches) f.step(true, t.y, t.inside);
    CHECK_FALSE(f.scroller.gesture_is_drag());
    CHECK(f.offset == 200.0f);
    const Touch& last = *(touches.end() - 1);
    f.step(false, last.y, last.inside);
    CHECK_FALSE(f.scroller.animating());
}

}  // namespace

TEST_CASE("a small finger movement below the threshold is not a drag") {
    Finger f;
    f.offset = 100.0f;
    f.step(true, 500.0f);
    f.step(true, 505.0f);
    f.step(true, 508.0f);
    CHECK_FALSE(f.scroller.gesture_is_drag());
    CHECK(f.offset == 100.0f);
    f.step(false, 508.0f);
    CHECK_FALSE(f.scroller.gesture_is_drag());
    CHECK_FALSE(f.scroller.animating());
    CHECK(f.offset == 100.0f);
}

TEST_CASE("a drag moves the content by the finger distance and stays within the list") {
    Finger f;
    f.step(true, 500.0f);
    f.step(true, 480.0f);  // past the threshold: the drag starts here, without a jump
    CHECK(f.scroller.gesture_is_drag());
    CHECK(f.offset == 0.0f);
    f.step(true, 380.0f);
    CHECK(f.offset == doctest::Approx(100.0f));
    f.step(true, 430.0f);
    CHECK(f.offset == doctest::Approx(50.0f));
    f.step(true, 2000.0f);  // far past the start of the list
    CHECK(f.offset == 0.0f);
    f.step(true, -9000.0f);  // far past its end
    CHECK(f.offset == k_max);
}

TEST_CASE("the frame a drag ends still counts as a drag so the release does not tap") {
    Finger f;
    f.step(true, 500.0f);
    f.step(true, 450.0f);
    // Hold still long enough that no flick speed is left.
    for (int i = 0; i < 20; ++i) f.step(true, 450.0f);
    f.step(false, 450.0f);
    CHECK(f.scroller.gesture_is_drag());
    f.idle();
    CHECK_FALSE(f.scroller.gesture_is_drag());
}

TEST_CASE("a fast flick keeps coasting after release and then stops") {
    Finger f;
    const float at_release = f.flick();
    CHECK(f.scroller.animating());
    float last = at_release;
    for (int i = 0; i < 5; ++i) {
        const float now = f.idle();
        CHECK(now > last);  // the content keeps moving on by itself
        last = now;
    }
    int frames = 0;
    while (f.scroller.animating() && frames < 60 * 10) {
        f.idle();
        ++frames;
    }
    CHECK_FALSE(f.scroller.animating());
    CHECK(frames < 60 * 5);  // slows down within a few seconds
    CHECK(f.offset > at_release + 200.0f);
    CHECK(f.offset < k_max);
    const float stopped = f.offset;
    f.idle();
    CHECK(f.offset == stopped);
}

TEST_CASE("coasting stops at the end of the list") {
    Finger f;
    f.offset = k_max - 50.0f;
    f.flick();
    for (int i = 0; i < 600 && f.scroller.animating(); ++i) f.idle();
    CHECK_FALSE(f.scroller.animating());
    CHECK(f.offset == k_max);
}

TEST_CASE("a slow release does not coast") {
    Finger f;
    f.step(true, 500.0f);
    f.step(true, 470.0f);
    for (int i = 0; i < 30; ++i) f.step(true, 470.0f - 0.4f * static_cast<float>(i));  // 24 px/s
    const float at_release = f.step(false, 458.0f);
    CHECK_FALSE(f.scroller.animating());
    f.idle();
    f.idle();
    CHECK(f.offset == at_release);
}

TEST_CASE("a press on coasting content stops it and counts as a drag") {
    Finger f;
    f.flick();
    f.idle();
    REQUIRE(f.scroller.animating());
    const float held = f.step(true, 700.0f);  // the finger lands and does not move
    CHECK_FALSE(f.scroller.animating());
    CHECK(f.scroller.gesture_is_drag());
    f.step(true, 700.0f);
    f.step(true, 700.0f);
    CHECK(f.offset == held);
    f.step(false, 700.0f);
    CHECK(f.scroller.gesture_is_drag());  // lifting it is not a tap either
    CHECK_FALSE(f.scroller.animating());
    f.idle();
    CHECK(f.offset == held);
}

TEST_CASE("a press that starts outside the scroll area is ignored") {
    Finger f;
    check_press_from_outside_ignored(f, {{500.0f, false}, {300.0f, false}, {100.0f, false}});
    CHECK(f.offset == 200.0f);
}

TEST_CASE("a press that starts outside the scroll area and slides into it is ignored") {
    // For example a finger that lands on the navigation bar and slides down into the list:
    // the header promises that only presses starting inside the area belong to it, so a
    // frame with the pointer down but no press of the area's own is not a new press.
    Finger f;
    check_press_from_outside_ignored(f, {{50.0f, false}, {150.0f, true}, {300.0f, true}, {450.0f, true}});
    // The next press inside the area scrolls as usual.
    f.step(true, 500.0f, true);
    f.step(true, 400.0f, true);
    f.step(true, 300.0f, true);
    CHECK(f.scroller.gesture_is_drag());
    CHECK(f.offset == doctest::Approx(300.0f));
}

TEST_CASE("the scroll offset is kept within a list that shrank") {
    TouchScroller s;
    CHECK(s.update({false, 0, 0, false}, 1.0, 900.0f, 300.0f) == 300.0f);
    CHECK(s.update({false, 0, 0, false}, 1.1, -20.0f, 300.0f) == 0.0f);
    CHECK(s.update({false, 0, 0, false}, 1.2, 50.0f, -10.0f) == 0.0f);  // shorter than its view
}

TEST_CASE("reset forgets a running flick") {
    Finger f;
    f.flick();
    REQUIRE(f.scroller.animating());
    f.scroller.reset();
    CHECK_FALSE(f.scroller.animating());
    const float before = f.offset;
    f.idle();
    CHECK(f.offset == before);
}
