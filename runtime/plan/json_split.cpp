// One rapidjson Reader goes over the whole text and sends its events to `rest` (through
// Document::Populate), except those inside the elements of the split array: for these it only
// counts the nesting to see where an element ends, and notes its bytes. for_each_span() then
// parses these bytes (already validated) element by element into a small document whose
// memory is reused for the next one. So the elements' bytes are parsed twice, but there is
// never a DOM of them all.
//
// Where an element's bytes are: rapidjson's iterative parser (kParseIterativeFlag) calls
// StartObject() and EndObject() *before* it consumes '{' and '}', so Tell() is the position of
// the bracket (its recursive parser calls them after; so both are checked, and a mismatch
// fails instead of noting a wrong span).
#include "runtime/plan/json_split.h"

#include <rapidjson/encodedstream.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>

#include <array>
#include <atomic>
#include <cstdint>
#include <string_view>

#include "common/parallel.h"

namespace bfc::runtime {
namespace {

using rapidjson::SizeType;
// Bounded by the text's size: a NUL-terminated StringStream let the UTF-8 validation of a
// truncated multi-byte sequence at the very end read past the buffer (found by fuzz_plan).
using Stream = rapidjson::EncodedInputStream<rapidjson::UTF8<>, rapidjson::MemoryStream>;
constexpr unsigned kFlags = rapidjson::kParseIterativeFlag;

class Splitter {
 public:
  Splitter(const std::string& text, std::string_view key, const Stream& is,
           rapidjson::Document& out, std::vector<JsonSpan>& elements)
      : text_(text), key_(key), is_(is), out_(out), elements_(elements) {}

  bool Null() { return skip() || (scalar() && out_.Null()); }
  bool Bool(bool b) { return skip() || (scalar() && out_.Bool(b)); }
  bool Int(int i) { return skip() || (scalar() && out_.Int(i)); }
  bool Uint(unsigned u) { return skip() || (scalar() && out_.Uint(u)); }
  bool Int64(std::int64_t i) { return skip() || (scalar() && out_.Int64(i)); }
  bool Uint64(std::uint64_t u) { return skip() || (scalar() && out_.Uint64(u)); }
  bool Double(double d) { return skip() || (scalar() && out_.Double(d)); }
  bool RawNumber(const char* s, SizeType n, bool copy) {
    return skip() || (scalar() && out_.RawNumber(s, n, copy));
  }
  bool String(const char* s, SizeType n, bool copy) {
    return skip() || (scalar() && out_.String(s, n, copy));
  }

  bool Key(const char* s, SizeType n, bool copy) {
    if (skip()) return true;
    key_pending_ = depth_ == 1 && std::string_view(s, n) == key_;
    return out_.Key(s, n, copy);
  }

  bool StartObject() {
    if (skip()) return ++element_depth_, true;
    if (in_split_) {  // an element starts
      element_begin_ = is_.Tell();
      element_depth_ = 1;
      return text_[element_begin_] == '{';
    }
    key_pending_ = false;
    ++depth_;
    return out_.StartObject();
  }

  bool EndObject(SizeType n) {
    if (skip()) return --element_depth_ > 0 || element_end();
    --depth_;
    return out_.EndObject(n);
  }

  bool StartArray() {
    if (skip()) return ++element_depth_, true;
    if (in_split_) return false;  // an element that is not an object
    in_split_ = key_pending_;
    key_pending_ = false;
    ++depth_;
    return out_.StartArray();
  }

  bool EndArray(SizeType n) {
    if (skip()) return --element_depth_, true;
    --depth_;
    if (!in_split_) return out_.EndArray(n);
    in_split_ = false;
    return out_.EndArray(0);
  }

 private:
  bool skip() const { return element_depth_ > 0; }

  // A scalar outside the elements: it is no element, and no array follows a pending key.
  bool scalar() {
    key_pending_ = false;
    return !in_split_;
  }

  bool element_end() {
    std::size_t end = is_.Tell();
    if (text_[end] != '}') return false;
    elements_.push_back({element_begin_, end + 1 - element_begin_});
    return true;
  }

  const std::string& text_;
  std::string_view key_;
  const Stream& is_;
  rapidjson::Document& out_;
  std::vector<JsonSpan>& elements_;
  int depth_ = 0;             // open arrays and objects in `out_`
  bool key_pending_ = false;  // the last event was `key` in the top-level object
  bool in_split_ = false;     // directly inside the split array
  int element_depth_ = 0;     // open arrays and objects of the current element; 0 = none
  std::size_t element_begin_ = 0;
};

}  // namespace

bool parse_split(const std::string& text, const char* key, rapidjson::Document& rest,
                 std::vector<JsonSpan>& elements, bool validate_utf8) {
  rapidjson::MemoryStream bytes(text.data(), text.size());
  Stream is(bytes);
  bool ok = false;
  auto generate = [&](rapidjson::Document& out) {
    Splitter splitter(text, key, is, out, elements);
    rapidjson::Reader reader;
    ok = validate_utf8
             ? !reader.Parse<kFlags | rapidjson::kParseValidateEncodingFlag>(is, splitter).IsError()
             : !reader.Parse<kFlags>(is, splitter).IsError();
    return ok;
  };
  rest.Populate(generate);
  return ok;
}

namespace {

// Spans [first, last) one at a time into one reused document; stops when `failed` is set.
bool parse_spans(const std::string& text, const std::vector<JsonSpan>& spans, std::size_t first,
                 std::size_t last, const std::atomic<bool>* failed,
                 const std::function<bool(std::size_t, const rapidjson::Value&)>& element) {
  alignas(std::max_align_t) std::array<char, 16384> buffer;  // an element's values, usually
  rapidjson::MemoryPoolAllocator<> pool(buffer.data(), buffer.size());
  rapidjson::Document doc(&pool);
  for (std::size_t k = first; k < last; ++k) {
    const auto& s = spans[k];
    if (s.begin > text.size() || s.size > text.size() - s.begin) return false;
    doc.Parse<rapidjson::kParseIterativeFlag>(text.data() + s.begin, s.size);
    bool ok = !doc.HasParseError() && element(k, doc);
    doc.SetNull();
    pool.Clear();
    if (!ok) return false;
    if (failed && (k & 1023) == 0 && failed->load(std::memory_order_relaxed)) return false;
  }
  return true;
}

}  // namespace

bool for_each_span(const std::string& text, const std::vector<JsonSpan>& spans,
                   const std::function<bool(const rapidjson::Value&)>& element) {
  return parse_spans(text, spans, 0, spans.size(), nullptr,
                     [&](std::size_t, const rapidjson::Value& v) { return element(v); });
}

bool for_each_span_parallel(
    const std::string& text, const std::vector<JsonSpan>& spans, unsigned threads,
    const std::function<bool(std::size_t, const rapidjson::Value&)>& element) {
  std::atomic<bool> failed{false};
  parallel_parts(spans.size(), part_count(spans.size(), 4096, threads),
                 [&](std::size_t, std::size_t begin, std::size_t end) {
                   if (!parse_spans(text, spans, begin, end, &failed, element)) failed = true;
                 });
  return !failed;
}

}  // namespace bfc::runtime
