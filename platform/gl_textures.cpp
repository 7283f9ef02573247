#include "platform/gl_textures.h"

#include <SDL.h>
#include <SDL_opengl.h>

#include <cstring>

namespace ruhr {

namespace {
// The few GL 1.1 entry points this file needs, loaded at run time: the program does not
// link libGL (Mesa or the vendor driver is found through SDL).
}  // namespace

struct GlTextureBackend::Gl {
    void(APIENTRY* GenTextures)(GLsizei, GLuint*);
    void(APIENTRY* BindTexture)(GLenum, GLuint);
    void(APIENTRY* TexParameteri)(GLenum, GLenum, GLint);
    void(APIENTRY* TexImage2D)(GLenum, GLint, GLint, GLsizei, GLsizei, GLint, GLenum, GLenum, const void*);
    void(APIENTRY* TexSubImage2D)(GLenum, GLint, GLint, GLint, GLsizei, GLsizei, GLenum, GLenum, const void*);
    void(APIENTRY* DeleteTextures)(GLsizei, const GLuint*);
    void(APIENTRY* PixelStorei)(GLenum, GLint);
    void(APIENTRY* ReadPixels)(GLint, GLint, GLsizei, GLsizei, GLenum, GLenum, void*);
    void(APIENTRY* Viewport)(GLint, GLint, GLsizei, GLsizei);
    void(APIENTRY* ClearColor)(GLfloat, GLfloat, GLfloat, GLfloat);
    void(APIENTRY* Clear)(GLbitfield);
    void(APIENTRY* ReadBuffer)(GLenum);
    void(APIENTRY* TexParameteriv)(GLenum, GLenum, const GLint*);
    void(APIENTRY* GetIntegerv)(GLenum, GLint*);
    void(APIENTRY* Finish)();
};

namespace {
template <class F>
bool load(F& fn, const char* name) {
    fn = reinterpret_cast<F>(SDL_GL_GetProcAddress(name));
    return fn != nullptr;
}
}  // namespace

GlTextureBackend::~GlTextureBackend() {
    // The image worker has ended (it lives in the app, which goes first).
    if (m_worker_context) SDL_GL_DeleteContext(m_worker_context);
    if (m_worker_window) SDL_DestroyWindow(m_worker_window);
}

bool GlTextureBackend::enable_worker_uploads(SDL_Window* main_window, void* main_context) {
    if (!m_ok || m_worker_ready) return m_worker_ready;
    m_worker_window = SDL_CreateWindow("", 0, 0, 1, 1, SDL_WINDOW_OPENGL | SDL_WINDOW_HIDDEN);
    if (m_worker_window) {
        SDL_GL_SetAttribute(SDL_GL_SHARE_WITH_CURRENT_CONTEXT, 1);
        m_worker_context = SDL_GL_CreateContext(m_worker_window);
        SDL_GL_SetAttribute(SDL_GL_SHARE_WITH_CURRENT_CONTEXT, 0);
    }
    SDL_GL_MakeCurrent(main_window, main_context);
    if (!m_worker_context) {
        if (m_worker_window) SDL_DestroyWindow(m_worker_window);
        m_worker_window = nullptr;
        return false;
    }
    m_worker_ready = true;
    return true;
}

bool GlTextureBackend::attach_worker_thread() {
    if (!m_worker_ready) return false;
    return SDL_GL_MakeCurrent(m_worker_window, m_worker_context) == 0;
}

void GlTextureBackend::finish_worker_upload() { m_gl->Finish(); }

void GlTextureBackend::detach_worker_thread() { SDL_GL_MakeCurrent(m_worker_window, nullptr); }

GlTextureBackend::GlTextureBackend() : m_gl(std::make_unique<Gl>()) {}

bool GlTextureBackend::load() {
    Gl& g = *m_gl;
    m_ok = ::ruhr::load(g.GenTextures, "glGenTextures") && ::ruhr::load(g.BindTexture, "glBindTexture") &&
           ::ruhr::load(g.TexParameteri, "glTexParameteri") && ::ruhr::load(g.TexImage2D, "glTexImage2D") &&
           ::ruhr::load(g.TexSubImage2D, "glTexSubImage2D") && ::ruhr::load(g.DeleteTextures, "glDeleteTextures") &&
           ::ruhr::load(g.PixelStorei, "glPixelStorei") && ::ruhr::load(g.ReadPixels, "glReadPixels") &&
           ::ruhr::load(g.Viewport, "glViewport") && ::ruhr::load(g.ClearColor, "glClearColor") &&
           ::ruhr::load(g.Clear, "glClear") && ::ruhr::load(g.ReadBuffer, "glReadBuffer") &&
           ::ruhr::load(g.TexParameteriv, "glTexParameteriv") && ::ruhr::load(g.GetIntegerv, "glGetIntegerv") &&
           ::ruhr::load(g.Finish, "glFinish");
    if (m_ok) {
        // Swizzling is core in 3.3; Mesa gives a 4.5 compatibility context for our 3.0 request.
        GLint major = 0, minor = 0;
        g.GetIntegerv(0x821B /* GL_MAJOR_VERSION */, &major);
        g.GetIntegerv(0x821C /* GL_MINOR_VERSION */, &minor);
        m_swizzle = major > 3 || (major == 3 && minor >= 3) || SDL_GL_ExtensionSupported("GL_ARB_texture_swizzle");
    }
    return m_ok;
}

namespace {
constexpr GLenum k_gl_r8 = 0x8229;
constexpr GLenum k_gl_red = 0x1903;
constexpr GLenum k_gl_texture_swizzle_rgba = 0x8E46;
}  // namespace

ImTextureID GlTextureBackend::make_texture(GLint internal_format, GLenum format, const std::uint8_t* pixels, int width,
                                           int height) {
    Gl& g = *m_gl;
    GLuint tex = 0;
    g.GenTextures(1, &tex);
    g.BindTexture(GL_TEXTURE_2D, tex);
    g.TexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    g.TexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    g.TexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    g.TexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    g.PixelStorei(GL_UNPACK_ALIGNMENT, 1);
    g.TexImage2D(GL_TEXTURE_2D, 0, internal_format, width, height, 0, format, GL_UNSIGNED_BYTE, pixels);
    return reinterpret_cast<ImTextureID>(static_cast<std::uintptr_t>(tex));
}

ImTextureID GlTextureBackend::create_rgba(const std::uint8_t* pixels, int width, int height) {
    return make_texture(GL_RGBA, GL_RGBA, pixels, width, height);
}

ImTextureID GlTextureBackend::create_alpha(const std::uint8_t* alpha, int width, int height) {
    if (!m_swizzle) return nullptr;
    const ImTextureID id = make_texture(static_cast<GLint>(k_gl_r8), k_gl_red, alpha, width, height);
    // Sampled as (1, 1, 1, a): exactly what the RGBA atlas of Dear ImGui's backend holds.
    const GLint swizzle[4] = {GL_ONE, GL_ONE, GL_ONE, static_cast<GLint>(k_gl_red)};
    m_gl->TexParameteriv(GL_TEXTURE_2D, k_gl_texture_swizzle_rgba, swizzle);
    return id;
}

void GlTextureBackend::update_rgba(ImTextureID texture, int y, int width, int rows, const std::uint8_t* pixels) {
    Gl& g = *m_gl;
    g.BindTexture(GL_TEXTURE_2D, static_cast<GLuint>(reinterpret_cast<std::uintptr_t>(texture)));
    g.PixelStorei(GL_UNPACK_ALIGNMENT, 1);
    g.TexSubImage2D(GL_TEXTURE_2D, 0, 0, y, width, rows, GL_RGBA, GL_UNSIGNED_BYTE, pixels);
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

}  // namespace ruhr
