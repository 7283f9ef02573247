#include "platform/gl_textures.h"

#include <SDL.h>
#include <SDL_opengl.h>

#include <cstring>

namespace ruhr {

namespace {
// The few GL 1.1 entry points this file needs, loaded at run time: the program does not
// link libGL (Mesa or the vendor driver is found through SDL).
} // namespace

struct GlTextureBackend::Gl {
    void(APIENTRY* GenTextures)(GLsizei, GLuint*);
    void(APIENTRY* BindTexture)(GLenum, GLuint);
    void(APIENTRY* TexParameteri)(GLenum, GLenum, GLint);
    void(APIENTRY* TexImage2D)(GLenum, GLint, GLint, GLsizei, GLsizei, GLint, GLenum, GLenum, const void*);
    void(APIENTRY* DeleteTextures)(GLsizei, const GLuint*);
    void(APIENTRY* PixelStorei)(GLenum, GLint);
    void(APIENTRY* ReadPixels)(GLint, GLint, GLsizei, GLsizei, GLenum, GLenum, void*);
    void(APIENTRY* Viewport)(GLint, GLint, GLsizei, GLsizei);
    void(APIENTRY* ClearColor)(GLfloat, GLfloat, GLfloat, GLfloat);
    void(APIENTRY* Clear)(GLbitfield);
    void(APIENTRY* ReadBuffer)(GLenum);
};

namespace {
template <class F>
bool load(F& fn, const char* name) {
    fn = reinterpret_cast<F>(SDL_GL_GetProcAddress(name));
    return fn != nullptr;
}
} // namespace

GlTextureBackend::~GlTextureBackend() = default;

GlTextureBackend::GlTextureBackend() : m_gl(std::make_unique<Gl>()) {
    Gl& g = *m_gl;
    m_ok = load(g.GenTextures, "glGenTextures") && load(g.BindTexture, "glBindTexture") &&
           load(g.TexParameteri, "glTexParameteri") && load(g.TexImage2D, "glTexImage2D") &&
           load(g.DeleteTextures, "glDeleteTextures") && load(g.PixelStorei, "glPixelStorei") &&
           load(g.ReadPixels, "glReadPixels") && load(g.Viewport, "glViewport") &&
           load(g.ClearColor, "glClearColor") && load(g.Clear, "glClear") && load(g.ReadBuffer, "glReadBuffer");
}

ImTextureID GlTextureBackend::create_rgba(const std::uint8_t* pixels, int width, int height) {
    Gl& g = *m_gl;
    GLuint tex = 0;
    g.GenTextures(1, &tex);
    g.BindTexture(GL_TEXTURE_2D, tex);
    g.TexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    g.TexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    g.TexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    g.TexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    g.PixelStorei(GL_UNPACK_ALIGNMENT, 1);
    g.TexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, width, height, 0, GL_RGBA, GL_UNSIGNED_BYTE, pixels);
    return reinterpret_cast<ImTextureID>(static_cast<std::uintptr_t>(tex));
}

void GlTextureBackend::destroy(ImTextureID texture) {
    const auto tex = static_cast<GLuint>(reinterpret_cast<std::uintptr_t>(texture));
    m_gl->DeleteTextures(1, &tex);
}

void GlTextureBackend::clear(int width, int height, std::uint32_t rgb) {
    Gl& g = *m_gl;
    g.Viewport(0, 0, width, height);
    g.ClearColor(static_cast<float>((rgb >> 16) & 0xFF) / 255.0f, static_cast<float>((rgb >> 8) & 0xFF) / 255.0f,
                 static_cast<float>(rgb & 0xFF) / 255.0f, 1.0f);
    g.Clear(GL_COLOR_BUFFER_BIT);
}

std::vector<std::uint8_t> GlTextureBackend::read_pixels(int width, int height) {
    Gl& g = *m_gl;
    std::vector<std::uint8_t> px(static_cast<std::size_t>(width) * height * 4);
    g.ReadBuffer(GL_BACK);
    g.PixelStorei(GL_PACK_ALIGNMENT, 1);
    g.ReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, px.data());
    // GL rows run bottom-up; images run top-down.
    const std::size_t row = static_cast<std::size_t>(width) * 4;
    std::vector<std::uint8_t> tmp(row);
    for (int y = 0; y < height / 2; ++y) {
        std::uint8_t* a = px.data() + static_cast<std::size_t>(y) * row;
        std::uint8_t* b = px.data() + static_cast<std::size_t>(height - 1 - y) * row;
        std::memcpy(tmp.data(), a, row);
        std::memcpy(a, b, row);
        std::memcpy(b, tmp.data(), row);
    }
    // The frame is opaque whatever alpha the blending left behind.
    for (std::size_t i = 3; i < px.size(); i += 4) px[i] = 255;
    return px;
}

} // namespace ruhr
