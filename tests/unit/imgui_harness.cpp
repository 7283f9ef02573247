#include "imgui_harness.h"

#include "platform/font_discovery.h"

#include <doctest/doctest.h>

#include <chrono>
#include <sstream>
#include <thread>

namespace ruhr::test {

namespace {

std::string clipping_report(const WidgetRegistry& widgets) {
    std::ostringstream out;
    for (const Clipping& c : widgets.clipping()) out << "\n  " << c.widget << ": \"" << c.text << "\"";
    return out.str();
}

}  // namespace

ImGuiContextScope::ImGuiContextScope() : m_ctx(ImGui::CreateContext()) {
    ImGui::SetCurrentContext(m_ctx);
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // tests write nothing next to themselves or into $HOME
    io.LogFilename = nullptr;
    io.DisplaySize = ImVec2(1920, 1080);
    io.DeltaTime = 1.0f / 60.0f;
}

ImGuiContextScope::~ImGuiContextScope() { ImGui::DestroyContext(m_ctx); }

ImTextureID FakeTextures::create_rgba(const std::uint8_t* pixels, int width, int height) {
    CHECK(width > 0);
    CHECK(height > 0);
    ++created;
    if (!pixels) ++created_empty;
    const auto id = reinterpret_cast<ImTextureID>(++m_next);
    alive[id] = ImVec2(static_cast<float>(width), static_cast<float>(height));
    return id;
}

void FakeTextures::update_rgba(ImTextureID texture, int y, int width, int rows, const std::uint8_t* pixels) {
    REQUIRE(alive.count(texture) == 1);
    CHECK(pixels != nullptr);
    CHECK(y >= 0);
    CHECK(rows > 0);
    CHECK(width == static_cast<int>(alive[texture].x));
    CHECK(y + rows <= static_cast<int>(alive[texture].y));
    CHECK(y == rows_written[texture]);  // bands arrive in order, none twice
    rows_written[texture] += rows;
    ++updates;
}

void FakeTextures::destroy(ImTextureID texture) {
    ++destroyed;
    if (alive.erase(texture) == 0) ++destroyed_unknown;
}

ImVec2 centre(const WidgetInfo& w) { return ImVec2((w.min.x + w.max.x) * 0.5f, (w.min.y + w.max.y) * 0.5f); }

AppDriver::AppDriver(ContentPack pack, FontFiles fonts, ImVec2 size, KioskConfig config) : m_size(size) {
    config.fonts = std::move(fonts);
    m_app = std::make_unique<KioskApp>(std::move(pack), std::move(config), m_textures, m_clock, [] {});
}

AppDriver::~AppDriver() { m_app.reset(); }

void AppDriver::frame() {
    m_app->prepare(m_size);
    (void)m_app->frame();
    m_clock.advance(k_frame_seconds);
}

void AppDriver::frames(int n) {
    for (int i = 0; i < n; ++i) frame();
}

void AppDriver::settle(int min_frames) {
    constexpr int k_max_frames = 600;
    for (int i = 1; i <= k_max_frames; ++i) {
        frame();
        if (i >= min_frames && m_app->settled()) return;
        // Images decode on a worker thread in real time; give it a moment instead of spinning.
        if (i > 8) std::this_thread::sleep_for(std::chrono::microseconds(500));
    }
    FAIL_CHECK("the app did not settle within " << k_max_frames << " frames on screen \""
                                                << std::string(screen_name(screen())) << "\"");
}

void AppDriver::tap(std::string_view id) {
    const WidgetInfo* w = find(id);
    REQUIRE_MESSAGE(w != nullptr, "no widget \"" << std::string(id) << "\" on screen \""
                                                 << std::string(screen_name(screen())) << "\"");
    tap_at(centre(*w));
}

void AppDriver::wait_out_tap_guard() {
    const double until = m_app->tap_guard_until();
    if (m_clock.now() < until) m_clock.advance(until - m_clock.now());
}

void AppDriver::tap_at(ImVec2 ui_point, Guard guard) {
    // A visitor looks before tapping: after a screen change the tap comes once the new screen
    // takes taps, unless the test is about the impatient second tap.
    if (guard == Guard::WaitOut) wait_out_tap_guard();
    // Tests speak in the UI's coordinates; the window has the low-reach band above them.
    const ImVec2 o = m_app->view_origin();
    const ImVec2 p(ui_point.x + o.x, ui_point.y + o.y);
    // Pushed together: the input queue holds the release back to the next frame.
    m_app->input().push(pointer_event(InputEvent::Kind::PointerDown, p));
    m_app->input().push(pointer_event(InputEvent::Kind::PointerUp, p));
    settle();
}

void AppDriver::drag(ImVec2 ui_from, ImVec2 ui_to, int steps) {
    wait_out_tap_guard();
    const ImVec2 o = m_app->view_origin();
    const ImVec2 from(ui_from.x + o.x, ui_from.y + o.y), to(ui_to.x + o.x, ui_to.y + o.y);
    m_app->input().push(pointer_event(InputEvent::Kind::PointerDown, from));
    frame();
    for (int i = 1; i <= steps; ++i) {
        const float t = static_cast<float>(i) / static_cast<float>(steps);
        m_app->input().push(pointer_event(InputEvent::Kind::PointerMove,
                                          ImVec2(from.x + (to.x - from.x) * t, from.y + (to.y - from.y) * t)));
        frame();
    }
    m_app->input().push(pointer_event(InputEvent::Kind::PointerUp, to));
    settle();
}

void AppDriver::wheel(ImVec2 ui_at, float notches) {
    const ImVec2 o = m_app->view_origin();
    m_app->input().push(
        pointer_event(InputEvent::Kind::PointerMove, ImVec2(ui_at.x + o.x, ui_at.y + o.y), PointerSource::Mouse));
    InputEvent e;
    e.kind = InputEvent::Kind::Wheel;
    e.wheel = notches;
    m_app->input().push(e);
    settle(2);
}

void AppDriver::scroll_into_view(std::string_view id, ImVec2 area_point, float min_height) {
    for (int i = 0; i < 100; ++i) {
        const WidgetInfo* w = find(id);
        if (w && w->max.y - w->min.y >= min_height) return;
        wheel(area_point, -1.0f);
    }
    FAIL("widget \"" << std::string(id) << "\" never scrolled into view");
}

std::optional<FontFiles> fonts_or_skip() {
    FontFiles files = find_fonts();
    if (files.regular.empty() || files.bold.empty()) {
        MESSAGE("fontconfig found no font with German glyphs; screen test skipped");
        return std::nullopt;
    }
    return files;
}

void expect_no_clipping(const AppDriver& d, const std::string& where) {
    const WidgetRegistry& w = d.app().widgets();
    CHECK_MESSAGE(w.clipping().empty(), "text does not fit on " << where << " at " << d.size().x << "x" << d.size().y
                                                                << " in " << d.app().visit().language() << ":"
                                                                << clipping_report(w));
    // A demo pack says so on every screen with a nav bar: the badge must not come and go.
    if (d.app().pack().demo && w.find("nav/back") != nullptr)
        CHECK_MESSAGE(w.find("nav/demo") != nullptr,
                      "the demo badge is missing on " << where << " at " << d.size().x << "x" << d.size().y);
}

}  // namespace ruhr::test
