#pragma once

#include <QtGlobal>

namespace locust::metrics {

// How long MetricsAuthorizer keeps decisions and waits for the API server.
struct MetricsAuthorizerOptions
{
    qint64 cacheTtlMs = 10'000;      // decisions per token, verb and path; 0: no cache
    int maxCacheEntries = 1024;      // beyond this the entry closest to expiry is dropped
    qint64 reviewTimeoutMs = 10'000; // then the caller gets 500 (the review itself goes on)
};

} // namespace locust::metrics
