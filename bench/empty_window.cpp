// empty_window: the memory and start-up floor for the kiosk's figures. An SDL2 window with an
// OpenGL 3.0 context, exactly as the kiosk opens it, that only clears and swaps, and only
// when SDL says the window needs it (event-driven, like the kiosk's loop).
// usage: empty_window [WxH]

#include <SDL.h>

#include <cstdio>

int main(int argc, char** argv) {
    int w = 1920, h = 1080;
    if (argc > 1 && std::sscanf(argv[1], "%dx%d", &w, &h) != 2) {
        std::fprintf(stderr, "usage: empty_window [WxH]\n");
        return 2;
    }
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0) {
        std::fprintf(stderr, "empty_window: SDL: %s\n", SDL_GetError());
        return 2;
    }
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
    SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
    SDL_Window* win = SDL_CreateWindow("empty", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, w, h,
                                       SDL_WINDOW_OPENGL | SDL_WINDOW_SHOWN);
    SDL_GLContext gl = win ? SDL_GL_CreateContext(win) : nullptr;
    if (!gl) {
        std::fprintf(stderr, "empty_window: %s\n", SDL_GetError());
        return 2;
    }
    // Loaded through SDL, as Dear ImGui's OpenGL3 backend does, so nothing links libGL.
    using ClearColor = void (*)(float, float, float, float);
    using ClearFn = void (*)(unsigned);
    const auto clear_color = reinterpret_cast<ClearColor>(SDL_GL_GetProcAddress("glClearColor"));
    const auto clear = reinterpret_cast<ClearFn>(SDL_GL_GetProcAddress("glClear"));
    constexpr unsigned k_color_buffer_bit = 0x00004000;  // GL_COLOR_BUFFER_BIT
    bool draw = true;
    for (;;) {
        if (draw) {
            clear_color(0.953f, 0.961f, 0.969f, 1.0f);  // the kiosk's background, #F3F5F7
            clear(k_color_buffer_bit);
            SDL_GL_SwapWindow(win);
            draw = false;
        }
        SDL_Event e;
        if (!SDL_WaitEvent(&e)) break;
        if (e.type == SDL_QUIT) break;
        if (e.type == SDL_WINDOWEVENT) draw = true;
    }
    SDL_GL_DeleteContext(gl);
    SDL_DestroyWindow(win);
    SDL_Quit();
    return 0;
}
