#pragma once
// OpenGL textures for content images, and reading back the frame for screenshots. GL entry
// points are loaded through SDL, as Dear ImGui's OpenGL3 backend does for its own.

#include "ui/images.h"

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

struct SDL_Window;

namespace ruhr {

class GlTextureBackend final : public TextureBackend {
public:
    /// Made before the window exists (images may decode ahead); load() makes it usable.
    GlTextureBackend();
    ~GlTextureBackend() override;
    /// Loads the GL functions; needs a current GL context. False when some are missing.
    bool load();
    ImTextureID create_rgba(const std::uint8_t* pixels, int width, int height) override;
    void update_rgba(ImTextureID texture, int y, int width, int rows, const std::uint8_t* pixels) override;
    void destroy(ImTextureID texture) override;

    /// Lets the image worker upload textures itself: a hidden 1x1 window and a second GL
    /// context that shares textures with `main_context`, which is current again afterwards.
    /// Call on the UI thread once the first frame is shown (it costs a few milliseconds).
    /// False when the platform cannot: uploads then stay on the UI thread.
    bool enable_worker_uploads(SDL_Window* main_window, void* main_context);
    bool attach_worker_thread() override;
    void finish_worker_upload() override;
    void detach_worker_thread() override;

    /// A one-channel texture (one byte a pixel) that samples as white with `alpha` as its
    /// alpha, which is what Dear ImGui's font atlas is. Needs texture swizzling (OpenGL 3.3 or
    /// ARB_texture_swizzle); returns nullptr without it, and the caller uploads RGBA instead.
    ImTextureID create_alpha(const std::uint8_t* alpha, int width, int height);

    /// Clears the frame buffer to `rgb` before Dear ImGui draws.
    void clear(int width, int height, std::uint32_t rgb);
    /// The back buffer as top-down RGBA rows.
    std::vector<std::uint8_t> read_pixels(int width, int height);
    bool ok() const { return m_ok; }

private:
    ImTextureID make_texture(int internal_format, unsigned format, const std::uint8_t* pixels, int width, int height);
    struct Gl;
    std::unique_ptr<Gl> m_gl;
    bool m_ok = false;
    bool m_swizzle = false;
    SDL_Window* m_worker_window = nullptr;
    void* m_worker_context = nullptr;
    std::atomic<bool> m_worker_ready{false};
};

}  // namespace ruhr
