// The HTTP server end to end: an in-process server on an ephemeral port, httplib::Client.

#include "backends.h"
#include "live_server.h"

#include "collector/server.h"
#include "collector/signing.h"

#include "base/clock.h"
#include "base/crypto.h"

#include <doctest/doctest.h>
#include <httplib.h>

#include <atomic>
#include <cstdlib>
#include <iostream>
#include <sstream>
#include <thread>

using namespace ruhr;
using namespace ruhr::collector;
using namespace ruhr::collector::test;
using nlohmann::json;

namespace {

const std::string kiosk_token = "rck_test-kiosk-token";
const std::string other_token = "rck_test-other-kiosk";
const std::string admin_token = "rca_test-admin-token";

void add_tokens(Store& store) {
    REQUIRE(store.add_token(sha256_hex(kiosk_token), {Role::Kiosk, kiosk}, "t").ok());
    REQUIRE(store.add_token(sha256_hex(other_token), {Role::Kiosk, "kiosk-bochum-02"}, "t").ok());
    REQUIRE(store.add_token(sha256_hex(admin_token), {Role::Admin, ""}, "t").ok());
}

json body_with(const std::vector<Record>& records, const std::string& kiosk_id = kiosk) {
    json subs = json::array();
    for (const auto& r : records) subs.push_back(submission_json(r));
    return {{"protocol", 1},
            {"kiosk_id", kiosk_id},
            {"heartbeat", {{"app_version", "0.2.0"}, {"queue_depth", records.size()}, {"last_error", ""}}},
            {"submissions", subs}};
}

// POSTs `body` to /v1/sync; the status and parsed answer (null when not JSON).
std::pair<int, json> sync(const LiveServer& s, const std::string& body, const std::string& token = kiosk_token) {
    auto c = s.client(token);
    auto res = c.Post("/v1/sync", body, "application/json; charset=utf-8");
    REQUIRE_MESSAGE(res, "no answer: " << httplib::to_string(res.error()));
    return {res->status, json::parse(res->body, nullptr, false)};
}

std::pair<int, json> get(const LiveServer& s, const std::string& path, const std::string& token) {
    auto c = s.client(token);
    auto res = c.Get(path.c_str());
    REQUIRE_MESSAGE(res, "no answer: " << httplib::to_string(res.error()));
    return {res->status, json::parse(res->body, nullptr, false)};
}

// A store whose database is gone: every call fails.
class BrokenStore final : public Store {
public:
    Result<std::vector<IngestResult>> ingest(const std::string&, const std::string&, const std::vector<Record>&,
                                             const std::string&) override {
        return Error{"connection lost"};
    }
    Result<Done> add_token(const std::string&, const TokenOwner&, const std::string&) override { return Error{"x"}; }
    Result<std::optional<TokenOwner>> find_token(const std::string&) override {
        if (tokens_work) return std::optional<TokenOwner>{TokenOwner{Role::Kiosk, kiosk}};
        return Error{"connection lost"};
    }
    Result<std::int64_t> revoke_tokens(const TokenOwner&, const std::string&) override { return Error{"x"}; }
    Result<FleetResults> results() override { return Error{"x"}; }
    Result<Done> for_each_record(const std::function<void(const ExportRow&)>&) override { return Error{"x"}; }
    Result<std::vector<KioskStatus>> kiosks() override { return Error{"x"}; }
    Result<std::vector<std::pair<std::string, std::string>>> heartbeats(const std::string&, std::int64_t) override {
        return Error{"x"};
    }
    Result<std::vector<ConflictRow>> conflicts() override { return Error{"x"}; }
    Result<std::map<std::string, std::vector<SeqRange>>> held_sequences() override { return Error{"x"}; }
    Result<PurgeReport> purge_contacts(const ContactPurge&) override { return Error{"x"}; }
    Result<std::vector<AuditRow>> audit_log() override { return Error{"x"}; }
    Result<Done> add_audit(const AuditRow&) override { return Error{"x"}; }
    Result<Done> for_each_kiosk_record(const std::string&, const std::function<void(const Submission&)>&) override {
        return Error{"x"};
    }
    Result<std::optional<std::string>> kiosk_key(const std::string&) override { return Error{"x"}; }
    Result<bool> set_kiosk_key(const std::string&, const std::string&, const std::string&, bool) override {
        return Error{"x"};
    }
    Result<std::string> signing_key(const std::string&, const std::string&) override { return Error{"x"}; }
    bool healthy() override { return false; }
    // Set by the test while the server's worker threads read it: atomic, or it is a data race.
    std::atomic<bool> tokens_work{false};
};

}  // namespace

TEST_CASE_TEMPLATE("a kiosk uploads over HTTP and gets receipts then duplicates then results", TestType, SqliteBackend,
                   PostgresBackend) {
    OPEN_TEST_DB(db);
    add_tokens(store);
    LiveServer server(store);
    const Record a = rating(kiosk, 1, 1, test_uuid(100), "vision", 4);
    const Record b = rating(kiosk, 2, 2, test_uuid(100), "pflege", 2);
    Record bad = rating(kiosk, 3, 3, test_uuid(100), "umwelt", 5);
    bad.payload_sha256 = std::string(64, '0');

    auto [status, answer] = sync(server, body_with({a, b, bad}).dump());
    REQUIRE(status == 200);
    CHECK(answer["protocol"] == 1);
    CHECK(answer["server_time"].is_string());
    const json& r = answer["receipts"];
    REQUIRE(r.size() == 3);
    CHECK(r[0]["status"] == "stored");
    CHECK(r[1]["status"] == "stored");
    CHECK(r[2] == json{{"id", bad.id}, {"status", "rejected"}, {"reason", "payload_sha256 does not match payload"}});
    const std::string receipt_a = r[0]["receipt"];
    CHECK_FALSE(receipt_a.empty());
    CHECK(receipt_a.size() <= 200);

    // The kiosk did not read the answer and sends again, plus a changed record.
    const Record a_changed = rating(kiosk, 1, 1, test_uuid(100), "vision", 1);
    auto [status2, again] = sync(server, body_with({a, a_changed}).dump());
    REQUIRE(status2 == 200);
    CHECK(again["receipts"][0] == json{{"id", a.id}, {"status", "duplicate"}, {"receipt", receipt_a}});
    CHECK(again["receipts"][1]["status"] == "conflict");

    // A heartbeat alone.
    auto [status3, hb] = sync(server, body_with({}).dump());
    CHECK(status3 == 200);
    CHECK(hb["receipts"] == json::array());

    auto [rs, results] = get(server, "/v1/results", kiosk_token);
    REQUIRE(rs == 200);
    CHECK(results["ratings"] ==
          json{{"pflege", {{"count", 1}, {"average", 2.0}}}, {"vision", {{"count", 1}, {"average", 4.0}}}});
    CHECK(results["priorities"] == json::object());
    CHECK(results["submissions"] == 2);
    CHECK(results["kiosks"] == 1);
    CHECK(results["generated_at"].is_string());
    CHECK(get(server, "/v1/results", admin_token).first == 200);

    auto heartbeats = store.heartbeats(kiosk, 10);
    REQUIRE(heartbeats.ok());
    CHECK(heartbeats.value().size() == 3);
    CHECK(json::parse(heartbeats.value()[1].second)["app_version"] == "0.2.0");
}

// A sync as the kiosk sends it: the body signed with `signer` in X-Ruhr-Signature. Returns the
// status, the answer's exact text and its signature header.
struct SignedAnswer {
    int status = 0;
    std::string body;
    std::string signature;
};
SignedAnswer signed_sync(const LiveServer& s, const std::string& body, const std::optional<SigningSecretKey>& signer) {
    auto c = s.client(kiosk_token);
    httplib::Headers headers;
    if (signer) headers.emplace(signature_header, sign_detached(body, *signer));
    auto res = c.Post("/v1/sync", headers, body, "application/json; charset=utf-8");
    REQUIRE_MESSAGE(res, "no answer: " << httplib::to_string(res.error()));
    return {res->status, res->body, res->get_header_value(signature_header)};
}

TEST_CASE_TEMPLATE("a kiosk's first sync over its token registers its signing key, and a later one cannot change it",
                   TestType, SqliteBackend, PostgresBackend) {
    OPEN_TEST_DB(db);
    add_tokens(store);
    LiveServer server(store);
    const auto own = make_signing_keypair(), other = make_signing_keypair();
    const auto text = [](const SigningPublicKey& pk) { return to_base64(pk.data(), pk.size()); };
    CHECK_FALSE(store.kiosk_key(kiosk).value().has_value());
    json body = body_with({});
    body["kiosk_public_key"] = text(own.first);
    CHECK(signed_sync(server, body.dump(), own.second).status == 200);
    CHECK(store.kiosk_key(kiosk).value() == text(own.first));
    // Someone with the token (or a kiosk set up anew) names another key and signs with it: the
    // registered key stays, the batch is refused, and the log says so.
    body["kiosk_public_key"] = text(other.first);
    CHECK(signed_sync(server, body.dump(), other.second).status == 403);
    CHECK(store.kiosk_key(kiosk).value() == text(own.first));
    body["kiosk_public_key"] = "not a key";
    CHECK(sync(server, body.dump()).first == 400);
    server.stop();
    CHECK(server.log().find("names another signing key") != std::string::npos);
}

TEST_CASE_TEMPLATE(
    "a kiosk with a registered key has a batch stored only with its signature, and the answer is the collector's",
    TestType, SqliteBackend, PostgresBackend) {
    OPEN_TEST_DB(db);
    add_tokens(store);
    const auto own = make_signing_keypair();
    REQUIRE(store.set_kiosk_key(kiosk, to_base64(own.first.data(), own.first.size()), at, false).ok());
    LiveServer server(store);
    const std::string body = body_with({rating(kiosk, 1, 1, test_uuid(100), "vision", 4)}).dump();
    const auto stored = [&] {
        std::int64_t n = 0;
        REQUIRE(store.for_each_record([&](const ExportRow&) { ++n; }).ok());
        return n;
    };
    // The token alone (stolen from a kiosk's configuration) stores nothing ...
    for (const auto& signer : {std::optional<SigningSecretKey>(), std::optional(make_signing_keypair().second)}) {
        const SignedAnswer refused = signed_sync(server, body, signer);
        CHECK(refused.status == 403);
        CHECK(refused.body.find("signature of this kiosk's registered key") != std::string::npos);
    }
    // ... and a signed body changed on the way neither.
    {
        auto c = server.client(kiosk_token);
        const std::string changed = body_with({rating(kiosk, 1, 1, test_uuid(100), "vision", 1)}).dump();
        auto res = c.Post("/v1/sync", httplib::Headers{{signature_header, sign_detached(body, own.second)}}, changed,
                          "application/json; charset=utf-8");
        REQUIRE(res);
        CHECK(res->status == 403);
    }
    CHECK(stored() == 0);

    // The kiosk's own signature: stored, and the answer is signed by the collector's key (the
    // one `public-key` prints) and names the request it answers.
    const SignedAnswer answer = signed_sync(server, body, own.second);
    REQUIRE(answer.status == 200);
    CHECK(stored() == 1);
    const SigningPublicKey collector = signing_public_key_of(collector_signing_key(store, at).value());
    CHECK(verify_detached(answer.body, answer.signature, collector));
    CHECK(json::parse(answer.body)["request_sha256"] == sha256_hex(body));
    server.stop();
    CHECK(server.log().find("refused: not signed by its registered key") != std::string::npos);
}

TEST_CASE_TEMPLATE("requests without a valid token get 401 and tokens for the wrong kiosk or role get 403", TestType,
                   SqliteBackend, PostgresBackend) {
    OPEN_TEST_DB(db);
    add_tokens(store);
    LiveServer server(store);
    const std::string body = body_with({rating(kiosk, 1, 1, test_uuid(100), "vision", 4)}).dump();

    for (const std::string& token : {std::string(), std::string("rck_unknown"), std::string(600, 'x')}) {
        auto [status, answer] = sync(server, body, token);
        CHECK(status == 401);
        CHECK(answer["error"] == "unauthorized");
        CHECK(answer["message"].is_string());
        CHECK(get(server, "/v1/results", token).first == 401);
        CHECK(get(server, "/v1/export", token).first == 401);
    }
    {
        auto c = server.client();
        auto res =
            c.Post("/v1/sync", httplib::Headers{{"Authorization", "Basic " + kiosk_token}}, body, "application/json");
        REQUIRE(res);
        CHECK(res->status == 401);
    }
    // Another kiosk's token for this kiosk's body.
    auto [s1, a1] = sync(server, body, other_token);
    CHECK(s1 == 403);
    CHECK(a1["error"] == "forbidden");
    // An admin token cannot upload, a kiosk token cannot export.
    CHECK(sync(server, body, admin_token).first == 403);
    CHECK(get(server, "/v1/export", kiosk_token).first == 403);
    // A revoked token is unknown.
    REQUIRE(store.revoke_tokens({Role::Kiosk, kiosk}, "t").ok());
    CHECK(sync(server, body, kiosk_token).first == 401);

    // A submission naming another kiosk inside a body of this kiosk is rejected, not stored.
    auto [s2, a2] = sync(
        server, body_with({rating("kiosk-bochum-02", 5, 1, test_uuid(100), "vision", 4)}, kiosk).dump(), other_token);
    CHECK(s2 == 403);
    Record foreign = rating(kiosk, 6, 1, test_uuid(100), "vision", 4);
    auto [s3, a3] = sync(server, body_with({foreign}, "kiosk-bochum-02").dump(), other_token);
    REQUIRE(s3 == 200);
    CHECK(a3["receipts"][0]["status"] == "rejected");
    CHECK(a3["receipts"][0]["reason"] == "kiosk_id is not the token's kiosk");
}

TEST_CASE("malformed bodies get a JSON 400 and the server keeps serving") {
    auto db = SqliteBackend::make();
    add_tokens(*db->store);
    LiveServer server(*db->store);
    const std::vector<std::string> bodies = {
        "",
        "{",
        "not json at all",
        "[1,2,3]",
        "{\"protocol\":1,\"kiosk_id\":\"kiosk-essen-01\",\"heartbeat\":{},\"submissions\":\"all\"}",
        "{\"protocol\":\"1\",\"kiosk_id\":\"kiosk-essen-01\",\"heartbeat\":{},\"submissions\":[]}",
        "{\"protocol\":1,\"kiosk_id\":\"kiosk-essen-01\",\"heartbeat\":{\"x\":\"\xFF\xFE\"},\"submissions\":[]}",
        std::string("{\"protocol\":1,\0\"kiosk_id\":1}", 27),
        std::string(100000, '[') + std::string(100000, ']'),
        std::string(100000, '{'),
    };
    for (const auto& body : bodies) {
        auto [status, answer] = sync(server, body);
        CHECK(status == 400);
        CHECK(answer["error"] == "bad_request");
    }
    json too_many = body_with({});
    for (int i = 0; i < 501; ++i) too_many["submissions"].push_back(17);
    CHECK(sync(server, too_many.dump()).first == 400);

    // Wrong types inside records are per-record rejections.
    json odd = body_with({});
    odd["submissions"] = json::array(
        {nullptr, 1, "x", json::array(), json{{"id", json::object()}}, json{{"payload", std::string(1000, '\x01')}}});
    auto [status, answer] = sync(server, odd.dump());
    REQUIRE(status == 200);
    REQUIRE(answer["receipts"].size() == 6);
    for (const auto& r : answer["receipts"]) CHECK(r["status"] == "rejected");

    CHECK(get(server, "/v1/health", "").first == 200);
}

TEST_CASE("a body over 4 MiB is refused with 413 and one just under is read") {
    auto db = SqliteBackend::make();
    add_tokens(*db->store);
    LiveServer server(*db->store);
    auto [status, answer] = sync(server, std::string(4 * 1024 * 1024 + 1, ' '));
    CHECK(status == 413);
    CHECK(answer["error"] == "too_large");
    // Just under the limit: a heartbeat padded with spaces is a valid, large body.
    std::string big = body_with({}).dump();
    big.insert(1, std::string(4 * 1024 * 1024 - big.size(), ' '));
    REQUIRE(big.size() == 4 * 1024 * 1024);
    CHECK(sync(server, big).first == 200);
}

TEST_CASE_TEMPLATE("export over HTTP needs the admin token and keeps contact data sealed", TestType, SqliteBackend,
                   PostgresBackend) {
    OPEN_TEST_DB(db);
    add_tokens(store);
    REQUIRE(crypto_init());
    const auto [pk, sk] = make_keypair();
    (void)sk;
    const std::string sealed = seal_to(R"({"email":"a@b.de","name":"Anna","postcode":"45127"})", pk);
    const Record idea = make_record(
        kiosk, test_uuid(1), 1, "idea",
        json{{"contact", {{"consent", true}, {"sealed", sealed}}}, {"forum", nullptr}, {"text", "Bänke"}}.dump());
    LiveServer server(store);
    REQUIRE(sync(server, body_with({idea}).dump()).first == 200);

    auto c = server.client(admin_token);
    auto csv = c.Get("/v1/export?format=csv");
    REQUIRE(csv);
    CHECK(csv->status == 200);
    CHECK(csv->get_header_value("Content-Type") == "text/csv; charset=utf-8");
    CHECK(csv->body.rfind("\xEF\xBB\xBFid;seq;kind;", 0) == 0);
    CHECK(csv->body.find(sealed) != std::string::npos);
    CHECK(csv->body.find("a@b.de") == std::string::npos);
    CHECK(csv->body.find("contact_name") == std::string::npos);

    for (const char* path : {"/v1/export", "/v1/export?format=jsonl"}) {
        auto jl = c.Get(path);
        REQUIRE(jl);
        CHECK(jl->status == 200);
        const json line = json::parse(jl->body.substr(0, jl->body.find('\n')));
        CHECK(line["id"] == idea.id);
        CHECK(line["payload"] == idea.payload);
        CHECK(line["receipt"].is_string());
        CHECK_FALSE(line.contains("contact"));
    }
    auto bad = c.Get("/v1/export?format=xlsx");
    REQUIRE(bad);
    CHECK(bad->status == 400);
    CHECK(json::parse(bad->body)["error"] == "bad_request");
}

TEST_CASE("health needs no token and unknown paths answer 404 with a JSON body") {
    auto db = SqliteBackend::make();
    LiveServer server(*db->store);
    auto [status, answer] = get(server, "/v1/health", "");
    CHECK(status == 200);
    CHECK(answer == json{{"status", "ok"}, {"protocol", 1}});
    for (const char* path : {"/v2/sync", "/", "/v1/sync"}) {  // GET /v1/sync is not an endpoint
        auto [s, a] = get(server, path, kiosk_token);
        CHECK(s == 404);
        CHECK(a["error"] == "not_found");
    }
}

TEST_CASE("a store that fails answers 503 with Retry-After and the health check says so") {
    BrokenStore broken;
    LiveServer server(broken);
    auto c = server.client(kiosk_token);
    auto res = c.Post("/v1/sync", body_with({}).dump(), "application/json");
    REQUIRE(res);
    CHECK(res->status == 503);
    CHECK(res->get_header_value("Retry-After") == "5");
    CHECK(json::parse(res->body)["error"] == "unavailable");
    broken.tokens_work = true;
    res = c.Post("/v1/sync", body_with({rating(kiosk, 1, 1, test_uuid(100), "vision", 4)}).dump(), "application/json");
    REQUIRE(res);
    CHECK(res->status == 503);
    CHECK(get(server, "/v1/results", kiosk_token).first == 503);
    CHECK(get(server, "/v1/health", "").first == 503);
}

TEST_CASE("the request log names requests but holds no tokens and no payloads") {
    auto db = SqliteBackend::make();
    add_tokens(*db->store);
    LiveServer server(*db->store);
    const std::string secret_text = "Meine geheime Idee 4711";
    const Record idea =
        make_record(kiosk, test_uuid(1), 1, "idea", json{{"forum", nullptr}, {"text", secret_text}}.dump());
    REQUIRE(sync(server, body_with({idea}).dump()).first == 200);
    REQUIRE(sync(server, "{\"x\":\"" + secret_text + "\"", kiosk_token).first == 400);
    REQUIRE(sync(server, "{}", "rck_not-a-token-" + secret_text).first == 401);
    server.stop();
    const std::string log = server.log();
    CHECK(log.find("POST /v1/sync 200") != std::string::npos);
    CHECK(log.find("sync kiosk=kiosk-essen-01 records=1 stored=1 duplicate=0 conflict=0 rejected=0") !=
          std::string::npos);
    CHECK(log.find("POST /v1/sync 400") != std::string::npos);
    CHECK(log.find("POST /v1/sync 401") != std::string::npos);
    CHECK(log.find("4711") == std::string::npos);
    CHECK(log.find(kiosk_token) == std::string::npos);
    CHECK(log.find("rck_") == std::string::npos);
}

TEST_CASE_TEMPLATE("several kiosks uploading at once over HTTP store each record once", TestType, SqliteBackend,
                   PostgresBackend) {
    StoreOptions options;
    options.connections = 4;
    OPEN_TEST_DB(db, options);
    add_tokens(store);
    // A second collector instance on the same database, as behind a load balancer.
    auto second_store = db->open_another(options);
    ServerOptions so;
    so.threads = 4;
    LiveServer first(store, so);
    LiveServer second(*second_store, so);

    std::vector<Record> records;
    for (int i = 0; i < 60; ++i)
        records.push_back(
            rating(kiosk, static_cast<std::uint64_t>(i + 1), i + 1, test_uuid(900 + i), "vision", 1 + i % 5));
    std::vector<std::string> problems(6);
    std::vector<std::map<std::string, std::string>> seen(6);
    std::vector<std::thread> clients;
    for (int t = 0; t < 6; ++t) {
        clients.emplace_back([&, t] {
            const LiveServer& s = t % 2 ? second : first;
            auto c = s.client(kiosk_token);
            for (int k = 0; k < 4; ++k) {
                const int start = (t * 11 + k * 7) % 40;
                std::vector<Record> batch(records.begin() + start, records.begin() + start + 20);
                auto res = c.Post("/v1/sync", body_with(batch).dump(), "application/json");
                if (!res || res->status != 200) {
                    problems[t] = res ? "status " + std::to_string(res->status) + " " + res->body : "no answer";
                    return;
                }
                // The parsed answer needs a name: a range-for over a member of a temporary
                // reads freed memory (the temporary dies before the loop starts).
                const json answer = json::parse(res->body);
                for (const auto& r : answer["receipts"]) {
                    if (r["status"] != "stored" && r["status"] != "duplicate") problems[t] = "unexpected " + r.dump();
                    seen[t][r["id"]] = r["receipt"];
                }
            }
        });
    }
    for (auto& c : clients) c.join();
    for (const auto& p : problems) CHECK_MESSAGE(p.empty(), p);
    std::map<std::string, std::string> receipt_of;
    std::size_t rows = 0;
    REQUIRE(store
                .for_each_record([&](const ExportRow& x) {
                    ++rows;
                    receipt_of[x.record.id] = x.receipt;
                })
                .ok());
    CHECK(receipt_of.size() == rows);
    for (const auto& m : seen)
        for (const auto& [id, receipt] : m) CHECK(receipt_of.at(id) == receipt);
}

TEST_CASE("stopping the server right after starting it does not hang") {
    auto db = SqliteBackend::make();
    for (int i = 0; i < 5; ++i) {
        LiveServer server(*db->store);
        server.stop();
    }
    ManualWallClock clock;
    std::ostringstream log;
    CollectorServer never_run(*db->store, clock, log);
    REQUIRE(never_run.bind("127.0.0.1", 0).ok());
    never_run.front().stop();
    CHECK(log.str().empty());
}

TEST_CASE("with a certificate the collector speaks HTTPS") {
    // A throw-away self-signed certificate from the openssl command (package openssl).
    const std::string base = unique_path("tls");
    const std::string cert = base + ".crt", key = base + ".key";
    const std::string cmd = "openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=127.0.0.1 -days 1 -keyout '" + key +
                            "' -out '" + cert + "' >/dev/null 2>&1";
    if (std::system("command -v openssl >/dev/null 2>&1") != 0) {
        std::cout << "RUHR_TEST_SKIPPED: the openssl command is not installed" << std::endl;
        return;
    }
    REQUIRE(std::system(cmd.c_str()) == 0);
    auto db = SqliteBackend::make();
    ServerOptions options;
    options.tls_cert = cert;
    options.tls_key = key;
    LiveServer server(*db->store, options);
    httplib::SSLClient tls("127.0.0.1", server.port);
    tls.enable_server_certificate_verification(false);
    auto res = tls.Get("/v1/health");
    REQUIRE_MESSAGE(res, "no answer: " << httplib::to_string(res.error()));
    CHECK(res->status == 200);
    // Plain HTTP to the TLS port gets no answer.
    httplib::Client plain("127.0.0.1", server.port);
    plain.set_read_timeout(3);
    auto no = plain.Get("/v1/health");
    CHECK((!no || no->status != 200));
    server.stop();
    std::remove(cert.c_str());
    std::remove(key.c_str());

    // A certificate that cannot be read is an error at bind, not a crash.
    ServerOptions broken;
    broken.tls_cert = base + ".missing.crt";
    broken.tls_key = base + ".missing.key";
    ManualWallClock clock;
    std::ostringstream log;
    CollectorServer bad(*db->store, clock, log, broken);
    auto bound = bad.bind("127.0.0.1", 0);
    REQUIRE_FALSE(bound.ok());
    CHECK(bound.error().message.find("TLS certificate") != std::string::npos);
}
