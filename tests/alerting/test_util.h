// Helpers for the alerting tests: temporary directories, running a command,
// and parsing a rendered message back with Python's standard `email`
// package, an independent MIME implementation, so that the tests check what
// a real mail client would see rather than what our own renderer believes.
#pragma once

#include <string>
#include <vector>

#include <rapidjson/document.h>

namespace veille::testing {

// A fresh directory under $TMPDIR, removed with everything in it on
// destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

std::string ReadFile(const std::string& path);
void WriteFile(const std::string& path, const std::string& data);
std::vector<std::string> ListDir(const std::string& dir);

// Runs `command` through /bin/sh, returns its stdout; *exit_code gets the
// exit status.
std::string RunCommand(const std::string& command, int* exit_code);

// A python3 interpreter; with `need_aiosmtpd`, one that can import aiosmtpd
// (Debian's python3-aiosmtpd lives in /usr/bin/python3, which may not be the
// first python3 on PATH). "" when none.
std::string FindPython(bool need_aiosmtpd);

// Parses a message with Python's email package (policy.default) and returns
// a JSON document: {"subject","from","to","message_id","date_iso",
// "content_type","defects":[...],"parts":[{"type","charset","cte","content",
// "defects"}], "header_names":[...]}. Fails the current test when Python is
// missing or the output is not JSON.
bool ParseWithPython(const std::string& eml, rapidjson::Document* out);

// Checks with Python's html.parser that every table, tr, td, th, a, div,
// span, p, strong, ol, li and blockquote element is closed in order, and that
// no <script>, on* attribute or non-http(s) href exists. Returns "" when
// fine, else what is wrong.
std::string CheckHtml(const std::string& html);

// Every line of `raw` ends with CRLF, none exceeds 998 octets or holds only
// blanks, no bare CR or LF anywhere. Returns a description of the first violation, or "".
std::string CheckWireFormat(const std::string& raw);

// The header block (up to the first empty line) of a rendered message.
std::string HeaderBlock(const std::string& raw);

}  // namespace veille::testing
