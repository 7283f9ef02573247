#include "platform/sdl_window.h"

#include <SDL.h>
#include <imgui_impl_opengl3.h>
#include <imgui_impl_sdl.h>

#include <string>

namespace ruhr {

namespace {

Error sdl_error(std::string_view doing) { return Error{ErrorKind::Io, std::string(doing) + ": " + SDL_GetError()}; }

// The backend's shaders and buffers, without its font texture: it is given a 1x1 stand-in
// atlas to upload, and that texture is deleted again.
bool create_backend_objects_without_font() {
    ImGuiIO& io = ImGui::GetIO();
    ImFontAtlas* real = io.Fonts;
    ImFontAtlas stand_in;
    stand_in.TexPixelsRGBA32 = static_cast<unsigned int*>(IM_ALLOC(sizeof(unsigned int)));
    stand_in.TexPixelsRGBA32[0] = 0xFFFFFFFFu;
    stand_in.TexWidth = stand_in.TexHeight = 1;
    io.Fonts = &stand_in;
    const bool ok = ImGui_ImplOpenGL3_CreateDeviceObjects();
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    io.Fonts = real;
    return ok;
}

}  // namespace

Result<std::unique_ptr<SdlWindow>> SdlWindow::start() {
    // Real touch screens must not also produce synthesized mouse clicks (or the reverse).
    SDL_SetHint(SDL_HINT_TOUCH_MOUSE_EVENTS, "0");
    SDL_SetHint(SDL_HINT_MOUSE_TOUCH_EVENTS, "0");
    SDL_SetHint(SDL_HINT_VIDEO_MINIMIZE_ON_FOCUS_LOSS, "0");
    SDL_SetHint(SDL_HINT_VIDEO_X11_NET_WM_BYPASS_COMPOSITOR, "0");
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0) return sdl_error("SDL");
    std::unique_ptr<SdlWindow> w(new SdlWindow());
    w->m_wake_event = SDL_RegisterEvents(1);
    w->m_atlas = IM_NEW(ImFontAtlas);
    return w;
}

SdlWindow::~SdlWindow() {
    if (m_imgui_gl) ImGui_ImplOpenGL3_Shutdown();
    if (m_imgui_sdl) ImGui_ImplSDL2_Shutdown();
    if (ImGui::GetCurrentContext()) ImGui::DestroyContext();
    if (m_atlas) IM_DELETE(m_atlas);
    if (m_gl) SDL_GL_DeleteContext(m_gl);
    if (m_window) SDL_DestroyWindow(m_window);
    SDL_Quit();
}

std::function<void()> SdlWindow::waker() const {
    // Other threads (image decoding, uploads, the USB watch) ask for a frame with this.
    return [type = m_wake_event] {
        SDL_Event e;
        SDL_zero(e);
        e.type = type;
        SDL_PushEvent(&e);
    };
}

ImVec2 SdlWindow::expected_size(const WindowOptions& options) const {
    int w = options.width, h = options.height;
    if (options.fullscreen) {
        SDL_DisplayMode desktop;
        if (SDL_GetDesktopDisplayMode(0, &desktop) == 0) {
            w = desktop.w;
            h = desktop.h;
        }
    }
    return ImVec2(static_cast<float>(w), static_cast<float>(h));
}

Status SdlWindow::open(const WindowOptions& options, GlTextureBackend& textures) {
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
    SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
    Uint32 flags = SDL_WINDOW_OPENGL | SDL_WINDOW_SHOWN;
    if (options.fullscreen) flags |= SDL_WINDOW_FULLSCREEN_DESKTOP | SDL_WINDOW_BORDERLESS;
    m_window = SDL_CreateWindow("Ruhr-Konferenz", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, options.width,
                                options.height, flags);
    if (!m_window) return sdl_error("cannot open a window");
    m_gl = SDL_GL_CreateContext(m_window);
    if (!m_gl) return sdl_error("cannot create an OpenGL 3.0 context");
    SDL_GL_MakeCurrent(m_window, m_gl);
    SDL_GL_SetSwapInterval(1);  // may fail (Xvfb has no vsync): the main loop paces frames as well
    if (options.fullscreen) SDL_ShowCursor(SDL_DISABLE);
    if (!textures.load()) return Error{ErrorKind::Io, "OpenGL functions are missing"};
    return ok_status();
}

Status SdlWindow::start_imgui() {
    IMGUI_CHECKVERSION();
    ImGui::CreateContext(m_atlas);
    m_imgui_sdl = ImGui_ImplSDL2_InitForOpenGL(m_window, m_gl);
    m_imgui_gl = ImGui_ImplOpenGL3_Init("#version 130");
    if (!m_imgui_sdl || !m_imgui_gl || !create_backend_objects_without_font())
        return Error{ErrorKind::Io, "cannot start Dear ImGui's SDL/OpenGL backends"};
    return ok_status();
}

ImVec2 SdlWindow::size() const {
    int w = 0, h = 0;
    SDL_GetWindowSize(m_window, &w, &h);
    return ImVec2(static_cast<float>(w), static_cast<float>(h));
}

void SdlWindow::drawable_size(int& width, int& height) const { SDL_GL_GetDrawableSize(m_window, &width, &height); }

void SdlWindow::swap() { SDL_GL_SwapWindow(m_window); }

bool SdlWindow::enable_worker_uploads(GlTextureBackend& textures) {
    return textures.enable_worker_uploads(m_window, m_gl);
}

FontTexture::~FontTexture() {
    if (m_id) m_textures.destroy(m_id);
}

void FontTexture::upload(ImFontAtlas& atlas) {
    if (m_id) m_textures.destroy(m_id);
    unsigned char* px = nullptr;
    int w = 0, h = 0;
    atlas.GetTexDataAsAlpha8(&px, &w, &h);
    m_id = m_textures.create_alpha(px, w, h);
    m_bytes_per_pixel = 1;
    if (!m_id) {
        atlas.GetTexDataAsRGBA32(&px, &w, &h);
        m_id = m_textures.create_rgba(px, w, h);
        m_bytes_per_pixel = 4;
    }
    atlas.SetTexID(m_id);
    atlas.ClearTexData();
}

}  // namespace ruhr
