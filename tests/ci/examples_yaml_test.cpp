// The CI recipes of examples/ci/ (docs/ci.md, "Reviewing plan changes in pull requests"):
// each file parses as YAML, and has the structure the recipe depends on. yaml-cpp reads
// YAML 1.2, so GitHub's `on:` key stays the string "on" (YAML 1.1 would read it as true).
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <functional>
#include <string>
#include <vector>

namespace {

const std::string kDir = BFC_EXAMPLES_CI_DIR;

// Loads a file; a parse error fails the test with yaml-cpp's line and column.
YAML::Node load(const std::string& name) {
  try {
    YAML::Node root = YAML::LoadFile(kDir + "/" + name);
    EXPECT_TRUE(root.IsMap()) << name << ": the top level is not a mapping";
    return root;
  } catch (const YAML::Exception& e) {
    ADD_FAILURE() << name << ": not valid YAML: " << e.what();
    return YAML::Node();
  }
}

bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

// The scalar at node, or "" when it is absent or not a scalar.
std::string text(const YAML::Node& node) {
  return node && node.IsScalar() ? node.as<std::string>() : std::string();
}

bool seq_has(const YAML::Node& seq, const std::function<bool(const std::string&)>& pred) {
  if (!seq || !seq.IsSequence()) return false;
  for (const auto& item : seq) {
    if (pred(text(item))) return true;
  }
  return false;
}

// GitHub: every step of every job.
std::vector<YAML::Node> github_steps(const YAML::Node& root) {
  std::vector<YAML::Node> steps;
  const YAML::Node jobs = root["jobs"];
  if (!jobs || !jobs.IsMap()) return steps;
  for (const auto& job : jobs) {
    const YAML::Node list = job.second["steps"];
    if (!list || !list.IsSequence()) continue;
    for (const auto& step : list) steps.push_back(step);
  }
  return steps;
}

// The first step whose `uses` starts with action + "@", or an empty node.
YAML::Node step_using(const std::vector<YAML::Node>& steps, const std::string& action) {
  for (const auto& step : steps) {
    if (text(step["uses"]).rfind(action + "@", 0) == 0) return step;
  }
  return YAML::Node();
}

bool run_step_has(const std::vector<YAML::Node>& steps, const std::vector<std::string>& parts) {
  for (const auto& step : steps) {
    const std::string run = text(step["run"]);
    bool all = !run.empty();
    for (const auto& part : parts) all = all && contains(run, part);
    if (all) return true;
  }
  return false;
}

// `permissions: NAME: write` at the top level or in every job.
bool github_may_write(const YAML::Node& root, const std::string& name) {
  if (text(root["permissions"][name]) == "write") return true;
  const YAML::Node jobs = root["jobs"];
  if (!jobs || !jobs.IsMap() || jobs.size() == 0) return false;
  for (const auto& job : jobs) {
    if (text(job.second["permissions"][name]) != "write") return false;
  }
  return true;
}

TEST(Examples, GithubActionsTriggersOnPullRequestsTouchingPlans) {
  const YAML::Node root = load("github-actions.yml");
  ASSERT_TRUE(root);
  const YAML::Node on = root["on"];
  ASSERT_TRUE(on && on.IsMap()) << "no `on:` mapping";
  ASSERT_TRUE(on["pull_request"]) << "not triggered by pull_request";
  EXPECT_TRUE(seq_has(on["pull_request"]["paths"], [](const std::string& p) {
    return p == "plans/**";
  })) << "on.pull_request.paths does not contain plans/**";
}

TEST(Examples, GithubActionsHasPermissions) {
  const YAML::Node root = load("github-actions.yml");
  ASSERT_TRUE(root);
  EXPECT_TRUE(github_may_write(root, "security-events")) << "security-events: write missing";
  EXPECT_TRUE(github_may_write(root, "pull-requests")) << "pull-requests: write missing";
}

TEST(Examples, GithubActionsJobsAreComplete) {
  const YAML::Node root = load("github-actions.yml");
  ASSERT_TRUE(root);
  ASSERT_TRUE(root["jobs"] && root["jobs"].IsMap() && root["jobs"].size() > 0) << "no jobs";
  for (const auto& job : root["jobs"]) {
    const std::string name = job.first.as<std::string>();
    EXPECT_FALSE(text(job.second["runs-on"]).empty()) << name << ": no runs-on";
    ASSERT_TRUE(job.second["steps"] && job.second["steps"].IsSequence()) << name << ": no steps";
    for (const auto& step : job.second["steps"]) {
      const bool uses = static_cast<bool>(step["uses"]);
      EXPECT_NE(uses, static_cast<bool>(step["run"])) << name << ": a step needs uses or run";
      if (uses)
        EXPECT_TRUE(contains(text(step["uses"]), "@")) << text(step["uses"]) << ": no version";
      const std::string run = text(step["run"]);
      if (contains(run, "\n")) {
        EXPECT_TRUE(contains(run, "set -euo pipefail")) << name << ": multi-line run without "
                                                        << "set -euo pipefail:\n"
                                                        << run;
      }
    }
  }
}

TEST(Examples, GithubActionsChecksOutHistoryAndFetchesTheBase) {
  const YAML::Node root = load("github-actions.yml");
  ASSERT_TRUE(root);
  const auto steps = github_steps(root);
  const YAML::Node checkout = step_using(steps, "actions/checkout");
  ASSERT_TRUE(checkout) << "no actions/checkout step";
  EXPECT_EQ(text(checkout["with"]["fetch-depth"]), "0") << "bfc diff REV:PATH needs history";
  EXPECT_TRUE(run_step_has(steps, {"git fetch", "origin"})) << "no step fetches the base branch";
}

TEST(Examples, GithubActionsUploadsSarifEvenWhenCheckFails) {
  const YAML::Node root = load("github-actions.yml");
  ASSERT_TRUE(root);
  const auto steps = github_steps(root);
  const YAML::Node upload = step_using(steps, "github/codeql-action/upload-sarif");
  ASSERT_TRUE(upload) << "no github/codeql-action/upload-sarif step";
  EXPECT_TRUE(contains(text(upload["if"]), "always()")) << "the SARIF upload must run when "
                                                        << "bfc check fails (if: always())";
  const std::string sarif = text(upload["with"]["sarif_file"]);
  ASSERT_FALSE(sarif.empty()) << "upload-sarif without sarif_file";
  EXPECT_TRUE(run_step_has(steps, {"bfc check --format sarif", "> " + sarif}))
      << "no run step writes `bfc check --format sarif` into " << sarif;
}

TEST(Examples, GithubActionsCommentsTheMarkdownDiff) {
  const YAML::Node root = load("github-actions.yml");
  ASSERT_TRUE(root);
  const auto steps = github_steps(root);
  EXPECT_TRUE(run_step_has(steps, {"bfc diff", "--format markdown"}))
      << "no run step runs bfc diff --format markdown";
  const bool script = static_cast<bool>(step_using(steps, "actions/github-script"));
  EXPECT_TRUE(script || run_step_has(steps, {"gh pr comment", "--body-file"}))
      << "nothing posts the comment (actions/github-script or gh pr comment --body-file)";
}

TEST(Examples, GithubActionsUploadsTheSvg) {
  const YAML::Node root = load("github-actions.yml");
  ASSERT_TRUE(root);
  const auto steps = github_steps(root);
  EXPECT_TRUE(run_step_has(steps, {"bfc render", "-o"})) << "no run step runs bfc render";
  bool svg = false;
  for (const auto& step : steps) {
    if (text(step["uses"]).rfind("actions/upload-artifact@", 0) == 0) {
      svg = svg || contains(text(step["with"]["path"]), ".svg");
    }
  }
  EXPECT_TRUE(svg) << "no actions/upload-artifact step uploads the .svg files";
}

// GitLab: the jobs are the top-level mappings with a `script`.
struct GitlabJob {
  std::string name;
  YAML::Node node;
};

std::vector<GitlabJob> gitlab_jobs(const YAML::Node& root) {
  std::vector<GitlabJob> jobs;
  if (!root || !root.IsMap()) return jobs;
  for (const auto& entry : root) {
    if (entry.second.IsMap() && entry.second["script"]) {
      jobs.push_back({entry.first.as<std::string>(), entry.second});
    }
  }
  return jobs;
}

bool runs_on_merge_requests(const YAML::Node& job) {
  const YAML::Node rules = job["rules"];
  if (!rules || !rules.IsSequence()) return false;
  for (const auto& rule : rules) {
    if (contains(text(rule["if"]), "$CI_PIPELINE_SOURCE == \"merge_request_event\"") &&
        seq_has(rule["changes"], [](const std::string& c) { return c.rfind("plans/", 0) == 0; })) {
      return true;
    }
  }
  return false;
}

bool script_has(const YAML::Node& job, const std::vector<std::string>& parts) {
  for (const char* key : {"before_script", "script"}) {
    const YAML::Node lines = job[key];
    if (!lines || !lines.IsSequence()) continue;
    for (const auto& line : lines) {
      bool all = true;
      for (const auto& part : parts) all = all && contains(text(line), part);
      if (all) return true;
    }
  }
  return false;
}

TEST(Examples, GitlabCiHasTheReviewJob) {
  const YAML::Node root = load("gitlab-ci.yml");
  ASSERT_TRUE(root);
  const auto jobs = gitlab_jobs(root);
  ASSERT_FALSE(jobs.empty()) << "no job (a mapping with script:)";
  int reviewing = 0;
  for (const auto& job : jobs) {
    if (!runs_on_merge_requests(job.node)) continue;
    ++reviewing;
    SCOPED_TRACE("job " + job.name);
    const std::string stage = text(job.node["stage"]);
    EXPECT_TRUE(stage.empty() ||
                seq_has(root["stages"], [&](const std::string& s) { return s == stage; }))
        << "stage " << stage << " is not in stages:";
    EXPECT_TRUE(script_has(job.node, {"bfc check"})) << "no bfc check";
    EXPECT_TRUE(script_has(job.node, {"bfc diff", "--format markdown"}))
        << "no script line runs bfc diff --format markdown";
    EXPECT_TRUE(script_has(job.node, {"CI_MERGE_REQUEST_TARGET_BRANCH_NAME"}))
        << "the diff's base is not the target branch";
    EXPECT_TRUE(
        script_has(job.node, {"curl", "PRIVATE-TOKEN: ${GITLAB_TOKEN}", "merge_requests", "notes"}))
        << "no curl call posts the note with $GITLAB_TOKEN";
    EXPECT_TRUE(script_has(job.node, {"bfc render", ".svg"})) << "no bfc render to .svg";
    const YAML::Node artifacts = job.node["artifacts"];
    EXPECT_TRUE(seq_has(artifacts["paths"], [](const std::string& p) {
      return contains(p, "svg");
    })) << "artifacts:paths has no svg";
    EXPECT_EQ(text(artifacts["when"]), "always") << "the artifacts must be kept when check fails";
    // The Code Quality report (docs/ci.md): written by `bfc check --format gitlab` and
    // declared as the job's `artifacts: reports: codequality:` (a path or a list of them).
    const YAML::Node codequality = artifacts["reports"]["codequality"];
    const std::string report = "gl-code-quality-report.json";
    EXPECT_TRUE(text(codequality) == report ||
                seq_has(codequality, [&](const std::string& p) { return p == report; }))
        << "artifacts:reports:codequality is not " << report;
    EXPECT_TRUE(script_has(job.node, {"bfc check --format gitlab", "> " + report}))
        << "no script line writes " << report << " with bfc check --format gitlab";
    EXPECT_EQ(text(job.node["variables"]["GIT_DEPTH"]), "0") << "bfc diff REV:PATH needs history";
  }
  EXPECT_EQ(reviewing, 1) << "want one job with rules: if merge_request_event, changes plans/";
}

}  // namespace
