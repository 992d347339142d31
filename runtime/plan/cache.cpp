#include "runtime/plan/cache.h"

#include <sys/stat.h>

#include <cstdio>
#include <cstring>
#include <future>
#include <string_view>

#include "common/file_io.h"
#include "common/parallel.h"
#include "common/sha256.h"

namespace bfc::runtime {

namespace {

// "bfc plan cache", format 1. A change of PlanInstance or Plan, or of what the loader computes
// (dep_index, group_index, date_index: the barrier rule), needs a new number. The magic
// is followed by the SHA-256 (hex) of everything after it: damage is never read as a plan.
constexpr char kMagic[8] = {'b', 'f', 'c', 'p', 'c', 'a', '0', '1'};
constexpr std::size_t kDigest = 64;

class Out {
 public:
  std::string buf;
  template <typename T>
  void num(T v) {
    buf.append(reinterpret_cast<const char*>(&v), sizeof v);
  }
  void str(const std::string& s) {
    num(std::uint32_t(s.size()));
    buf += s;
  }
  void strs(const std::vector<std::string>& v) {
    num(std::uint32_t(v.size()));
    for (const auto& s : v) str(s);
  }
};

class In {
 public:
  In(const char* p, const char* end) : p_(p), end_(end) {}
  bool ok() const { return ok_; }
  template <typename T>
  T num() {
    T v{};
    if (std::size_t(end_ - p_) < sizeof v) return ok_ = false, v;
    std::memcpy(&v, p_, sizeof v);
    p_ += sizeof v;
    return v;
  }
  std::string str() {
    auto n = num<std::uint32_t>();
    if (!ok_ || std::size_t(end_ - p_) < n) return ok_ = false, std::string();
    std::string s(p_, n);
    p_ += n;
    return s;
  }
  std::vector<std::string> strs() {
    auto n = num<std::uint32_t>();
    std::vector<std::string> v;
    if (!ok_ || n > std::size_t(end_ - p_)) return ok_ = false, v;
    v.reserve(n);
    for (std::uint32_t k = 0; k < n && ok_; ++k) v.push_back(str());
    return v;
  }

 private:
  const char* p_;
  const char* end_;
  bool ok_ = true;
};

void put_command(Out& o, const Command& c) {
  o.num(std::uint8_t(c.is_list));
  o.str(c.text);
  o.strs(c.argv);
}

Command get_command(In& in) {
  Command c;
  c.is_list = in.num<std::uint8_t>() != 0;
  c.text = in.str();
  c.argv = in.strs();
  return c;
}

void put_instance(Out& o, const PlanInstance& in) {
  for (const std::string* s :
       {&in.id, &in.task, &in.workspace, &in.interval_start, &in.interval_end, &in.bizdate,
        &in.cyctime, &in.not_before, &in.dry_run_reason, &in.image})
    o.str(*s);
  o.num(std::int32_t(in.group));
  o.num(std::int32_t(in.priority));
  o.num(std::uint8_t(in.dry_run));
  put_command(o, in.command);
  o.num(std::int32_t(in.retries));
  o.num(std::int64_t(in.retry_delay_s));
  o.num(std::int64_t(in.timeout_s.value_or(-1)));
  o.strs(in.external_deps);
  o.num(in.fingerprint);
  o.num(in.lineage);
  o.num(std::uint8_t(in.has_fingerprint));
  o.num(std::uint32_t(in.dep_index.size()));
  for (int d : in.dep_index) o.num(std::int32_t(d));
  o.num(std::int32_t(in.group_index));
  o.num(std::int32_t(in.date_index));
}

void get_instance(In& r, PlanInstance& in) {
  for (std::string* s : {&in.id, &in.task, &in.workspace, &in.interval_start, &in.interval_end,
                         &in.bizdate, &in.cyctime, &in.not_before, &in.dry_run_reason, &in.image})
    *s = r.str();
  in.group = r.num<std::int32_t>();
  in.priority = r.num<std::int32_t>();
  in.dry_run = r.num<std::uint8_t>() != 0;
  in.command = get_command(r);
  in.retries = r.num<std::int32_t>();
  in.retry_delay_s = r.num<std::int64_t>();
  auto timeout = r.num<std::int64_t>();
  if (timeout >= 0) in.timeout_s = timeout;
  in.external_deps = r.strs();
  in.fingerprint = r.num<std::uint64_t>();
  in.lineage = r.num<std::uint64_t>();
  in.has_fingerprint = r.num<std::uint8_t>() != 0;
  auto deps = r.num<std::uint32_t>();
  if (!r.ok() || deps > 1u << 24) return;
  in.dep_index.resize(deps);
  for (auto& d : in.dep_index) d = r.num<std::int32_t>();
  in.group_index = r.num<std::int32_t>();
  in.date_index = r.num<std::int32_t>();
}

void put_stamp(Out& o, const FileStamp& s) {
  o.num(s.dev);
  o.num(s.ino);
  o.num(s.size);
  o.num(s.mtime_ns);
  o.num(s.ctime_ns);
}

FileStamp get_stamp(In& r) {
  FileStamp s;
  s.dev = r.num<std::uint64_t>();
  s.ino = r.num<std::uint64_t>();
  s.size = r.num<std::uint64_t>();
  s.mtime_ns = r.num<std::int64_t>();
  s.ctime_ns = r.num<std::int64_t>();
  return s;
}

}  // namespace

std::string plan_cache_path(const std::string& state_path) {
  return state_path + ".plan";
}

std::optional<std::string> cached_plan_sha256(const std::string& cache_path,
                                              const FileStamp& stamp) {
  // The magic, the digest, the stamp, the format and the hash's length and text.
  constexpr std::size_t kHead = sizeof kMagic + kDigest + 5 * 8 + 4 + 4 + 64;
  std::string head(kHead, '\0');
  std::FILE* f = std::fopen(cache_path.c_str(), "rb");
  if (!f) return std::nullopt;
  const bool full = std::fread(head.data(), 1, kHead, f) == kHead;
  std::fclose(f);
  if (!full || std::memcmp(head.data(), kMagic, sizeof kMagic) != 0) return std::nullopt;
  In r(head.data() + sizeof kMagic + kDigest, head.data() + head.size());
  if (FileStamp s = get_stamp(r); !r.ok() || !(s == stamp)) return std::nullopt;
  r.num<std::int32_t>();  // format
  std::string sha256 = r.str();
  if (!r.ok() || sha256.size() != 64) return std::nullopt;
  return sha256;
}

std::optional<FileStamp> file_stamp(const std::string& path) {
  struct stat st {};
  // Regular files only: a pipe or FIFO has no size or times that say what it will give.
  if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
  FileStamp s;
  s.dev = st.st_dev;
  s.ino = st.st_ino;
  s.size = std::uint64_t(st.st_size);
  s.mtime_ns = std::int64_t(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
  s.ctime_ns = std::int64_t(st.st_ctim.tv_sec) * 1000000000 + st.st_ctim.tv_nsec;
  return s;
}

bool write_plan_cache(const std::string& cache_path, const Plan& plan, const FileStamp& stamp) {
  Out o;
  put_stamp(o, stamp);
  o.num(std::int32_t(plan.format));
  for (const std::string* s : {&plan.sha256, &plan.backfill, &plan.today, &plan.initiator})
    o.str(*s);
  const PlanSettings& st = plan.settings;
  o.num(std::int32_t(st.parallel));
  o.num(std::uint8_t(st.descending));
  o.num(std::int64_t(st.throttle_s));
  o.num(std::int32_t(st.max_running.value_or(-1)));
  o.num(std::uint8_t(st.window.has_value()));
  if (st.window) {
    o.num(std::int32_t(st.window->start_min));
    o.num(std::int32_t(st.window->end_min));
    o.str(st.window->text);
  }
  o.num(std::uint8_t(st.alert.has_value()));
  if (st.alert) {
    o.num(std::uint8_t(st.alert->on));
    put_command(o, st.alert->command);
  }
  o.num(std::uint8_t(st.run_future));
  o.num(std::uint32_t(plan.groups.size()));
  for (const auto& g : plan.groups) {
    o.num(std::int32_t(g.id));
    o.strs(g.dates);
  }
  // Instances after a table of where each starts (relative to the first), so that they are
  // read on several cores.
  // The table's room is kept and filled in once the instances are written after it.
  const std::size_t n = plan.instances.size();
  o.num(std::uint64_t(n));
  const std::size_t table = o.buf.size();
  o.buf.resize(table + (n + 1) * sizeof(std::uint64_t));
  const std::size_t body = o.buf.size();
  for (std::size_t i = 0; i < n; ++i) {
    std::uint64_t off = o.buf.size() - body;
    std::memcpy(o.buf.data() + table + i * sizeof off, &off, sizeof off);
    put_instance(o, plan.instances[i]);
  }
  std::uint64_t body_size = o.buf.size() - body;
  std::memcpy(o.buf.data() + table + n * sizeof body_size, &body_size, sizeof body_size);
  std::string head(kMagic, sizeof kMagic);
  head += sha256_hex(o.buf);
  std::string error;
  return write_atomically(
      cache_path, [&](int fd) { return write_all(fd, head) && write_all(fd, o.buf); }, error);
}

std::optional<Plan> read_plan_cache(const std::string& cache_path, const std::string& plan_path,
                                    const FileStamp& stamp) {
  std::string data;
  if (!read_file(cache_path, data) || data.size() < sizeof kMagic + kDigest ||
      std::memcmp(data.data(), kMagic, sizeof kMagic) != 0)
    return std::nullopt;
  const std::string_view rest(data.data() + sizeof kMagic + kDigest,
                              data.size() - sizeof kMagic - kDigest);
  // Checked on another core while this one decodes.
  auto intact = std::async(std::launch::async, [&] {
    return sha256_hex(rest) == std::string_view(data.data() + sizeof kMagic, kDigest);
  });
  In r(rest.data(), rest.data() + rest.size());
  if (FileStamp s = get_stamp(r); !r.ok() || !(s == stamp)) return std::nullopt;
  Plan plan;
  plan.path = plan_path;
  plan.format = r.num<std::int32_t>();
  for (std::string* str : {&plan.sha256, &plan.backfill, &plan.today, &plan.initiator})
    *str = r.str();
  PlanSettings& st = plan.settings;
  st.parallel = r.num<std::int32_t>();
  st.descending = r.num<std::uint8_t>() != 0;
  st.throttle_s = r.num<std::int64_t>();
  if (auto m = r.num<std::int32_t>(); m >= 0) st.max_running = m;
  if (r.num<std::uint8_t>()) {
    PlanWindow w;
    w.start_min = r.num<std::int32_t>();
    w.end_min = r.num<std::int32_t>();
    w.text = r.str();
    st.window = w;
  }
  if (r.num<std::uint8_t>()) {
    PlanAlert a;
    a.on = PlanAlertOn(r.num<std::uint8_t>());
    a.command = get_command(r);
    st.alert = a;
  }
  st.run_future = r.num<std::uint8_t>() != 0;
  auto groups = r.num<std::uint32_t>();
  if (!r.ok() || groups > data.size()) return std::nullopt;
  plan.groups.resize(groups);
  for (auto& g : plan.groups) {
    g.id = r.num<std::int32_t>();
    g.dates = r.strs();
  }
  auto n = r.num<std::uint64_t>();
  if (!r.ok() || n > data.size() / 8) return std::nullopt;
  std::vector<std::uint64_t> offsets(n);
  for (auto& off : offsets) off = r.num<std::uint64_t>();
  auto body_size = r.num<std::uint64_t>();
  if (!r.ok()) return std::nullopt;
  const char* body = data.data() + data.size() - std::min<std::uint64_t>(body_size, data.size());
  if (body_size > data.size()) return std::nullopt;
  plan.instances.resize(n);
  // Decoded on every core: each instance from its own offset.
  const std::size_t parts = part_count(n);
  std::vector<char> ok(parts, 1);
  parallel_parts(n, parts, [&](std::size_t p, std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) {
      std::uint64_t end = i + 1 < n ? offsets[i + 1] : body_size;
      if (offsets[i] > end || end > body_size) return void(ok[p] = 0);
      In one(body + offsets[i], body + end);
      get_instance(one, plan.instances[i]);
      if (!one.ok()) return void(ok[p] = 0);
    }
  });
  for (char k : ok)
    if (!k) return std::nullopt;
  if (!intact.get()) return std::nullopt;
  // The ids of dependencies (the scheduler reads dep_index; other readers may read deps).
  for (auto& in : plan.instances) {
    in.deps.reserve(in.dep_index.size());
    for (int d : in.dep_index) {
      if (d < 0 || std::uint64_t(d) >= n) return std::nullopt;
      in.deps.push_back(plan.instances[d].id);
    }
    if (in.group_index < 0 || std::size_t(in.group_index) >= plan.groups.size() ||
        in.date_index < 0 || std::size_t(in.date_index) >= plan.groups[in.group_index].dates.size())
      return std::nullopt;
  }
  plan.index.reserve(n);
  for (std::size_t i = 0; i < n; ++i) plan.index.emplace(plan.instances[i].id, int(i));
  return plan;
}

}  // namespace bfc::runtime
