// The input queue between the platform and Dear ImGui 1.86, which reads buttons once a frame.

#include "imgui_harness.h"
#include "ui/input.h"

#include <doctest/doctest.h>

#include <cfloat>

using namespace ruhr;
using namespace ruhr::test;
using K = InputEvent::Kind;

namespace {

// A Dear ImGui context and the queue that feeds it, as each test here starts with.
struct Queue {
    const ImGuiContextScope ctx;
    ImGuiIO& io = ImGui::GetIO();
    InputQueue q;
};

}  // namespace

TEST_CASE_FIXTURE(Queue, "a press and a release pushed together land in different frames") {
    q.push(pointer_event(K::PointerDown, ImVec2(100, 200)));
    q.push(pointer_event(K::PointerUp, ImVec2(100, 200)));

    const AppliedInput first = q.apply(io);
    CHECK(io.MouseDown[0]);
    CHECK(first.pressed);
    CHECK(first.any);
    CHECK_FALSE(first.released_at.has_value());
    CHECK(io.MousePos.x == 100.0f);
    CHECK(io.MousePos.y == 200.0f);
    CHECK(q.pending());

    const AppliedInput second = q.apply(io);
    CHECK_FALSE(io.MouseDown[0]);
    CHECK_FALSE(second.pressed);
    REQUIRE(second.released_at.has_value());
    CHECK(second.released_at->x == 100.0f);
    CHECK(second.released_at->y == 200.0f);
    CHECK(second.release_source == PointerSource::Touch);
}

TEST_CASE_FIXTURE(Queue, "moves before a release arrive in the same frame as the press") {
    q.push(pointer_event(K::PointerDown, ImVec2(10, 10)));
    q.push(pointer_event(K::PointerMove, ImVec2(20, 30)));
    q.push(pointer_event(K::PointerUp, ImVec2(40, 50)));
    (void)q.apply(io);
    CHECK(io.MouseDown[0]);
    CHECK(io.MousePos.x == 20.0f);
    CHECK(io.MousePos.y == 30.0f);
    (void)q.apply(io);
    CHECK_FALSE(io.MouseDown[0]);
    CHECK(io.MousePos.x == 40.0f);
}

TEST_CASE_FIXTURE(Queue, "after a touch ends the pointer moves off screen on the next frame") {
    q.push(pointer_event(K::PointerDown, ImVec2(300, 400)));
    q.push(pointer_event(K::PointerUp, ImVec2(300, 400)));
    (void)q.apply(io);
    (void)q.apply(io);
    CHECK(io.MousePos.x == 300.0f);  // the release frame still sees the finger where it was
    CHECK(q.pending());              // one more frame is needed to lift the pointer
    const AppliedInput third = q.apply(io);
    CHECK(third.any);
    CHECK(io.MousePos.x == -FLT_MAX);
    CHECK(io.MousePos.y == -FLT_MAX);
    CHECK_FALSE(q.pending());
}

TEST_CASE_FIXTURE(Queue, "a new touch right after a release is not hidden") {
    q.push(pointer_event(K::PointerDown, ImVec2(10, 10)));
    q.push(pointer_event(K::PointerUp, ImVec2(10, 10)));
    q.push(pointer_event(K::PointerDown, ImVec2(500, 600)));
    (void)q.apply(io);
    (void)q.apply(io);
    (void)q.apply(io);
    CHECK(io.MouseDown[0]);
    CHECK(io.MousePos.x == 500.0f);
    CHECK(io.MousePos.y == 600.0f);
}

TEST_CASE_FIXTURE(Queue, "a mouse release does not hide the pointer") {
    q.push(pointer_event(K::PointerDown, ImVec2(300, 400), PointerSource::Mouse));
    q.push(pointer_event(K::PointerUp, ImVec2(300, 400), PointerSource::Mouse));
    (void)q.apply(io);
    const AppliedInput up = q.apply(io);
    CHECK(up.release_source == PointerSource::Mouse);
    CHECK_FALSE(q.pending());
    const AppliedInput after = q.apply(io);
    CHECK_FALSE(after.any);
    CHECK(io.MousePos.x == 300.0f);
    CHECK(io.MousePos.y == 400.0f);
}

TEST_CASE_FIXTURE(Queue, "text input reaches Dear ImGui as characters") {
    InputEvent e;
    e.kind = K::Text;
    e.text = "Grüße";
    q.push(e);
    const AppliedInput in = q.apply(io);
    CHECK(in.any);
    REQUIRE(io.InputQueueCharacters.Size == 5);
    CHECK(io.InputQueueCharacters[0] == 'G');
    CHECK(io.InputQueueCharacters[2] == 0xFC);  // ü
    CHECK(io.InputQueueCharacters[3] == 0xDF);  // ß
}

TEST_CASE_FIXTURE(Queue, "key events set the key state and the modifiers") {
    // The key goes down with Shift and Ctrl held, and up with Alt and Super held instead.
    const struct {
        bool down;
        int modifiers;
        bool shift, ctrl, alt, super;
    } frames[] = {
        {true, ModShift | ModCtrl, true, true, false, false},
        {false, ModAlt | ModSuper, false, false, true, true},
    };
    for (const auto& f : frames) {
        CAPTURE(f.down);
        InputEvent e;
        e.kind = K::Key;
        e.key = 42;
        e.key_down = f.down;
        e.modifiers = f.modifiers;
        q.push(e);
        (void)q.apply(io);
        CHECK(io.KeysDown[42] == f.down);
        CHECK(io.KeyShift == f.shift);
        CHECK(io.KeyCtrl == f.ctrl);
        CHECK(io.KeyAlt == f.alt);
        CHECK(io.KeySuper == f.super);
    }
}

TEST_CASE_FIXTURE(Queue, "a key outside the key table is ignored without harm") {
    InputEvent e;
    e.kind = K::Key;
    e.key = 100000;
    e.key_down = true;
    e.modifiers = ModShift;
    q.push(e);
    e.key = -1;
    q.push(e);
    (void)q.apply(io);
    CHECK(io.KeyShift);  // the modifiers still count
    CHECK_FALSE(q.pending());
}

TEST_CASE_FIXTURE(Queue, "wheel events add up within a frame") {
    InputEvent e;
    e.kind = K::Wheel;
    e.wheel = 1.0f;
    q.push(e);
    e.wheel = 0.5f;
    q.push(e);
    (void)q.apply(io);
    CHECK(io.MouseWheel == doctest::Approx(1.5));
}

TEST_CASE_FIXTURE(Queue, "clear drops queued events") {
    q.push(pointer_event(K::PointerDown, ImVec2(1, 1)));
    q.clear();
    CHECK_FALSE(q.pending());
    const AppliedInput in = q.apply(io);
    CHECK_FALSE(in.any);
    CHECK_FALSE(io.MouseDown[0]);
}
