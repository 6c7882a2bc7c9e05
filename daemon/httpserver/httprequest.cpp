#include "httpserver/httprequest.h"

namespace locust::httpserver {

QByteArray HttpRequest::mediaType() const
{
    const QByteArray contentType = headers.value("content-type");
    const qsizetype semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.left(semicolon)).trimmed().toLower();
}

} // namespace locust::httpserver
