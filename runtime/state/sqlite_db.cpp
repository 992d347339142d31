// SQLite wrapper implementation.
#include "runtime/state/sqlite_db.h"

#include <fmt/format.h>

namespace bfc::runtime {
namespace {

// "state database PATH" for messages: the user sees which file is at fault.
std::string which(sqlite3* db) {
  const char* file = db ? sqlite3_db_filename(db, "main") : nullptr;
  return file && *file ? fmt::format("state database {}", file) : std::string("state database");
}

}  // namespace

Stmt::Stmt(sqlite3* db, const char* sql) : db_(db) {
  if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr) != SQLITE_OK)
    throw DbError(fmt::format("{}: cannot prepare `{}`: {}", which(db), sql, sqlite3_errmsg(db)));
}

Stmt::~Stmt() {
  if (stmt_) sqlite3_finalize(stmt_);
}

Stmt::Stmt(Stmt&& other) noexcept : stmt_(other.stmt_), db_(other.db_) {
  other.stmt_ = nullptr;
}

Stmt& Stmt::operator=(Stmt&& other) noexcept {
  if (this != &other) {
    if (stmt_) sqlite3_finalize(stmt_);
    stmt_ = other.stmt_;
    db_ = other.db_;
    other.stmt_ = nullptr;
  }
  return *this;
}

Stmt& Stmt::bind(int i, std::int64_t v) {
  sqlite3_bind_int64(stmt_, i, v);
  return *this;
}

Stmt& Stmt::bind(int i, const std::string& v) {
  sqlite3_bind_text(stmt_, i, v.data(), int(v.size()), SQLITE_TRANSIENT);
  return *this;
}

Stmt& Stmt::bind_view(int i, std::string_view v) {
  sqlite3_bind_text(stmt_, i, v.data(), int(v.size()), SQLITE_TRANSIENT);
  return *this;
}

Stmt& Stmt::bind_null(int i) {
  sqlite3_bind_null(stmt_, i);
  return *this;
}

bool Stmt::step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  std::string msg =
      fmt::format("{}: `{}` failed: {}", which(db_), sqlite3_sql(stmt_), sqlite3_errmsg(db_));
  sqlite3_reset(stmt_);
  throw DbError(msg);
}

void Stmt::run() {
  while (step()) {
  }
  reset();
}

void Stmt::exec() {
  int rc;
  while ((rc = sqlite3_step(stmt_)) == SQLITE_ROW) {
  }
  if (rc != SQLITE_DONE) {
    std::string msg = fmt::format("{}: {}", which(db_), sqlite3_errmsg(db_));
    sqlite3_reset(stmt_);
    throw DbError(msg);
  }
  sqlite3_reset(stmt_);
}

void Stmt::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

std::int64_t Stmt::int64(int col) const {
  return sqlite3_column_int64(stmt_, col);
}

std::string Stmt::text(int col) const {
  const auto* p = sqlite3_column_text(stmt_, col);
  return p ? std::string(reinterpret_cast<const char*>(p),
                         std::size_t(sqlite3_column_bytes(stmt_, col)))
           : std::string();
}

std::string_view Stmt::text_view(int col) const {
  const auto* p = sqlite3_column_text(stmt_, col);
  return p ? std::string_view(reinterpret_cast<const char*>(p),
                              std::size_t(sqlite3_column_bytes(stmt_, col)))
           : std::string_view();
}

bool Stmt::is_null(int col) const {
  return sqlite3_column_type(stmt_, col) == SQLITE_NULL;
}

Db::Db(const std::string& path, bool create, bool read_only) {
  // No memory statistics: bfc never reads them, and keeping them takes a global mutex on
  // every allocation SQLite makes. Only possible before SQLite initialises; later calls
  // fail harmlessly.
  static const bool configured = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) == SQLITE_OK;
  (void)configured;
  int flags =
      read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
  flags |= SQLITE_OPEN_NOMUTEX;
  if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
    std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    db_ = nullptr;
    throw DbError(fmt::format("cannot open state database {}: {}", path, msg));
  }
  sqlite3_busy_timeout(db_, 10000);
  // SQLite reads the file header lazily: find out now whether this is a database at all, so
  // that a foreign file gets one clear message whatever statement would have come first.
  if (sqlite3_exec(db_, "SELECT count(*) FROM sqlite_master", nullptr, nullptr, nullptr) ==
      SQLITE_NOTADB) {
    sqlite3_close(db_);
    db_ = nullptr;
    throw DbError(
        fmt::format("state database {}: file is not a database (not a bfc state file: pass another "
                    "--state, or move this file away)",
                    path));
  }
}

Db::~Db() {
  if (db_) sqlite3_close_v2(db_);
}

void Db::exec(const std::string& sql) {
  char* err = nullptr;
  if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : sqlite3_errmsg(db_);
    sqlite3_free(err);
    throw DbError(fmt::format("{}: {}", which(db_), msg));
  }
}

std::optional<std::string> Db::query_text(const std::string& sql) {
  Stmt s(db_, sql.c_str());
  if (!s.step()) return std::nullopt;
  return s.text(0);
}

}  // namespace bfc::runtime
