#include "ui/images.h"

#include "packs/image_scale.h"

#include <stb_image.h>

#include <algorithm>

namespace ruhr {

DecodedImage decode_image_file(const std::string& path, int max_side) {
    DecodedImage out;
    int w = 0, h = 0, comp = 0;
    stbi_uc* px = stbi_load(path.c_str(), &w, &h, &comp, 4);
    if (!px) return out;
    const int factor = std::max(1, (std::max(w, h) + max_side - 1) / max_side);
    if (factor == 1) {
        out.rgba.assign(px, px + static_cast<std::size_t>(w) * h * 4);
        out.width = w;
        out.height = h;
    } else {
        // Shrunk by a whole factor: the sizes the cache has always made (a pack installed by
        // staff brings copies scaled to the screen, so this is rare).
        out.width = std::max(1, w / factor);
        out.height = std::max(1, h / factor);
        out.rgba = scale_pixels(px, w, h, 4, out.width, out.height);
        if (out.rgba.empty()) out.width = out.height = 0;
    }
    stbi_image_free(px);
    return out;
}

ImageCache::ImageCache(TextureBackend& backend, std::function<void()> wake, std::size_t budget_bytes, int max_side)
    : m_backend(backend), m_wake(std::move(wake)), m_budget(budget_bytes), m_max_side(max_side), m_thread([this] {
          worker();
      }) {}

ImageCache::~ImageCache() {
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_cv.notify_all();
    m_thread.join();
    clear();
    for (const Done& d : m_done)
        if (d.tex.id) m_backend.destroy(d.tex.id);
}

const Texture* ImageCache::get(const std::string& path) {
    const auto it = m_entries.find(path);
    if (it != m_entries.end()) {
        if (it->second.failed) return nullptr;
        m_lru.splice(m_lru.begin(), m_lru, it->second.lru);
        it->second.used_frame = m_frame;
        return &it->second.tex;
    }
    if (!m_requested[path]) {
        m_requested[path] = true;
        {
            std::lock_guard lock(m_mutex);
            m_todo.push_back(path);
            ++m_in_flight;
        }
        m_cv.notify_one();
    }
    return nullptr;
}

bool ImageCache::pump(UploadLimit limit) {
    ++m_frame;
    std::deque<Done> done;
    {
        std::lock_guard lock(m_mutex);
        done.swap(m_done);
    }
    m_uploaded_last = 0;
    bool ready = false;
    for (Done& d : done) {
        if (d.tex.id) {  // uploaded by the worker
            finish(std::move(d.path), d.tex, static_cast<std::size_t>(d.tex.width) * d.tex.height * 4, false);
            ready = true;
        } else if (d.image.width == 0) {
            finish(std::move(d.path), Texture{}, 0, true);
            ready = true;
        } else {
            m_uploads.push_back(Upload{std::move(d.path), std::move(d.image), nullptr, 0});
        }
    }
    constexpr std::size_t k_band_bytes = 64u * 1024u;
    const auto start = std::chrono::steady_clock::now();
    while (!m_uploads.empty()) {
        Upload& u = m_uploads.front();
        const std::size_t row_bytes = static_cast<std::size_t>(u.image.width) * 4;
        const int rows_left = u.image.height - u.rows_done;
        const std::size_t band_rows = std::max<std::size_t>(1, std::min(k_band_bytes, limit.max_bytes) / row_bytes);
        const int rows = static_cast<int>(std::min<std::size_t>(band_rows, static_cast<std::size_t>(rows_left)));
        const std::size_t bytes = static_cast<std::size_t>(rows) * row_bytes;
        if (m_uploaded_last > 0) {
            const double spent =
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
            if (m_uploaded_last + bytes > limit.max_bytes || spent >= limit.max_ms) break;
        }
        if (!u.id && rows == u.image.height) {
            u.id = m_backend.create_rgba(u.image.rgba.data(), u.image.width, u.image.height);  // all at once
        } else {
            if (!u.id) u.id = m_backend.create_rgba(nullptr, u.image.width, u.image.height);
            m_backend.update_rgba(u.id, u.rows_done, u.image.width, rows,
                                  u.image.rgba.data() + static_cast<std::size_t>(u.rows_done) * row_bytes);
        }
        u.rows_done += rows;
        m_uploaded_last += bytes;
        if (u.rows_done < u.image.height) continue;
        finish(std::move(u.path), Texture{u.id, u.image.width, u.image.height}, u.image.rgba.size(), false);
        m_uploads.pop_front();
        ready = true;
    }
    return ready;
}

void ImageCache::finish(std::string path, Texture tex, std::size_t bytes, bool failed) {
    m_requested.erase(path);
    Entry e;
    e.tex = tex;
    e.failed = failed;
    e.bytes = bytes;
    e.used_frame = m_frame;
    m_bytes += bytes;
    m_lru.push_front(path);
    e.lru = m_lru.begin();
    m_entries[path] = e;
    evict_to_budget(path);
}

bool ImageCache::busy() const {
    if (!m_uploads.empty()) return true;
    std::lock_guard lock(m_mutex);
    return m_in_flight > 0 || !m_done.empty();
}

bool ImageCache::decoding() const {
    std::lock_guard lock(m_mutex);
    return m_in_flight > 0;
}

bool ImageCache::wait_idle(std::chrono::milliseconds limit) const {
    std::unique_lock lock(m_mutex);
    return m_idle_cv.wait_for(lock, limit, [&] { return m_in_flight == 0; });
}

void ImageCache::clear() {
    for (auto& [path, e] : m_entries)
        if (e.tex.id) m_backend.destroy(e.tex.id);
    m_entries.clear();
    m_lru.clear();
    m_bytes = 0;
    for (Upload& u : m_uploads) {
        if (u.id) m_backend.destroy(u.id);
        m_requested.erase(u.path);
    }
    m_uploads.clear();
}

void ImageCache::evict_to_budget(const std::string& keep) {
    // Least recently drawn first; never what the last two frames drew, so a screen that shows
    // more than the budget holds goes over it for a while instead of decoding without end.
    auto it = m_lru.end();
    while (m_bytes > m_budget && it != m_lru.begin()) {
        --it;
        if (*it == keep) continue;
        auto entry = m_entries.find(*it);
        if (entry->second.used_frame + 1 >= m_frame) continue;
        if (entry->second.tex.id) m_backend.destroy(entry->second.tex.id);
        m_bytes -= entry->second.bytes;
        m_entries.erase(entry);
        it = m_lru.erase(it);
    }
}

void ImageCache::worker() {
    bool attached = false;
    for (;;) {
        std::string path;
        {
            std::unique_lock lock(m_mutex);
            m_cv.wait(lock, [&] { return m_stop || !m_todo.empty(); });
            if (m_stop) break;
            path = std::move(m_todo.front());
            m_todo.pop_front();
        }
        DecodedImage image = decode_image_file(path, m_max_side);
        Done d{std::move(path), std::move(image), Texture{}};
        if (d.image.width > 0 && (attached || (attached = m_backend.attach_worker_thread()))) {
            d.tex = {m_backend.create_rgba(d.image.rgba.data(), d.image.width, d.image.height), d.image.width,
                     d.image.height};
            m_backend.finish_worker_upload();
            if (d.tex.id) d.image = DecodedImage{};
        }
        {
            std::lock_guard lock(m_mutex);
            m_done.push_back(std::move(d));
            --m_in_flight;
        }
        m_idle_cv.notify_all();
        if (m_wake) m_wake();
    }
    if (attached) m_backend.detach_worker_thread();
}

}  // namespace ruhr
