// FileLock: an advisory flock(2) on a file, held for as long as the object
// lives, so that cron cannot run two copies of the same job at once. The
// kernel drops the lock when the process dies, so a crash never leaves a
// stale lock behind.
#pragma once

#include <memory>
#include <string>

#include "common/status.h"

namespace veille {

class FileLock {
 public:
  // Takes the lock without waiting. Busy when another process holds it
  // (the message names the holder's pid when it wrote one), IOError when the
  // file cannot be created.
  static Result<std::unique_ptr<FileLock>> TryAcquire(const std::string& path);
  ~FileLock();
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

 private:
  explicit FileLock(int fd) : fd_(fd) {}
  int fd_;
};

}  // namespace veille
