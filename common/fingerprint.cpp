#include "common/fingerprint.h"

#include <openssl/evp.h>

#include <algorithm>
#include <stdexcept>

namespace bfc {

namespace {

// The first 8 bytes of SHA-256, big-endian. One digest context per thread, reused: a plan
// hashes hundreds of thousands of short inputs and EVP_Digest would fetch SHA-256 each time.
std::uint64_t sha256_prefix(std::string_view data) {
  struct Ctx {
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    EVP_MD* md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    ~Ctx() {
      EVP_MD_free(md);
      EVP_MD_CTX_free(ctx);
    }
  };
  thread_local Ctx c;
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (!c.ctx || !c.md || EVP_DigestInit_ex(c.ctx, c.md, nullptr) != 1 ||
      EVP_DigestUpdate(c.ctx, data.data(), data.size()) != 1 ||
      EVP_DigestFinal_ex(c.ctx, out, &len) != 1 || len < 8)
    throw std::runtime_error("SHA-256 failed (OpenSSL)");
  std::uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | out[i];
  return v;
}

void put_len(std::string& buf, std::size_t n) {
  buf += std::to_string(n);
  buf += ':';
}

void put_u64(std::string& buf, std::uint64_t v) {
  for (int i = 7; i >= 0; --i) buf += static_cast<char>((v >> (8 * i)) & 0xff);
}

}  // namespace

void FingerprintBuilder::reset() {
  buf_.clear();
  buf_ += "bfc-fp/1\n";
}

void FingerprintBuilder::field(std::string_view v) {
  buf_ += 's';
  put_len(buf_, v.size());
  buf_.append(v.data(), v.size());
}

void FingerprintBuilder::null_field() {
  buf_ += 'n';
}

void FingerprintBuilder::command_text(std::string_view text) {
  buf_ += 'c';
  field(text);
}

void FingerprintBuilder::command_list(std::size_t n) {
  buf_ += 'l';
  put_len(buf_, n);
}

void FingerprintBuilder::image(std::string_view ref) {
  buf_ += 'i';
  field(ref);
}

std::uint64_t FingerprintBuilder::finish() const {
  return sha256_prefix(buf_);
}

std::uint64_t lineage_of(std::uint64_t fingerprint, std::vector<std::uint64_t>& dep_lineages,
                         std::vector<std::string_view>& external_ids) {
  std::sort(dep_lineages.begin(), dep_lineages.end());
  std::sort(external_ids.begin(), external_ids.end());
  std::string buf = "bfc-lineage/1\n";
  buf.reserve(64 + 8 * dep_lineages.size() + 32 * external_ids.size());
  put_u64(buf, fingerprint);
  put_len(buf, dep_lineages.size());
  for (std::uint64_t d : dep_lineages) put_u64(buf, d);
  put_len(buf, external_ids.size());
  for (std::string_view id : external_ids) {
    put_len(buf, id.size());
    buf.append(id.data(), id.size());
  }
  return sha256_prefix(buf);
}

std::vector<std::uint64_t> lineages(
    std::size_t n, const std::vector<std::uint64_t>& fingerprints,
    const std::function<void(std::size_t, std::vector<std::size_t>&)>& deps,
    const std::function<void(std::size_t, std::vector<std::string>&)>& externals) {
  std::vector<std::uint64_t> out(n, 0);
  std::vector<std::uint8_t> done(n, 0);
  // (instance, its dependencies, the next one to visit); a dependency is visited first.
  struct Frame {
    std::size_t i;
    std::vector<std::size_t> deps;
    std::size_t next = 0;
  };
  std::vector<Frame> stack;
  std::vector<std::uint64_t> dep_lineages;
  std::vector<std::string> ext;
  std::vector<std::string_view> ext_views;
  auto push = [&](std::size_t i) {
    stack.push_back(Frame{i, {}, 0});
    deps(i, stack.back().deps);
  };
  for (std::size_t root = 0; root < n; ++root) {
    if (done[root]) continue;
    push(root);
    while (!stack.empty()) {
      Frame& f = stack.back();
      if (f.next < f.deps.size()) {
        std::size_t d = f.deps[f.next++];
        if (!done[d]) push(d);  // `f` may dangle from here on
        continue;
      }
      dep_lineages.clear();
      for (std::size_t d : f.deps) dep_lineages.push_back(out[d]);
      ext.clear();
      externals(f.i, ext);
      ext_views.assign(ext.begin(), ext.end());
      out[f.i] = lineage_of(fingerprints[f.i], dep_lineages, ext_views);
      done[f.i] = 1;
      stack.pop_back();
    }
  }
  return out;
}

std::string fingerprint_hex(std::uint64_t v) {
  static const char* const kHex = "0123456789abcdef";
  std::string s(16, '0');
  for (int i = 15; i >= 0; --i, v >>= 4) s[i] = kHex[v & 0xf];
  return s;
}

bool parse_fingerprint_hex(std::string_view s, std::uint64_t& out) {
  if (s.size() != 16) return false;
  std::uint64_t v = 0;
  for (char c : s) {
    int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    if (d < 0) return false;
    v = (v << 4) | std::uint64_t(d);
  }
  out = v;
  return true;
}

}  // namespace bfc
