#include "common/status.h"

#include <gtest/gtest.h>

namespace veille {
namespace {

TEST(StatusTest, OkAndErrors) {
  EXPECT_TRUE(Status::OK().ok());
  Status s = Status::Corruption("feed acme: line 3: not XML");
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.ToString(), "corruption: feed acme: line 3: not XML");
  EXPECT_FALSE(s.retryable());
}

TEST(StatusTest, RetryableCodes) {
  EXPECT_TRUE(Status::Unavailable("503").retryable());
  EXPECT_TRUE(Status::Timeout("t").retryable());
  EXPECT_TRUE(Status::RateLimited("429", 2000).retryable());
  EXPECT_EQ(Status::RateLimited("429", 2000).retry_after_ms(), 2000);
  EXPECT_FALSE(Status::Permanent("401").retryable());
  EXPECT_FALSE(Status::InvalidArgument("x").retryable());
}

TEST(StatusTest, WithContextPrefixes) {
  EXPECT_EQ(Status::NotFound("x").WithContext("source a").message(), "source a: x");
  EXPECT_TRUE(Status::OK().WithContext("ignored").ok());
}

Result<int> Half(int v) {
  if (v % 2) return Status::InvalidArgument("odd");
  return v / 2;
}

Status UseHalf(int v, int* out) {
  auto r = Half(v);
  VEILLE_RETURN_IF_ERROR(r.status());
  *out = *r;
  return Status::OK();
}

TEST(ResultTest, ValueOrStatus) {
  int out = 0;
  EXPECT_TRUE(UseHalf(8, &out).ok());
  EXPECT_EQ(out, 4);
  Status st = UseHalf(3, &out);
  EXPECT_TRUE(st.IsInvalidArgument());
  EXPECT_EQ(out, 4);
}

}  // namespace
}  // namespace veille
