#include "metrics/metricsroute.h"

#include "metrics/metricsauthorizer.h"
#include "metrics/metricsregistry.h"

using namespace Qt::StringLiterals;

namespace locust::metrics {

httpserver::HttpResponse metricsResponse(const MetricsRegistry &registry)
{
    httpserver::HttpResponse response;
    response.headers.set("Content-Type", MetricsRegistry::contentType);
    response.body = registry.exposition();
    return response;
}

void routeMetrics(httpserver::HttpServer &server, const MetricsRegistry &registry, MetricsAuthorizer *authorizer)
{
    httpserver::HttpServer::Handler serve = [&registry](const httpserver::HttpRequest &) {
        return metricsResponse(registry);
    };
    if (authorizer)
        server.routeAsync("GET", u"/metrics"_s, authorizer->protect(std::move(serve)));
    else
        server.route("GET", u"/metrics"_s, std::move(serve));
}

} // namespace locust::metrics
