// Staff mode (issue 5): the hidden gesture, the PIN with its lockout, idle closing, a stick
// that asks for the PIN, and installing packs safely (staging, atomic switch, rollback, a
// stick pulled or a disk filling up in the middle).

#include "base/crypto.h"
#include "imgui_harness.h"
#include "kiosk/staff.h"
#include "packs/pack_install.h"
#include "test_support.h"
#include "ui/staff_control.h"

#include <doctest/doctest.h>

#include <stb_image.h>
#include <stb_image_write.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <thread>

using namespace ruhr;
using namespace ruhr::test;

namespace {

// A pack folder signed by a fresh key, derived from the built-in pack.
struct SignedPack {
    TempDir dir{"signed-pack"};
    PackSigningKey key = make_pack_signing_key();
    fs::path root() const { return dir / "content"; }

    explicit SignedPack(const std::string& version) {
        fs::copy(default_pack_dir(), root(), fs::copy_options::recursive);
        fs::remove(root() / "manifest.sig");
        auto m = nlohmann::json::parse(read_all(root() / "manifest.json"));
        m["version"] = version;
        resign(m);
    }
    void resign(nlohmann::json m) {
        auto files = list_pack_files(root());
        REQUIRE(files);
        m["files"] = nlohmann::json::array();
        for (const auto& f : *files) m["files"].push_back({{"path", f.path}, {"size", f.size}, {"sha256", f.sha256}});
        const std::string bytes = m.dump(2);
        write_file(root() / "manifest.json", bytes);
        write_file(root() / "manifest.sig", sign_pack_manifest(bytes, key));
    }
    PackTrust trust() const { return {{key.public_key}, SignaturePolicy::Required}; }
    // Installs this pack into `data_dir` with the default limits while `shown` is shown; the
    // test fails when the install is refused.
    InstallOutcome install_into(const fs::path& data_dir, const ShownPack& shown, const WallClock& wall) const {
        auto r = install_pack(root(), data_dir, trust(), {}, shown, wall);
        REQUIRE_MESSAGE(r, (r ? "" : r.error().message));
        return r.value();
    }
    static std::string read_all(const fs::path& p) {
        std::ifstream in(p, std::ios::binary);
        return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    }
};

void write_jpeg(const fs::path& path, int w, int h, const std::vector<unsigned char>& rgb) {
    REQUIRE(stbi_write_jpg(path.c_str(), w, h, 3, rgb.data(), 85));
}

bool image_size(const fs::path& path, int& w, int& h) {
    int comp = 0;
    return stbi_info(path.c_str(), &w, &h, &comp) != 0;
}

// The version of the installed pack in `dir` (installed_pack_dir(), previous_pack_dir()); the
// test fails when there is none or it does not load.
std::string pack_version(const std::optional<fs::path>& dir) {
    REQUIRE(dir);
    const PackLoad loaded = load_content_pack(*dir);
    REQUIRE(loaded.pack);
    return loaded.pack->version;
}

StaffSettings settings_with_pin(const std::string& pin) {
    REQUIRE(crypto_init());
    StaffSettings s;
    auto hash = hash_pin(pin);
    REQUIRE(hash);
    s.pin_hash = *hash;
    return s;
}

// Waits (real time) for the PIN check running on its thread.
void wait_for_check(StaffGate& gate, double now) {
    for (int i = 0; i < 400 && gate.checking(); ++i) {
        if (gate.poll(now)) return;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    (void)gate.poll(now);
}

void enter(StaffGate& gate, const std::string& pin, double now) {
    for (char c : pin) gate.press_digit(c, now);
    gate.submit(now);
    wait_for_check(gate, now);
}

// A gate whose PIN is 246813, with the PIN pad opened at 0 s.
struct PinPad {
    StaffSettings settings = settings_with_pin("246813");
    ManualWallClock wall;
    StaffGate gate{settings, wall};
    PinPad() { gate.open_pin(0.0); }
};

}  // namespace

TEST_CASE("the staff gesture needs three seconds of steady pressure in the bottom-right corner") {
    const StaffSettings s = settings_with_pin("123456");
    const ManualWallClock wall;
    StaffGate gate(s, wall);
    const ScreenPoint display{1920, 1080};
    const ScreenPoint corner{1900, 1070};
    CHECK_FALSE(gate.track_gesture(true, corner, display, 1.0f, 0.0));
    CHECK(gate.gesture_deadline() == doctest::Approx(3.0));
    CHECK_FALSE(gate.track_gesture(true, corner, display, 1.0f, 2.9));
    CHECK(gate.track_gesture(true, corner, display, 1.0f, 3.0));
    // The same press does not fire twice; lifting the finger re-arms it.
    CHECK_FALSE(gate.track_gesture(true, corner, display, 1.0f, 9.0));
    CHECK_FALSE(gate.track_gesture(false, corner, display, 1.0f, 9.1));
    // Leaving the corner, or a press elsewhere, starts over.
    CHECK_FALSE(gate.track_gesture(true, corner, display, 1.0f, 10.0));
    CHECK_FALSE(gate.track_gesture(true, ScreenPoint{960, 540}, display, 1.0f, 11.0));
    CHECK_FALSE(gate.track_gesture(true, corner, display, 1.0f, 12.0));
    CHECK_FALSE(gate.track_gesture(true, corner, display, 1.0f, 14.5));
    CHECK(gate.track_gesture(true, corner, display, 1.0f, 15.0));
}

TEST_CASE("the right PIN opens the panel and a wrong one does not") {
    PinPad pad;
    StaffGate& gate = pad.gate;
    CHECK(gate.mode() == StaffMode::Pin);
    enter(gate, "111111", 1.0);
    CHECK(gate.mode() == StaffMode::Pin);
    CHECK(gate.last_wrong());
    CHECK(gate.entry().empty());
    enter(gate, "246813", 2.0);
    CHECK(gate.mode() == StaffMode::Panel);
}

TEST_CASE("five wrong PINs lock the pad for five minutes, even against the right PIN") {
    PinPad pad;
    StaffGate& gate = pad.gate;
    for (int i = 0; i < 5; ++i) enter(gate, "000000", 1.0 + i);
    CHECK(gate.locked(6.0));
    enter(gate, "246813", 7.0);
    CHECK(gate.mode() == StaffMode::Pin);
    CHECK(gate.entry().empty());
    CHECK(gate.locked(5.0 + 299.0));
    CHECK_FALSE(gate.locked(5.0 + 301.0));
    gate.touched(306.0);
    enter(gate, "246813", 306.0);
    CHECK(gate.mode() == StaffMode::Panel);
}

TEST_CASE("a lockout survives a restart, and a clock set back cannot make it longer") {
    StaffSettings settings = settings_with_pin("246813");
    TempDir data("lockout");
    settings.data_dir = data.path();
    ManualWallClock wall;
    {
        StaffGate gate(settings, wall);
        gate.open_pin(0.0);
        for (int i = 0; i < 5; ++i) enter(gate, "000000", 1.0 + i);
        REQUIRE(gate.locked(6.0));
    }
    // The plug is pulled 10 s later; the kiosk starts again with a new steady clock.
    wall.advance_ms(10'000);
    {
        StaffGate gate(settings, wall);
        gate.open_pin(100.0);
        CHECK(gate.locked(100.0));
        CHECK(gate.locked_seconds_left(100.0) == doctest::Approx(295.0 - 5.0).epsilon(0.02));
        enter(gate, "246813", 101.0);
        CHECK(gate.mode() == StaffMode::Pin);
    }
    SUBCASE("the clock set back by a day still ends the lock after five minutes at most") {
        wall.advance_ms(-86'400'000);
        StaffGate gate(settings, wall);
        gate.open_pin(0.0);
        CHECK(gate.locked(0.0));
        CHECK_FALSE(gate.locked(301.0));
    }
    SUBCASE("after the lock the right PIN works, and wrong ones before a restart still count") {
        wall.advance_ms(300'000);
        {
            StaffGate gate(settings, wall);
            gate.open_pin(0.0);
            CHECK_FALSE(gate.locked(0.0));
            for (int i = 0; i < 4; ++i) enter(gate, "000000", 1.0 + i);
        }
        StaffGate gate(settings, wall);
        gate.open_pin(0.0);
        CHECK(gate.failures() == 4);
        enter(gate, "000000", 1.0);
        CHECK(gate.locked(2.0));  // the fifth wrong PIN, across the restart
    }
    SUBCASE("fewer than six digits are not checked at all") {
        wall.advance_ms(300'000);
        StaffGate gate(settings, wall);
        gate.open_pin(0.0);
        for (char c : std::string("24681")) gate.press_digit(c, 1.0);
        gate.submit(1.0);
        CHECK_FALSE(gate.checking());
        CHECK(gate.entry() == "24681");
    }
}

TEST_CASE("staff mode closes itself after two minutes without touches") {
    PinPad pad;
    StaffGate& gate = pad.gate;
    enter(gate, "246813", 0.0);
    REQUIRE(gate.mode() == StaffMode::Panel);
    gate.touched(10.0);
    CHECK_FALSE(gate.close_if_idle(129.0));
    CHECK(gate.idle_deadline() == doctest::Approx(130.0));
    CHECK(gate.close_if_idle(130.5));
    CHECK(gate.mode() == StaffMode::Off);
}

TEST_CASE("a stick with a ruhr-kiosk folder asks for the staff PIN, one without does not") {
    auto pack = load_content_pack(default_pack_dir());
    REQUIRE(pack.pack);
    const auto fonts = fonts_or_skip();
    if (!fonts) return;
    AppDriver d(std::move(*pack.pack), *fonts, ImVec2(1920, 1080));
    TempDir stick("stick");
    struct FakePlatform final : StaffPlatform {
        std::vector<Volume> list;
        std::optional<Volume> kiosk_stick() const override { return ruhr::kiosk_stick(list); }
        bool network_up() const override { return false; }
        void quit() override {}
    } platform;
    d.app().set_staff(settings_with_pin("123456"), &platform,
                      []() -> Result<std::unique_ptr<Outbox>> { return Error{"no outbox in this test"}; });
    d.settle();
    platform.list = {{stick.path(), "sdb1"}};  // a stick without the folder
    d.settle();
    CHECK(d.app().staff_mode() == StaffMode::Off);
    platform.list.clear();
    d.settle();
    fs::create_directory(stick / "ruhr-kiosk");
    platform.list = {{stick.path(), "sdb1"}};
    d.settle();
    CHECK(d.app().staff_mode() == StaffMode::Pin);
    CHECK(d.find("staff/pin/1") != nullptr);
    d.tap("staff/close");
    d.settle();
    CHECK(d.app().staff_mode() == StaffMode::Off);
}

TEST_CASE("a signed pack is installed through staging and switched to, and rollback returns to the one before") {
    ManualWallClock wall;  // the installed folders are named by its time
    TempDir data("install");
    SignedPack v2("2027.1.0");
    auto first = install_pack(v2.root(), data.path(), v2.trust(), {}, {"", "1.0.0"}, wall);
    REQUIRE(first);
    const auto ends_with_stamp_of = [&](const fs::path& dir) {
        const std::string stamp =
            format_utc(wall.unix_ms(), UtcFormat::Compact) + "-" + std::to_string(wall.unix_ms() % 1000);
        const std::string name = dir.filename().string();
        return name.size() > stamp.size() && name.compare(name.size() - stamp.size(), stamp.size(), stamp) == 0;
    };
    CHECK(ends_with_stamp_of(first->dir));
    REQUIRE(installed_pack_dir(data.path()));
    CHECK(load_content_pack(*installed_pack_dir(data.path())).pack->version == "2027.1.0");
    CHECK_FALSE(previous_pack_dir(data.path()));  // before it: the built-in pack
    // Nothing is left of the staging copy.
    for (const auto& e : fs::directory_iterator(data / "packs"))
        CHECK(e.path().filename().string().rfind(".staging-", 0) != 0);

    SignedPack v3("2027.2.0");
    wall.advance_ms(61'250);
    auto second = install_pack(v3.root(), data.path(), v3.trust(), {}, {"", "2027.1.0"}, wall);
    REQUIRE(second);
    CHECK(ends_with_stamp_of(second->dir));
    CHECK(load_content_pack(*installed_pack_dir(data.path())).pack->version == "2027.2.0");
    CHECK(load_content_pack(*previous_pack_dir(data.path())).pack->version == "2027.1.0");

    auto back = rollback_pack(data.path());
    REQUIRE(back);
    REQUIRE(back->has_value());
    CHECK(pack_version(installed_pack_dir(data.path())) == "2027.1.0");
    // Rolling back again goes forward again: the two swap.
    REQUIRE(rollback_pack(data.path()));
    CHECK(pack_version(installed_pack_dir(data.path())) == "2027.2.0");
}

TEST_CASE(
    "packs only move forward: an older version, another content under a known version and an expired pack "
    "are refused") {
    ManualWallClock wall;
    TempDir data("forward");
    const auto install = [&](const SignedPack& p, const ShownPack& shown = {}) {
        return install_pack(p.root(), data.path(), p.trust(), {}, shown, wall);
    };
    const auto refused_because = [](const Result<InstallOutcome>& r, const std::string& part,
                                    ErrorKind kind = ErrorKind::Outdated) {
        REQUIRE_FALSE(r);
        CHECK(r.error().kind == kind);
        CHECK_MESSAGE(r.error().message.find(part) != std::string::npos, r.error().message);
    };
    SignedPack v2("2027.2.0"), v3("2027.3.0");
    REQUIRE(install(v2));
    REQUIRE(install(v3));
    const std::string id = load_content_pack(v3.root()).pack->id;

    // Older than the highest installed, even when validly signed, and again after a rollback
    // (the history is a file, so a restart changes nothing either).
    SignedPack v1("2027.1.0");
    refused_because(install(v1), "older than version 2027.3.0");
    REQUIRE(rollback_pack(data.path()));
    CHECK(pack_version(installed_pack_dir(data.path())) == "2027.2.0");
    refused_because(install(v1), "older than version 2027.3.0");
    SignedPack v2_5("2027.2.5");
    refused_because(install(v2_5), "older than version 2027.3.0");
    CHECK(pack_version(installed_pack_dir(data.path())) == "2027.2.0");

    // The same version with other content: refused; the same content again: installed.
    SignedPack other3("2027.3.0");
    auto m = nlohmann::json::parse(SignedPack::read_all(other3.root() / "manifest.json"));
    m["expires"] = "2030-12-31";
    other3.resign(m);
    refused_because(install(other3), "was installed before with other content", ErrorKind::Invalid);
    wall.advance_ms(1000);  // installed folders are named by the time
    auto again = install(v3);
    REQUIRE_MESSAGE(again, (again ? "" : again.error().message));
    CHECK(pack_version(installed_pack_dir(data.path())) == "2027.3.0");

    // Older than the pack shown (the built-in one, before any install): refused.
    TempDir fresh("forward-fresh");
    auto below_shown = install_pack(v1.root(), fresh.path(), v1.trust(), {}, {id, "2027.5.0"}, wall);
    refused_because(below_shown, "older than version 2027.5.0, which is shown now");
    CHECK_FALSE(installed_pack_dir(fresh.path()));

    // Expiry: the last valid day is still fine, the day after is not.
    SignedPack v4("2027.4.0");
    auto m4 = nlohmann::json::parse(SignedPack::read_all(v4.root() / "manifest.json"));
    m4["expires"] = format_utc(wall.unix_ms(), UtcFormat::Iso8601Seconds).substr(0, 10);
    v4.resign(m4);
    wall.advance_ms(24ll * 3600 * 1000);
    refused_because(install(v4), "expired on " + m4["expires"].get<std::string>());
    CHECK(pack_version(installed_pack_dir(data.path())) == "2027.3.0");
    wall.advance_ms(-24ll * 3600 * 1000);
    REQUIRE(install(v4));

    // The history names each version's manifest; a damaged history refuses every install.
    const auto history = load_pack_history(data.path());
    REQUIRE(history);
    CHECK(history->packs.at(id).highest == "2027.4.0");
    CHECK(history->packs.at(id).manifests.size() == 3);
    write_file(data / "packs" / "history.json", "{\"format\": 1, \"packs\": [");
    SignedPack v5("2027.5.0");
    auto damaged = install(v5);
    REQUIRE_FALSE(damaged);
    CHECK(damaged.error().kind == ErrorKind::Damaged);
    CHECK(pack_version(installed_pack_dir(data.path())) == "2027.4.0");
}

TEST_CASE("a signed pack moves the kiosk to a new signing key, and a withdrawn key is never trusted again") {
    const ManualWallClock wall;
    TempDir data("rotate");
    SignedPack first("2027.1.0");
    const PackTrust configured = first.trust();  // the kiosk's configuration names only this key
    const PackSigningKey old_key = first.key, new_key = make_pack_signing_key();
    const std::string old_id = pack_key_id(old_key.public_key), new_id = pack_key_id(new_key.public_key);
    const auto install = [&](const SignedPack& p) {
        return install_pack(p.root(), data.path(), configured, {}, {}, wall);
    };
    const auto manifest_of = [](const SignedPack& p) {
        return nlohmann::json::parse(SignedPack::read_all(p.root() / "manifest.json"));
    };
    // Re-signs `p` with `key`, its manifest carrying `keys` (none when null).
    const auto sign_with = [&](SignedPack& p, const PackSigningKey& key, const nlohmann::json& keys = nullptr) {
        p.key = key;
        auto m = manifest_of(p);
        if (!keys.is_null()) m["keys"] = keys;
        p.resign(m);
    };
    REQUIRE(install(first));

    // Signed with the old key, it adds the new one.
    SignedPack second("2027.2.0");
    sign_with(second, old_key, {{"add", {pack_public_key_to_base64(new_key.public_key)}}});
    // Signed with the new key before that: not trusted yet.
    SignedPack early("2027.1.5");
    sign_with(early, new_key);
    REQUIRE_FALSE(install(early));
    auto added = install(second);
    REQUIRE_MESSAGE(added, (added ? "" : added.error().message));
    CHECK(added->keys.added == std::vector<std::string>{new_id});

    // Signed with the new key, it withdraws the old one.
    SignedPack third("2027.3.0");
    sign_with(third, new_key, {{"withdraw", {old_id}}});
    auto withdrawn = install(third);
    REQUIRE_MESSAGE(withdrawn, (withdrawn ? "" : withdrawn.error().message));
    CHECK(withdrawn->keys.withdrawn == std::vector<std::string>{old_id});

    // The old key is still in the configuration, and refused: also after a restart (a file).
    SignedPack fourth("2027.4.0");
    sign_with(fourth, old_key);
    auto refused = install(fourth);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().message.find("manifest.sig") != std::string::npos);
    CHECK(effective_trust(configured, load_pack_history(data.path()).value()).keys ==
          std::vector<PackPublicKey>{new_key.public_key});

    // A pack cannot withdraw its own key, nor bring a withdrawn one back.
    SignedPack own("2027.5.0");
    sign_with(own, new_key, {{"withdraw", {new_id}}});
    auto own_r = install(own);
    REQUIRE_FALSE(own_r);
    CHECK(own_r.error().message.find("is the key that signed this pack") != std::string::npos);
    sign_with(own, new_key, {{"add", {pack_public_key_to_base64(old_key.public_key)}}});
    auto back_r = install(own);
    REQUIRE_FALSE(back_r);
    CHECK(back_r.error().message.find("never trusted again") != std::string::npos);
    CHECK(pack_version(installed_pack_dir(data.path())) == "2027.3.0");

    // Key changes need a signature: an unsigned pack (allow_unsigned) cannot make them.
    TempDir dev("rotate-unsigned");
    SignedPack unsigned_pack("2027.1.0");
    auto mu = manifest_of(unsigned_pack);
    mu["keys"] = {{"add", {pack_public_key_to_base64(make_pack_signing_key().public_key)}}};
    unsigned_pack.resign(mu);
    fs::remove(unsigned_pack.root() / "manifest.sig");
    auto unsigned_r = install_pack(unsigned_pack.root(), dev.path(), {{}, SignaturePolicy::IfPresent}, {}, {}, wall);
    REQUIRE_FALSE(unsigned_r);
    CHECK(unsigned_r.error().kind == ErrorKind::Refused);
    CHECK(unsigned_r.error().message.find("only a signed pack") != std::string::npos);
}

TEST_CASE("pack versions compare by their numbers") {
    CHECK(compare_pack_versions("2026.11.2", "2026.11.10") < 0);
    CHECK(compare_pack_versions("2026.11", "2026.11.0") < 0);
    CHECK(compare_pack_versions("1.0.0", "1.0.0") == 0);
    CHECK(compare_pack_versions("10.0", "9.9") > 0);
}

TEST_CASE("a pack signed by a key the kiosk does not trust is refused before anything is copied") {
    const ManualWallClock wall;
    TempDir data("untrusted");
    SignedPack pack("2027.1.0");
    const PackTrust other{{make_pack_signing_key().public_key}, SignaturePolicy::Required};
    auto r = install_pack(pack.root(), data.path(), other, {}, {"", "1.0.0"}, wall);
    REQUIRE_FALSE(r);
    CHECK(r.error().message.find("manifest.sig") != std::string::npos);
    CHECK_FALSE(fs::exists(data / "packs" / "current"));
}

TEST_CASE("a stick pulled in the middle of the copy leaves the current content untouched and says so") {
    const ManualWallClock wall;
    TempDir data("pulled");
    SignedPack first("2027.1.0");
    (void)first.install_into(data.path(), {"", "1.0.0"}, wall);
    const fs::path before = *installed_pack_dir(data.path());

    SignedPack second("2027.2.0");
    int copied = 0;
    auto r = install_pack(second.root(), data.path(), second.trust(), {}, {"", "2027.1.0"}, wall,
                          [&](const PackProgress& p) {
                              // After a few files the stick is gone.
                              if (p.step == "copy" && ++copied == 3) fs::remove_all(second.root());
                          });
    REQUIRE_FALSE(r);
    CHECK(r.error().message.find("removed") != std::string::npos);
    CHECK(*installed_pack_dir(data.path()) == before);
    for (const auto& e : fs::directory_iterator(data / "packs"))
        CHECK(e.path().filename().string().rfind(".staging-", 0) != 0);
}

TEST_CASE("a disk that fills up during the import is reported and the current content stays") {
    const ManualWallClock wall;
    TempDir data("full");
    SignedPack pack("2027.1.0");
    std::optional<std::string> message;
    {
        FileSizeLimit limit(32 * 1024);  // the first image that is larger fails to copy
        auto r = install_pack(pack.root(), data.path(), pack.trust(), {}, {"", "1.0.0"}, wall);
        if (!r) message = r.error().message;
    }
    REQUIRE(message);
    CHECK(message->find("disk is full") != std::string::npos);
    CHECK_FALSE(installed_pack_dir(data.path()));
}

TEST_CASE("staging folders left by a power cut are removed at the next start") {
    TempDir data("powercut");
    fs::create_directories(data / "packs" / ".staging-20261126T000000Z-1" / "lang");
    clean_pack_staging(data.path());
    CHECK_FALSE(fs::exists(data / "packs" / ".staging-20261126T000000Z-1"));
}

TEST_CASE("the staff PIN hash is Argon2id and only the right PIN matches it") {
    REQUIRE(crypto_init());
    auto h = hash_pin("482915");
    REQUIRE(h);
    CHECK(h->rfind("$argon2id$", 0) == 0);
    CHECK(is_pin_hash(*h));
    CHECK(verify_pin(*h, "482915"));
    CHECK_FALSE(verify_pin(*h, "482916"));
    CHECK_FALSE(verify_pin("not a hash", "482915"));
}

TEST_CASE("images larger than the screen are stored scaled to it at install, and shown instead of the originals") {
    const ManualWallClock wall;
    TempDir data("prescale");
    SignedPack pack("2027.1.0");
    // One image of the pack becomes a 4000x3000 photo (re-signed).
    const auto m = nlohmann::json::parse(SignedPack::read_all(pack.root() / "manifest.json"));
    const std::string image = m["vision"]["image"].get<std::string>();
    {
        std::vector<unsigned char> px(4000u * 3000u * 3u);
        for (std::size_t i = 0; i < px.size(); ++i) px[i] = static_cast<unsigned char>((i / 3) % 251);
        write_jpeg(pack.root() / image, 4000, 3000, px);
    }
    pack.resign(m);
    auto r = install_pack(pack.root(), data.path(), pack.trust(),
                          {16u * 1024 * 1024, 256u * 1024 * 1024, 200, 4000u * 3000u}, {"", "1.0.0"}, wall, {}, nullptr,
                          1920);
    REQUIRE_MESSAGE(r, (r ? "" : r.error().message));
    CHECK(r->images_scaled == 1);
    auto loaded = load_content_pack(*installed_pack_dir(data.path()));
    REQUIRE(loaded.pack);
    const fs::path shown = loaded.pack->file_path(image);
    CHECK(shown.string().find("/.display/") != std::string::npos);
    int w = 0, h = 0;
    REQUIRE(image_size(shown, w, h));
    CHECK(w == 1920);
    CHECK(h == 1440);
    // Small images are not copied: the original is shown.
    CHECK(loaded.pack->file_path("lang/de.json") == *installed_pack_dir(data.path()) / "lang/de.json");
}

namespace {

// Waits (real time, at most 4 s) until the monitor has read a snapshot it was asked for.
std::shared_ptr<const StaffSnapshot> wait_for_snapshot(const StaffMonitor& monitor) {
    for (int i = 0; i < 400 && (monitor.refreshing() || !monitor.snapshot()); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    return monitor.snapshot();
}

struct QuietPlatform final : StaffPlatform {
    std::optional<Volume> kiosk_stick() const override { return std::nullopt; }
    bool network_up() const override { return true; }
    void quit() override {}
};

}  // namespace

TEST_CASE("the staff snapshot is read on the monitor's thread: counts, alerts, free disk and network") {
    TempDir dir("staff-monitor");
    const fs::path db = dir / "outbox.sqlite";
    TestOutbox box(db.string());
    box.add_record(SubmissionKind::Rating, {{"item", "vision"}, {"stars", 4}});
    box.box->add_alert(alert_content_not_loaded("the stick was pulled"));
    StaffSettings settings;
    settings.data_dir = dir.path();
    QuietPlatform platform;
    std::atomic<int> wakes{0};
    StaffMonitor monitor(
        settings,
        [&]() -> Result<std::unique_ptr<Outbox>> { return Outbox::open(db.string(), "kiosk-test", box.wall, box.ids); },
        &platform, [&] { ++wakes; });
    CHECK(monitor.snapshot() == nullptr);  // nothing is read before it is asked for
    monitor.refresh();
    const auto snap = wait_for_snapshot(monitor);
    REQUIRE(snap);
    REQUIRE(snap->counts);
    REQUIRE(*snap->counts);
    CHECK((*snap->counts)->pending == 1);
    REQUIRE(snap->alerts);
    REQUIRE(*snap->alerts);
    REQUIRE((*snap->alerts)->size() == 1);
    CHECK((*snap->alerts)->front().key == "alert_content_not_loaded");
    CHECK(snap->disk_free_bytes.has_value());
    CHECK(snap->network_up == std::optional<bool>(true));
    CHECK_FALSE(snap->can_rollback);
    CHECK(wakes >= 1);
    // A record stored after the first read shows at the next one.
    box.add_record(SubmissionKind::Rating, {{"item", "vision"}, {"stars", 2}});
    monitor.refresh();
    const auto next = wait_for_snapshot(monitor);
    REQUIRE(next);
    REQUIRE(*next->counts);
    CHECK((*next->counts)->pending == 2);
}

TEST_CASE("an outbox that cannot be opened shows in the staff panel as unreadable, not as zero pending") {
    TempDir dir("staff-unreadable");
    StaffSettings settings = settings_with_pin("123456");
    settings.data_dir = dir.path();
    QuietPlatform platform;
    SystemWallClock wall;
    std::vector<nlohmann::json> logged;
    StaffControl staff(
        settings, &platform,
        []() -> Result<std::unique_ptr<Outbox>> {
            return Error{ErrorKind::Damaged, "file is not a database"};
        },
        wall, [] {}, [&](nlohmann::json e) { logged.push_back(std::move(e)); });
    ContentPack pack = load_default_pack();
    const StaffPanelContext context{pack, "kiosk-test", nullptr, 1920};
    staff.open(0.0, "test");
    for (char c : std::string("123456")) staff.apply(StaffPinKey{StaffPinKey::Kind::Digit, c}, 0.0, context);
    staff.apply(StaffPinKey{StaffPinKey::Kind::Submit, '0'}, 0.0, context);
    for (int i = 0; i < 400 && staff.mode() != StaffMode::Panel; ++i) {
        (void)staff.frame(false, {0, 0}, {1920, 1080}, 1.0f, false, 0.0);
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    REQUIRE(staff.mode() == StaffMode::Panel);
    // Before the first snapshot arrives the facts say they are being read.
    for (int i = 0; i < 400 && staff.busy(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    const StaffPanelView v = staff.panel_view(context);
    const auto fact = [&](const std::string& label) {
        for (const auto& [l, value] : v.facts)
            if (l == label) return value;
        return std::string("(missing)");
    };
    const std::string outbox = fact(staff_text(pack.default_language, "outbox"));
    CHECK(outbox.find(staff_text(pack.default_language, "outbox_unreadable").substr(0, 6)) == 0);
    // Why, in the panel's words; the library's words go to the event log.
    CHECK(outbox.find(staff_text(pack.default_language, "unreadable_damaged")) != std::string::npos);
    CHECK(outbox.find("file is not a database") == std::string::npos);
    CHECK(outbox.find(" 0 ") == std::string::npos);
    REQUIRE(v.alerts.size() == 1);
    CHECK(v.alerts.front() == staff_text(pack.default_language, "alerts_unreadable"));
    (void)staff.frame(false, {0, 0}, {1920, 1080}, 1.0f, false, 0.0);
    const bool in_log = std::any_of(logged.begin(), logged.end(), [](const nlohmann::json& e) {
        return e.value("event", "") == "staff-read-error" &&
               e.value("error", "").find("file is not a database") != std::string::npos;
    });
    CHECK(in_log);
}

namespace {

constexpr ErrorKind k_every_kind[] = {ErrorKind::Invalid,  ErrorKind::NotFound, ErrorKind::StorageFull,
                                      ErrorKind::ReadOnly, ErrorKind::Locked,   ErrorKind::Damaged,
                                      ErrorKind::TooNew,   ErrorKind::Outdated, ErrorKind::Network,
                                      ErrorKind::Refused,  ErrorKind::Io,       ErrorKind::Other};
constexpr StaffTaskStatus::Kind k_every_task[] = {StaffTaskStatus::Kind::Import, StaffTaskStatus::Kind::Rollback,
                                                  StaffTaskStatus::Kind::Export, StaffTaskStatus::Kind::Receipts,
                                                  StaffTaskStatus::Kind::Statement};

// Runs one staff task to its end (real time, at most 10 s).
template <class Start>
StaffTaskStatus run_task(StaffTasks& tasks, Start start) {
    REQUIRE(start());
    for (int i = 0; i < 2000 && tasks.status().running; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    const StaffTaskStatus status = tasks.status();
    REQUIRE_FALSE(status.running);
    return status;
}

}  // namespace

TEST_CASE("every staff task says in plain German and English what came of it, for every kind of error") {
    for (const auto task : k_every_task) {
        CAPTURE(staff_task_name(task));
        for (const auto kind : k_every_kind) {
            CAPTURE(error_kind_name(kind));
            StaffTaskStatus s;
            s.kind = task;
            s.ok = false;
            s.outcome = error_kind_name(kind);
            s.error = kind;
            s.values = {{"log", "yes"}, {"delivered", "0"}, {"quarantined", "0"}, {"files", "1"}, {"failed", "1"}};
            const std::string de = staff_task_result("de", s), en = staff_task_result("en", s);
            check_plain(de);
            check_plain(en);
            CHECK(de != en);
        }
        StaffTaskStatus done;
        done.kind = task;
        done.ok = true;
        done.outcome = "ok";
        done.values = {
            {"version", "2027.1.0"}, {"count", "12"}, {"log", "yes"}, {"delivered", "12"}, {"quarantined", "1"}};
        check_plain(staff_task_result("de", done));
        check_plain(staff_task_result("en", done));
    }
    // The kinds that need their own advice have it, not the general "did not work".
    const auto text = [](StaffTaskStatus::Kind task, ErrorKind kind) {
        StaffTaskStatus s;
        s.kind = task;
        s.ok = false;
        s.outcome = error_kind_name(kind);
        return staff_task_result("de", s);
    };
    CHECK(text(StaffTaskStatus::Kind::Import, ErrorKind::NotFound).find("keine Inhalte gefunden") != std::string::npos);
    CHECK(text(StaffTaskStatus::Kind::Import, ErrorKind::Refused).find("nicht von den Organisatoren freigegeben") !=
          std::string::npos);
    CHECK(text(StaffTaskStatus::Kind::Import, ErrorKind::Outdated).find("nicht die neuesten") != std::string::npos);
    CHECK(text(StaffTaskStatus::Kind::Import, ErrorKind::StorageFull).find("Speicherplatz") != std::string::npos);
    CHECK(text(StaffTaskStatus::Kind::Export, ErrorKind::StorageFull).find("Der Stick ist voll") != std::string::npos);
    CHECK(text(StaffTaskStatus::Kind::Export, ErrorKind::ReadOnly).find("schreibgeschützt") != std::string::npos);
    CHECK(text(StaffTaskStatus::Kind::Rollback, ErrorKind::NotFound).find("keine früheren Inhalte") !=
          std::string::npos);
    CHECK(text(StaffTaskStatus::Kind::Receipts, ErrorKind::NotFound).find("keine Empfangsbestätigungen") !=
          std::string::npos);
    CHECK(text(StaffTaskStatus::Kind::Receipts, ErrorKind::Refused).find("anderen Gerät") != std::string::npos);
}

TEST_CASE(
    "a stick without content, nothing to roll back to and a stick without receipts are told plainly, the path "
    "only in the log") {
    TempDir data("staff-plain");
    TempDir stick_dir("staff-plain-stick");
    fs::create_directory(stick_dir / "ruhr-kiosk");
    TempDir box_dir("staff-plain-outbox");
    TestOutbox box((box_dir / "outbox.sqlite").string());
    StaffSettings settings;
    settings.data_dir = data.path();
    const ManualWallClock wall;
    StaffTasks tasks(
        settings,
        [&]() -> Result<std::unique_ptr<Outbox>> {
            return Outbox::open((box_dir / "outbox.sqlite").string(), "kiosk-test", box.wall, box.ids);
        },
        wall, [] {});
    const Volume stick{stick_dir.path(), "sdb1"};
    const std::string raw_path = stick_dir.path().string();

    const StaffTaskStatus imported = run_task(tasks, [&] { return tasks.import_pack(stick, {"", "1.0.0"}); });
    CHECK(imported.ok == std::optional<bool>(false));
    CHECK(imported.error == std::optional<ErrorKind>(ErrorKind::NotFound));
    const std::string de = staff_task_result("de", imported);
    check_plain(de);
    CHECK(de.find("Auf dem Stick wurden keine Inhalte gefunden") == 0);
    CHECK(de.find(raw_path) == std::string::npos);
    CHECK(de.find("does not exist") == std::string::npos);
    CHECK(staff_task_result("en", imported).find("No content was found on the stick") == 0);
    CHECK(imported.detail.find(raw_path) != std::string::npos);  // for the log

    const StaffTaskStatus rolled = run_task(tasks, [&] { return tasks.rollback(); });
    CHECK(rolled.error == std::optional<ErrorKind>(ErrorKind::NotFound));
    check_plain(staff_task_result("de", rolled));

    const StaffTaskStatus receipts = run_task(tasks, [&] { return tasks.apply_receipts(stick); });
    CHECK(receipts.error == std::optional<ErrorKind>(ErrorKind::NotFound));
    check_plain(staff_task_result("de", receipts));
    CHECK(staff_task_result("de", receipts).find("keine Empfangsbestätigungen") != std::string::npos);

    box.add_record(SubmissionKind::Rating, {{"item", "vision"}, {"stars", 4}});
    const StaffTaskStatus exported = run_task(tasks, [&] { return tasks.export_outbox(stick); });
    REQUIRE(exported.ok == std::optional<bool>(true));
    const std::string export_de = staff_task_result("de", exported);
    check_plain(export_de);
    CHECK(export_de.find("1 Beitrag ist jetzt auf dem Stick") == 0);

    // The closing statement: written to the stick, and staff are told the one record is not sent yet.
    const StaffTaskStatus stated = run_task(tasks, [&] { return tasks.write_statement(stick); });
    REQUIRE(stated.ok == std::optional<bool>(true));
    CHECK(stated.outcome == "ok-pending");
    const std::string stated_de = staff_task_result("de", stated), stated_en = staff_task_result("en", stated);
    check_plain(stated_de);
    check_plain(stated_en);
    CHECK(stated_de.find("Der Abschlussbericht ist auf dem Stick") == 0);
    CHECK(stated_de.find("1 Beitrag, noch nicht übertragen") != std::string::npos);
    CHECK(stated_en.find("1 entry, not sent yet") != std::string::npos);
    CHECK(fs::exists(stick_dir.path() / "ruhr-kiosk" / "statements"));
}

TEST_CASE("a closing report and an export of a kiosk without entries say so in plain words, not as 0 entries") {
    TempDir stick_dir("staff-empty-stick");
    fs::create_directory(stick_dir / "ruhr-kiosk");
    TempDir box_dir("staff-empty-outbox");
    TestOutbox box((box_dir / "outbox.sqlite").string());
    StaffSettings settings;
    const ManualWallClock wall;
    StaffTasks tasks(
        settings,
        [&]() -> Result<std::unique_ptr<Outbox>> {
            return Outbox::open((box_dir / "outbox.sqlite").string(), "kiosk-test", box.wall, box.ids);
        },
        wall, [] {});
    const Volume stick{stick_dir.path(), "sdb1"};

    const StaffTaskStatus stated = run_task(tasks, [&] { return tasks.write_statement(stick); });
    REQUIRE(stated.ok == std::optional<bool>(true));
    CHECK(stated.outcome == "ok");
    CHECK(stated.values.at("count") == "0");
    const std::string de = staff_task_result("de", stated), en = staff_task_result("en", stated);
    check_plain(de);
    check_plain(en);
    CHECK(de ==
          "Der Abschlussbericht ist auf dem Stick (Ordner „statements“): keine Beiträge auf diesem Gerät. Bringen Sie "
          "den Stick trotzdem zu den Organisatoren: Damit sehen sie, dass von diesem Gerät nichts fehlt.");
    CHECK(en.find("The closing report is on the stick (folder “statements”): no entries on this kiosk.") == 0);
    CHECK(de.find("0 Beiträge") == std::string::npos);
    CHECK(de.find("alle übertragen") == std::string::npos);

    const StaffTaskStatus exported = run_task(tasks, [&] { return tasks.export_outbox(stick); });
    REQUIRE(exported.ok == std::optional<bool>(true));
    const std::string export_de = staff_task_result("de", exported);
    check_plain(export_de);
    CHECK(export_de.find("Kein Beitrag musste auf den Stick kopiert werden") == 0);
    CHECK(staff_task_result("en", exported).find("No entry needed to be copied to the stick") == 0);

    // Receipts that confirm nothing new, and one record set aside: no "0 Beiträge", no "1 Beiträge".
    StaffTaskStatus receipts;
    receipts.kind = StaffTaskStatus::Kind::Receipts;
    receipts.ok = true;
    receipts.outcome = "ok";
    receipts.values = {{"delivered", "0"}, {"quarantined", "1"}, {"files", "1"}, {"failed", "0"}};
    CHECK(
        staff_task_result("de", receipts) ==
        "Kein weiterer Beitrag ist als angekommen bestätigt. 1 Beitrag hat der Server der Organisatoren aussortiert.");
    CHECK(staff_task_result("en", receipts) ==
          "No further entry is confirmed as received. 1 entry was set aside by the organisers' server.");
}

TEST_CASE("free space reads in GB with the language's decimal separator, and times as day and minute") {
    CHECK(staff_free_space("de", 82'660'000'000ull) == "83 GB frei");
    CHECK(staff_free_space("en", 82'660'000'000ull) == "83 GB free");
    CHECK(staff_free_space("de", 7'460'000'000ull) == "7,5 GB frei");
    CHECK(staff_free_space("en", 7'460'000'000ull) == "7.5 GB free");
    CHECK(staff_free_space("de", 850'000'000ull) == "850 MB frei");
    CHECK(staff_time("de", "2026-11-26T10:15:03.120Z") == "26.11.2026, 10:15 UTC");
    CHECK(staff_time("en", "2026-11-26T10:15:03.120Z") == "2026-11-26, 10:15 UTC");
}

// ---------------------------------------------------------------------------------------
// Alerts (issue 15): stored as a key and parameters, shown in the panel's language.

namespace {

// Parameters for every placeholder an alert text may have, so that each renders whole.
nlohmann::json sample_params(std::int64_t count) {
    return {{"count", count},
            {"pending", 2},
            {"delivered", 7},
            {"quarantined", 1},
            {"unknown", 0},
            {"folder", "kiosk-essen-01-20261126T091403Z"},
            {"record", "0197c4ff-ffe8-7000-8000-000000001001"},
            {"reason", "other"},
            {"kind", "idea"},
            {"status", 401}};
}

// Opens the PIN pad of `staff` and enters 123456 (the PIN of settings_with_pin("123456")),
// then waits until the panel has read its first snapshot.
void open_panel(StaffControl& staff, const StaffPanelContext& context) {
    staff.open(0.0, "test");
    for (char c : std::string("123456")) staff.apply(StaffPinKey{StaffPinKey::Kind::Digit, c}, 0.0, context);
    staff.apply(StaffPinKey{StaffPinKey::Kind::Submit, '0'}, 0.0, context);
    for (int i = 0; i < 400 && staff.mode() != StaffMode::Panel; ++i) {
        (void)staff.frame(false, {0, 0}, {1920, 1080}, 1.0f, false, 0.0);
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    REQUIRE(staff.mode() == StaffMode::Panel);
    for (int i = 0; i < 400 && staff.busy(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
}

}  // namespace

TEST_CASE("every alert key has a plain German and English text, with its forms for one and none") {
    // An export and a closing statement can be of no entries; the other counts are never 0.
    for (const char* key : {"alert_exported", "alert_statement_written"})
        CHECK(has_staff_text(std::string(key) + "_none"));
    for (const char* key : k_alert_keys) {
        CAPTURE(key);
        REQUIRE(has_staff_text(key));
        for (const std::int64_t count : {0, 1, 12}) {
            if (count == 0 && !has_staff_text(std::string(key) + "_none")) continue;
            Alert a;
            a.key = key;
            a.params = sample_params(count);
            a.message = "the English line";
            const AlertTexts t = alert_texts(a);
            // "1 Beitrag", never "1 Beiträge"; "keine Beiträge" or no number, never "0 Beiträge".
            CHECK(t.de.find("1 Beiträge") == std::string::npos);
            CHECK(t.en.find("1 entries") == std::string::npos);
            CHECK(t.de.find("0 Beiträge") == std::string::npos);
            CHECK(t.en.find("0 entries") == std::string::npos);
        }
    }
    // Each parameter given as a key has a text for every value the kiosk stores, and "_other".
    const auto reason_text = [](const AlertMessage& m) {
        Alert a{"2026-11-26T10:15:03.120Z", alert_level_name(m.level), m.text, m.key, m.params};
        return alert_texts(a);
    };
    for (const auto status : {ReceiptStatus::Conflict, ReceiptStatus::Rejected}) {
        CHECK(set_aside_reason(status) != "other");
        CHECK(has_staff_text("alert_set_aside_reason_" + set_aside_reason(status)));
    }
    for (const int status : {400, 413})
        CHECK(has_staff_text("alert_set_aside_reason_" + set_aside_reason_of_http(status)));
    CHECK(reason_text(alert_set_aside("r-1", "conflict", "x")).de.find("derselben Kennung") != std::string::npos);
    CHECK(reason_text(alert_set_aside("r-1", "too-large", "x")).en.find("too large") != std::string::npos);
    CHECK(reason_text(alert_set_aside("r-1", "no-such-reason", "x")).de.find("hat ihn abgelehnt") != std::string::npos);
    CHECK(reason_text(alert_sync_refused(401, "x")).de.find("Zugangsschlüssel dieses Geräts nicht") !=
          std::string::npos);
    CHECK(reason_text(alert_sync_refused(403, "x")).en.find("belongs to another kiosk") != std::string::npos);
    for (const auto kind : k_every_kind) {
        CAPTURE(error_kind_name(kind));
        for (const auto what : {SubmissionKind::Rating, SubmissionKind::Priorities, SubmissionKind::Idea})
            (void)reason_text(alert_store_failed(what, Error{kind, "disk I/O error at /var/lib/ruhr-kiosk"}));
    }
    CHECK(
        reason_text(alert_store_failed(SubmissionKind::Idea, Error{ErrorKind::StorageFull, "disk is full"}))
            .de.find("Eine Idee konnte nicht gespeichert werden. Auf diesem Gerät ist kein Speicherplatz mehr frei.") ==
        0);
    CHECK(reason_text(alert_store_failed(SubmissionKind::Rating, Error{ErrorKind::Locked, "database is locked"}))
              .en.find("A rating could not be stored. The entries on this kiosk were in use by another program.") == 0);
}

TEST_CASE("an alert whose key this app has no text for shows its English line, its paths cut to their last name") {
    Alert a;
    a.key = "alert_from_a_later_version";
    a.message = "wrote something to /media/usb0/ruhr-kiosk/export/kiosk-1-20261126T091403Z.";
    CHECK(staff_alert_text("de", a) == "wrote something to kiosk-1-20261126T091403Z.");
    a.key = "pin_title";  // a staff text, but not an alert's
    CHECK(staff_alert_text("de", a) == "wrote something to kiosk-1-20261126T091403Z.");
}

TEST_CASE("the staff panel shows each alert in its own language, and an old free-text alert as it was") {
    TempDir dir("staff-alerts");
    const fs::path db = dir / "outbox.sqlite";
    TestOutbox box(db.string());
    {
        // An alert of an app from before alerts had keys, as the migration keeps it.
        box.box.reset();
        RawConnection raw(db);
        REQUIRE_FALSE(
            raw.exec("INSERT INTO alerts (created_at, level, message) VALUES ('2026-11-26T09:30:00.000Z', "
                     "'info', 'exported 3 records to /media/usb0/ruhr-kiosk/export/kiosk-test-20261126T093000Z "
                     "(SHA-256 5d41402abc4b...)')")
                .has_value());
    }
    auto reopened = Outbox::open(db.string(), "kiosk-test", box.wall, box.ids);
    REQUIRE(reopened);
    box.box = std::move(*reopened);
    box.box->add_alert(alert_exported(2, "/media/usb0/ruhr-kiosk/export/kiosk-test-20261126T101503Z", "abcdef"));
    box.box->add_alert(alert_set_aside("0197c4ff-ffe8-7000-8000-000000001001", "rejected",
                                       "collector: rejected: payload_sha256 does not match payload"));

    StaffSettings settings = settings_with_pin("123456");
    settings.data_dir = dir.path();
    QuietPlatform platform;
    StaffControl staff(
        settings, &platform,
        [&]() -> Result<std::unique_ptr<Outbox>> { return Outbox::open(db.string(), "kiosk-test", box.wall, box.ids); },
        box.wall, [] {}, [](nlohmann::json) {});
    ContentPack pack = load_default_pack();
    REQUIRE(pack.default_language == "de");
    open_panel(staff, {pack, "kiosk-test", nullptr, 1920});

    const StaffPanelView de = staff.panel_view({pack, "kiosk-test", nullptr, 1920});
    REQUIRE(de.alerts.size() == 3);
    CHECK(de.alerts[0] ==
          "24.11.2025, 16:00 UTC Warnung: Ein Beitrag wurde aussortiert und wird nicht mehr übertragen. Der Server der "
          "Organisatoren hat ihn als fehlerhaft abgelehnt. Er bleibt auf diesem Gerät. Bitte die technische Betreuung "
          "informieren (Kennung des Beitrags: 0197c4ff-ffe8-7000-8000-000000001001).");
    CHECK(de.alerts[1] ==
          "24.11.2025, 16:00 UTC Hinweis: 2 Beiträge wurden auf den Stick kopiert (Ordner "
          "„kiosk-test-20261126T101503Z“ in „export“). Bringen Sie den Stick zu den Organisatoren.");
    // The old one as the panel always showed it: its words, the stick's folders cut away.
    CHECK(de.alerts[2] ==
          "26.11.2026, 09:30 UTC Hinweis: exported 3 records to kiosk-test-20261126T093000Z (SHA-256 5d41402abc4b...)");

    pack.default_language = "en";
    const StaffPanelView en = staff.panel_view({pack, "kiosk-test", nullptr, 1920});
    REQUIRE(en.alerts.size() == 3);
    CHECK(en.alerts[0].find("2025-11-24, 16:00 UTC Warning: An entry was set aside and will not be sent again. The "
                            "organisers' server turned it down as faulty.") == 0);
    CHECK(en.alerts[1] ==
          "2025-11-24, 16:00 UTC Note: 2 entries were copied to the stick (folder “kiosk-test-20261126T101503Z” in "
          "“export”). Take the stick to the organisers.");
    CHECK(en.alerts[2] ==
          "2026-11-26, 09:30 UTC Note: exported 3 records to kiosk-test-20261126T093000Z (SHA-256 5d41402abc4b...)");
}

TEST_CASE("content that does not load after a rollback keeps the content shown and alerts staff in plain words") {
    const auto fonts = fonts_or_skip();
    if (!fonts) return;
    TempDir data("staff-broken-previous");
    // The previous content is a folder whose manifest does not load.
    fs::create_directories(data / "packs" / "20261126T091403Z-120");
    write_file(data / "packs" / "20261126T091403Z-120" / "manifest.json", "{}");
    fs::create_directory_symlink("20261126T091403Z-120", data / "packs" / "previous");
    REQUIRE(previous_pack_dir(data.path()).has_value());
    const fs::path db = data / "outbox.db";
    TestOutbox box(db.string());

    AppDriver d(load_default_pack(), *fonts, ImVec2(1920, 1080));
    d.app().set_participation(box.box.get(), box.ids, box.wall, std::nullopt);
    StaffSettings settings = settings_with_pin("123456");
    settings.data_dir = data.path();
    settings.builtin_pack_dir = default_pack_dir();
    QuietPlatform platform;
    d.app().set_staff(settings, &platform, [&]() -> Result<std::unique_ptr<Outbox>> {
        return Outbox::open(db.string(), "kiosk-test", box.wall, box.ids);
    });
    d.settle();
    // The hidden gesture, the PIN, then "Vorherige Inhalte zeigen" once the panel knows it can.
    d.drag(ImVec2(1915, 1075), ImVec2(1915, 1075), 200);
    for (char c : std::string("123456")) d.tap("staff/pin/" + std::string(1, c));
    d.tap("staff/pin/ok");
    for (int i = 0; i < 400; ++i) {
        const WidgetInfo* w = d.find("staff/rollback");
        if (w && w->enabled) break;
        d.frame();
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    const WidgetInfo* rollback = d.find("staff/rollback");
    REQUIRE(rollback != nullptr);
    REQUIRE(rollback->enabled);
    d.tap("staff/rollback");
    for (int i = 0; i < 400 && box.box->recent_alerts(1).value().empty(); ++i) {
        d.frame();
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    const auto alerts = box.box->recent_alerts(5).value();
    REQUIRE(alerts.size() == 1);
    CHECK(alerts[0].level == "error");
    CHECK(alerts[0].key == "alert_content_not_loaded");
    CHECK(alerts[0].message.find("The new content could not be loaded: ") == 0);  // the loader's words, for the log
    const AlertTexts t = alert_texts(alerts[0]);
    CHECK(t.de ==
          "Die gewählten Inhalte konnten nicht geladen werden. Es werden weiter die bisherigen Inhalte gezeigt. Bitte "
          "die technische Betreuung informieren.");
    CHECK(t.en.find("The chosen content could not be loaded.") == 0);
    CHECK(d.app().pack().version == load_default_pack().version);  // the content shown stays
}
