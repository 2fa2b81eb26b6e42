// libpq, loaded when the first PostgreSQL connection is made, not when luodi
// starts: linked directly, libpq and what it needs (Kerberos, LDAP, GnuTLS,
// …, 25 libraries) took about 6 ms of every command's start, a SQLite city's
// `show` included (issue 29). Each libpq function the store calls is defined
// here and calls the library's own, looked up once. A function the store
// starts to use is added to the list below (the link fails until it is).
#include <dlfcn.h>
#include <libpq-fe.h>

#include <cstdio>
#include <cstdlib>
#include <initializer_list>

namespace {

void* libpq() {
  static void* handle = [] {
    for (const char* name : {"libpq.so.5", "libpq.5.dylib", "libpq.so"})
      if (void* h = dlopen(name, RTLD_NOW | RTLD_LOCAL)) return h;
    std::fprintf(stderr, "luodi: cannot load libpq (libpq.so.5): %s\n", dlerror());
    return static_cast<void*>(nullptr);
  }();
  return handle;
}

// The library's `name`; null when libpq cannot be loaded.
void* lookup(const char* name) {
  void* h = libpq();
  if (!h) return nullptr;
  void* f = dlsym(h, name);
  if (!f) std::fprintf(stderr, "luodi: libpq has no %s: %s\n", name, dlerror());
  return f;
}

template <typename F>
F* resolved(F*, const char* name) {
  return reinterpret_cast<F*>(lookup(name));
}

}  // namespace

// Defines `name` with the library's signature; `fallback` is what it answers
// when libpq cannot be loaded (only reached through a failed connection: a
// null PGconn, as libpq itself answers then).
#define LUODI_LIBPQ(ret, name, params, args, fallback)                        \
  extern "C" ret name params {                                                \
    static auto* real = resolved(static_cast<ret(*) params>(nullptr), #name); \
    if (!real) return fallback;                                               \
    return real args;                                                         \
  }

// Functions without a result.
#define LUODI_LIBPQ_VOID(name, params, args)                                   \
  extern "C" void name params {                                                \
    static auto* real = resolved(static_cast<void(*) params>(nullptr), #name); \
    if (real) real args;                                                       \
  }

LUODI_LIBPQ(PGconn*, PQconnectdb, (const char* conninfo), (conninfo), nullptr)
LUODI_LIBPQ(ConnStatusType, PQstatus, (const PGconn* conn), (conn), CONNECTION_BAD)
LUODI_LIBPQ(char*, PQerrorMessage, (const PGconn* conn), (conn),
            const_cast<char*>("libpq.so.5 could not be loaded"))
LUODI_LIBPQ_VOID(PQfinish, (PGconn * conn), (conn))
LUODI_LIBPQ_VOID(PQreset, (PGconn * conn), (conn))
LUODI_LIBPQ(PGPing, PQping, (const char* conninfo), (conninfo), PQPING_NO_ATTEMPT)
LUODI_LIBPQ(PQnoticeProcessor, PQsetNoticeProcessor,
            (PGconn * conn, PQnoticeProcessor proc, void* arg), (conn, proc, arg), nullptr)
LUODI_LIBPQ(int, PQsocket, (const PGconn* conn), (conn), -1)
LUODI_LIBPQ(PGTransactionStatusType, PQtransactionStatus, (const PGconn* conn), (conn),
            PQTRANS_UNKNOWN)
LUODI_LIBPQ(int, PQserverVersion, (const PGconn* conn), (conn), 0)
LUODI_LIBPQ(const char*, PQparameterStatus, (const PGconn* conn, const char* param), (conn, param),
            nullptr)
LUODI_LIBPQ(char*, PQdb, (const PGconn* conn), (conn), nullptr)
LUODI_LIBPQ(int, PQclientEncoding, (const PGconn* conn), (conn), -1)
LUODI_LIBPQ(int, PQsetClientEncoding, (PGconn * conn, const char* encoding), (conn, encoding), -1)
LUODI_LIBPQ(int, PQsetnonblocking, (PGconn * conn, int arg), (conn, arg), -1)
LUODI_LIBPQ(int, PQflush, (PGconn * conn), (conn), -1)
LUODI_LIBPQ(int, PQconsumeInput, (PGconn * conn), (conn), 0)
LUODI_LIBPQ(int, PQisBusy, (PGconn * conn), (conn), 0)
LUODI_LIBPQ(PGnotify*, PQnotifies, (PGconn * conn), (conn), nullptr)
LUODI_LIBPQ_VOID(PQfreemem, (void* ptr), (ptr))
LUODI_LIBPQ(PGcancel*, PQgetCancel, (PGconn * conn), (conn), nullptr)
LUODI_LIBPQ_VOID(PQfreeCancel, (PGcancel * cancel), (cancel))
LUODI_LIBPQ(int, PQcancel, (PGcancel * cancel, char* errbuf, int errbufsize),
            (cancel, errbuf, errbufsize), 0)
// Statements.
LUODI_LIBPQ(PGresult*, PQexec, (PGconn * conn, const char* query), (conn, query), nullptr)
LUODI_LIBPQ(PGresult*, PQexecParams,
            (PGconn * conn, const char* command, int n, const Oid* types, const char* const* values,
             const int* lengths, const int* formats, int result_format),
            (conn, command, n, types, values, lengths, formats, result_format), nullptr)
LUODI_LIBPQ(PGresult*, PQprepare,
            (PGconn * conn, const char* name, const char* query, int n, const Oid* types),
            (conn, name, query, n, types), nullptr)
LUODI_LIBPQ(PGresult*, PQexecPrepared,
            (PGconn * conn, const char* name, int n, const char* const* values, const int* lengths,
             const int* formats, int result_format),
            (conn, name, n, values, lengths, formats, result_format), nullptr)
LUODI_LIBPQ(int, PQsendQuery, (PGconn * conn, const char* query), (conn, query), 0)
LUODI_LIBPQ(int, PQsendQueryParams,
            (PGconn * conn, const char* command, int n, const Oid* types, const char* const* values,
             const int* lengths, const int* formats, int result_format),
            (conn, command, n, types, values, lengths, formats, result_format), 0)
LUODI_LIBPQ(int, PQsendPrepare,
            (PGconn * conn, const char* name, const char* query, int n, const Oid* types),
            (conn, name, query, n, types), 0)
LUODI_LIBPQ(int, PQsendQueryPrepared,
            (PGconn * conn, const char* name, int n, const char* const* values, const int* lengths,
             const int* formats, int result_format),
            (conn, name, n, values, lengths, formats, result_format), 0)
LUODI_LIBPQ(int, PQsetSingleRowMode, (PGconn * conn), (conn), 0)
LUODI_LIBPQ(PGresult*, PQgetResult, (PGconn * conn), (conn), nullptr)
LUODI_LIBPQ(int, PQenterPipelineMode, (PGconn * conn), (conn), 0)
LUODI_LIBPQ(int, PQexitPipelineMode, (PGconn * conn), (conn), 0)
LUODI_LIBPQ(int, PQpipelineSync, (PGconn * conn), (conn), 0)
// COPY.
LUODI_LIBPQ(int, PQputCopyData, (PGconn * conn, const char* buffer, int nbytes),
            (conn, buffer, nbytes), -1)
LUODI_LIBPQ(int, PQputCopyEnd, (PGconn * conn, const char* errormsg), (conn, errormsg), -1)
LUODI_LIBPQ(int, PQgetCopyData, (PGconn * conn, char** buffer, int async), (conn, buffer, async),
            -2)
// Results.
LUODI_LIBPQ_VOID(PQclear, (PGresult * res), (res))
LUODI_LIBPQ(ExecStatusType, PQresultStatus, (const PGresult* res), (res), PGRES_FATAL_ERROR)
LUODI_LIBPQ(char*, PQresultErrorMessage, (const PGresult* res), (res), nullptr)
LUODI_LIBPQ(char*, PQresultErrorField, (const PGresult* res, int code), (res, code), nullptr)
LUODI_LIBPQ(int, PQntuples, (const PGresult* res), (res), 0)
LUODI_LIBPQ(int, PQnfields, (const PGresult* res), (res), 0)
LUODI_LIBPQ(char*, PQfname, (const PGresult* res, int field), (res, field), nullptr)
LUODI_LIBPQ(int, PQfnumber, (const PGresult* res, const char* name), (res, name), -1)
LUODI_LIBPQ(Oid, PQftype, (const PGresult* res, int field), (res, field), 0)
LUODI_LIBPQ(int, PQfformat, (const PGresult* res, int field), (res, field), 0)
LUODI_LIBPQ(int, PQfsize, (const PGresult* res, int field), (res, field), 0)
LUODI_LIBPQ(int, PQbinaryTuples, (const PGresult* res), (res), 0)
LUODI_LIBPQ(char*, PQgetvalue, (const PGresult* res, int row, int field), (res, row, field),
            nullptr)
LUODI_LIBPQ(int, PQgetlength, (const PGresult* res, int row, int field), (res, row, field), 0)
LUODI_LIBPQ(int, PQgetisnull, (const PGresult* res, int row, int field), (res, row, field), 1)
LUODI_LIBPQ(char*, PQcmdTuples, (PGresult * res), (res), nullptr)
// Quoting.
LUODI_LIBPQ(char*, PQescapeIdentifier, (PGconn * conn, const char* str, size_t len),
            (conn, str, len), nullptr)
LUODI_LIBPQ(char*, PQescapeLiteral, (PGconn * conn, const char* str, size_t len), (conn, str, len),
            nullptr)
LUODI_LIBPQ(size_t, PQescapeStringConn,
            (PGconn * conn, char* to, const char* from, size_t length, int* error),
            (conn, to, from, length, error), 0)
