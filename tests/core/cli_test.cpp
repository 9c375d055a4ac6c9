// The `postguard` CLI as a user runs it: commands, flags, output formats and exit codes.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "fixtures.hpp"

namespace {

struct Run {
  int code = -1;
  std::string out, err;
};

// CTest runs test cases in parallel processes: every path carries the process id.
std::string temp_path(const std::string& name) {
  return "/tmp/postguard-cli-test-" + std::to_string(::getpid()) + "-" + name;
}

void write(const std::string& path, const std::string& content) { std::ofstream(path, std::ios::binary) << content; }

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Runs the CLI with `args` (already shell-quoted), stdin from `input`.
Run cli(const std::string& args, const std::string& input = "") {
  const std::string in = temp_path("stdin"), out = temp_path("stdout"), err = temp_path("stderr");
  write(in, input);
  const std::string cmd = std::string(POSTGUARD_CLI) + " " + args + " <" + in + " >" + out + " 2>" + err;
  const int status = std::system(cmd.c_str());
  Run r;
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = read(out);
  r.err = read(err);
  return r;
}

const char* kPolicy = R"({"policy": {"id": "cli", "version": "1", "languages": ["en", "es"]},
  "terms": {"unreleased": [{"term": "Lumen Tab", "until": "2027-06-01"}]},
  "rules": [{"id": "confidential.unreleased", "category": "confidential", "severity": "block",
             "when": {"list": "unreleased"}, "message": {"en": "{match} is unreleased", "es": "{match} no se ha anunciado"}},
            {"id": "li.only", "category": "other", "sites": ["linkedin.com"], "when": {"terms": ["hiring"]}, "message": "m"}],
  "tests": [{"text": "the Lumen Tab", "expect": ["confidential.unreleased"]},
            {"name": "should fail", "text": "nothing here", "expect": ["confidential.unreleased"]}]})";

}  // namespace

TEST_CASE("check prints findings and exits 1 when something is flagged", "[cli]") {
  write(temp_path("policy.json"), kPolicy);
  Run r = cli("check --policy " + temp_path("policy.json") + " --now 2026-11-25", "My L u m e n  T a b is here");
  CHECK(r.code == 1);
  CHECK(r.out.find("confidential.unreleased") != std::string::npos);
  CHECK(r.out.find("seen through: spacing") != std::string::npos);
  r = cli("check --policy " + temp_path("policy.json") + " --now 2027-06-01", "My Lumen Tab is here");
  CHECK(r.code == 0);
  r = cli("check --policy " + temp_path("policy.json") + " --now 2026-11-25 --locale es --format json", "Lumen Tab");
  CHECK(r.code == 1);
  const auto j = nlohmann::json::parse(r.out);
  CHECK(j["findings"][0]["message"] == "Lumen Tab no se ha anunciado");
  CHECK(j["findings"][0]["start"] == 0);
  CHECK(j["findings"][0]["end"] == 9);
}

TEST_CASE("check --jsonl answers line by line, errors on their own line", "[cli]") {
  write(temp_path("policy.json"), kPolicy);
  const std::string input =
      "{\"text\": \"Lumen Tab\", \"context\": {\"now\": \"2026-11-25\"}}\n"
      "not json\n"
      "{\"text\": \"we are hiring\", \"context\": {\"site\": \"www.linkedin.com\"}}\n"
      "{\"text\": \"hiring\", \"context\": {\"acount\": \"x\"}}\n"
      "{\"text\": \"hiring\"}\n";
  const Run r = cli("check --jsonl --site x.com --policy " + temp_path("policy.json"), input);
  CHECK(r.code == 0);
  std::istringstream lines(r.out);
  std::vector<nlohmann::json> out;
  for (std::string line; std::getline(lines, line);) out.push_back(nlohmann::json::parse(line));
  REQUIRE(out.size() == 5);
  CHECK(out[0]["findings"][0]["rule"] == "confidential.unreleased");
  CHECK(out[1]["error"].get<std::string>().find("line 2") == 0);
  CHECK(out[2]["findings"][0]["rule"] == "li.only");
  CHECK(out[3]["error"].get<std::string>().find("Unknown context key") != std::string::npos);
  CHECK(out[4]["findings"].empty());  // --site x.com: not LinkedIn
}

TEST_CASE("validate reports located errors and exits 3", "[cli]") {
  write(temp_path("broken.json"),
        "{\n  \"policy\": {\"id\": \"x\", \"version\": \"1\"},\n  \"rules\": [{\"id\": \"a\", \"category\": "
        "\"gossip\", \"when\": {\"terms\": [\"x\"]}, \"message\": \"m\"}]\n}\n");
  Run r = cli("validate " + temp_path("broken.json"));
  CHECK(r.code == 3);
  CHECK(r.err.find("/rules/0/category (3:25)") != std::string::npos);
  write(temp_path("policy.json"), kPolicy);
  r = cli("validate " + temp_path("policy.json"));
  CHECK(r.code == 0);
  CHECK(r.out.find("ok") != std::string::npos);
}

TEST_CASE("test runs the policy's tests and says which failed", "[cli]") {
  write(temp_path("policy.json"), kPolicy);
  const Run r = cli("test " + temp_path("policy.json"));
  CHECK(r.code == 1);
  CHECK(r.out.find("FAIL should fail (/tests/1)") != std::string::npos);
  CHECK(r.out.find("expected confidential.unreleased, not found") != std::string::npos);
  CHECK(r.out.find("1 of 2 tests passed") != std::string::npos);
}

TEST_CASE("usage errors, bad input and help", "[cli]") {
  CHECK(cli("--help").code == 0);
  CHECK(cli("frobnicate").code == 2);
  CHECK(cli("check --account boss").code == 2);
  CHECK(cli("check --now 2026-13-01").code == 2);
  CHECK(cli("validate").code == 2);
  CHECK(cli("check --policy /nonexistent/policy.json", "x").code == 4);
  CHECK(cli("check", std::string("bad \xff utf8")).code == 4);
  write(temp_path("broken.json"), "{");
  CHECK(cli("check --policy " + temp_path("broken.json"), "x").code == 3);
}
