#include "tests/alerting/test_util.h"

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace veille::testing {

TempDir::TempDir() {
  const char* base = std::getenv("TMPDIR");
  std::string templ = std::string(base && *base ? base : "/tmp") + "/veille-alerting-XXXXXX";
  std::vector<char> buf(templ.begin(), templ.end());
  buf.push_back('\0');
  char* made = ::mkdtemp(buf.data());
  path_ = made ? made : "";
  EXPECT_FALSE(path_.empty()) << "mkdtemp failed for " << templ;
}

TempDir::~TempDir() {
  std::error_code ec;
  if (!path_.empty()) std::filesystem::remove_all(path_, ec);
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void WriteFile(const std::string& path, const std::string& data) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << data;
}

std::vector<std::string> ListDir(const std::string& dir) {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    names.push_back(entry.path().filename().string());
  }
  return names;
}

std::string RunCommand(const std::string& command, int* exit_code) {
  std::string out;
  FILE* p = ::popen(command.c_str(), "r");
  if (p == nullptr) {
    *exit_code = -1;
    return out;
  }
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  int status = ::pclose(p);
  *exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return out;
}

std::string FindPython(bool need_aiosmtpd) {
  for (const char* py : {"/usr/bin/python3", "python3"}) {
    int rc = 0;
    std::string probe = std::string(py) + (need_aiosmtpd ? " -c 'import aiosmtpd'" : " -c 'import email'") +
                        " >/dev/null 2>&1";
    RunCommand(probe, &rc);
    if (rc == 0) return py;
  }
  return "";
}

namespace {

const char kParseScript[] = R"PY(
import email, email.policy, json, sys
with open(sys.argv[1], 'rb') as f:
    msg = email.message_from_binary_file(f, policy=email.policy.default)
def s(v):
    return None if v is None else str(v)
out = {
  'subject': s(msg['subject']),
  'from': s(msg['from']),
  'to': s(msg['to']),
  'message_id': s(msg['message-id']),
  'date_iso': msg['date'].datetime.isoformat() if msg['date'] is not None and msg['date'].datetime else None,
  'content_type': msg.get_content_type(),
  'defects': [type(d).__name__ for d in msg.defects],
  'header_names': list(msg.keys()),
  'parts': [],
}
for part in msg.walk():
    if part.is_multipart():
        out['defects'] += [type(d).__name__ for d in part.defects]
        continue
    out['parts'].append({
      'type': part.get_content_type(),
      'charset': part.get_content_charset(),
      'cte': part.get('content-transfer-encoding'),
      'content': part.get_content(),
      'defects': [type(d).__name__ for d in part.defects],
    })
json.dump(out, sys.stdout)
)PY";

}  // namespace

bool ParseWithPython(const std::string& eml, rapidjson::Document* out) {
  std::string py = FindPython(false);
  if (py.empty()) {
    ADD_FAILURE() << "no python3 to parse the message with";
    return false;
  }
  TempDir dir;
  WriteFile(dir.path() + "/parse.py", kParseScript);
  WriteFile(dir.path() + "/message.eml", eml);
  int rc = 0;
  std::string json = RunCommand(py + " " + dir.path() + "/parse.py " + dir.path() + "/message.eml", &rc);
  if (rc != 0) {
    ADD_FAILURE() << "python email parser failed (exit " << rc << ")";
    return false;
  }
  out->Parse(json.c_str());
  if (out->HasParseError() || !out->IsObject()) {
    ADD_FAILURE() << "parser output is not JSON: " << json;
    return false;
  }
  return true;
}

namespace {

const char kHtmlScript[] = R"PY(
import sys
from html.parser import HTMLParser
CHECKED = {'table','tr','td','th','a','div','span','p','strong','ol','li','blockquote','html','body','head','title'}
class P(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.errors = [], []
    def handle_starttag(self, tag, attrs):
        if tag in ('script', 'iframe', 'object', 'embed', 'svg', 'img'):
            self.errors.append('forbidden element <%s>' % tag)
        for k, v in attrs:
            if k.startswith('on'):
                self.errors.append('event handler attribute %s' % k)
            if k in ('href', 'src') and not (v or '').lower().startswith(('http://', 'https://')):
                self.errors.append('%s=%r' % (k, v))
        if tag in CHECKED:
            self.stack.append(tag)
    def handle_endtag(self, tag):
        if tag not in CHECKED:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append('unexpected </%s>, open: %s' % (tag, self.stack[-3:]))
        else:
            self.stack.pop()
p = P()
p.feed(open(sys.argv[1], encoding='utf-8').read())
p.close()
if p.stack:
    p.errors.append('unclosed: %s' % p.stack)
print('\n'.join(p.errors[:5]))
)PY";

}  // namespace

std::string CheckHtml(const std::string& html) {
  std::string py = FindPython(false);
  if (py.empty()) return "no python3";
  TempDir dir;
  WriteFile(dir.path() + "/check.py", kHtmlScript);
  WriteFile(dir.path() + "/page.html", html);
  int rc = 0;
  std::string out = RunCommand(py + " " + dir.path() + "/check.py " + dir.path() + "/page.html", &rc);
  if (rc != 0) return "html checker failed";
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

std::string CheckWireFormat(const std::string& raw) {
  size_t line_no = 1, start = 0;
  for (size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '\r') {
      if (i + 1 >= raw.size() || raw[i + 1] != '\n') return "bare CR on line " + std::to_string(line_no);
      if (i - start > 998) return "line " + std::to_string(line_no) + " is " + std::to_string(i - start) + " octets";
      std::string_view line(raw.data() + start, i - start);
      if (!line.empty() && line.find_first_not_of(" \t") == std::string_view::npos) {
        return "line " + std::to_string(line_no) + " holds only blanks";
      }
      ++i;
      start = i + 1;
      ++line_no;
    } else if (raw[i] == '\n') {
      return "bare LF on line " + std::to_string(line_no);
    }
  }
  if (start != raw.size()) return "last line does not end with CRLF";
  return "";
}

std::string HeaderBlock(const std::string& raw) {
  size_t end = raw.find("\r\n\r\n");
  return end == std::string::npos ? raw : raw.substr(0, end + 2);
}

}  // namespace veille::testing
