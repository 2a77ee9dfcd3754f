#include "tests/support/dovecot_server.h"

#include <arpa/inet.h>
#include <grp.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

namespace veille::testing {
namespace {

namespace fs = std::filesystem;

constexpr const char* kDovecot = "/usr/sbin/dovecot";

// A port the kernel just handed out on 127.0.0.1 (free a moment ago).
uint16_t FreePort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return 0;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  uint16_t port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  ::close(fd);
  return port;
}

bool Accepts(uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return false;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(port);
  bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  ::close(fd);
  return ok;
}

std::string NameOfUid(uid_t uid) {
  passwd* pw = ::getpwuid(uid);
  return pw != nullptr ? pw->pw_name : std::to_string(uid);
}

std::string NameOfGid(gid_t gid) {
  group* gr = ::getgrgid(gid);
  return gr != nullptr ? gr->gr_name : std::to_string(gid);
}

void ChownTree(const fs::path& root, uid_t uid, gid_t gid) {
  ::chown(root.c_str(), uid, gid);
  std::error_code ec;
  for (const auto& e : fs::recursive_directory_iterator(root, ec)) ::chown(e.path().c_str(), uid, gid);
}

}  // namespace

DovecotServer::~DovecotServer() {
  Stop();
  if (!dir_.empty()) {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
}

std::string DovecotServer::Url(const std::string& mailbox) const {
  return "imap://127.0.0.1:" + std::to_string(port_) + "/" + mailbox;
}

std::string DovecotServer::Log() const {
  std::ifstream in(fs::path(dir_) / "dovecot.log");
  std::stringstream ss;
  ss << in.rdbuf();
  std::string s = ss.str();
  return s.size() > 4000 ? s.substr(s.size() - 4000) : s;
}

bool DovecotServer::Start(const std::string& user, const std::string& password, std::string* error) {
  if (::access(kDovecot, X_OK) != 0) {
    *error = std::string(kDovecot) + " not found: install dovecot-imapd (scripts/deps)";
    return false;
  }
  char tmpl[] = "/tmp/veille-dovecot-XXXXXX";
  if (::mkdtemp(tmpl) == nullptr) {
    *error = "mkdtemp failed";
    return false;
  }
  dir_ = tmpl;
  user_ = user;
  const fs::path d(dir_);
  for (const char* sub : {"run", "state", "home", "mail"}) fs::create_directories(d / sub);
  for (const char* sub : {"cur", "new", "tmp"}) fs::create_directories(d / "mail" / user / sub);

  // Dovecot will not run its login or mail processes as root.
  std::string login_user = NameOfUid(::geteuid()), internal_group = NameOfGid(::getegid());
  mail_uid_ = ::geteuid();
  mail_gid_ = ::getegid();
  if (::geteuid() == 0) {
    passwd* nobody = ::getpwnam("nobody");
    if (nobody == nullptr) {
      *error = "running as root and there is no user 'nobody' for Dovecot's unprivileged processes";
      return false;
    }
    login_user = "nobody";
    internal_group = NameOfGid(nobody->pw_gid);
    mail_uid_ = nobody->pw_uid;
    mail_gid_ = nobody->pw_gid;
    chown_ = true;
    ::chmod(dir_.c_str(), 0755);
  }

  port_ = FreePort();
  if (port_ == 0) {
    *error = "no free port on 127.0.0.1";
    return false;
  }
  std::ofstream(d / "passwd") << user << ":{PLAIN}" << password << "::::::\n";
  ::chmod((d / "passwd").c_str(), 0644);
  std::ofstream conf(d / "dovecot.conf");
  conf << "base_dir = " << (d / "run").string() << "\n"
       << "state_dir = " << (d / "state").string() << "\n"
       << "instance_name = veille-test-" << ::getpid() << "-" << port_ << "\n"
       << "log_path = " << (d / "dovecot.log").string() << "\n"
       << "protocols = imap\n"
       << "listen = 127.0.0.1\n"
       << "ssl = no\n"
       << "disable_plaintext_auth = no\n"
       << "auth_mechanisms = plain login\n"
       << "default_login_user = " << login_user << "\n"
       << "default_internal_user = " << login_user << "\n"
       << "default_internal_group = " << internal_group << "\n"
       << "first_valid_uid = 1\n"
       << "mail_location = maildir:" << (d / "mail").string() << "/%u\n"
       << "passdb {\n  driver = passwd-file\n  args = scheme=PLAIN username_format=%u " << (d / "passwd").string()
       << "\n}\n"
       << "userdb {\n  driver = static\n  args = uid=" << mail_uid_ << " gid=" << mail_gid_
       << " home=" << (d / "home").string() << "/%u\n}\n"
       << "service imap-login {\n  inet_listener imap {\n    address = 127.0.0.1\n    port = " << port_
       << "\n  }\n  inet_listener imaps {\n    port = 0\n  }\n  chroot =\n}\n"
       << "service anvil {\n  chroot =\n}\n";
  conf.close();
  if (chown_) {
    ChownTree(d / "mail", mail_uid_, mail_gid_);
    ChownTree(d / "home", mail_uid_, mail_gid_);
  }

  pid_ = ::fork();
  if (pid_ < 0) {
    *error = "fork failed";
    return false;
  }
  if (pid_ == 0) {
    std::string out = (d / "stdout.log").string();
    std::freopen(out.c_str(), "w", stdout);
    std::freopen(out.c_str(), "a", stderr);
    std::string conf_path = (d / "dovecot.conf").string();
    ::execl(kDovecot, kDovecot, "-F", "-c", conf_path.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  for (int i = 0; i < 200; ++i) {  // up to 10 s
    if (Accepts(port_)) return true;
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      std::ifstream in(d / "stdout.log");
      std::stringstream ss;
      ss << in.rdbuf();
      *error = "dovecot exited at startup: " + ss.str() + Log();
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  *error = "dovecot did not listen on 127.0.0.1:" + std::to_string(port_) + " within 10 s: " + Log();
  Stop();
  return false;
}

void DovecotServer::Stop() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGTERM);
  int status = 0;
  for (int i = 0; i < 100; ++i) {  // up to 5 s, then SIGKILL
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ::kill(pid_, SIGKILL);
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
}

bool DovecotServer::Deliver(const std::string& raw, bool seen) {
  const fs::path box = fs::path(dir_) / "mail" / user_;
  std::string name = std::to_string(std::time(nullptr)) + ".M" + std::to_string(++delivered_) + "P" +
                     std::to_string(::getpid()) + ".veille-test";
  fs::path tmp = box / "tmp" / name, dst = seen ? box / "cur" / (name + ":2,S") : box / "new" / name;
  {
    std::ofstream out(tmp, std::ios::binary);
    out << raw;
    if (!out) return false;
  }
  if (chown_) ::chown(tmp.c_str(), mail_uid_, mail_gid_);
  std::error_code ec;
  fs::rename(tmp, dst, ec);
  return !ec;
}

int DovecotServer::SeenCount() const {
  int seen = 0;
  std::error_code ec;
  for (const char* sub : {"cur", "new"}) {
    for (const auto& e : fs::directory_iterator(fs::path(dir_) / "mail" / user_ / sub, ec)) {
      std::string name = e.path().filename().string();
      size_t info = name.rfind(":2,");
      if (info != std::string::npos && name.find('S', info + 3) != std::string::npos) ++seen;
    }
  }
  return seen;
}

}  // namespace veille::testing
