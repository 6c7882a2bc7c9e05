#pragma once

#include "httpserver/httpresponse.h"
#include "httpserver/httpserver.h"

namespace locust::metrics {

class MetricsAuthorizer;
class MetricsRegistry;

// The registry's exposition as a 200 response with the exposition format's Content-Type.
httpserver::HttpResponse metricsResponse(const MetricsRegistry &registry);

// Serves GET (and HEAD) /metrics from registry on server. With an authorizer (--metrics-secure), only
// to callers it allows; refusals get 401, 403 or 500, and 503 once the authorizer is gone. registry
// must outlive server.
void routeMetrics(httpserver::HttpServer &server, const MetricsRegistry &registry,
                  MetricsAuthorizer *authorizer = nullptr);

} // namespace locust::metrics
