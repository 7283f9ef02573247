#include "kiosk/images.h"

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
        // Integer box filter: cheap, and good enough for photos shown smaller than their size.
        out.width = w / factor;
        out.height = h / factor;
        out.rgba.resize(static_cast<std::size_t>(out.width) * out.height * 4);
        for (int y = 0; y < out.height; ++y)
            for (int x = 0; x < out.width; ++x)
                for (int c = 0; c < 4; ++c) {
                    unsigned sum = 0;
                    for (int dy = 0; dy < factor; ++dy)
                        for (int dx = 0; dx < factor; ++dx)
                            sum += px[(static_cast<std::size_t>(y * factor + dy) * w + (x * factor + dx)) * 4 + c];
                    out.rgba[(static_cast<std::size_t>(y) * out.width + x) * 4 + c] =
                        static_cast<std::uint8_t>(sum / static_cast<unsigned>(factor * factor));
                }
    }
    stbi_image_free(px);
    return out;
}

ImageCache::ImageCache(TextureBackend& backend, std::function<void()> wake, std::size_t budget_bytes,
                       int max_side)
    : m_backend(backend), m_wake(std::move(wake)), m_budget(budget_bytes), m_max_side(max_side),
      m_thread([this] { worker(); }) {}

ImageCache::~ImageCache() {
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_cv.notify_all();
    m_thread.join();
    clear();
}

const Texture* ImageCache::get(const std::string& path) {
    const auto it = m_entries.find(path);
    if (it != m_entries.end()) {
        if (it->second.failed) return nullptr;
        m_lru.splice(m_lru.begin(), m_lru, it->second.lru);
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

bool ImageCache::pump() {
    std::deque<std::pair<std::string, DecodedImage>> done;
    {
        std::lock_guard lock(m_mutex);
        done.swap(m_done);
    }
    for (auto& [path, img] : done) {
        m_requested.erase(path);
        Entry e;
        if (img.width == 0) {
            e.failed = true;
        } else {
            e.tex = {m_backend.create_rgba(img.rgba.data(), img.width, img.height), img.width, img.height};
            e.bytes = img.rgba.size();
            m_bytes += e.bytes;
        }
        m_lru.push_front(path);
        e.lru = m_lru.begin();
        m_entries[path] = e;
        evict_to_budget(path);
    }
    return !done.empty();
}

bool ImageCache::busy() const {
    std::lock_guard lock(m_mutex);
    return m_in_flight > 0 || !m_done.empty();
}

void ImageCache::clear() {
    for (auto& [path, e] : m_entries)
        if (e.tex.id) m_backend.destroy(e.tex.id);
    m_entries.clear();
    m_lru.clear();
    m_bytes = 0;
}

void ImageCache::evict_to_budget(const std::string& keep) {
    while (m_bytes > m_budget && m_lru.size() > 1) {
        const std::string victim = m_lru.back();
        if (victim == keep) break;
        auto it = m_entries.find(victim);
        if (it->second.tex.id) m_backend.destroy(it->second.tex.id);
        m_bytes -= it->second.bytes;
        m_entries.erase(it);
        m_lru.pop_back();
    }
}

void ImageCache::worker() {
    for (;;) {
        std::string path;
        {
            std::unique_lock lock(m_mutex);
            m_cv.wait(lock, [&] { return m_stop || !m_todo.empty(); });
            if (m_stop) return;
            path = std::move(m_todo.front());
            m_todo.pop_front();
        }
        DecodedImage img = decode_image_file(path, m_max_side);
        {
            std::lock_guard lock(m_mutex);
            m_done.emplace_back(std::move(path), std::move(img));
            --m_in_flight;
        }
        if (m_wake) m_wake();
    }
}

} // namespace ruhr
