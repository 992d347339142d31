// Renderers for diagnostics: GCC/Clang text, JSON, SARIF 2.1.0, GitHub workflow commands and
// GitLab Code Quality reports.
#include <fmt/format.h>

#include <cctype>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <tuple>

#include "common/sha256.h"
#include "common/utf8.h"
#include "support/diagnostics.h"

namespace bfc {
namespace {

std::string_view severity_word(Severity s) {
  switch (s) {
    case Severity::Error:
      return "error";
    case Severity::Warning:
      return "warning";
    case Severity::Note:
      return "note";
  }
  return "error";
}

// Display width of a byte prefix as sanitize_line shows it: a code point is one column
// (tabs too), a byte that is not valid UTF-8 the four of its `\xNN`.
size_t display_columns(std::string_view s) {
  size_t cols = 0;
  for (size_t i = 0; i < s.size(); ++cols) {
    size_t n = utf8_sequence_length(s.substr(i));
    i += n ? n : 1;
    if (!n) cols += 3;
  }
  return cols;
}

// A source line fit for a terminal: tabs as spaces, control bytes as `?`, invalid UTF-8
// as `\xNN`.
std::string sanitize_line(std::string_view line) {
  std::string out;
  out.reserve(line.size());
  for (unsigned char c : line) out.push_back(c == '\t' ? ' ' : (c < 0x20 ? '?' : char(c)));
  return escape_invalid_utf8(out);
}

std::string location_prefix(const SourceManager& sm, Span span) {
  if (!span.valid()) return "bfc: ";
  Position p = sm.begin(span);
  return fmt::format("{}:{}:{}: ", escape_invalid_utf8(sm.file(span.file).path), p.line, p.column);
}

// The source line and a caret/underline under the span (first line of the span only).
void append_snippet(std::string& out, const SourceManager& sm, Span span, bool color) {
  if (!span.valid()) return;
  Position b = sm.begin(span), e = sm.end(span);
  std::string_view line = sm.line_text(span.file, b.line);
  if (line.size() > 400) return;  // minified or binary input: the location is enough
  std::string gutter = fmt::format("{:>5} | ", b.line);
  out += gutter + sanitize_line(line) + "\n";
  size_t start_col = display_columns(line.substr(0, std::min<size_t>(b.column - 1, line.size())));
  size_t end_byte = (e.line == b.line) ? e.column - 1 : line.size();
  if (end_byte > line.size()) end_byte = line.size();
  size_t width = end_byte > b.column - 1
                     ? display_columns(line.substr(b.column - 1, end_byte - (b.column - 1)))
                     : 0;
  std::string marks = "^";
  if (width > 1) marks += std::string(width - 1, '~');
  out += std::string(gutter.size() - 2, ' ') + "| " + std::string(start_col, ' ');
  out += color ? "\x1b[1;32m" + marks + "\x1b[0m" : marks;
  out += "\n";
}

}  // namespace

std::string render_text(const SourceManager& sm, const Diagnostic& d, bool color) {
  const DiagInfo& info = diag_info(d.code);
  std::string out = location_prefix(sm, d.span);
  std::string sev = fmt::format("{}[{}]", severity_word(info.severity), info.name);
  if (color)
    sev = (info.severity == Severity::Error ? "\x1b[1;31m" : "\x1b[1;35m") + sev + "\x1b[0m";
  out += sev + ": " + escape_invalid_utf8(d.message) + "\n";
  append_snippet(out, sm, d.span, color);
  for (const auto& n : d.notes) {
    out += (n.span.valid() ? location_prefix(sm, n.span) : std::string()) +
           "note: " + escape_invalid_utf8(n.message) + "\n";
    append_snippet(out, sm, n.span, color);
  }
  return out;
}

namespace {

nlohmann::json span_json(const SourceManager& sm, Span s) {
  if (!s.valid()) return nullptr;
  Position b = sm.begin(s), e = sm.end(s);
  return {{"file", escape_invalid_utf8(sm.file(s.file).path)},
          {"line", b.line},
          {"column", b.column},
          {"end_line", e.line},
          {"end_column", e.column}};
}

std::string render_json(const SourceManager& sm, const std::vector<Diagnostic>& diags) {
  nlohmann::json arr = nlohmann::json::array();
  for (const auto& d : diags) {
    nlohmann::json notes = nlohmann::json::array();
    for (const auto& n : d.notes)
      notes.push_back(
          {{"message", escape_invalid_utf8(n.message)}, {"span", span_json(sm, n.span)}});
    arr.push_back({{"code", diag_info(d.code).name},
                   {"severity", severity_word(d.severity())},
                   {"message", escape_invalid_utf8(d.message)},
                   {"span", span_json(sm, d.span)},
                   {"notes", notes}});
  }
  return nlohmann::json{{"diagnostics", arr}}.dump(2) + "\n";
}

nlohmann::json sarif_location(const SourceManager& sm, Span s) {
  Position b = sm.begin(s), e = sm.end(s);
  // SARIF columns are 1-based and endColumn is exclusive, as ours.
  return {{"physicalLocation",
           {{"artifactLocation", {{"uri", escape_invalid_utf8(sm.file(s.file).path)}}},
            {"region",
             {{"startLine", b.line},
              {"startColumn", b.column},
              {"endLine", e.line},
              {"endColumn", std::max<uint32_t>(e.column, e.line == b.line ? b.column + 1 : 1)}}}}}};
}

// A rule's `name`: its title in PascalCase ("unknown property" -> "UnknownProperty"), an
// identifier a person can read, distinct from the opaque `id` as SARIF asks.
std::string sarif_rule_name(std::string_view title) {
  std::string out;
  bool upper = true;
  for (char c : title) {
    if (!std::isalnum(static_cast<unsigned char>(c))) {
      upper = true;
      continue;
    }
    out += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  return out;
}

// A title as a sentence: capitalized, ending with a period (SARIF message style).
std::string sarif_sentence(std::string_view title) {
  std::string out(title);
  if (!out.empty()) out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  return out + ".";
}

// The rule's fullDescription (GitHub code scanning requires one).
std::string sarif_full_description(const DiagInfo& info) {
  return fmt::format("{} ({} {}). docs/diagnostics.md explains {} with an example and the fix.",
                     sarif_sentence(info.title).substr(0, info.title.size()),
                     severity_word(info.severity), info.name, info.name);
}

std::string render_sarif(const SourceManager& sm, const std::vector<Diagnostic>& diags) {
  nlohmann::json rules = nlohmann::json::array();
  for (const auto& info : all_diagnostics()) {
    rules.push_back({{"id", info.name},
                     {"name", sarif_rule_name(info.title)},
                     {"shortDescription", {{"text", sarif_sentence(info.title)}}},
                     {"fullDescription", {{"text", sarif_full_description(info)}}},
                     {"help", {{"text", fmt::format("See {} in docs/diagnostics.md.", info.name)}}},
                     {"defaultConfiguration",
                      {{"level", info.severity == Severity::Error ? "error" : "warning"}}}});
  }
  nlohmann::json results = nlohmann::json::array();
  for (const auto& d : diags) {
    nlohmann::json r = {{"ruleId", diag_info(d.code).name},
                        {"ruleIndex", static_cast<int>(d.code)},
                        {"level", d.severity() == Severity::Error ? "error" : "warning"},
                        {"message", {{"text", escape_invalid_utf8(d.message)}}}};
    nlohmann::json locs = nlohmann::json::array();
    if (d.span.valid()) {
      locs.push_back(sarif_location(sm, d.span));
    } else if (sm.count() > 0) {
      // No place in the text (a command-line problem such as E0210): GitHub code scanning
      // needs a location, so the result points at the first file named on the command line.
      locs.push_back({{"physicalLocation",
                       {{"artifactLocation", {{"uri", escape_invalid_utf8(sm.file(1).path)}}},
                        {"region", {{"startLine", 1}, {"startColumn", 1}}}}}});
    }
    r["locations"] = locs;
    nlohmann::json related = nlohmann::json::array();
    int id = 0;
    for (const auto& n : d.notes) {
      if (!n.span.valid()) continue;
      auto l = sarif_location(sm, n.span);
      l["id"] = id++;
      l["message"] = {{"text", escape_invalid_utf8(n.message)}};
      related.push_back(l);
    }
    if (!related.empty()) r["relatedLocations"] = related;
    results.push_back(r);
  }
  nlohmann::json doc = {
      {"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
      {"version", "2.1.0"},
      {"runs",
       {{{"tool", {{"driver", {{"name", "bfc"}, {"version", "0.1.0"}, {"rules", rules}}}}},
         {"results", results}}}}};
  return doc.dump(2) + "\n";
}

std::string gh_escape_data(std::string_view s) {
  std::string o;
  for (char c : escape_invalid_utf8(s)) {
    if (c == '%')
      o += "%25";
    else if (c == '\r')
      o += "%0D";
    else if (c == '\n')
      o += "%0A";
    else
      o += c;
  }
  return o;
}

std::string gh_escape_prop(std::string_view s) {
  std::string o;
  for (char c : gh_escape_data(s)) {
    if (c == ':')
      o += "%3A";
    else if (c == ',')
      o += "%2C";
    else
      o += c;
  }
  return o;
}

// `file=...,line=...` and, for a span on one line, `col=...,endColumn=...` (GitHub's runner
// drops columns of a span that crosses lines, so none are sent then).
std::vector<std::string> gh_location(const SourceManager& sm, Span span) {
  if (!span.valid()) return {};
  Position b = sm.begin(span), e = sm.end(span);
  std::vector<std::string> props{"file=" + gh_escape_prop(sm.file(span.file).path),
                                 fmt::format("line={}", b.line)};
  if (e.line == b.line) props.push_back(fmt::format("col={}", b.column));
  props.push_back(fmt::format("endLine={}", e.line));
  if (e.line == b.line) props.push_back(fmt::format("endColumn={}", e.column));
  return props;
}

void gh_command(std::string& out, std::string_view kind, const std::vector<std::string>& props,
                std::string_view msg) {
  out += "::";
  out += kind;
  for (size_t i = 0; i < props.size(); ++i) out += (i ? "," : " ") + props[i];
  out += "::" + gh_escape_data(msg) + "\n";
}

std::string render_github(const SourceManager& sm, const std::vector<Diagnostic>& diags) {
  std::string out;
  for (const auto& d : diags) {
    const DiagInfo& info = diag_info(d.code);
    std::vector<std::string> props = gh_location(sm, d.span);
    props.push_back("title=" + gh_escape_prop(fmt::format("{} {}", info.name, info.title)));
    std::string msg = fmt::format("[{}] {}", info.name, d.message);
    for (const auto& n : d.notes)
      if (!n.span.valid()) msg += "\nnote: " + n.message;
    gh_command(out, d.severity() == Severity::Error ? "error" : "warning", props, msg);
    // A note with a place of its own becomes a notice there, so the annotation shows it.
    for (const auto& n : d.notes) {
      if (!n.span.valid()) continue;
      std::vector<std::string> nprops = gh_location(sm, n.span);
      nprops.push_back("title=" + gh_escape_prop(fmt::format("{} note", info.name)));
      gh_command(out, "notice", nprops, fmt::format("[{}] note: {}", info.name, n.message));
    }
  }
  return out;
}

// GitLab Code Quality (a subset of the Code Climate issue format): a JSON array of objects
// with description, check_name, fingerprint, severity and location.{path,lines.begin}.
// Severity: an error stops the plan from running at all, so `critical`; a warning is
// `minor`; a note `info`. `major` and `blocker` are not used.
std::string_view gitlab_severity(Severity s) {
  switch (s) {
    case Severity::Error:
      return "critical";
    case Severity::Warning:
      return "minor";
    case Severity::Note:
      return "info";
  }
  return "critical";
}

// GitLab wants a path relative to the repository without a leading `./`.
std::string gitlab_path(std::string_view path) {
  while (path.size() > 2 && path.substr(0, 2) == "./") {
    path.remove_prefix(2);
    while (!path.empty() && path.front() == '/') path.remove_prefix(1);
  }
  return escape_invalid_utf8(path);
}

// A message with its runs of white space made one space and no space at either end, so a
// reflowed message keeps its fingerprint.
std::string gitlab_normalized(std::string_view message) {
  std::string out;
  bool space = false;
  for (char c : escape_invalid_utf8(message)) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

std::string render_gitlab(const SourceManager& sm, const std::vector<Diagnostic>& diags) {
  nlohmann::json arr = nlohmann::json::array();
  // How often each (code, path, normalized message) was seen so far: the occurrence index
  // keeps identical findings apart without putting line numbers in the fingerprint, so a
  // finding keeps its fingerprint when lines above it are added or removed.
  std::map<std::tuple<std::string_view, std::string, std::string>, size_t> seen;
  for (const auto& d : diags) {
    const DiagInfo& info = diag_info(d.code);
    std::string path;
    uint32_t line = 1;
    if (d.span.valid()) {
      path = gitlab_path(sm.file(d.span.file).path);
      line = sm.begin(d.span).line;
    } else if (sm.count() > 0) {
      // No place in the text (a command-line problem such as E0210): GitLab needs a
      // location, so the finding points at the first file named on the command line.
      path = gitlab_path(sm.file(1).path);
    }
    std::string description = escape_invalid_utf8(d.message);
    for (const auto& n : d.notes) {
      description += "; note: " + escape_invalid_utf8(n.message);
      if (!n.span.valid()) continue;
      std::string npath = gitlab_path(sm.file(n.span.file).path);
      uint32_t nline = sm.begin(n.span).line;
      description +=
          npath == path ? fmt::format(" (line {})", nline) : fmt::format(" ({}:{})", npath, nline);
    }
    std::string message = gitlab_normalized(d.message);
    size_t occurrence = seen[{info.name, path, message}]++;
    // NUL between the parts: codes and paths hold none and the index is digits, so a key
    // splits back into its parts one way only.
    std::string key =
        fmt::format("bfc{0}{1}{0}{2}{0}{3}{0}{4}", '\0', info.name, path, message, occurrence);
    arr.push_back({{"description", description},
                   {"check_name", info.name},
                   {"fingerprint", sha256_hex(key).substr(0, 32)},
                   {"severity", gitlab_severity(d.severity())},
                   {"location", {{"path", path}, {"lines", {{"begin", line}}}}}});
  }
  return arr.dump(2) + "\n";
}

}  // namespace

std::string render_diagnostics(const SourceManager& sm, const std::vector<Diagnostic>& diags,
                               DiagFormat format, bool color) {
  switch (format) {
    case DiagFormat::Json:
      return render_json(sm, diags);
    case DiagFormat::Sarif:
      return render_sarif(sm, diags);
    case DiagFormat::Github:
      return render_github(sm, diags);
    case DiagFormat::Gitlab:
      return render_gitlab(sm, diags);
    case DiagFormat::Text:
      break;
  }
  std::string out;
  size_t errors = 0, warnings = 0;
  for (const auto& d : diags) {
    out += render_text(sm, d, color);
    if (d.severity() == Severity::Error) ++errors;
    if (d.severity() == Severity::Warning) ++warnings;
  }
  if (errors || warnings)
    out += fmt::format("{} error{}, {} warning{}\n", errors, errors == 1 ? "" : "s", warnings,
                       warnings == 1 ? "" : "s");
  return out;
}

}  // namespace bfc
