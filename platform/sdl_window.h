#pragma once
// The window set-up: SDL's video subsystem, the window, its OpenGL context and Dear ImGui's
// SDL/OpenGL backends, released in the right order on every exit path. The kiosk's font
// texture is uploaded by FontTexture (one byte a pixel where the driver allows).

#include "base/result.h"
#include "platform/gl_textures.h"

#include <imgui.h>

#include <cstdint>
#include <functional>
#include <memory>

struct SDL_Window;

namespace ruhr {

struct WindowOptions {
    int width = 1920;
    int height = 1080;
    bool fullscreen = false;  // kiosk mode: desktop-sized, borderless, no cursor
};

class SdlWindow {
public:
    /// Starts SDL's video and event subsystems with the kiosk's hints (touch and mouse kept
    /// apart, no minimizing on focus loss). The window opens later, in open().
    static Result<std::unique_ptr<SdlWindow>> start();
    ~SdlWindow();
    SdlWindow(const SdlWindow&) = delete;
    SdlWindow& operator=(const SdlWindow&) = delete;

    /// Asks the main loop for a frame; may be called from any thread.
    std::function<void()> waker() const;
    /// The event type waker() pushes.
    std::uint32_t wake_event() const { return m_wake_event; }
    /// The size the window will have: the one asked for, or the whole screen in kiosk mode.
    ImVec2 expected_size(const WindowOptions& options) const;

    /// Opens the window and an OpenGL 3.0 context on it, and loads the GL functions into `textures`.
    Status open(const WindowOptions& options, GlTextureBackend& textures);
    /// The font atlas the Dear ImGui context will use: made with the window, so the fonts can
    /// be built into it on another thread before there is a context.
    ImFontAtlas& atlas() { return *m_atlas; }
    /// Makes the Dear ImGui context on atlas() and starts the SDL and OpenGL backends, without
    /// their font texture.
    Status start_imgui();

    /// The window's size in screen coordinates (what input and layout use).
    ImVec2 size() const;
    /// The drawable's size in pixels (what rendering and screenshots use).
    void drawable_size(int& width, int& height) const;
    void swap();
    /// From the first frame on, the image worker uploads textures on a context of its own.
    bool enable_worker_uploads(GlTextureBackend& textures);
    SDL_Window* handle() const { return m_window; }

private:
    SdlWindow() = default;

    SDL_Window* m_window = nullptr;
    void* m_gl = nullptr;  // SDL_GLContext
    ImFontAtlas* m_atlas = nullptr;
    bool m_imgui_sdl = false;
    bool m_imgui_gl = false;
    std::uint32_t m_wake_event = 0;
};

/// Dear ImGui's OpenGL backend keeps the font atlas as RGBA, four bytes a pixel, and llvmpipe
/// keeps that texture in the kiosk's own memory. The kiosk uploads the atlas itself: one byte a
/// pixel where the driver can swizzle, and the CPU copies are freed right after.
class FontTexture {
public:
    explicit FontTexture(GlTextureBackend& textures) : m_textures(textures) {}
    ~FontTexture();
    FontTexture(const FontTexture&) = delete;
    FontTexture& operator=(const FontTexture&) = delete;

    void upload(ImFontAtlas& atlas);
    int bytes_per_pixel() const { return m_bytes_per_pixel; }

private:
    GlTextureBackend& m_textures;
    ImTextureID m_id = nullptr;
    int m_bytes_per_pixel = 0;
};

}  // namespace ruhr
