#pragma once

#include "httpserver/httprequest.h"
#include "httpserver/httpresponse.h"
#include "webhook/admissionreviewhandler.h"
#include "webhook/conversionreviewhandler.h"

namespace locust::httpserver {
class HttpServer;
}

namespace locust::manager {

// The webhook listener's two endpoints over the pure review handlers of operatorcore/webhook:
//   POST /validate-locust-io-v2-locusttest   AdmissionReview v1
//   POST /convert                             ConversionReview v1
// A body that is not a JSON object, a content type other than JSON, or a review the handler
// cannot answer is 400 with the reason (the API server logs it and applies the failure policy).
class WebhookEndpoints
{
public:
    static constexpr const char *validatePath = "/validate-locust-io-v2-locusttest";
    static constexpr const char *convertPath = "/convert";

    explicit WebhookEndpoints(webhook::AdmissionReviewHandler admission,
                              webhook::ConversionReviewHandler conversion = {});

    httpserver::HttpResponse validate(const httpserver::HttpRequest &request) const;
    httpserver::HttpResponse convert(const httpserver::HttpRequest &request) const;

    // Routes both on server; this object must outlive it.
    void registerRoutes(httpserver::HttpServer &server) const;

private:
    template<typename Handler>
    static httpserver::HttpResponse serve(const httpserver::HttpRequest &request, const Handler &handler);

    webhook::AdmissionReviewHandler m_admission;
    webhook::ConversionReviewHandler m_conversion;
};

} // namespace locust::manager
