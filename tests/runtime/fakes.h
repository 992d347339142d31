// Test doubles for the scheduler: a fake clock, a fake process runner that simulates
// commands by their durations and exit codes, and an in-memory state store.
#pragma once

#include <signal.h>

#include <algorithm>
#include <ctime>
#include <functional>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "runtime/exec/process.h"
#include "runtime/exec/scheduler.h"
#include "runtime/state/state.h"
#include "runtime/sys/clock.h"

namespace bfc::runtime::testing {

// A clock that only moves when the fake runner waits. Local time is UTC.
class FakeClock : public Clock {
 public:
  double t = 0;                          // seconds since the start of the test
  std::int64_t base_ms = 1709251200000;  // 2024-03-01T00:00:00Z
  double now() override { return t; }
  std::int64_t wall_ms() override { return base_ms + std::int64_t(t * 1000); }
  int local_second_of_day(std::int64_t ms) override { return int((ms / 1000) % 86400); }
  std::string local_text(std::int64_t ms) override {
    time_t s = time_t(ms / 1000);
    tm utc{};
    gmtime_r(&s, &utc);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M", &utc);
    return buf;
  }
  std::int64_t local_wall_ms(const std::string& local_minute) override {
    tm t{};
    if (!parse_local_minute(local_minute, t)) return 0;
    return std::int64_t(timegm(&t)) * 1000;
  }
};

// How one attempt of a fake command behaves.
struct Behaviour {
  double seconds = 1;
  int exit_code = 0;
  bool ignores_term = false;  // only SIGKILL ends it
};

// One launch as seen by the fake runner.
struct FakeStart {
  double at = 0;
  std::string instance;
  int attempt = 0;
  std::vector<std::string> env;
  int pid = 0;
};

// Simulates processes: each launched attempt ends after its Behaviour's seconds.
class FakeLauncher : public ProcessLauncher {
 public:
  explicit FakeLauncher(FakeClock& clock) : clock_(clock) {}

  std::map<std::string, std::vector<Behaviour>> script;  // instance id -> per attempt
  std::vector<FakeStart> starts;
  std::vector<std::pair<int, int>> signals;                  // (pgid, signal)
  std::vector<std::string> fail_launch;                      // instance ids whose launch fails
  double stop_at = std::numeric_limits<double>::infinity();  // deliver SIGINT at this time
  int max_concurrent = 0;
  std::function<void(const FakeStart&)> on_launch;  // inspect state at launch time
  std::function<void()> on_wait;                    // inspect state when the scheduler waits

  Launched launch(const LaunchSpec& spec) override {
    FakeStart s;
    s.at = clock_.t;
    s.env = spec.env;
    s.instance = env_value(spec.env, "BF_INSTANCE");
    s.attempt = std::stoi(env_value(spec.env, "BF_ATTEMPT"));
    if (on_launch) on_launch(s);
    if (std::find(fail_launch.begin(), fail_launch.end(), s.instance) != fail_launch.end()) {
      starts.push_back(s);
      return Launched{false, 0, 0, "", "no such file"};
    }
    s.pid = next_pid_++;
    starts.push_back(s);
    const auto& plan = script[s.instance];
    Behaviour b = s.attempt - 1 < int(plan.size()) ? plan[s.attempt - 1]
                                                   : (plan.empty() ? Behaviour{} : plan.back());
    live_[s.pid] = Live{clock_.t + b.seconds, b.exit_code, 0, b.ignores_term};
    max_concurrent = std::max(max_concurrent, int(live_.size()));
    return Launched{true, s.pid, s.pid, "tok", ""};
  }

  // Starts of these instances are reported (and their processes begin) this many seconds
  // after start(), as a busy machine may take a while; others at once.
  std::map<std::string, double> start_delay;

  void start(LaunchSpec spec, std::uint64_t tag) override {
    auto d = start_delay.find(env_value(spec.env, "BF_INSTANCE"));
    if (d == start_delay.end()) return ProcessLauncher::start(std::move(spec), tag);
    delayed_.push_back(Delayed{clock_.t + d->second, std::move(spec), tag});
  }

  WaitResult wait(double timeout_s) override {
    if (on_wait) on_wait();
    WaitResult r;
    r.started = take_started();  // launched by start(): reported without letting time pass
    if (!r.started.empty()) return r;
    double end = clock_.t + timeout_s;
    double first = std::numeric_limits<double>::infinity();
    for (const auto& [pid, l] : live_) first = std::min(first, l.ends);
    for (const auto& d : delayed_) first = std::min(first, d.due);
    if (stop_at < std::min(first, end) + 1e-9 && stop_at >= clock_.t) {
      clock_.t = std::max(clock_.t, stop_at);
      stop_at = std::numeric_limits<double>::infinity();
      r.stop_signal = SIGINT;
      return r;
    }
    if (first <= end) {
      clock_.t = std::max(clock_.t, first);
      for (auto it = delayed_.begin(); it != delayed_.end();) {
        if (it->due <= clock_.t + 1e-9) {
          r.started.push_back(Started{it->tag, launch(it->spec)});
          it = delayed_.erase(it);
        } else {
          ++it;
        }
      }
      for (auto it = live_.begin(); it != live_.end();) {
        if (it->second.ends <= clock_.t + 1e-9) {
          ProcessExit e;
          e.pid = it->first;
          if (it->second.signal)
            e.signal = it->second.signal;
          else
            e.exit_code = it->second.exit_code;
          r.exits.push_back(e);
          it = live_.erase(it);
        } else {
          ++it;
        }
      }
    } else {
      clock_.t = end;
    }
    return r;
  }

  void signal_group(int pgid, int sig) override {
    signals.emplace_back(pgid, sig);
    auto it = live_.find(pgid);
    if (it == live_.end()) return;
    if (sig == SIGKILL || (sig == SIGTERM && !it->second.ignores_term)) {
      it->second.ends = clock_.t;
      it->second.signal = sig;
    }
  }

  // Value of NAME in a "NAME=value" list.
  static std::string env_value(const std::vector<std::string>& env, const std::string& name) {
    for (const auto& e : env)
      if (e.rfind(name + "=", 0) == 0) return e.substr(name.size() + 1);
    return "";
  }

  // Start times of an instance's attempts.
  std::vector<double> start_times(const std::string& id) const {
    std::vector<double> out;
    for (const auto& s : starts)
      if (s.instance == id) out.push_back(s.at);
    return out;
  }

  // PlanInstance ids in launch order.
  std::vector<std::string> order() const {
    std::vector<std::string> out;
    for (const auto& s : starts) out.push_back(s.instance);
    return out;
  }

 private:
  struct Live {
    double ends;
    int exit_code;
    int signal;
    bool ignores_term;
  };
  struct Delayed {
    double due;
    LaunchSpec spec;
    std::uint64_t tag;
  };
  std::vector<Delayed> delayed_;
  FakeClock& clock_;
  std::map<int, Live> live_;
  int next_pid_ = 1000;
};

// State in memory; records what was committed when.
class MemoryStore : public StateStore {
 public:
  explicit MemoryStore(std::size_t n) : states(n), committed(n) {}

  std::vector<InstanceState> states, committed;
  std::vector<AttemptStart> started, committed_started;
  std::vector<AttemptEnd> finished;
  std::vector<std::pair<std::string, std::string>> audit_log;
  int commits = 0;
  // Operator actions applied at the next poll: return true if they changed states.
  std::vector<std::function<bool(std::vector<InstanceState>&, const std::vector<int>&)>>
      operator_actions;
  double operator_after = 0;  // apply only once the clock passed this
  FakeClock* clock = nullptr;

  std::vector<InstanceState> load() override { return states; }
  void set_instance(int i, const InstanceState& s) override { states[i] = s; }
  void attempt_started(const AttemptStart& a) override { started.push_back(a); }
  void attempt_spawned(const AttemptSpawned&) override {}
  void attempt_finished(const AttemptEnd& a) override { finished.push_back(a); }
  void audit(const std::string& action, const std::string& detail) override {
    audit_log.emplace_back(action, detail);
  }
  void commit() override {
    ++commits;
    committed = states;
    committed_started = started;
  }
  bool apply_operator_requests(const std::vector<int>& running,
                               std::vector<std::string>& applied) override {
    if (operator_actions.empty() || (clock && clock->t < operator_after)) return false;
    bool changed = false;
    for (auto& f : operator_actions) changed |= f(states, running);
    applied.push_back(std::to_string(operator_actions.size()) + " operator action(s) applied");
    operator_actions.clear();
    commit();
    return changed;
  }
  // Outcomes of the attempts of one instance (by plan position).
  std::vector<std::string> outcomes(int i) const {
    std::vector<std::string> out;
    for (const auto& f : finished)
      if (f.instance == i) out.push_back(f.outcome);
    return out;
  }
};

// Collects events.
class RecordingReporter : public Reporter {
 public:
  std::vector<std::string> events;
  void event(const std::string& line) override { events.push_back(line); }
  void progress(const StatusCounts&, int, double) override {}
  bool saw(const std::string& part) const {
    return std::any_of(events.begin(), events.end(),
                       [&](const auto& e) { return e.find(part) != std::string::npos; });
  }
};

}  // namespace bfc::runtime::testing
