#include "jobs/lock.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

namespace veille {
namespace {

TEST(FileLockTest, SecondHolderIsBusyUntilReleased) {
  std::string path = (std::filesystem::temp_directory_path() / ("veille-lock-" + std::to_string(::getpid())) / "x.lock").string();
  {
    auto first = FileLock::TryAcquire(path);
    ASSERT_TRUE(first.ok()) << first.status().ToString();
    auto second = FileLock::TryAcquire(path);
    ASSERT_FALSE(second.ok());
    EXPECT_EQ(second.status().code(), Status::Code::kBusy);
    EXPECT_NE(second.status().message().find("pid " + std::to_string(::getpid())), std::string::npos)
        << second.status().message();
  }
  auto again = FileLock::TryAcquire(path);
  EXPECT_TRUE(again.ok());
  std::filesystem::remove_all(std::filesystem::path(path).parent_path());
}

}  // namespace
}  // namespace veille
