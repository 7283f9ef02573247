// The image cache: decoded on a worker thread, uploaded on the UI thread, kept within budget.

#include "imgui_harness.h"
#include "test_support.h"
#include "ui/images.h"

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <mutex>
#include <set>
#include <thread>

using namespace ruhr;
using namespace ruhr::test;

namespace {

constexpr std::size_t k_rgba_64 = 64 * 64 * 4;

// Calls pump() until it reports a finished decode, or gives up after ten seconds (a loaded CI
// machine; a passing run takes milliseconds).
bool pump_until_ready(ImageCache& cache) {
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < give_up) {
        if (cache.pump()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return false;
}

// Writes a `width` x `height` PNG named `name` into `dir`; returns its path.
std::string png_in(const TempDir& dir, const char* name, int width, int height) {
    REQUIRE(write_png(dir / name, width, height));
    return (dir / name).string();
}

// Frames that draw nothing: what was drawn before them becomes old enough to evict.
void idle_frames(ImageCache& cache, int n) {
    for (int i = 0; i < n; ++i) cache.pump();
}

// Asks for `path` and waits until its texture is ready.
const Texture* load(ImageCache& cache, const std::string& path) {
    if (const Texture* t = cache.get(path)) return t;
    REQUIRE_MESSAGE(pump_until_ready(cache), "no decode finished for " << path);
    return cache.get(path);
}

}  // namespace

TEST_CASE("an image is a placeholder first and a texture of its size once decoded") {
    const TempDir dir("images");
    const std::string path = png_in(dir, "a.png", 64, 48);
    FakeTextures tex;
    std::atomic<int> wakes{0};
    ImageCache cache(
        tex, [&] { ++wakes; }, 1 << 20, 2048);

    CHECK(cache.get(path) == nullptr);
    CHECK(cache.get(path) == nullptr);  // asking again does not queue a second decode
    REQUIRE(pump_until_ready(cache));
    const Texture* t = cache.get(path);
    REQUIRE(t != nullptr);
    CHECK(t->width == 64);
    CHECK(t->height == 48);
    CHECK(t->id != nullptr);
    CHECK(tex.created == 1);
    REQUIRE(tex.alive.count(t->id) == 1);
    CHECK(tex.alive[t->id].x == 64.0f);
    CHECK(cache.bytes_in_use() == 64u * 48u * 4u);
    CHECK(wakes.load() == 1);
    CHECK_FALSE(cache.busy());
}

TEST_CASE("a budget smaller than the images evicts the least recently used one") {
    const TempDir dir("images");
    const std::string a = png_in(dir, "a.png", 64, 64), b = png_in(dir, "b.png", 64, 64),
                      c = png_in(dir, "c.png", 64, 64);
    FakeTextures tex;
    ImageCache cache(tex, nullptr, 2 * k_rgba_64, 2048);

    REQUIRE(load(cache, a) != nullptr);
    REQUIRE(load(cache, b) != nullptr);
    CHECK(cache.bytes_in_use() == 2 * k_rgba_64);
    CHECK(tex.destroyed == 0);
    idle_frames(cache, 3);
    REQUIRE(cache.get(a) != nullptr);  // a is now more recent than b
    idle_frames(cache, 3);

    REQUIRE(load(cache, c) != nullptr);
    CHECK(tex.destroyed == 1);
    CHECK(tex.destroyed_unknown == 0);
    CHECK(tex.alive.size() == 2);
    CHECK(cache.bytes_in_use() == 2 * k_rgba_64);
    CHECK(cache.get(a) != nullptr);
    CHECK(cache.get(c) != nullptr);
    // a and c age first: asked for before that, b could decode within these idle frames, come
    // back while a and c still count as on screen, and leave the cache over its budget
    // (1 run in 30 under load).
    idle_frames(cache, 3);
    CHECK(cache.get(b) == nullptr);  // evicted, and asked for again
    CHECK(pump_until_ready(cache));
    CHECK(cache.get(b) != nullptr);
    CHECK(cache.bytes_in_use() <= 2 * k_rgba_64);
}

TEST_CASE("one image larger than the whole budget is still shown") {
    const TempDir dir("images");
    const std::string big = png_in(dir, "big.png", 64, 64);
    FakeTextures tex;
    ImageCache cache(tex, nullptr, 100, 2048);
    CHECK(load(cache, big) != nullptr);
    CHECK(tex.destroyed == 0);
}

TEST_CASE("an undecodable file never becomes a texture and is not retried") {
    const TempDir dir("images");
    {
        std::ofstream out(dir / "broken.png");
        out << "not an image";
    }
    const std::string path = (dir / "broken.png").string();
    FakeTextures tex;
    ImageCache cache(tex, nullptr, 1 << 20, 2048);
    CHECK(cache.get(path) == nullptr);
    REQUIRE(pump_until_ready(cache));
    for (int frame = 0; frame < 10; ++frame) {
        CHECK(cache.get(path) == nullptr);
        CHECK_FALSE(cache.pump());
        CHECK_FALSE(cache.busy());
    }
    CHECK(tex.created == 0);
    CHECK(cache.bytes_in_use() == 0);
}

TEST_CASE("a missing file never becomes a texture") {
    const TempDir dir("images");
    FakeTextures tex;
    ImageCache cache(tex, nullptr, 1 << 20, 2048);
    const std::string path = (dir / "absent.png").string();
    CHECK(cache.get(path) == nullptr);
    REQUIRE(pump_until_ready(cache));
    CHECK(cache.get(path) == nullptr);
    CHECK_FALSE(cache.busy());
    CHECK(tex.created == 0);
}

TEST_CASE("clearing the cache frees every texture") {
    const TempDir dir("images");
    const std::string a = png_in(dir, "a.png", 32, 32), b = png_in(dir, "b.png", 32, 32);
    FakeTextures tex;
    ImageCache cache(tex, nullptr, 1 << 20, 2048);
    REQUIRE(load(cache, a) != nullptr);
    REQUIRE(load(cache, b) != nullptr);
    cache.clear();
    CHECK(tex.alive.empty());
    CHECK(tex.destroyed_unknown == 0);
    CHECK(cache.bytes_in_use() == 0);
}

TEST_CASE("the cache frees its textures when it is destroyed") {
    const TempDir dir("images");
    const std::string a = png_in(dir, "a.png", 32, 32);
    FakeTextures tex;
    {
        ImageCache cache(tex, nullptr, 1 << 20, 2048);
        REQUIRE(load(cache, a) != nullptr);
        CHECK(tex.alive.size() == 1);
    }
    CHECK(tex.alive.empty());
    CHECK(tex.destroyed_unknown == 0);
}

TEST_CASE("images larger than the maximum side are scaled down") {
    const TempDir dir("images");
    const std::string wide = png_in(dir, "wide.png", 100, 50);
    const DecodedImage small = decode_image_file(wide, 40);
    CHECK(small.width == 33);  // a box filter of 3x3 pixels
    CHECK(small.height == 16);
    CHECK(small.rgba.size() == 33u * 16u * 4u);
    const DecodedImage full = decode_image_file(wide, 2048);
    CHECK(full.width == 100);
    CHECK(full.height == 50);
    const DecodedImage none = decode_image_file((dir / "absent.png").string(), 2048);
    CHECK(none.width == 0);
}

TEST_CASE("what the screen shows is never evicted, even over the budget: no decoding without end") {
    const TempDir dir("images");
    const std::string a = png_in(dir, "a.png", 64, 64), b = png_in(dir, "b.png", 64, 64),
                      c = png_in(dir, "c.png", 64, 64);
    FakeTextures tex;
    ImageCache cache(tex, nullptr, k_rgba_64, 2048);  // room for one of the three
    // Every frame draws all three, as a screen with three photos does.
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < give_up) {
        const bool ga = cache.get(a) != nullptr, gb = cache.get(b) != nullptr, gc = cache.get(c) != nullptr;
        if (ga && gb && gc) break;
        cache.pump();
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    REQUIRE(cache.get(a));
    REQUIRE(cache.get(b));
    REQUIRE(cache.get(c));
    for (int frame = 0; frame < 50; ++frame) {
        cache.pump();
        CHECK(cache.get(a));
        CHECK(cache.get(b));
        CHECK(cache.get(c));
    }
    CHECK(tex.created == 3);
    CHECK(tex.destroyed == 0);
    CHECK(cache.bytes_in_use() == 3 * k_rgba_64);
    // Once the screen changes to one of them, the others go at the next upload.
    idle_frames(cache, 3);
    REQUIRE(load(cache, png_in(dir, "d.png", 64, 64)) != nullptr);
    CHECK(cache.bytes_in_use() == k_rgba_64);
    CHECK(tex.destroyed == 3);
    CHECK(tex.destroyed_unknown == 0);
}

TEST_CASE("a large image goes up in bands over several frames, within the per-frame limit") {
    const TempDir dir("images");
    const std::string path = png_in(dir, "tall.png", 64, 100);
    FakeTextures tex;
    ImageCache cache(tex, nullptr, 1 << 20, 2048);
    const std::size_t row = 64 * 4;
    CHECK(cache.get(path) == nullptr);
    REQUIRE(cache.wait_idle(std::chrono::seconds(2)));
    // 40 rows a frame: 40, 40, 20.
    CHECK_FALSE(cache.pump({40 * row}));
    CHECK(cache.uploaded_last_pump() == 40 * row);
    CHECK(cache.uploading());
    CHECK(cache.busy());
    CHECK(cache.get(path) == nullptr);  // not shown half uploaded
    CHECK_FALSE(cache.pump({40 * row}));
    CHECK(cache.pump({40 * row}));
    CHECK(cache.uploaded_last_pump() == 20 * row);
    CHECK_FALSE(cache.uploading());
    const Texture* t = cache.get(path);
    REQUIRE(t != nullptr);
    CHECK(tex.created == 1);
    CHECK(tex.created_empty == 1);
    CHECK(tex.updates == 3);
    CHECK(tex.rows_written[t->id] == 100);
    CHECK(cache.bytes_in_use() == 100 * row);
}

TEST_CASE("a per-frame limit below one row still moves a row a frame; a small image goes up at once") {
    const TempDir dir("images");
    const std::string tall = png_in(dir, "tall.png", 64, 100), small = png_in(dir, "small.png", 16, 16);
    FakeTextures tex;
    ImageCache cache(tex, nullptr, 1 << 20, 2048);
    CHECK(cache.get(small) == nullptr);
    REQUIRE(cache.wait_idle(std::chrono::seconds(2)));
    CHECK(cache.pump({16 * 16 * 4}));  // exactly fits: one call with the pixels
    CHECK(tex.created_empty == 0);
    CHECK(tex.updates == 0);
    CHECK(cache.get(tall) == nullptr);
    REQUIRE(cache.wait_idle(std::chrono::seconds(2)));
    int frames = 0;
    while (!cache.get(tall) && frames < 200) {
        cache.pump({1});
        ++frames;
    }
    CHECK(frames == 100);
    CHECK(tex.updates == 100);
}

TEST_CASE("a time limit of zero uploads one band a frame") {
    const TempDir dir("images");
    const std::string path = png_in(dir, "big.png", 256, 300);  // 1 KiB rows: bands of 64 rows
    FakeTextures tex;
    ImageCache cache(tex, nullptr, 1 << 22, 2048);
    CHECK(cache.get(path) == nullptr);
    REQUIRE(cache.wait_idle(std::chrono::seconds(2)));
    int frames = 0;
    while (!cache.get(path) && frames < 20) {
        cache.pump({SIZE_MAX, 0.0});
        CHECK(cache.uploaded_last_pump() <= 64u * 1024u);
        ++frames;
    }
    CHECK(frames == 5);  // 64 + 64 + 64 + 64 + 44 rows
    // Without limits the same image goes up in one frame, band by band.
    cache.clear();
    CHECK(cache.get(path) == nullptr);
    REQUIRE(cache.wait_idle(std::chrono::seconds(2)));
    CHECK(cache.pump());
    CHECK(cache.get(path) != nullptr);
}

TEST_CASE("clearing the cache mid-upload frees the half-made texture") {
    const TempDir dir("images");
    const std::string path = png_in(dir, "tall.png", 64, 100);
    FakeTextures tex;
    ImageCache cache(tex, nullptr, 1 << 20, 2048);
    CHECK(cache.get(path) == nullptr);
    REQUIRE(cache.wait_idle(std::chrono::seconds(2)));
    cache.pump({1});
    CHECK(cache.uploading());
    cache.clear();
    CHECK_FALSE(cache.uploading());
    CHECK(tex.alive.empty());
    CHECK(tex.destroyed_unknown == 0);
    CHECK(cache.get(path) == nullptr);  // asked for anew
    REQUIRE(pump_until_ready(cache));
    CHECK(cache.get(path) != nullptr);
}

namespace {
// A backend whose textures the image worker may make itself, as the OpenGL backend does with
// its second context once the platform allows it.
class WorkerTextures final : public TextureBackend {
public:
    ImTextureID create_rgba(const std::uint8_t* pixels, int width, int height) override {
        std::lock_guard lock(mutex);
        CHECK(width > 0);
        CHECK(height > 0);
        if (std::this_thread::get_id() == ui_thread)
            ++made_on_ui;
        else
            ++made_on_worker;
        if (!pixels) ++made_empty;
        alive.insert(++next);
        return reinterpret_cast<ImTextureID>(next);
    }
    void update_rgba(ImTextureID, int, int, int, const std::uint8_t*) override {}
    void destroy(ImTextureID texture) override {
        std::lock_guard lock(mutex);
        if (alive.erase(reinterpret_cast<std::uintptr_t>(texture)) == 0) ++destroyed_unknown;
    }
    bool attach_worker_thread() override {
        std::lock_guard lock(mutex);
        ++attach_calls;
        attached = allow_worker;
        return attached;
    }
    void finish_worker_upload() override {
        while (hold) std::this_thread::sleep_for(std::chrono::milliseconds(1));
        std::lock_guard lock(mutex);
        ++finished;
    }
    void detach_worker_thread() override {
        std::lock_guard lock(mutex);
        ++detached;
    }

    std::mutex mutex;
    std::atomic<bool> hold{false};  // finish_worker_upload() waits while set
    std::thread::id ui_thread = std::this_thread::get_id();
    bool allow_worker = false;
    bool attached = false;
    int attach_calls = 0, made_on_ui = 0, made_on_worker = 0, made_empty = 0, finished = 0, detached = 0;
    int destroyed_unknown = 0;
    std::set<std::uintptr_t> alive;
    std::uintptr_t next = 0;
};
}  // namespace

TEST_CASE("once the backend allows it, the worker makes the textures and the UI thread uploads nothing") {
    const TempDir dir("images");
    const std::string a = png_in(dir, "a.png", 64, 48), b = png_in(dir, "b.png", 64, 48);
    WorkerTextures tex;
    {
        ImageCache cache(tex, nullptr, 1 << 20, 2048);
        // Before the platform is ready (no second context yet): the UI thread uploads.
        REQUIRE(load(cache, a) != nullptr);
        CHECK(tex.made_on_ui == 1);
        CHECK(tex.made_on_worker == 0);
        // Ready: the worker attaches at its next image and makes the texture itself.
        {
            std::lock_guard lock(tex.mutex);
            tex.allow_worker = true;
        }
        CHECK(cache.get(b) == nullptr);
        REQUIRE(cache.wait_idle(std::chrono::seconds(2)));
        CHECK(cache.pump({1}));  // even the smallest per-frame limit: nothing left to upload
        CHECK(cache.uploaded_last_pump() == 0);
        const Texture* t = cache.get(b);
        REQUIRE(t != nullptr);
        CHECK(t->width == 64);
        CHECK(t->height == 48);
        CHECK(cache.bytes_in_use() == 2u * 64u * 48u * 4u);
        std::lock_guard lock(tex.mutex);
        CHECK(tex.made_on_worker == 1);
        CHECK(tex.made_empty == 0);
        CHECK(tex.finished == 1);
        CHECK(tex.made_on_ui == 1);
    }
    CHECK(tex.detached == 1);  // the worker let go of its context when it ended
    CHECK(tex.alive.empty());  // and every texture was freed, whichever thread made it
    CHECK(tex.destroyed_unknown == 0);
}

TEST_CASE("decoding() lasts until the worker has finished every queued image, not until the UI picked them up") {
    // The main loop holds back a frame while decoding() is true, so that a screen's images
    // appear together (platform/sdl_app.cpp); it must turn false with the last wake-up.
    const TempDir dir("images");
    const std::string a = png_in(dir, "a.png", 64, 48), b = png_in(dir, "b.png", 64, 48);
    WorkerTextures tex;
    tex.allow_worker = true;
    tex.hold = true;
    std::atomic<int> wakes{0};
    ImageCache cache(
        tex, [&] { ++wakes; }, 1 << 20, 2048);
    CHECK_FALSE(cache.decoding());
    CHECK(cache.get(a) == nullptr);
    CHECK(cache.get(b) == nullptr);
    CHECK(cache.decoding());  // the first is held in its upload, the second queued
    CHECK(wakes.load() == 0);
    tex.hold = false;
    for (int i = 0; i < 10000 && wakes.load() < 2; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    REQUIRE(wakes.load() == 2);
    CHECK_FALSE(cache.decoding());
    CHECK(cache.busy());  // both wait for the UI thread's pump()
    CHECK(cache.get(a) == nullptr);
    CHECK(cache.pump());
    CHECK(cache.get(a) != nullptr);
    CHECK(cache.get(b) != nullptr);
    CHECK_FALSE(cache.busy());
}
