#pragma once
// Runs the kiosk headless: a Dear ImGui context without any backend, real fonts, a fake
// texture backend and a manual clock. AppDriver feeds input the way the script driver does
// (a press and its release in different frames); it fails the test only when it cannot act
// (a widget to tap is not on screen, the app never settles), and leaves checks to the tests,
// but for the one layout check that the screen and participation tests share.

#include "base/clock.h"
#include "test_files.h"
#include "ui/images.h"
#include "ui/input.h"
#include "ui/kiosk_app.h"

#include <imgui.h>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace ruhr::test {

/// A Dear ImGui context for one test, made current on creation and destroyed at scope end.
class ImGuiContextScope : ScopeBound {
public:
    ImGuiContextScope();
    ~ImGuiContextScope();

private:
    ImGuiContext* m_ctx;
};

/// Hands out made-up texture ids and remembers what is alive (UI thread only, as in the app).
class FakeTextures final : public TextureBackend {
public:
    ImTextureID create_rgba(const std::uint8_t* pixels, int width, int height) override;
    void update_rgba(ImTextureID texture, int y, int width, int rows, const std::uint8_t* pixels) override;
    void destroy(ImTextureID texture) override;

    int created = 0;
    int created_empty = 0;  // made without pixels, filled by update_rgba()
    int updates = 0;
    std::map<ImTextureID, int> rows_written;  // by update_rgba()
    int destroyed = 0;
    int destroyed_unknown = 0;  // destroy() of an id that is not alive: a double free
    std::map<ImTextureID, ImVec2> alive;

private:
    std::uintptr_t m_next = 0;
};

/// Centre of a widget's visible part.
ImVec2 centre(const WidgetInfo& w);

/// A KioskApp on a headless Dear ImGui context, driven frame by frame.
class AppDriver {
public:
    static constexpr double k_frame_seconds = 1.0 / 60.0;

    AppDriver(ContentPack pack, FontFiles fonts, ImVec2 size, KioskConfig config = {});
    ~AppDriver();

    KioskApp& app() { return *m_app; }
    const KioskApp& app() const { return *m_app; }
    Screen screen() const { return m_app->visit().screen(); }
    const WidgetInfo* find(std::string_view id) const { return m_app->widgets().find(id); }
    ImVec2 size() const { return m_size; }
    void set_size(ImVec2 size) { m_size = size; }
    FakeTextures& textures() { return m_textures; }
    ManualClock& clock() { return m_clock; }

    /// prepare() + frame() with the current size, then 1/60 s passes.
    void frame();
    void frames(int n);
    /// Frames until the app says it has settled (at least `min_frames`); fails the test after
    /// a generous budget, because an app that never settles keeps a kiosk's CPU busy.
    void settle(int min_frames = 3);
    /// Guard::Ignore taps at once, also within the tap guard after a screen change.
    enum class Guard { WaitOut, Ignore };
    /// A quick touch at the centre of widget `id`; fails the test when it is not on screen.
    /// Like a visitor who looks first, it waits until the screen takes taps (the tap guard).
    void tap(std::string_view id);
    void tap_at(ImVec2 p, Guard guard = Guard::WaitOut);
    /// Lets the clock pass the tap guard of the last screen change.
    void wait_out_tap_guard();
    /// A finger drag in `steps` frames (one move per frame), released at `to`, then settles.
    void drag(ImVec2 from, ImVec2 to, int steps);
    /// Mouse wheel notches over `at` (negative scrolls towards the end of a list).
    void wheel(ImVec2 at, float notches);
    /// Wheels the scroll area under `area_point` until widget `id` shows at least `min_height`
    /// pixels; fails the test when it never does.
    void scroll_into_view(std::string_view id, ImVec2 area_point, float min_height);

private:
    ImGuiContextScope m_context;  // first in, last out: the app needs the context to die
    FakeTextures m_textures;
    ManualClock m_clock;
    ImVec2 m_size;
    std::unique_ptr<KioskApp> m_app;
};

/// The font files to run screens with; nullopt (after a MESSAGE) when this machine has no
/// usable fonts, so screen tests are skipped rather than failed.
std::optional<FontFiles> fonts_or_skip();

/// Checks the frame `d` drew last for text that did not fit; the failure names `where` (the
/// screen and what was done on it), the size, the language and every clipped widget.
void expect_no_clipping(const AppDriver& d, const std::string& where);

}  // namespace ruhr::test
