#pragma once
// Content images: decoded on a worker thread, uploaded as textures on the UI thread, kept
// within a memory budget. Navigation never waits for a decode: a screen draws a placeholder
// until its image is ready.

#include <imgui.h>

#include <chrono>
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
    /// A texture of `width` x `height` RGBA pixels; with `pixels` null its contents come later
    /// through update_rgba().
    virtual ImTextureID create_rgba(const std::uint8_t* pixels, int width, int height) = 0;
    /// Writes `rows` full rows starting at row `y` (top-down, `width` pixels each).
    virtual void update_rgba(ImTextureID texture, int y, int width, int rows, const std::uint8_t* pixels) = 0;
    virtual void destroy(ImTextureID texture) = 0;

    /// Off-thread uploads. The image worker asks before each upload; true means this thread
    /// may now call create_rgba() (for OpenGL: a second context sharing textures with the UI's
    /// is current on it), and the UI thread never stalls on a texture's allocation. False
    /// (the default, or before the platform is ready) keeps uploads on the UI thread.
    virtual bool attach_worker_thread() { return false; }
    /// On the worker, after create_rgba(): the texture is complete for the UI thread to draw.
    virtual void finish_worker_upload() {}
    /// The worker thread ends (only after attach_worker_thread() returned true).
    virtual void detach_worker_thread() {}
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

/// Decodes a PNG or JPEG file; images larger than `max_side` are scaled down by a whole factor
/// (scale_pixels, packs/image_scale.h).
/// Returns an image with width 0 when the file cannot be decoded.
DecodedImage decode_image_file(const std::string& path, int max_side);

class ImageCache {
public:
    /// `wake` is called from the worker thread when a decode finished, so an event-driven
    /// main loop can draw again. `budget_bytes` bounds the texture memory kept.
    ImageCache(TextureBackend& backend, std::function<void()> wake, std::size_t budget_bytes, int max_side);
    ~ImageCache();
    ImageCache(const ImageCache&) = delete;
    ImageCache& operator=(const ImageCache&) = delete;

    /// The texture for `path` if it is ready; otherwise asks for it and returns nullptr.
    const Texture* get(const std::string& path);
    /// How much one pump() may upload: bands of rows (at most 64 KiB each, fewer when
    /// `max_bytes` is smaller) go up until the next band would pass `max_bytes` or `max_ms`
    /// has passed. The first band of a frame always goes, so every upload finishes.
    struct UploadLimit {
        std::size_t max_bytes = SIZE_MAX;
        double max_ms = 1.0e9;
    };
    /// Uploads finished decodes (UI thread, once per frame, before the frame's get() calls)
    /// within `limit`: a large image goes up band by band over the next frames, so no frame
    /// stalls on a big upload, and is shown once complete. Returns true if any became ready.
    bool pump(UploadLimit limit);
    bool pump() { return pump(UploadLimit{}); }
    /// True while decodes are queued or running, or uploads are under way.
    bool busy() const;
    /// True while decodes are queued or running (finished ones may wait for pump()).
    bool decoding() const;
    /// True while a decoded image is still being uploaded band by band (draw again).
    bool uploading() const { return !m_uploads.empty(); }
    /// Waits until no decode is queued or running, at most `limit`; true when none is.
    bool wait_idle(std::chrono::milliseconds limit) const;
    /// Frees every texture (for example when the content pack changes).
    void clear();
    /// Changes the memory budget (the screen size changed); takes effect at the next upload.
    void set_budget(std::size_t budget_bytes) { m_budget = budget_bytes; }
    std::size_t budget() const { return m_budget; }
    std::size_t bytes_in_use() const { return m_bytes; }
    /// Pixel bytes the last pump() handed to the backend.
    std::size_t uploaded_last_pump() const { return m_uploaded_last; }

private:
    struct Entry {
        Texture tex;
        std::size_t bytes = 0;
        bool failed = false;
        std::uint64_t used_frame = 0;  // the pump() count when it was last drawn
        std::list<std::string>::iterator lru;
    };
    // A decoded image going up band by band (UI thread only).
    struct Upload {
        std::string path;
        DecodedImage image;
        ImTextureID id = nullptr;
        int rows_done = 0;
    };
    void worker();
    void finish(std::string path, Texture tex, std::size_t bytes, bool failed);
    void evict_to_budget(const std::string& keep);

    TextureBackend& m_backend;
    std::function<void()> m_wake;
    std::size_t m_budget;
    int m_max_side;
    std::size_t m_bytes = 0;
    std::size_t m_uploaded_last = 0;
    std::uint64_t m_frame = 0;
    std::deque<Upload> m_uploads;
    std::unordered_map<std::string, Entry> m_entries;
    std::list<std::string> m_lru;  // front = most recently used
    std::unordered_map<std::string, bool> m_requested;

    mutable std::mutex m_mutex;
    std::condition_variable m_cv;
    mutable std::condition_variable m_idle_cv;  // a decode finished
    std::deque<std::string> m_todo;
    // A finished decode; `tex` is set when the worker uploaded it itself (pixels then freed).
    struct Done {
        std::string path;
        DecodedImage image;
        Texture tex;
    };
    std::deque<Done> m_done;
    std::size_t m_in_flight = 0;
    bool m_stop = false;
    std::thread m_thread;
};

}  // namespace ruhr
