#include "storage/keys.h"

#include <gtest/gtest.h>

namespace veille::keys {
namespace {

TEST(KeysTest, BigEndianOrderIsNumericOrder) {
  std::string a, b;
  PutBigEndian64(&a, 255);
  PutBigEndian64(&b, 256);
  EXPECT_LT(a, b);
  EXPECT_EQ(GetBigEndian64(b), 256u);
}

TEST(KeysTest, TrendKeyRoundTrips) {
  std::string k = TrendKey("Société Générale", 7200000, "label/negative");
  std::string brand, dim;
  int64_t hour = 0;
  ASSERT_TRUE(ParseTrendKey(k, &brand, &hour, &dim));
  EXPECT_EQ(brand, "Société Générale");
  EXPECT_EQ(hour, 7200000);
  EXPECT_EQ(dim, "label/negative");
  EXPECT_FALSE(ParseTrendKey("no-separator", &brand, &hour, &dim));
}

TEST(KeysTest, HourOfTruncates) {
  EXPECT_EQ(HourOf(kHourMs * 5 + 1234), kHourMs * 5);
  EXPECT_EQ(HourOf(kHourMs * 5), kHourMs * 5);
}

TEST(KeysTest, MentionKeysSortByTime) {
  EXPECT_LT(MentionKey(1000, "zzz"), MentionKey(2000, "aaa"));
  EXPECT_EQ(MentionKeyTime(MentionKey(123456, "id")), 123456);
}

}  // namespace
}  // namespace veille::keys
