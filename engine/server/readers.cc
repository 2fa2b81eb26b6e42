#include "server/readers.h"

#include <malloc.h>

#include <algorithm>
#include <boost/asio/post.hpp>

namespace luodi::server {

namespace asio = boost::asio;

namespace {
constexpr std::size_t kLargeAnswer = 1 << 20;
constexpr std::size_t kPiece = 64 << 10;  // a streamed body's pieces
// Each reader keeps 16 MiB of pages (the writer 64): a few readers' caches
// stay a small part of the server's memory; the system's file cache keeps
// the rest of a large database at hand.
constexpr std::size_t kReaderCacheKib = 16 << 10;
}  // namespace

Result<std::unique_ptr<Readers>> Readers::open(const std::string& database, CityRouter& router,
                                               const Clock& clock, int count, Observer* observer,
                                               const ApiOptions& options,
                                               asio::any_io_executor network) {
  for (const auto& city : router.cities())
    LUODI_RETURN_IF_ERROR(Engine::open(database, clock, city).status());
  return std::unique_ptr<Readers>(
      new Readers(database, router, clock, std::max(1, count), observer, options, network));
}

Readers::~Readers() { pool_.join(); }

Result<Readers::Reader*> Readers::mine(const std::string& city) {
  std::lock_guard lock(mutex_);
  // Asked under this lock, so that a city forgotten is never opened again.
  if (!router_.serves(city)) return Status::NotFound("city " + city + " is no longer served here");
  auto& slot = readers_[{std::this_thread::get_id(), city}];
  if (!slot) {
    auto reader = std::make_unique<Reader>();
    LUODI_ASSIGN_OR_RETURN(reader->engine, Engine::open(database_, clock_, city));
    LUODI_RETURN_IF_ERROR(reader->engine->limit_page_cache(kReaderCacheKib));
    reader->api = std::make_unique<Api>(*reader->engine, observer_, nullptr, options_);
    slot = std::move(reader);
  }
  return slot.get();
}

Engine* Readers::engine(const std::string& city) {
  auto r = mine(city);
  return r.ok() ? (*r)->engine.get() : nullptr;
}

void Readers::forget(const std::string& city) {
  std::lock_guard lock(mutex_);
  for (auto it = readers_.begin(); it != readers_.end();) {
    if (it->first.second != city) {
      ++it;
      continue;
    }
    forgotten_.emplace(it->first.first, std::move(it->second));
    it = readers_.erase(it);
  }
}

void Readers::close_forgotten() {
  std::vector<std::unique_ptr<Reader>> closing;
  {
    std::lock_guard lock(mutex_);
    auto [from, to] = forgotten_.equal_range(std::this_thread::get_id());
    for (auto it = from; it != to; ++it) closing.push_back(std::move(it->second));
    forgotten_.erase(from, to);
  }
  // Closed here, outside the lock: the other readers go on meanwhile.
}

void Readers::dispose(Response res) {
  if (res.body().size() <= kLargeAnswer) return;
  asio::post(pool_, [res = std::move(res)]() mutable {
    res = Response();
    malloc_trim(0);
  });
}

std::shared_ptr<BodyPipe> Readers::start(const Request& req, std::string& route, std::string& user,
                                         std::optional<DataStamp> stamp) {
  auto pipe = std::make_shared<BodyPipe>(network_);
  asio::post(pool_,
             [this, pipe, &req, &route, &user, stamp] { answer(req, route, user, stamp, *pipe); });
  return pipe;
}

void Readers::answer(const Request& req, std::string& route, std::string& user,
                     std::optional<DataStamp> stamp, BodyPipe& pipe) {
  bool started = false;  // the head went out: what follows is the body
  close_forgotten();
  try {
    const std::string city =
        router_.city_of(req, [this](const std::string& c) { return engine(c); });
    auto reader = mine(city);
    if (!reader.ok()) return pipe.answer(error_response(reader.status(), req, false));
    Answer a = (*reader)->api->answer(req, route, user, stamp);
    if (!a.body) {
      // What a long answer took to work out (a report) goes back to the
      // system now, not whenever the allocator sees fit.
      if (a.response.body().size() > kLargeAnswer) malloc_trim(0);
      return pipe.answer(std::move(a.response));
    }
    // The body in pieces of kPiece bytes; one that fits in the first is sent
    // whole (with its length), and one that fails before then as an error.
    std::string piece;
    std::size_t sent = 0;
    const Status s = a.body([&](std::string_view more) {
      piece += more;
      if (piece.size() < kPiece) return true;
      if (!started) {
        a.response.chunked(true);
        pipe.head(std::move(a.response));
        started = true;
      }
      sent += piece.size();
      const bool taken = pipe.put(std::move(piece));
      piece.clear();
      return taken;
    });
    if (!started) {
      if (!s.ok()) return pipe.answer(error_response(s, req, req.keep_alive()));
      a.response.body() = std::move(piece);
      a.response.prepare_payload();
      return pipe.answer(std::move(a.response));
    }
    const bool complete = s.ok() && (piece.empty() || pipe.put(std::move(piece)));
    pipe.end(complete);
    if (sent > kLargeAnswer) malloc_trim(0);
  } catch (const std::exception& e) {
    if (started) return pipe.end(false);
    pipe.answer(error_response(http::status::internal_server_error, "internal", e.what(),
                               req.version(), false));
  }
}

}  // namespace luodi::server
