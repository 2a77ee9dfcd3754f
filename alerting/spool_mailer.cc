// The spool mailer: one .eml file per message in a directory, for a local MTA
// or a pickup directory to send, and the embedded default when no SMTP server
// is configured.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string>

#include "alerting/email.h"
#include "alerting/email_internal.h"
#include "common/log.h"

namespace veille {
namespace {

// Owns one file descriptor.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  // Closes now and reports the error close(2) may carry (NFS reports
  // write-back failures there).
  int Close() {
    int rc = ::close(fd_);
    fd_ = -1;
    return rc;
  }

 private:
  int fd_;
};

std::string Errno(const std::string& what) { return what + ": " + std::strerror(errno); }

Status WriteAll(int fd, const std::string& data, const std::string& path) {
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Status::IOError(Errno("spool: write " + path));
    }
    done += static_cast<size_t>(n);
  }
  return Status::OK();
}

class SpoolMailer : public Mailer {
 public:
  explicit SpoolMailer(std::string dir) : dir_(std::move(dir)) {}

  Status Send(const Email& email) override {
    VEILLE_RETURN_IF_ERROR(alerting_internal::ValidateForSending(email));
    std::error_code ec;
    std::filesystem::create_directories(dir_, ec);
    if (ec) return Status::IOError("spool: cannot create directory " + dir_ + ": " + ec.message());

    const std::string id = EffectiveMessageId(email);
    const std::string final_path = dir_ + "/" + alerting_internal::SpoolFileName(id);
    struct stat st;
    if (::stat(final_path.c_str(), &st) == 0) {
      log::Info("mail.spool.duplicate").Kv("message_id", id).Kv("path", final_path);
      return Status::OK();
    }

    static std::atomic<uint64_t> counter{0};
    const std::string tmp_path = dir_ + "/.tmp-" + std::to_string(::getpid()) + "-" +
                                 std::to_string(counter.fetch_add(1)) + ".eml";
    {
      Fd fd(::open(tmp_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640));
      if (fd.get() < 0) return Status::IOError(Errno("spool: create " + tmp_path));
      Status s = WriteAll(fd.get(), RenderMime(email), tmp_path);
      if (s.ok() && ::fsync(fd.get()) != 0) s = Status::IOError(Errno("spool: fsync " + tmp_path));
      if (s.ok() && fd.Close() != 0) s = Status::IOError(Errno("spool: close " + tmp_path));
      if (!s.ok()) {
        ::unlink(tmp_path.c_str());
        return s;
      }
    }
    // link(2) never replaces an existing name, so two senders racing on the
    // same Message-ID leave exactly one file, never a half-written one.
    bool duplicate = false;
    if (::link(tmp_path.c_str(), final_path.c_str()) != 0) {
      if (errno == EEXIST) {
        duplicate = true;
      } else if (errno == EPERM || errno == ENOTSUP || errno == EOPNOTSUPP || errno == EXDEV) {
        // File systems without hard links: rename is still atomic; at worst a
        // racing twin replaces an identical file.
        if (::rename(tmp_path.c_str(), final_path.c_str()) != 0) {
          Status s = Status::IOError(Errno("spool: rename " + tmp_path + " -> " + final_path));
          ::unlink(tmp_path.c_str());
          return s;
        }
      } else {
        Status s = Status::IOError(Errno("spool: link " + tmp_path + " -> " + final_path));
        ::unlink(tmp_path.c_str());
        return s;
      }
    }
    ::unlink(tmp_path.c_str());
    if (duplicate) {
      log::Info("mail.spool.duplicate").Kv("message_id", id).Kv("path", final_path);
      return Status::OK();
    }
    // The new directory entry is durable only once the directory is synced.
    Fd dir_fd(::open(dir_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (dir_fd.get() < 0 || ::fsync(dir_fd.get()) != 0) {
      return Status::IOError(Errno("spool: fsync directory " + dir_));
    }
    log::Info("mail.spooled").Kv("message_id", id).Kv("path", final_path).Kv("rcpt", email.to.size());
    return Status::OK();
  }

 private:
  std::string dir_;
};

}  // namespace

std::unique_ptr<Mailer> NewSpoolMailer(std::string dir) { return std::make_unique<SpoolMailer>(std::move(dir)); }

}  // namespace veille
