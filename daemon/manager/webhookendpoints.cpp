#include "manager/webhookendpoints.h"

#include "httpserver/httpserver.h"

#include <QJsonDocument>
#include <QJsonParseError>

using namespace Qt::StringLiterals;
using namespace locust::httpserver;

namespace locust::manager {

WebhookEndpoints::WebhookEndpoints(webhook::AdmissionReviewHandler admission,
                                   webhook::ConversionReviewHandler conversion)
    : m_admission(std::move(admission))
    , m_conversion(std::move(conversion))
{
}

template<typename Handler>
HttpResponse WebhookEndpoints::serve(const HttpRequest &request, const Handler &handler)
{
    const QByteArray mediaType = request.mediaType();
    if (!mediaType.isEmpty() && mediaType != "application/json")
        return HttpResponse::error(400, u"unsupported content type \"%1\": expected application/json"_s.arg(
                                            QString::fromLatin1(mediaType)));
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(request.body, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return HttpResponse::error(400, u"the request body is not JSON: "_s + parseError.errorString());
    if (!document.isObject())
        return HttpResponse::error(400, u"the request body is not a JSON object"_s);
    const Result<QJsonObject> answer = handler.handle(document.object());
    if (!answer)
        return HttpResponse::error(400, answer.errorMessage());
    return HttpResponse::json(*answer);
}

HttpResponse WebhookEndpoints::validate(const HttpRequest &request) const
{
    return serve(request, m_admission);
}

HttpResponse WebhookEndpoints::convert(const HttpRequest &request) const
{
    return serve(request, m_conversion);
}

void WebhookEndpoints::registerRoutes(HttpServer &server) const
{
    server.route("POST", QString::fromLatin1(validatePath),
                 [this](const HttpRequest &request) { return validate(request); });
    server.route("POST", QString::fromLatin1(convertPath),
                 [this](const HttpRequest &request) { return convert(request); });
}

} // namespace locust::manager
