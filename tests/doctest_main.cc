// SPDX-License-Identifier: AGPL-3.0-or-later
// The one doctest main shared by every test binary. ctest runs each test case on its own with
// --test-case=NAME; a filter that matches nothing would pass silently (a name with ';' is split by
// CMake), so a run in which no test case passed the filters fails.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <cstdio>

namespace {

bool g_ran_none = false;

struct RanNoneListener : doctest::IReporter {
  explicit RanNoneListener(const doctest::ContextOptions&) {}
  void report_query(const doctest::QueryData&) override {}
  void test_run_start() override {}
  void test_run_end(const doctest::TestRunStats& stats) override { g_ran_none = stats.numTestCasesPassingFilters == 0; }
  void test_case_start(const doctest::TestCaseData&) override {}
  void test_case_reenter(const doctest::TestCaseData&) override {}
  void test_case_end(const doctest::CurrentTestCaseStats&) override {}
  void test_case_exception(const doctest::TestCaseException&) override {}
  void subcase_start(const doctest::SubcaseSignature&) override {}
  void subcase_end() override {}
  void log_assert(const doctest::AssertData&) override {}
  void log_message(const doctest::MessageData&) override {}
  void test_case_skipped(const doctest::TestCaseData&) override {}
};
REGISTER_LISTENER("ran-none", 1, RanNoneListener);

}  // namespace

int main(int argc, char** argv) {
  doctest::Context context(argc, argv);
  int rc = context.run();
  if (context.shouldExit()) return rc;
  if (rc == 0 && g_ran_none) {
    std::fprintf(stderr, "no test case matched the filters (a test name must not contain ';')\n");
    return 1;
  }
  return rc;
}
