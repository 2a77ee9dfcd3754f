#include <filesystem>

#include "alerting/email.h"
#include "alerting/helpdesk_sink.h"
#include "collectors/http_client.h"
#include "alerting/sink.h"
#include "common/log.h"
#include "common/secret.h"
#include "jobs/pipeline.h"

namespace veille {

Result<std::unique_ptr<JobEnv>> JobEnv::Open(Config config, bool with_kafka, int64_t lock_wait_ms) {
  auto env = std::make_unique<JobEnv>();
  env->config = std::move(config);
  std::error_code ec;
  std::filesystem::create_directories(env->config.data_dir, ec);
  if (ec) return Status::IOError("cannot create data_dir " + env->config.data_dir + ": " + ec.message());
  StoreOptions so;
  so.lock_wait_ms = lock_wait_ms;
  auto store = Store::Open((std::filesystem::path(env->config.data_dir) / "state").string(), so);
  if (!store.ok()) return store.status();
  env->store = std::move(store).value();
  if (!with_kafka) return env;

  const KafkaConfig& k = env->config.kafka;
  std::vector<std::string> topics = {k.topic_raw, k.topic_scored};
  if (env->config.embedded_kafka()) {
    auto cluster = EmbeddedKafka::Start(topics, k.partitions);
    if (!cluster.ok()) return cluster.status();
    env->embedded = std::move(cluster).value();
    env->bootstrap_servers = env->embedded->bootstrap_servers();
  } else {
    env->bootstrap_servers = k.brokers;
    VEILLE_RETURN_IF_ERROR(EnsureTopics(k, k.brokers, topics));
  }
  auto producer = Producer::Create(k, env->bootstrap_servers);
  if (!producer.ok()) return producer.status();
  env->producer = std::move(producer).value();
  return env;
}

Result<std::unique_ptr<TicketSink>> MakeTicketSink(const Config& config) {
  if (config.tickets.sink == "jsonl") {
    std::string path = config.tickets.options.GetString("path");
    std::error_code ec;
    std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
    return NewJsonlTicketSink(path);
  }
  const Options& o = config.tickets.options;
  const std::string& sink = config.tickets.sink;
  auto secret = [&o, &sink](const char* key) -> Result<std::string> {
    auto v = ResolveSecret(o.GetString(key));
    if (!v.ok()) return v.status().WithContext("tickets." + std::string(key) + " (sink " + sink + ")");
    return v;
  };
  if (sink == "email") {
    SmtpOptions so;
    so.url = o.GetString("smtp_url");
    so.username = o.GetString("smtp_username");
    if (!o.GetString("smtp_password").empty()) {
      auto pw = secret("smtp_password");
      if (!pw.ok()) return pw.status();
      so.password = *pw;
    }
    so.require_tls = o.GetBool("smtp_require_tls", false);
    so.timeout_ms = o.GetInt("smtp_timeout_seconds", 30) * 1000;
    EmailTicketOptions eo;
    eo.from = o.GetString("from", "veille <veille@localhost>");
    eo.to = o.GetList("to");
    return NewEmailTicketSink(NewSmtpMailer(so), eo);
  }
  HelpdeskOptions h;
  h.url = o.GetString("url");
  h.timeout_ms = o.GetInt("timeout_seconds", 30) * 1000;
  h.requester_email = o.GetString("requester_email");
  const char* token_key = sink == "freshdesk" ? "api_key" : sink == "webhook" ? "secret" : "api_token";
  auto token = secret(token_key);
  if (!token.ok()) return token.status();
  h.token = *token;
  h.user = o.GetString("email");
  if (sink == "zendesk") return NewZendeskTicketSink(NewCurlHttpClient(), h);
  if (sink == "freshdesk") {
    h.freshdesk_source = o.GetInt("source", 2);
    h.freshdesk_group_id = o.GetInt("group_id", 0);
    return NewFreshdeskTicketSink(NewCurlHttpClient(), h);
  }
  if (sink == "jsm") {
    h.jsm_service_desk_id = o.GetString("service_desk_id");
    h.jsm_request_type_id = o.GetString("request_type_id");
    h.jsm_set_priority = o.GetBool("set_priority", false);
    return NewJsmTicketSink(NewCurlHttpClient(), h);
  }
  if (sink == "webhook") {
    h.webhook_lookup_url = o.GetString("lookup_url");
    return NewWebhookTicketSink(NewCurlHttpClient(), h);
  }
  return Status::InvalidArgument("unknown ticket sink " + sink);
}

Result<std::unique_ptr<Mailer>> MakeMailer(const Config& config) {
  const EmailConfig& e = config.email;
  if (e.smtp_url.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(e.spool_dir, ec);
    if (ec) return Status::IOError("cannot create spool_dir " + e.spool_dir + ": " + ec.message());
    return NewSpoolMailer(e.spool_dir);
  }
  SmtpOptions o;
  o.url = e.smtp_url;
  o.username = e.smtp_username;
  if (!e.smtp_password.empty()) {
    auto pw = ResolveSecret(e.smtp_password);
    if (!pw.ok()) return pw.status().WithContext("email.smtp_password");
    o.password = *pw;
  }
  o.require_tls = e.smtp_require_tls;
  o.timeout_ms = e.smtp_timeout_seconds * 1000;
  return NewSmtpMailer(o);
}

void RecordRun(JobEnv& env, const std::string& job, int64_t started_ms, int exit_code,
               const std::string& summary_json) {
  std::string v = "{\"started_ms\":" + std::to_string(started_ms) +
                  ",\"finished_ms\":" + std::to_string(env.clock->NowMs()) +
                  ",\"exit_code\":" + std::to_string(exit_code) + ",\"summary\":" +
                  (summary_json.empty() ? "{}" : summary_json) + "}";
  Status st = env.store->PutMeta("run/" + job, v);
  if (!st.ok()) log::Warn("run.record_failed").Kv("job", job).Kv("error", st.ToString());
}

}  // namespace veille
