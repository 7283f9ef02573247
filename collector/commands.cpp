#include "collector/commands.h"

#include "collector/completeness.h"
#include "collector/export.h"
#include "collector/protocol.h"
#include "collector/server.h"
#include "collector/signing.h"
#include "collector/statement_check.h"
#include "collector/store.h"
#include "collector/usb_import.h"

#include "base/clock.h"
#include "base/crypto.h"
#include "base/durable_file.h"
#include "base/folder.h"

#include <sodium.h>
#include <systemd/sd-daemon.h>

#include <pthread.h>
#include <charconv>
#include <chrono>
#include <csignal>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <sstream>
#include <thread>

namespace ruhr::collector {

namespace {

constexpr const char* usage = R"(usage: ruhr-collector <command> [options]

commands:
  serve --db URL --listen HOST:PORT [--threads N] [--tls-cert FILE --tls-key FILE]
        serve the sync protocol; port 0 picks a free port. Prints "listening on HOST:PORT".
  add-kiosk --db URL --id KIOSK     make a token for a kiosk and print it once
  kiosk-key --db URL --id KIOSK --public-key KEY [--replace]
                                    register the kiosk's signing key (its staff panel shows
                                    it); its USB exports must carry its signature. --replace
                                    only for a kiosk set up anew. Writes an audit row.
  public-key --db URL               print the collector's receipt-signing key, for the
                                    kiosks' [collector] public_key
  add-admin --db URL                make an admin token (for export) and print it once
  revoke --db URL (--id KIOSK | --admin)
                                    revoke every token of a kiosk, or every admin token
  kiosks --db URL [--json]          list kiosks with their latest heartbeat
  completeness --db URL [--json]    per kiosk: the sequence numbers held and any missing
                                    (exit 3 when a kiosk lacks records)
  check-statement --db URL --file DIR [--json]
                                    compare a kiosk's signed closing statement (a folder in
                                    ruhr-kiosk/statements/ on its stick) with the records held
                                    here: exit 0 when every record arrived exactly once and
                                    unchanged, 3 when not (the report says what). Writes an
                                    audit row.
  conflicts --db URL                list records kept aside as conflicts (JSON lines)
  export --db URL --format csv|jsonl [--out FILE] [--organizer-secret-key FILE]
                                    write every record; with the key, decrypt contact data
  import --db URL --file DIR_OR_JSONL [--receipts-out FILE]
                                    store a kiosk's USB export (exactly once, as POST /v1/sync)
                                    and write the receipts for the kiosk (default: receipts.jsonl
                                    in the export folder)
  purge-contacts --db URL (--before YYYY-MM-DD | --older-than-days N) [--id RECORD]
  purge-contacts --db URL --id RECORD
                                    delete the sealed contact data of ideas received before a
                                    day (UTC), N days ago, or of one record (a withdrawal);
                                    the ideas and all counts stay. Writes an audit row.
  audit --db URL                    list the audit rows (purges, key registrations, statement
                                    checks) as JSON lines
  --help, --version

URL: sqlite:/path/file.db, postgres:<libpq conninfo>, or postgresql://user:pw@host/db
    Instead of --db URL (which every user of the machine sees in the process list):
    --db-file FILE (the URL in a file, e.g. mode 0600), or the environment variable
    RUHR_COLLECTOR_DB. A URL with a password is refused on the command line.
)";

// Options after the verb: "--name value" pairs and bare flags.
struct Options {
    std::map<std::string, std::string> values;
    std::map<std::string, bool> flags;
    std::string problem;
};

Options parse_options(const std::vector<std::string>& args, std::size_t from,
                      std::initializer_list<const char*> with_value, std::initializer_list<const char*> flag_names) {
    Options o;
    for (std::size_t i = from; i < args.size(); ++i) {
        const std::string& a = args[i];
        bool known = false;
        for (const char* n : with_value) {
            // Every command that takes --db also takes --db-file (see open_db).
            if (a != n && !(a == "--db-file" && std::string_view(n) == "--db")) continue;
            known = true;
            if (i + 1 >= args.size()) {
                o.problem = a + " needs a value";
                return o;
            }
            o.values[a] = args[++i];
        }
        for (const char* n : flag_names) {
            if (a != n) continue;
            known = true;
            o.flags[a] = true;
        }
        if (!known) {
            o.problem = "unknown option " + a;
            return o;
        }
    }
    return o;
}

std::string utc_now() { return iso8601_utc(SystemWallClock().unix_ms()); }

// Kiosk-sent text on an operator's terminal: no escape sequences.
std::string printable(const std::string& s) {
    std::string out;
    for (const char c : s) out += (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) ? '?' : c;
    return out;
}

// Whether a store URL carries a password: "postgresql://user:pw@host", "password=" in a conninfo.
bool has_password(std::string_view url) {
    if (url.find("password") != std::string_view::npos) return true;
    const auto scheme = url.find("://");
    if (scheme == std::string_view::npos) return false;
    const auto at = url.find('@', scheme);
    const auto colon = url.find(':', scheme + 3);
    return at != std::string_view::npos && colon != std::string_view::npos && colon < at;
}

// The store's URL: --db, --db-file or RUHR_COLLECTOR_DB, in that order. A password on the
// command line is refused: /proc/<pid>/cmdline is readable by every user of the machine.
int store_url(const Options& o, std::ostream& err, std::string& url) {
    if (const auto it = o.values.find("--db"); it != o.values.end()) {
        if (has_password(it->second)) {
            err << "ruhr-collector: --db holds a password, which every user of this machine can read in the process "
                   "list; put the URL into a file for --db-file (mode 0600) or into RUHR_COLLECTOR_DB\n";
            return 2;
        }
        url = it->second;
        return 0;
    }
    if (const auto it = o.values.find("--db-file"); it != o.values.end()) {
        const std::filesystem::path file(it->second);
        auto folder = Folder::open(file.has_parent_path() ? file.parent_path() : std::filesystem::path("."));
        auto text =
            folder ? folder->read_file(file.filename().string(), 64 << 10) : Result<std::string>(folder.error());
        if (!text) {
            err << "ruhr-collector: " << text.error().message << "\n";
            return 1;
        }
        url = *text;
        while (!url.empty() && (url.back() == '\n' || url.back() == '\r' || url.back() == ' ')) url.pop_back();
        return 0;
    }
    if (const char* env = std::getenv("RUHR_COLLECTOR_DB"); env && *env) {
        url = env;
        return 0;
    }
    err << "ruhr-collector: --db URL is required (or --db-file FILE, or RUHR_COLLECTOR_DB in the environment)\n";
    return 2;
}

int open_db(const Options& o, std::ostream& err, std::unique_ptr<Store>& store, const StoreOptions& so = {}) {
    std::string url;
    if (const int code = store_url(o, err, url); code != 0) return code;
    auto opened = open_store(url, so);
    if (!opened) {
        err << "ruhr-collector: " << opened.error().message << "\n";
        return 1;
    }
    store = std::move(opened.value());
    return 0;
}

int add_token(Store& store, const TokenOwner& owner, std::ostream& out, std::ostream& err) {
    const std::string token = make_token(owner.role == Role::Kiosk ? "rck_" : "rca_");
    if (auto r = store.add_token(sha256_hex(token), owner, utc_now()); !r) {
        err << "ruhr-collector: " << r.error().message << "\n";
        return 1;
    }
    out << token << "\n" << std::flush;
    err << "ruhr-collector: " << (owner.role == Role::Kiosk ? "token for kiosk " + owner.kiosk_id : "admin token")
        << " stored; it is shown only this once\n";
    return 0;
}

int list_kiosks(Store& store, bool as_json, std::ostream& out, std::ostream& err) {
    auto kiosks = store.kiosks();
    if (!kiosks) {
        err << "ruhr-collector: " << kiosks.error().message << "\n";
        return 1;
    }
    if (as_json) {
        for (const auto& k : kiosks.value()) {
            nlohmann::json j{{"kiosk_id", k.kiosk_id},
                             {"active_tokens", k.active_tokens},
                             {"submissions", k.submissions},
                             {"last_seen", nullptr},
                             {"heartbeat", nullptr}};
            if (k.last_seen) j["last_seen"] = *k.last_seen;
            if (k.last_heartbeat) j["heartbeat"] = nlohmann::json::parse(*k.last_heartbeat, nullptr, false);
            out << dump_json(j) << "\n";
        }
        return 0;
    }
    out << std::left << std::setw(24) << "KIOSK" << std::setw(26) << "LAST SEEN" << std::setw(7) << "QUEUE"
        << std::setw(9) << "RECORDS" << std::setw(7) << "TOKENS"
        << "LAST ERROR\n";
    for (const auto& k : kiosks.value()) {
        std::string queue = "-", last_error;
        if (k.last_heartbeat) {
            const auto hb = nlohmann::json::parse(*k.last_heartbeat, nullptr, false);
            if (hb.is_object()) {
                if (const auto q = hb.find("queue_depth"); q != hb.end() && q->is_number()) queue = q->dump();
                if (const auto e = hb.find("last_error"); e != hb.end() && e->is_string())
                    last_error = printable(e->get<std::string>());
            }
        }
        out << std::left << std::setw(24) << printable(k.kiosk_id) << std::setw(26) << k.last_seen.value_or("never")
            << std::setw(7) << queue << std::setw(9) << k.submissions << std::setw(7) << k.active_tokens << last_error
            << "\n";
    }
    return 0;
}

int run_export(Store& store, const Options& o, std::ostream& out, std::ostream& err) {
    const auto format_it = o.values.find("--format");
    const auto format = parse_export_format(format_it == o.values.end() ? "" : format_it->second);
    if (!format) {
        err << "ruhr-collector: --format csv or --format jsonl is required\n";
        return 2;
    }
    std::optional<OrganizerKey> key;
    if (const auto k = o.values.find("--organizer-secret-key"); k != o.values.end()) {
        std::ifstream in(k->second, std::ios::binary);
        if (!in) {
            err << "ruhr-collector: cannot read " << k->second << "\n";
            return 1;
        }
        std::stringstream text;
        text << in.rdbuf();
        auto parsed = parse_organizer_key_file(text.str());
        if (!parsed) {
            err << "ruhr-collector: " << k->second << ": " << parsed.error().message << "\n";
            return 1;
        }
        key = parsed.value();
    }
    const auto out_file = o.values.find("--out");
    std::ostringstream buffer;
    auto summary = write_export(store, *format, out_file == o.values.end() ? out : buffer, key ? &*key : nullptr);
    if (!summary) {
        err << "ruhr-collector: " << summary.error().message << "\n";
        return 1;
    }
    if (out_file != o.values.end()) {
        // Durably and only for its owner (0600, whatever the umask): with the organizer's key
        // the file holds visitors' names and addresses. A failed export leaves no half file.
        FileOptions options;
        options.mode = 0600;
        options.exact_mode = true;
        if (auto written = write_file_durably(out_file->second, buffer.str(), std::move(options)); !written) {
            err << "ruhr-collector: " << written.error().message << "\n";
            return 1;
        }
    }
    const auto& s = summary.value();
    err << "ruhr-collector: exported " << s.records << " records";
    if (key) err << ", " << s.contacts_opened << " of " << s.contacts << " contact details decrypted";
    err << "\n";
    if (key && !s.unopened.empty()) {
        err << "ruhr-collector: " << s.unopened.size()
            << " contact details did not open with this key (another key pair?); their contact columns are empty:\n";
        for (const auto& id : s.unopened) err << "  " << id << "\n";
        return 3;
    }
    return 0;
}

// Exit code 0 when no kiosk lacks a record, 3 when one does (the report says which).
int run_completeness(Store& store, bool as_json, std::ostream& out, std::ostream& err) {
    const auto failed = [&](const Error& e) {
        err << "ruhr-collector: " << e.message << "\n";
        return 1;
    };
    auto held = store.held_sequences();
    if (!held) return failed(held.error());
    auto kiosks = store.kiosks();
    if (!kiosks) return failed(kiosks.error());
    bool complete = true;
    for (const KioskCompleteness& k : completeness_report(*held, *kiosks)) {
        complete = complete && k.missing.empty();
        out << (as_json ? dump_json(to_json(k)) : printable(describe(k))) << "\n";
    }
    return complete ? 0 : 3;
}

// Exit code 0 when the statement shows every record arrived unchanged, 3 when not.
int run_check_statement(Store& store, const Options& o, bool as_json, std::ostream& out, std::ostream& err) {
    auto check = check_statement(store, o.values.at("--file"), utc_now());
    if (!check) {
        err << "ruhr-collector: " << check.error().message << "\n";
        return 1;
    }
    if (as_json) {
        out << dump_json(to_json(*check)) << "\n";
    } else {
        std::istringstream lines(describe(*check));
        for (std::string line; std::getline(lines, line);) out << printable(line) << "\n";
    }
    return check->complete() ? 0 : 3;
}

// Stores a USB export and writes its receipts; prints one summary line on stdout.
int run_import(Store& store, const Options& o, std::ostream& out, std::ostream& err) {
    const auto receipts = o.values.find("--receipts-out");
    auto done = import_usb_export(
        store, o.values.at("--file"),
        receipts == o.values.end() ? std::filesystem::path() : std::filesystem::path(receipts->second), utc_now());
    if (!done) {
        err << "ruhr-collector: " << done.error().message << "\n";
        return 1;
    }
    const UsbImportSummary& s = done.value();
    out << "imported " << s.records << " records of kiosk " << s.kiosk_id << ": " << s.stored << " stored, "
        << s.duplicate << " duplicate, " << s.conflict << " conflict, " << s.rejected << " rejected; receipts in "
        << s.receipts_file.string() << "\n";
    return 0;
}

// "2026-12-31" as the start of that day in UTC ("2026-12-31T00:00:00.000Z"), or nullopt.
std::optional<std::string> day_start_utc(const std::string& day) {
    if (day.size() != 10 || day[4] != '-' || day[7] != '-') return std::nullopt;
    const auto number = [&](std::size_t from, std::size_t len) -> std::optional<int> {
        int v = 0;
        const char* b = day.data() + from;
        const auto r = std::from_chars(b, b + len, v);
        if (r.ec != std::errc() || r.ptr != b + len) return std::nullopt;
        return v;
    };
    const auto y = number(0, 4), m = number(5, 2), d = number(8, 2);
    if (!y || !m || !d || *m < 1 || *d < 1) return std::nullopt;
    const std::chrono::year_month_day ymd{std::chrono::year{*y}, std::chrono::month{static_cast<unsigned>(*m)},
                                          std::chrono::day{static_cast<unsigned>(*d)}};
    if (!ymd.ok()) return std::nullopt;
    return day + "T00:00:00.000Z";
}

// Deletes contact data whose purpose has ended, or one visitor's; logs it on stderr (the
// collector's log) and in the store's audit table.
int run_purge_contacts(Store& store, const Options& o, std::ostream& out, std::ostream& err) {
    ContactPurge purge;
    purge.purged_at = utc_now();
    purge.requested_by = "purge-contacts";
    if (const auto b = o.values.find("--before"); b != o.values.end()) {
        purge.received_before = day_start_utc(b->second);
        purge.requested_by += " --before " + b->second;
    }
    if (const auto n = o.values.find("--older-than-days"); n != o.values.end()) {
        const std::string& v = n->second;
        std::int64_t days = 0;
        const auto r = std::from_chars(v.data(), v.data() + v.size(), days);
        if (r.ec != std::errc() || r.ptr != v.data() + v.size() || days < 1 || days > 36500) {
            err << "ruhr-collector: --older-than-days must be a whole number of days from 1 to 36500\n";
            return 2;
        }
        purge.received_before = iso8601_utc(SystemWallClock().unix_ms() - days * 24 * 60 * 60 * 1000);
        purge.requested_by += " --older-than-days " + v;
    }
    if (const auto id = o.values.find("--id"); id != o.values.end()) {
        if (!is_lower_uuid(id->second)) {
            err << "ruhr-collector: --id must be a record id (a lower-case UUID, as in the export)\n";
            return 2;
        }
        purge.id = id->second;
        purge.requested_by += " --id " + id->second;
    }
    auto done = store.purge_contacts(purge);
    if (!done) {
        err << "ruhr-collector: purge-contacts: " << done.error().message << "; nothing was changed\n";
        return 1;
    }
    const PurgeReport& r = done.value();
    std::string what =
        "deleted the contact data of " + std::to_string(r.records) + " idea" + (r.records == 1 ? "" : "s");
    if (r.first_received_at) what += " received " + *r.first_received_at + " to " + *r.last_received_at;
    what += " (selected:";
    if (purge.received_before) what += " received before " + *purge.received_before;
    if (purge.id) what += " record " + *purge.id;
    what += "), and from " + std::to_string(r.conflicts) + " conflict cop" + (r.conflicts == 1 ? "y" : "ies") +
            "; the ideas and all counts are kept; audit row written at " + purge.purged_at;
    err << "ruhr-collector: purge-contacts: " << what << "\n";
    out << what << "\n";
    return 0;
}

// Serves until SIGTERM or SIGINT. The signals are blocked in every thread and taken by one
// waiting thread, which stops the server: no work happens inside a signal handler.
int serve(Store& store, const Options& o, std::ostream& out, std::ostream& err) {
    const auto listen_it = o.values.find("--listen");
    const auto listen = listen_it == o.values.end() ? std::nullopt : parse_listen(listen_it->second);
    if (!listen) {
        err << "ruhr-collector: --listen HOST:PORT is required (port 0 picks a free port)\n";
        return 2;
    }
    ServerOptions so;
    if (const auto t = o.values.find("--threads"); t != o.values.end()) {
        const auto& v = t->second;
        const auto r = std::from_chars(v.data(), v.data() + v.size(), so.threads);
        if (r.ec != std::errc() || r.ptr != v.data() + v.size() || so.threads < 1 || so.threads > 256) {
            err << "ruhr-collector: --threads must be 1 to 256\n";
            return 2;
        }
    }
    const bool has_cert = o.values.count("--tls-cert") != 0, has_key = o.values.count("--tls-key") != 0;
    if (has_cert != has_key) {
        err << "ruhr-collector: --tls-cert and --tls-key go together\n";
        return 2;
    }
    if (has_cert) {
        so.tls_cert = o.values.at("--tls-cert");
        so.tls_key = o.values.at("--tls-key");
    }

    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGTERM);
    sigaddset(&stop_signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
    // A client that goes away mid-answer must not kill the process.
    std::signal(SIGPIPE, SIG_IGN);

    SystemWallClock clock;
    CollectorServer server(store, clock, err, so);
    auto port = server.bind(listen->first, listen->second);
    if (!port) {
        err << "ruhr-collector: " << port.error().message << "\n";
        return 1;
    }
    const std::string host = listen->first.find(':') != std::string::npos ? "[" + listen->first + "]" : listen->first;
    out << "listening on " << host << ":" << port.value() << std::endl;
    // The socket accepts connections from here on: under systemd (Type=notify) the service
    // is up now. Without NOTIFY_SOCKET this does nothing.
    sd_notify(0, "READY=1");

    std::thread waiter([&] {
        int sig = 0;
        sigwait(&stop_signals, &sig);
        server.front().stop();
    });
    const bool ok = server.front().run();
    if (!ok) {
        // The socket failed: wake the waiter with a signal it waits for.
        pthread_kill(waiter.native_handle(), SIGTERM);
    }
    waiter.join();
    err << "ruhr-collector: stopped\n";
    return ok ? 0 : 1;
}

}  // namespace

std::string make_token(const char* prefix) {
    std::uint8_t bytes[32];
    randombytes_buf(bytes, sizeof(bytes));
    char hex[sizeof(bytes) * 2 + 1];
    sodium_bin2hex(hex, sizeof(hex), bytes, sizeof(bytes));
    return std::string(prefix) + hex;
}

int run_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
        (args.empty() ? err : out) << usage;
        return args.empty() ? 2 : 0;
    }
    if (args[0] == "--version") {
        out << "ruhr-collector " << RUHR_COLLECTOR_VERSION << " (sync protocol " << protocol_version << ")\n";
        return 0;
    }
    if (!crypto_init()) {
        err << "ruhr-collector: libsodium cannot start\n";
        return 1;
    }
    const std::string& verb = args[0];
    Options o;
    if (verb == "serve")
        o = parse_options(args, 1, {"--db", "--listen", "--threads", "--tls-cert", "--tls-key"}, {});
    else if (verb == "add-kiosk")
        o = parse_options(args, 1, {"--db", "--id"}, {});
    else if (verb == "kiosk-key")
        o = parse_options(args, 1, {"--db", "--id", "--public-key"}, {"--replace"});
    else if (verb == "add-admin" || verb == "conflicts" || verb == "public-key")
        o = parse_options(args, 1, {"--db"}, {});
    else if (verb == "revoke")
        o = parse_options(args, 1, {"--db", "--id"}, {"--admin"});
    else if (verb == "kiosks" || verb == "completeness")
        o = parse_options(args, 1, {"--db"}, {"--json"});
    else if (verb == "export")
        o = parse_options(args, 1, {"--db", "--format", "--out", "--organizer-secret-key"}, {});
    else if (verb == "import")
        o = parse_options(args, 1, {"--db", "--file", "--receipts-out"}, {});
    else if (verb == "check-statement")
        o = parse_options(args, 1, {"--db", "--file"}, {"--json"});
    else if (verb == "purge-contacts")
        o = parse_options(args, 1, {"--db", "--before", "--older-than-days", "--id"}, {});
    else if (verb == "audit")
        o = parse_options(args, 1, {"--db"}, {});
    else {
        err << "ruhr-collector: unknown command " << verb << "\n" << usage;
        return 2;
    }
    if (!o.problem.empty()) {
        err << "ruhr-collector: " << o.problem << "\n";
        return 2;
    }

    // Check what can be checked before touching the database.
    if (verb == "add-kiosk" && (!o.values.count("--id") || !is_valid_kiosk_id(o.values.at("--id")))) {
        err << "ruhr-collector: --id KIOSK is required: 1-64 of A-Z a-z 0-9 . _ -, starting with a letter or digit\n";
        return 2;
    }
    if (verb == "kiosk-key") {
        if (!o.values.count("--id") || !is_valid_kiosk_id(o.values.at("--id"))) {
            err << "ruhr-collector: kiosk-key needs --id KIOSK (1-64 of A-Z a-z 0-9 . _ -)\n";
            return 2;
        }
        if (!o.values.count("--public-key") || !parse_signing_public_key(o.values.at("--public-key"))) {
            err << "ruhr-collector: kiosk-key needs --public-key KEY: the kiosk's 32-byte Ed25519 key in base64, as "
                   "its staff panel and its exports' summary.json show it\n";
            return 2;
        }
    }
    if (verb == "import" && !o.values.count("--file")) {
        err << "ruhr-collector: import needs --file DIR_OR_JSONL (an export folder from a kiosk's stick)\n";
        return 2;
    }
    if (verb == "check-statement" && !o.values.count("--file")) {
        err << "ruhr-collector: check-statement needs --file DIR (a statement folder from a kiosk's stick)\n";
        return 2;
    }
    if (verb == "purge-contacts") {
        const bool before = o.values.count("--before") != 0, days = o.values.count("--older-than-days") != 0;
        if ((before && days) || (!before && !days && !o.values.count("--id"))) {
            err << "ruhr-collector: purge-contacts needs --before YYYY-MM-DD or --older-than-days N (not both), "
                   "or --id RECORD\n";
            return 2;
        }
        if (before && !day_start_utc(o.values.at("--before"))) {
            err << "ruhr-collector: --before must be a day as YYYY-MM-DD (UTC)\n";
            return 2;
        }
    }
    if (verb == "revoke" && (o.values.count("--id") != 0) == (o.flags.count("--admin") != 0)) {
        err << "ruhr-collector: revoke needs either --id KIOSK or --admin\n";
        return 2;
    }

    StoreOptions so;
    if (verb == "serve" && o.values.count("--threads")) {
        int n = 0;
        const auto& v = o.values.at("--threads");
        std::from_chars(v.data(), v.data() + v.size(), n);
        so.connections = std::max(1, n);
    }
    std::unique_ptr<Store> store;
    if (const int rc = open_db(o, err, store, so); rc != 0) return rc;

    if (verb == "serve") return serve(*store, o, out, err);
    if (verb == "add-kiosk") return add_token(*store, TokenOwner{Role::Kiosk, o.values.at("--id")}, out, err);
    if (verb == "add-admin") return add_token(*store, TokenOwner{Role::Admin, ""}, out, err);
    if (verb == "kiosk-key") {
        const std::string& id = o.values.at("--id");
        auto changed =
            store->set_kiosk_key(id, o.values.at("--public-key"), utc_now(), o.flags.count("--replace") != 0);
        if (!changed) {
            err << "ruhr-collector: " << changed.error().message << "\n";
            return 1;
        }
        out << (*changed ? "registered the signing key of kiosk " : "already registered for kiosk ") << id
            << " (fingerprint " << key_fingerprint(*parse_signing_public_key(o.values.at("--public-key"))) << ")\n";
        return 0;
    }
    if (verb == "public-key") {
        auto key = collector_signing_key(*store, utc_now());
        if (!key) {
            err << "ruhr-collector: " << key.error().message << "\n";
            return 1;
        }
        const SigningPublicKey pk = signing_public_key_of(*key);
        out << "# The collector's receipt-signing key, for each kiosk's configuration:\n[collector]\npublic_key = \""
            << to_base64(pk.data(), pk.size()) << "\"\n";
        return 0;
    }
    if (verb == "revoke") {
        const TokenOwner owner =
            o.flags.count("--admin") ? TokenOwner{Role::Admin, ""} : TokenOwner{Role::Kiosk, o.values.at("--id")};
        auto n = store->revoke_tokens(owner, utc_now());
        if (!n) {
            err << "ruhr-collector: " << n.error().message << "\n";
            return 1;
        }
        out << "revoked " << n.value() << " token" << (n.value() == 1 ? "" : "s") << "\n";
        return 0;
    }
    if (verb == "import") return run_import(*store, o, out, err);
    if (verb == "purge-contacts") return run_purge_contacts(*store, o, out, err);
    if (verb == "check-statement") return run_check_statement(*store, o, o.flags.count("--json") != 0, out, err);
    if (verb == "audit") {
        auto rows = store->audit_log();
        if (!rows) {
            err << "ruhr-collector: " << rows.error().message << "\n";
            return 1;
        }
        for (const auto& a : rows.value())
            out << dump_json({{"at", a.at},
                              {"action", a.action},
                              {"detail", nlohmann::json::parse(a.detail, nullptr, false)}})
                << "\n";
        return 0;
    }
    if (verb == "kiosks") return list_kiosks(*store, o.flags.count("--json") != 0, out, err);
    if (verb == "completeness") return run_completeness(*store, o.flags.count("--json") != 0, out, err);
    if (verb == "conflicts") {
        auto rows = store->conflicts();
        if (!rows) {
            err << "ruhr-collector: " << rows.error().message << "\n";
            return 1;
        }
        for (const auto& c : rows.value()) {
            out << dump_json({{"id", c.id},
                              {"kiosk_id", c.kiosk_id},
                              {"received_at", c.received_at},
                              {"stored_sha256", c.stored_sha256},
                              {"payload_sha256", c.payload_sha256},
                              {"record", nlohmann::json::parse(c.record_json, nullptr, false)}})
                << "\n";
        }
        return 0;
    }
    return run_export(*store, o, out, err);
}

}  // namespace ruhr::collector
