// DovecotServer: a real Dovecot IMAP server (Debian's dovecot-imapd) for
// integration tests, started by the test on 127.0.0.1 with a throwaway
// configuration in a temp dir: one user from a passwd-file, Maildir storage
// under the temp dir, a free non-privileged port, plaintext login, no TLS.
// It runs as the current user; when that is root (containers), Dovecot
// refuses root for its login and mail processes, so those run as "nobody"
// and the temp dir is handed to that user. Messages are delivered by writing
// Maildir files, as a local delivery agent would. Not thread-safe.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>

namespace veille::testing {

class DovecotServer {
 public:
  DovecotServer() = default;
  ~DovecotServer();
  DovecotServer(const DovecotServer&) = delete;
  DovecotServer& operator=(const DovecotServer&) = delete;

  // Writes the config and starts dovecot in the foreground; waits until the
  // IMAP port accepts connections. False with the reason (and the tail of
  // Dovecot's log) in *error.
  bool Start(const std::string& user, const std::string& password, std::string* error);
  // Stops dovecot (SIGTERM, then waits). Idempotent; the temp dir stays
  // until destruction so a test can still deliver or inspect.
  void Stop();

  uint16_t port() const { return port_; }
  // "imap://127.0.0.1:<port>/" + mailbox
  std::string Url(const std::string& mailbox = "INBOX") const;
  // Puts `raw` (a whole RFC 5322 message) in the user's INBOX as a new
  // message, unread (or already read when `seen`). False when the file
  // cannot be written.
  bool Deliver(const std::string& raw, bool seen = false);
  // How many of the user's INBOX messages carry the \Seen flag (Maildir
  // keeps it in the file name: "...:2,S").
  int SeenCount() const;
  // Dovecot's log so far (for failure messages).
  std::string Log() const;
  const std::string& dir() const { return dir_; }

 private:
  std::string dir_;
  std::string user_;
  pid_t pid_ = -1;
  uint16_t port_ = 0;
  uid_t mail_uid_ = 0;
  gid_t mail_gid_ = 0;
  bool chown_ = false;
  int delivered_ = 0;
};

}  // namespace veille::testing
