// libFuzzer target: e-mail rendering (headers, MIME, quoted-printable) and
// the HTML helpers on arbitrary text, with the properties of
// tests/alerting/invariants.h. Built and run by scripts/fuzz.
//
// Input: the fields of an Email (subject, sender and recipient names, text,
// HTML, Message-ID, an extra header), cut from the bytes.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include <fuzzer/FuzzedDataProvider.h>

#include "tests/alerting/invariants.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider in(data, size);
  veille::Email email;
  email.subject = in.ConsumeRandomLengthString(400);
  email.from = in.ConsumeRandomLengthString(60) + " <veille@example.org>";
  email.to = {in.ConsumeRandomLengthString(60) + " <marketing@example.com>", in.ConsumeRandomLengthString(80)};
  email.message_id = in.ConsumeBool() ? in.ConsumeRandomLengthString(80) : "";
  email.idempotency_key = in.ConsumeRandomLengthString(80);
  email.date_ms = 1'795'000'000'000;
  email.extra_headers = {{in.ConsumeRandomLengthString(20), in.ConsumeRandomLengthString(200)},
                         {"X-Veille-Brand", in.ConsumeRandomLengthString(100)}};
  email.html = in.ConsumeBool() ? in.ConsumeRandomLengthString(600) : "";
  email.text = in.ConsumeRemainingBytesAsString();
  namespace ai = veille::alerting_invariants;
  std::string broken = ai::CheckRender(email);
  if (broken.empty()) broken = ai::CheckHtml(email.subject);
  if (!broken.empty()) {
    std::fprintf(stderr, "invariant broken: %s\n", broken.c_str());
    std::abort();
  }
  return 0;
}
