#pragma once
// OpenGL textures for content images, and reading back the frame for screenshots. GL entry
// points are loaded through SDL, as Dear ImGui's OpenGL3 backend does for its own.

#include "kiosk/images.h"

#include <cstdint>
#include <memory>
#include <vector>

namespace ruhr {

class GlTextureBackend final : public TextureBackend {
public:
    /// Loads the GL functions; needs a current GL context.
    GlTextureBackend();
    ~GlTextureBackend() override;
    ImTextureID create_rgba(const std::uint8_t* pixels, int width, int height) override;
    void destroy(ImTextureID texture) override;

    /// Clears the frame buffer to `rgb` before Dear ImGui draws.
    void clear(int width, int height, std::uint32_t rgb);
    /// The back buffer as top-down RGBA rows.
    std::vector<std::uint8_t> read_pixels(int width, int height);
    bool ok() const { return m_ok; }

private:
    struct Gl;
    std::unique_ptr<Gl> m_gl;
    bool m_ok = false;
};

} // namespace ruhr
