#include "test_support.h"

#include "base/crypto.h"
#include "kiosk/staff.h"

#include <doctest/doctest.h>
#include <sqlite3.h>
#include <stb_image_write.h>

#include <sys/resource.h>

#include <csignal>

namespace ruhr::test {

TempPack::TempPack() : m_dir("pack") { fs::copy(default_pack_dir(), root(), fs::copy_options::recursive); }

std::string TempPack::read_text(std::string_view rel) const { return read_existing_file(file(rel)); }

void TempPack::write_text(std::string_view rel, std::string_view bytes) const { write_file(file(rel), bytes); }

nlohmann::json TempPack::read_json(std::string_view rel) const { return nlohmann::json::parse(read_text(rel)); }

void TempPack::write_json(std::string_view rel, const nlohmann::json& j) const { write_text(rel, j.dump(2)); }

bool write_png(const fs::path& path, int width, int height) {
    std::vector<unsigned char> px(static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * 3);
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x) {
            unsigned char* p =
                &px[(static_cast<std::size_t>(y) * static_cast<std::size_t>(width) + static_cast<std::size_t>(x)) * 3];
            p[0] = static_cast<unsigned char>(x & 0xFF);
            p[1] = static_cast<unsigned char>(y & 0xFF);
            p[2] = 128;
        }
    return stbi_write_png(path.c_str(), width, height, 3, px.data(), width * 3) != 0;
}

std::string describe(const std::vector<PackProblem>& problems) {
    if (problems.empty()) return "(no problems)";
    std::string out;
    for (const PackProblem& p : problems) out += "\n  [" + p.file + "] [" + p.field + "] " + p.message;
    return out;
}

bool has_problem(const std::vector<PackProblem>& problems, std::string_view file, std::string_view field,
                 std::string_view needle) {
    for (const PackProblem& p : problems)
        if (p.file == file && p.field == field && p.message.find(needle) != std::string::npos) return true;
    return false;
}

ContentPack load_default_pack() {
    PackLoad load = load_content_pack(default_pack_dir());
    REQUIRE_MESSAGE(load.pack.has_value(), "content/default does not load:" << describe(load.problems));
    return std::move(*load.pack);
}

RawConnection::RawConnection(const fs::path& path) {
    const int rc = sqlite3_open_v2(path.c_str(), &m_db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    REQUIRE_MESSAGE(rc == SQLITE_OK, "cannot open " << path << ": " << sqlite3_errstr(rc));
    sqlite3_busy_timeout(m_db, 2000);
}

RawConnection::~RawConnection() { sqlite3_close_v2(m_db); }

std::optional<std::string> RawConnection::exec(const std::string& sql) {
    char* msg = nullptr;
    if (sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, &msg) == SQLITE_OK) return std::nullopt;
    std::string out = msg ? msg : sqlite3_errmsg(m_db);
    sqlite3_free(msg);
    return out;
}

std::optional<std::string> RawConnection::text(const std::string& sql) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(m_db, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) return std::nullopt;
    std::optional<std::string> out;
    if (sqlite3_step(st) == SQLITE_ROW) {
        const auto* p = sqlite3_column_text(st, 0);
        out = p ? std::string(reinterpret_cast<const char*>(p)) : std::string();
    }
    sqlite3_finalize(st);
    return out;
}

FileSizeLimit::FileSizeLimit(std::uintmax_t bytes) {
    rlimit lim{};
    REQUIRE(getrlimit(RLIMIT_FSIZE, &lim) == 0);
    m_old_soft = lim.rlim_cur;
    // Without this the kernel kills the process with SIGXFSZ instead of failing the write.
    m_old_handler = std::signal(SIGXFSZ, SIG_IGN);
    lim.rlim_cur = static_cast<rlim_t>(bytes);
    REQUIRE(setrlimit(RLIMIT_FSIZE, &lim) == 0);
}

FileSizeLimit::~FileSizeLimit() {
    rlimit lim{};
    getrlimit(RLIMIT_FSIZE, &lim);
    lim.rlim_cur = static_cast<rlim_t>(m_old_soft);
    setrlimit(RLIMIT_FSIZE, &lim);
    std::signal(SIGXFSZ, m_old_handler);
}

TestOutbox::TestOutbox(const std::string& path, const std::string& kiosk_id, std::int64_t start_ms) : wall(start_ms) {
    REQUIRE(crypto_init());
    auto opened = Outbox::open(path, kiosk_id, wall, ids, &report);
    REQUIRE_MESSAGE(opened.ok(), (opened.ok() ? std::string() : opened.error().message));
    box = std::move(*opened);
}

Submission TestOutbox::add_record(SubmissionKind kind, const nlohmann::json& payload, const SubmissionContext& ctx) {
    auto s = box->add(kind, payload, ctx);
    REQUIRE_MESSAGE(s.ok(), (s.ok() ? std::string() : s.error().message));
    return *s;
}

std::uintmax_t wal_room_for(const fs::path& db, int frames) {
    const fs::path wal = db.string() + "-wal";
    std::error_code ec;
    const std::uintmax_t wal_size = fs::file_size(wal, ec);
    REQUIRE_MESSAGE(!ec, "the outbox has no write-ahead log at " << wal);
    RawConnection raw(db);
    const auto page_text = raw.text("PRAGMA page_size");
    REQUIRE(page_text.has_value());
    const std::uintmax_t page = std::stoull(*page_text);
    // Every WAL frame is a 24-byte header and one page.
    return wal_size + static_cast<std::uintmax_t>(frames) * (page + 24);
}

const std::pair<SigningPublicKey, SigningSecretKey>& test_collector_keys() {
    static const auto keys = make_signing_keypair();
    return keys;
}

std::string receipts_header(const std::string& kiosk, std::size_t records, const std::string& export_sha) {
    return nlohmann::json{{"format", usb_receipts_format},
                          {"format_version", usb_format_version},
                          {"kiosk_id", kiosk},
                          {"export_sha256", export_sha},
                          {"records", records}}
               .dump() +
           "\n";
}

void write_signed_receipts(const fs::path& file, const std::string& text, const SigningSecretKey& signer) {
    write_file(file, text);
    write_file(file.string() + usb_signature_suffix, sign_detached(text, signer) + "\n");
}

void check_plain(const std::string& text) {
    CAPTURE(text);
    CHECK_FALSE(text.empty());
    CHECK(text != "?");
    CHECK(text.find('/') == std::string::npos);
    CHECK(text.find('{') == std::string::npos);
    for (const char* jargon : {"outbox", "collector", "Ausgang", "Sammeldienst", "MiB", "manifest", "signature",
                               "does not exist", "receipts.jsonl", "errno", "SHA-256", "HTTP", "seq", "token"})
        CHECK(text.find(jargon) == std::string::npos);
}

AlertTexts alert_texts(const Alert& alert) {
    CAPTURE(alert.key);
    CAPTURE(alert.message);
    // Rendered from its key, not shown as the English line the outbox keeps for logs.
    CHECK(alert.key.rfind("alert_", 0) == 0);
    CHECK(has_staff_text(alert.key));
    AlertTexts t{staff_alert_text("de", alert), staff_alert_text("en", alert)};
    check_plain(t.de);
    check_plain(t.en);
    CHECK(t.de != t.en);
    CHECK(t.de != alert.message);
    CHECK(t.en != alert.message);
    return t;
}

}  // namespace ruhr::test
