// A minimal RAII layer over the SQLite C API: a connection and prepared statements.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace bfc::runtime {

// Any SQLite failure; the message names the statement's purpose and SQLite's reason.
class DbError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// One prepared statement; bind with 1-based indexes, step, read columns.
class Stmt {
 public:
  // An empty statement (operator bool is false).
  Stmt() = default;
  // Prepares `sql` on `db`; throws DbError.
  Stmt(sqlite3* db, const char* sql);
  // Finalizes the statement.
  ~Stmt();
  // Statements move; they are not copied.
  Stmt(Stmt&& other) noexcept;
  Stmt& operator=(Stmt&& other) noexcept;
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  // Binds parameter `i` (1-based); returns *this for chaining.
  Stmt& bind(int i, std::int64_t v);
  Stmt& bind(int i, int v) { return bind(i, std::int64_t(v)); }
  Stmt& bind(int i, const std::string& v);
  Stmt& bind(int i, const char* v) { return bind(i, std::string(v)); }
  Stmt& bind_view(int i, std::string_view v);
  // Binds NULL.
  Stmt& bind_null(int i);
  // Binds an empty string as NULL.
  Stmt& bind_text_or_null(int i, const std::string& v) {
    return v.empty() ? bind_null(i) : bind(i, v);
  }
  // Advances; true while a row is available.
  bool step();
  // Runs to completion and resets (for INSERT/UPDATE/DELETE).
  void run();
  // Like run(), for statements that replace a Db::exec() call (BEGIN, COMMIT): a failure
  // is reported as Db::exec() reports it.
  void exec();
  // Resets for re-use and clears bindings.
  void reset();
  // False for a default-constructed statement.
  explicit operator bool() const { return stmt_ != nullptr; }
  // Column `col` (0-based) of the current row: as an integer (0 for NULL), as text ("" for
  // NULL), or whether it is NULL.
  std::int64_t int64(int col) const;
  std::string text(int col) const;
  // The same without a copy: valid until the next step(), reset() or column call.
  std::string_view text_view(int col) const;
  bool is_null(int col) const;

 private:
  sqlite3_stmt* stmt_ = nullptr;
  sqlite3* db_ = nullptr;
};

// One connection. Throws DbError on failure.
class Db {
 public:
  // Opens (creating if `create`) the database at `path`; read_only opens without write access.
  Db(const std::string& path, bool create, bool read_only = false);
  // Closes the connection.
  ~Db();
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  // Executes one or more statements without results.
  void exec(const std::string& sql);
  // Prepares a statement.
  Stmt prepare(const char* sql) { return Stmt(db_, sql); }
  // Runs a query returning one text value, nullopt if no row.
  std::optional<std::string> query_text(const std::string& sql);
  // The raw connection (sqlite3_changes, sqlite3_last_insert_rowid).
  sqlite3* handle() { return db_; }

 private:
  sqlite3* db_ = nullptr;
};

}  // namespace bfc::runtime
