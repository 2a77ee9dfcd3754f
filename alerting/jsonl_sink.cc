// The embedded ticket sink: a JSONL file, one ticket per line. It makes
// `veille run` useful on a fresh machine (the service team can tail the file
// or import it) and is the reference behaviour for the helpdesk sinks:
// durable before acknowledging, idempotent on external_id.
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>
#include <string>

#include "alerting/sink.h"
#include "alerting/text.h"
#include "common/log.h"

namespace veille {
namespace {

using alerting_internal::RepairUtf8;
using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

std::string Errno(const std::string& what) { return what + ": " + std::strerror(errno); }

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

// Holds flock(2) on a file for its lifetime, so that two processes appending
// to the same file never interleave or reuse a line number.
class FileLock {
 public:
  explicit FileLock(int fd) : fd_(fd), ok_(::flock(fd, LOCK_EX) == 0) {}
  ~FileLock() {
    if (ok_) ::flock(fd_, LOCK_UN);
  }
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;
  bool ok() const { return ok_; }

 private:
  int fd_;
  bool ok_;
};

// rapidjson writes bytes as given; repairing UTF-8 first keeps every line
// valid JSON whatever a mention contained.
void Str(Writer& w, const char* key, const std::string& value) {
  std::string clean = RepairUtf8(value);
  w.Key(key);
  w.String(clean.data(), static_cast<rapidjson::SizeType>(clean.size()));
}

class JsonlTicketSink : public TicketSink {
 public:
  explicit JsonlTicketSink(std::string path) : path_(std::move(path)) {}

  const char* type() const override { return "jsonl"; }

  Result<TicketRef> Create(const Ticket& ticket) override { return Append(ticket, ""); }

  // A note is one more line, {"note_for": <ticket id>, ...}, idempotent on
  // the note's external id like a ticket.
  Status AddNote(const TicketRef& ticket, const Ticket& note) override {
    auto appended = Append(note, ticket.id);
    return appended.ok() ? Status::OK() : appended.status();
  }

  Result<bool> HasNote(const TicketRef&, const std::string& note_external_id) override {
    auto found = Find(note_external_id);
    if (!found.ok()) return found.status();
    return found->has_value();
  }

  Result<std::optional<TicketRef>> Find(const std::string& external_id) override {
    Fd fd(::open(path_.c_str(), O_RDONLY | O_CLOEXEC));
    if (fd.get() < 0) {
      if (errno == ENOENT) return std::optional<TicketRef>();
      return Status::IOError(Errno("jsonl sink: open " + path_));
    }
    VEILLE_RETURN_IF_ERROR(Refresh(fd.get(), /*repair=*/false));
    auto it = index_.find(external_id);
    if (it == index_.end()) return std::optional<TicketRef>();
    return std::optional<TicketRef>(it->second);
  }

 private:
  Result<TicketRef> Append(const Ticket& ticket, const std::string& note_for) {
    Fd fd(::open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0640));
    if (fd.get() < 0) return Status::IOError(Errno("jsonl sink: open " + path_));
    FileLock lock(fd.get());
    if (!lock.ok()) return Status::IOError(Errno("jsonl sink: lock " + path_));
    VEILLE_RETURN_IF_ERROR(Refresh(fd.get(), /*repair=*/true));

    if (!ticket.external_id.empty()) {
      auto it = index_.find(ticket.external_id);
      if (it != index_.end()) {
        log::Info("ticket.jsonl.duplicate").Kv("external_id", ticket.external_id).Kv("id", it->second.id);
        return it->second;
      }
    }
    TicketRef ref;
    ref.id = ticket.external_id.empty() ? "jsonl-" + std::to_string(lines_ + 1) : ticket.external_id;
    std::string line = Encode(ticket, ref.id, note_for) + "\n";

    off_t before = static_cast<off_t>(size_);
    size_t done = 0;
    while (done < line.size()) {
      ssize_t n = ::pwrite(fd.get(), line.data() + done, line.size() - done, before + static_cast<off_t>(done));
      if (n < 0) {
        if (errno == EINTR) continue;
        Status s = Status::IOError(Errno("jsonl sink: write " + path_));
        // Leave no torn line behind for the next reader.
        if (::ftruncate(fd.get(), before) != 0) { /* reported below by the next Refresh */ }
        return s;
      }
      done += static_cast<size_t>(n);
    }
    if (::fsync(fd.get()) != 0) {
      Status s = Status::IOError(Errno("jsonl sink: fsync " + path_));
      if (::ftruncate(fd.get(), before) != 0) { /* the next Refresh repairs it */ }
      return s;
    }
    size_ += line.size();
    scanned_ = size_;  // our own line is indexed below, not rescanned
    ++lines_;
    if (!ticket.external_id.empty()) index_[ticket.external_id] = ref;
    log::Info(note_for.empty() ? "ticket.created" : "ticket.note_added").Kv("sink", "jsonl").Kv("id", ref.id)
        .Kv("path", path_).Kv("mentions", ticket.mentions.size());
    return ref;
  }

  static std::string Encode(const Ticket& t, const std::string& id, const std::string& note_for) {
    rapidjson::StringBuffer buf;
    Writer w(buf);
    w.StartObject();
    w.Key("v");
    w.Int(1);
    Str(w, "id", id);
    if (!note_for.empty()) Str(w, "note_for", note_for);
    Str(w, "external_id", t.external_id);
    Str(w, "brand", t.brand);
    Str(w, "subject", t.subject);
    Str(w, "body_text", t.body_text);
    Str(w, "body_html", t.body_html);
    Str(w, "priority", t.priority);
    w.Key("tags");
    w.StartArray();
    for (const std::string& tag : t.tags) {
      std::string clean = RepairUtf8(tag);
      w.String(clean.data(), static_cast<rapidjson::SizeType>(clean.size()));
    }
    w.EndArray();
    Str(w, "requester_name", t.requester_name);
    Str(w, "requester_handle", t.requester_handle);
    Str(w, "lang", t.lang);
    w.Key("mentions");
    w.StartArray();
    for (const ScoredMention& m : t.mentions) {
      // ToJson escapes control characters; repairing its UTF-8 cannot touch
      // the JSON structure, which is ASCII.
      std::string json = RepairUtf8(ToJson(m));
      w.RawValue(json.data(), json.size(), rapidjson::kObjectType);
    }
    w.EndArray();
    w.EndObject();
    return std::string(buf.GetString(), buf.GetSize());
  }

  // Brings the index up to date with the file: reads only what was appended
  // since the last scan (the file is append-only); rescans from the start if
  // it shrank. With `repair`, truncates a torn last line (a crash mid-append
  // that was never acknowledged) so the file stays valid JSONL.
  Status Refresh(int fd, bool repair) {
    struct stat st;
    if (::fstat(fd, &st) != 0) return Status::IOError(Errno("jsonl sink: stat " + path_));
    size_t size = static_cast<size_t>(st.st_size);
    if (size < scanned_ || st.st_ino != inode_) {
      index_.clear();
      scanned_ = 0;
      lines_ = 0;
      inode_ = st.st_ino;
    }
    // Read in chunks so that a large file costs memory for one line at a
    // time, not for the whole file.
    constexpr size_t kChunk = 1 << 20;
    std::string pending;  // bytes of a line not yet terminated
    size_t offset = scanned_;
    std::string chunk(kChunk, '\0');
    while (offset < size) {
      ssize_t n = ::pread(fd, chunk.data(), std::min(kChunk, size - offset), static_cast<off_t>(offset));
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return Status::IOError(Errno("jsonl sink: read " + path_));
      if (n == 0) break;
      offset += static_cast<size_t>(n);
      std::string_view got(chunk.data(), static_cast<size_t>(n));
      size_t pos = 0;
      for (size_t nl; (nl = got.find('\n', pos)) != std::string_view::npos; pos = nl + 1) {
        std::string_view piece = got.substr(pos, nl - pos);
        ++lines_;
        if (pending.empty()) {
          IndexLine(piece, lines_);
        } else {
          pending.append(piece);
          IndexLine(pending, lines_);
          pending.clear();
        }
      }
      pending.append(got.substr(pos));
    }
    // Only complete lines count as scanned; a pending tail is read again.
    scanned_ = offset - pending.size();
    size_ = scanned_;
    if (!pending.empty() && repair) {
      // A torn tail: an append that crashed before its newline was never
      // acknowledged, so dropping it loses nothing.
      log::Warn("ticket.jsonl.torn_line").Kv("path", path_).Kv("bytes", pending.size());
      if (::ftruncate(fd, static_cast<off_t>(scanned_)) != 0) {
        return Status::IOError(Errno("jsonl sink: truncate torn line of " + path_));
      }
    }
    return Status::OK();
  }

  void IndexLine(std::string_view line, size_t line_no) {
    rapidjson::Document doc;
    doc.Parse(line.data(), line.size());
    if (doc.HasParseError() || !doc.IsObject()) {
      log::Warn("ticket.jsonl.bad_line").Kv("path", path_).Kv("line", line_no);
      return;
    }
    auto str = [&](const char* key) -> std::string {
      auto it = doc.FindMember(key);
      return it != doc.MemberEnd() && it->value.IsString()
                 ? std::string(it->value.GetString(), it->value.GetStringLength())
                 : std::string();
    };
    std::string external_id = str("external_id");
    if (external_id.empty()) return;
    TicketRef ref;
    ref.id = str("id");
    // The first ticket with an external_id wins, as Create never writes a second.
    index_.emplace(external_id, ref);
  }

  std::string path_;
  std::map<std::string, TicketRef> index_;
  size_t scanned_ = 0;  // bytes of complete lines indexed
  size_t size_ = 0;     // where the next line goes
  size_t lines_ = 0;    // complete lines seen
  ino_t inode_ = 0;
};

}  // namespace

TicketSink::~TicketSink() = default;

Status TicketSink::AddNote(const TicketRef&, const Ticket&) {
  return Status::Permanent(std::string(type()) + " sink cannot add a note to a ticket");
}

Result<bool> TicketSink::HasNote(const TicketRef&, const std::string&) { return false; }

std::unique_ptr<TicketSink> NewJsonlTicketSink(std::string path) {
  return std::make_unique<JsonlTicketSink>(std::move(path));
}

}  // namespace veille
