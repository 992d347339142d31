// Myers' O(ND) diff over lines, then GNU-style hunks.
#include "formatter/unified_diff.h"

#include <algorithm>
#include <vector>

namespace bfc::formatter {

namespace {

// Beyond this many edits the middle part is shown as one replacement (bounds memory).
constexpr int kMaxEdits = 2000;

// Lines keep their '\n', so a last line without one differs from the same text with one.
std::vector<std::string_view> split_lines(std::string_view s) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (start < s.size()) {
    size_t nl = s.find('\n', start);
    size_t end = nl == std::string_view::npos ? s.size() : nl + 1;
    out.push_back(s.substr(start, end - start));
    start = end;
  }
  return out;
}

enum class Op : char { Equal = ' ', Delete = '-', Insert = '+' };

// The shortest edit script turning a into b, one Op per line of either side.
std::vector<Op> edit_script(const std::vector<std::string_view>& a,
                            const std::vector<std::string_view>& b) {
  int n = static_cast<int>(a.size()), m = static_cast<int>(b.size());
  int pre = 0;
  while (pre < n && pre < m && a[pre] == b[pre]) ++pre;
  int suf = 0;
  while (suf < n - pre && suf < m - pre && a[n - 1 - suf] == b[m - 1 - suf]) ++suf;
  const int mid_n = n - pre - suf, mid_m = m - pre - suf;  // lengths between the common ends
  auto same = [&](int x, int y) { return a[pre + x] == b[pre + y]; };

  std::vector<Op> mid;
  const int max_d = std::min(mid_n + mid_m, kMaxEdits);
  const int off = max_d + 1;
  std::vector<int> v(2 * off + 2, 0);
  std::vector<std::vector<int>> trace;  // v before each round d
  int found = -1;
  for (int d = 0; d <= max_d && found < 0; ++d) {
    trace.push_back(v);
    for (int k = -d; k <= d; k += 2) {
      bool down = k == -d || (k != d && v[off + k - 1] < v[off + k + 1]);
      int x = down ? v[off + k + 1] : v[off + k - 1] + 1;
      int y = x - k;
      while (x < mid_n && y < mid_m && same(x, y)) ++x, ++y;
      v[off + k] = x;
      if (x >= mid_n && y >= mid_m) {
        found = d;
        break;
      }
    }
  }
  if (found < 0) {
    mid.assign(mid_n, Op::Delete);
    mid.insert(mid.end(), mid_m, Op::Insert);
  } else {
    int x = mid_n, y = mid_m;
    for (int d = found; d > 0; --d) {
      const std::vector<int>& pv = trace[d];
      int k = x - y;
      bool down = k == -d || (k != d && pv[off + k - 1] < pv[off + k + 1]);
      int px = pv[off + (down ? k + 1 : k - 1)];
      int snake_x = down ? px : px + 1;  // where the diagonal after the edit starts
      while (x > snake_x) {
        mid.push_back(Op::Equal);
        --x, --y;
      }
      if (down) {
        mid.push_back(Op::Insert);
        --y;
      } else {
        mid.push_back(Op::Delete);
        --x;
      }
    }
    while (x > 0) {
      mid.push_back(Op::Equal);
      --x, --y;
    }
    std::reverse(mid.begin(), mid.end());
  }
  std::vector<Op> ops(pre, Op::Equal);
  ops.insert(ops.end(), mid.begin(), mid.end());
  ops.insert(ops.end(), suf, Op::Equal);
  return ops;
}

std::string range(int start, int count) {
  // GNU: "l" for one line, "l,c" otherwise; an empty range names the line before it.
  if (count == 1) return std::to_string(start + 1);
  return std::to_string(count == 0 ? start : start + 1) + "," + std::to_string(count);
}

}  // namespace

std::string unified_diff(std::string_view before, std::string_view after,
                         std::string_view before_label, std::string_view after_label, int context) {
  if (before == after) return "";
  std::vector<std::string_view> a = split_lines(before), b = split_lines(after);
  std::vector<Op> ops = edit_script(a, b);
  const size_t n = ops.size();
  // Each op's line index on both sides.
  std::vector<int> ai(n + 1), bi(n + 1);
  for (size_t i = 0; i < n; ++i) {
    ai[i + 1] = ai[i] + (ops[i] != Op::Insert);
    bi[i + 1] = bi[i] + (ops[i] != Op::Delete);
  }

  std::string out = "--- " + std::string(before_label) + "\n+++ " + std::string(after_label) + "\n";
  const size_t ctx = static_cast<size_t>(context);
  size_t i = 0;
  while (i < n) {
    while (i < n && ops[i] == Op::Equal) ++i;
    if (i >= n) break;
    size_t start = i >= ctx ? i - ctx : 0;
    size_t end = i;
    while (true) {  // merge changes separated by at most 2*context equal lines
      while (end < n && ops[end] != Op::Equal) ++end;
      size_t eq = end;
      while (eq < n && ops[eq] == Op::Equal) ++eq;
      if (eq < n && eq - end <= 2 * ctx) {
        end = eq;
        continue;
      }
      end = std::min(n, end + ctx);
      break;
    }
    out += "@@ -" + range(ai[start], ai[end] - ai[start]) + " +" +
           range(bi[start], bi[end] - bi[start]) + " @@\n";
    for (size_t k = start; k < end; ++k) {
      std::string_view line = ops[k] == Op::Insert ? b[bi[k]] : a[ai[k]];
      out += static_cast<char>(ops[k]);
      out += line;
      if (line.empty() || line.back() != '\n') out += "\n\\ No newline at end of file\n";
    }
    i = end;
  }
  return out;
}

}  // namespace bfc::formatter
