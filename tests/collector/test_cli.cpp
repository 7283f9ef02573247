// The command line: tokens printed once, the kiosk list, the export with and without the
// organizer's key, and `serve` as a real process (port 0, one "listening on" line, SIGTERM).

#include "backends.h"
#include "test_files.h"

#include "cli_run.h"
#include "collector/commands.h"
#include "collector/export.h"

#include "base/crypto.h"

#include <doctest/doctest.h>
#include <httplib.h>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace ruhr;
using namespace ruhr::collector;
using namespace ruhr::collector::test;
using nlohmann::json;

namespace {

using ruhr::test::read_file;

std::string trimmed(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
    return s;
}

}  // namespace

TEST_CASE_TEMPLATE("add-kiosk and add-admin print a new token once and store only its hash", TestType, SqliteBackend,
                   PostgresBackend) {
    OPEN_TEST_DB(db);
    const CliRun k = run_cli({"add-kiosk", "--db", db->url(), "--id", "kiosk-essen-01"});
    REQUIRE_MESSAGE(k.code == 0, k.err);
    const std::string token = trimmed(k.out);
    CHECK(token.size() == 4 + 64);
    CHECK(token.rfind("rck_", 0) == 0);
    CHECK(k.out == token + "\n");  // nothing else on stdout
    auto owner = store.find_token(sha256_hex(token));
    REQUIRE(owner.ok());
    REQUIRE(owner.value().has_value());
    CHECK(owner.value()->kiosk_id == "kiosk-essen-01");
    CHECK_FALSE(store.find_token(token).value().has_value());  // the token itself is not a key

    const CliRun a = run_cli({"add-admin", "--db", db->url()});
    REQUIRE(a.code == 0);
    const std::string admin = trimmed(a.out);
    CHECK(admin.rfind("rca_", 0) == 0);
    CHECK(store.find_token(sha256_hex(admin)).value()->role == Role::Admin);
    CHECK(trimmed(run_cli({"add-admin", "--db", db->url()}).out) != admin);

    const CliRun revoke = run_cli({"revoke", "--db", db->url(), "--id", "kiosk-essen-01"});
    CHECK(revoke.code == 0);
    CHECK(revoke.out == "revoked 1 token\n");
    CHECK_FALSE(store.find_token(sha256_hex(token)).value().has_value());
}

TEST_CASE("command line mistakes exit with 2 and say what is wrong") {
    CHECK(run_cli({}).code == 2);
    CHECK(run_cli({"frobnicate"}).code == 2);
    CHECK(run_cli({"add-kiosk", "--id", "k1"}).err.find("--db URL is required") != std::string::npos);
    const std::string url = "sqlite:" + unique_path("cli") + ".db";
    CHECK(run_cli({"add-kiosk", "--db", url}).code == 2);
    CHECK(run_cli({"add-kiosk", "--db", url, "--id", "bad id"}).code == 2);
    CHECK(run_cli({"add-kiosk", "--db", url, "--id"}).code == 2);
    CHECK(run_cli({"export", "--db", url, "--format", "xlsx"}).code == 2);
    CHECK(run_cli({"revoke", "--db", url}).code == 2);
    CHECK(run_cli({"serve", "--db", url, "--listen", "nohost"}).code == 2);
    CHECK(run_cli({"serve", "--db", url, "--listen", "127.0.0.1:0", "--threads", "0"}).code == 2);
    CHECK(run_cli({"serve", "--db", url, "--listen", "127.0.0.1:0", "--tls-cert", "x.pem"}).code == 2);
    CHECK(run_cli({"kiosks", "--db", "mysql://x"}).code == 1);
    CHECK(run_cli({"--help"}).code == 0);
    CHECK(run_cli({"--version"}).out.rfind("ruhr-collector ", 0) == 0);
    for (const char* suffix : {"", "-wal", "-shm"}) std::remove((url.substr(7) + suffix).c_str());
}

TEST_CASE_TEMPLATE("kiosks lists every kiosk with its latest heartbeat", TestType, SqliteBackend, PostgresBackend) {
    OPEN_TEST_DB(db);
    REQUIRE(run_cli({"add-kiosk", "--db", db->url(), "--id", "kiosk-essen-01"}).code == 0);
    REQUIRE(run_cli({"add-kiosk", "--db", db->url(), "--id", "kiosk-quiet"}).code == 0);
    REQUIRE(store
                .ingest("kiosk-essen-01", R"({"last_error":"timeout after 20 s\u001b[31m","queue_depth":12})",
                        {rating("kiosk-essen-01", 1, 1, test_uuid(100), "vision", 4)}, "2026-11-26T09:14:03.410Z")
                .ok());
    const CliRun r = run_cli({"kiosks", "--db", db->url()});
    REQUIRE(r.code == 0);
    std::istringstream lines(r.out);
    std::string header, essen, quiet;
    std::getline(lines, header);
    std::getline(lines, essen);
    std::getline(lines, quiet);
    CHECK(header.rfind("KIOSK", 0) == 0);
    CHECK(essen.rfind("kiosk-essen-01", 0) == 0);
    CHECK(essen.find("2026-11-26T09:14:03.410Z") != std::string::npos);
    CHECK(essen.find(" 12 ") != std::string::npos);
    CHECK(essen.find("timeout after 20 s?[31m") != std::string::npos);  // no escape sequence reaches the terminal
    CHECK(quiet.find("never") != std::string::npos);

    const CliRun j = run_cli({"kiosks", "--db", db->url(), "--json"});
    REQUIRE(j.code == 0);
    const json first = json::parse(j.out.substr(0, j.out.find('\n')));
    CHECK(first["kiosk_id"] == "kiosk-essen-01");
    CHECK(first["submissions"] == 1);
    CHECK(first["heartbeat"]["queue_depth"] == 12);
}

TEST_CASE_TEMPLATE("the command line export decrypts contact data with the organizer's key file", TestType,
                   SqliteBackend, PostgresBackend) {
    OPEN_TEST_DB(db);
    REQUIRE(crypto_init());
    const auto [pk, sk] = make_keypair();
    const std::string sealed = seal_to(R"({"email":"b@c.de","name":"Ben Özdemir","postcode":"44787"})", pk);
    const Record idea = make_record(
        "kiosk-essen-01", test_uuid(1), 1, "idea",
        json{{"contact", {{"consent", true}, {"sealed", sealed}}}, {"forum", "umwelt"}, {"text", "Radwege"}}.dump());
    REQUIRE(store.ingest("kiosk-essen-01", "{}", {idea}, "2026-11-26T09:14:03.410Z").ok());

    // The key file as ruhr-kiosk --make-organizer-keys prints it.
    const std::string key_file = unique_path("organizer") + ".keys";
    std::ofstream(key_file) << "# comment\npublic_key = \"" << to_base64(pk.data(), pk.size()) << "\"\nsecret_key = \""
                            << to_base64(sk.data(), sk.size()) << "\"\n";
    const std::string out = unique_path("export") + ".csv";
    const CliRun r =
        run_cli({"export", "--db", db->url(), "--format", "csv", "--out", out, "--organizer-secret-key", key_file});
    REQUIRE_MESSAGE(r.code == 0, r.err);
    CHECK(r.out.empty());
    CHECK(r.err.find("1 of 1 contact details decrypted") != std::string::npos);
    const std::string csv = read_file(out);
    CHECK(csv.rfind("\xEF\xBB\xBF", 0) == 0);
    CHECK(csv.find(";contact_name;contact_email;contact_postcode\r\n") != std::string::npos);
    // The sealed box as a CSV cell: one starting with '+' gets the formula guard's quote (1 in 64).
    const std::string sealed_cell = csv_field(sealed);
    CHECK(std::string_view(csv).ends_with(";Radwege;" + sealed_cell + ";;;;;Ben Özdemir;b@c.de;44787\r\n"));

    // Without the key: sealed only, to stdout.
    const CliRun plain = run_cli({"export", "--db", db->url(), "--format", "jsonl"});
    REQUIRE(plain.code == 0);
    CHECK(plain.out.find("b@c.de") == std::string::npos);
    CHECK(json::parse(plain.out)["id"] == idea.id);

    // Another key: the file is written, the contact columns stay empty, and the exit code says so.
    const auto [pk2, sk2] = make_keypair();
    (void)pk2;
    const std::string wrong_key = unique_path("wrong") + ".key";
    std::ofstream(wrong_key) << to_base64(sk2.data(), sk2.size()) << "\n";
    const CliRun wrong = run_cli({"export", "--db", db->url(), "--format", "csv", "--organizer-secret-key", wrong_key});
    CHECK(wrong.code == 3);
    CHECK(wrong.err.find(idea.id) != std::string::npos);
    CHECK(wrong.out.find("b@c.de") == std::string::npos);
    CHECK(std::string_view(wrong.out).ends_with(sealed_cell + ";;;;;;;\r\n"));

    const CliRun missing =
        run_cli({"export", "--db", db->url(), "--format", "csv", "--organizer-secret-key", "/nonexistent"});
    CHECK(missing.code == 1);
    for (const auto& f : {key_file, out, wrong_key}) std::remove(f.c_str());
}

TEST_CASE("serve on port 0 prints one listening line and stops cleanly on SIGTERM") {
    const std::string db_path = unique_path("serve") + ".db";
    const std::string url = "sqlite:" + db_path;
    const std::string err_path = unique_path("serve") + ".log";
    const CliRun token = run_cli({"add-kiosk", "--db", url, "--id", "kiosk-essen-01"});
    REQUIRE(token.code == 0);

    int out_pipe[2];
    REQUIRE(pipe(out_pipe) == 0);
    const pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        dup2(out_pipe[1], 1);
        close(out_pipe[0]);
        close(out_pipe[1]);
        if (!freopen(err_path.c_str(), "w", stderr)) _exit(126);
        execl(RUHR_COLLECTOR_EXE, RUHR_COLLECTOR_EXE, "serve", "--db", url.c_str(), "--listen", "127.0.0.1:0",
              "--threads", "2", static_cast<char*>(nullptr));
        _exit(127);
    }
    close(out_pipe[1]);
    std::string line;
    char c = 0;
    while (read(out_pipe[0], &c, 1) == 1 && c != '\n') line += c;
    REQUIRE_MESSAGE(line.rfind("listening on 127.0.0.1:", 0) == 0, "first line: " << line);
    const int port = std::stoi(line.substr(line.rfind(':') + 1));
    CHECK(port > 0);

    httplib::Client client("127.0.0.1", port);
    client.set_bearer_token_auth(trimmed(token.out));
    auto health = client.Get("/v1/health");
    REQUIRE(health);
    CHECK(health->status == 200);
    auto results = client.Get("/v1/results");
    REQUIRE(results);
    CHECK(results->status == 200);

    REQUIRE(kill(pid, SIGTERM) == 0);
    int status = 0;
    REQUIRE(waitpid(pid, &status, 0) == pid);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
    // Nothing more on stdout after the one line.
    std::string rest;
    while (read(out_pipe[0], &c, 1) == 1) rest += c;
    close(out_pipe[0]);
    CHECK(rest.empty());
    // The request log went to stderr.
    const std::string log = read_file(err_path);
    CHECK(log.find("GET /v1/health 200") != std::string::npos);
    CHECK(log.find("ruhr-collector: stopped") != std::string::npos);
    for (const auto& f : {db_path, db_path + "-wal", db_path + "-shm", err_path}) std::remove(f.c_str());
}

// Issue 14, finding 8: a PostgreSQL password is never on a command line, and a decrypted
// export is readable by its owner only.
TEST_CASE("a database password is refused on the command line and read from a file or the environment instead") {
    for (const char* url : {"postgresql://ruhr:geheim@127.0.0.1/ruhr", "postgres:host=127.0.0.1 password=geheim"}) {
        const CliRun r = run_cli({"add-admin", "--db", url});
        CHECK(r.code == 2);
        CHECK(r.err.find("process list") != std::string::npos);
        CHECK(r.err.find("geheim") == std::string::npos);
    }
    const std::string db = unique_path("cli-secret") + ".db";
    const std::string url_file = unique_path("db-url");
    std::ofstream(url_file) << "sqlite:" << db << "\n";
    const CliRun from_file = run_cli({"add-admin", "--db-file", url_file});
    CHECK_MESSAGE(from_file.code == 0, from_file.err);
    CHECK(run_cli({"add-admin", "--db-file", url_file + "-missing"}).code == 1);
    REQUIRE(::setenv("RUHR_COLLECTOR_DB", ("sqlite:" + db).c_str(), 1) == 0);
    const CliRun from_env = run_cli({"add-admin"});
    ::unsetenv("RUHR_COLLECTOR_DB");
    CHECK_MESSAGE(from_env.code == 0, from_env.err);
    // Both tokens went to the same database.
    const CliRun revoke = run_cli({"revoke", "--db", "sqlite:" + db, "--admin"});
    CHECK(revoke.out == "revoked 2 tokens\n");

    // An export file is written 0600 whatever the umask, since with the key it holds contacts.
    const std::string out = unique_path("export-mode") + ".csv";
    const mode_t old_umask = ::umask(0);
    const CliRun exported = run_cli({"export", "--db", "sqlite:" + db, "--format", "csv", "--out", out});
    ::umask(old_umask);
    CHECK_MESSAGE(exported.code == 0, exported.err);
    CHECK(std::filesystem::status(out).permissions() ==
          (std::filesystem::perms::owner_read | std::filesystem::perms::owner_write));
    for (const auto& f : {url_file, out, db}) std::remove(f.c_str());
}
