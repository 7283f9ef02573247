#pragma once
// Content images: decoded on a worker thread, uploaded as textures on the UI thread, kept
// within a memory budget. Navigation never waits for a decode: a screen draws a placeholder
// until its image is ready.

#include <imgui.h>

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <list>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

namespace ruhr {

/// Creates and frees GPU textures. The platform implements it with OpenGL; tests use a fake.
class TextureBackend {
public:
    virtual ~TextureBackend() = default;
    virtual ImTextureID create_rgba(const std::uint8_t* pixels, int width, int height) = 0;
    virtual void destroy(ImTextureID texture) = 0;
};

/// A ready texture and its size in pixels.
struct Texture {
    ImTextureID id = nullptr;
    int width = 0;
    int height = 0;
};

/// Decoded RGBA pixels.
struct DecodedImage {
    std::vector<std::uint8_t> rgba;
    int width = 0;
    int height = 0;
};

/// Decodes a PNG or JPEG file; images larger than `max_side` are scaled down (box filter).
/// Returns an image with width 0 when the file cannot be decoded.
DecodedImage decode_image_file(const std::string& path, int max_side);

class ImageCache {
public:
    /// `wake` is called from the worker thread when a decode finished, so an event-driven
    /// main loop can draw again. `budget_bytes` bounds the texture memory kept.
    ImageCache(TextureBackend& backend, std::function<void()> wake, std::size_t budget_bytes,
               int max_side);
    ~ImageCache();
    ImageCache(const ImageCache&) = delete;
    ImageCache& operator=(const ImageCache&) = delete;

    /// The texture for `path` if it is ready; otherwise asks for it and returns nullptr.
    const Texture* get(const std::string& path);
    /// Uploads finished decodes (UI thread, once per frame). Returns true if any became ready.
    bool pump();
    /// True while decodes are queued or running.
    bool busy() const;
    /// Frees every texture (for example when the content pack changes).
    void clear();
    std::size_t bytes_in_use() const { return m_bytes; }

private:
    struct Entry {
        Texture tex;
        std::size_t bytes = 0;
        bool failed = false;
        std::list<std::string>::iterator lru;
    };
    void worker();
    void evict_to_budget(const std::string& keep);

    TextureBackend& m_backend;
    std::function<void()> m_wake;
    std::size_t m_budget;
    int m_max_side;
    std::size_t m_bytes = 0;
    std::unordered_map<std::string, Entry> m_entries;
    std::list<std::string> m_lru;  // front = most recently used
    std::unordered_map<std::string, bool> m_requested;

    mutable std::mutex m_mutex;
    std::condition_variable m_cv;
    std::deque<std::string> m_todo;
    std::deque<std::pair<std::string, DecodedImage>> m_done;
    std::size_t m_in_flight = 0;
    bool m_stop = false;
    std::thread m_thread;
};

} // namespace ruhr
