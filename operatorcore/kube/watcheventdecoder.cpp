#include "kube/watcheventdecoder.h"

#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace locust::kube {

namespace {

Result<WatchEvent> decodeLine(const QByteArray &line)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(line, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return Error{u"malformed watch event: "_s + error.errorString()};
    const QJsonObject event = document.object();
    const QString type = event.value(u"type").toString();
    WatchEvent decoded;
    decoded.object = event.value(u"object").toObject();
    if (type == u"ADDED")
        decoded.type = WatchEvent::Type::Added;
    else if (type == u"MODIFIED")
        decoded.type = WatchEvent::Type::Modified;
    else if (type == u"DELETED")
        decoded.type = WatchEvent::Type::Deleted;
    else if (type == u"BOOKMARK")
        decoded.type = WatchEvent::Type::Bookmark;
    else if (type == u"ERROR")
        decoded.type = WatchEvent::Type::Error;
    else
        return Error{u"unknown watch event type \""_s + type + u'"'};
    if (!event.value(u"object").isObject())
        return Error{u"watch event without an object"_s};
    return decoded;
}

} // namespace

Result<QList<WatchEvent>> WatchEventDecoder::feed(const QByteArray &chunk)
{
    m_buffer += chunk;
    QList<WatchEvent> events;
    qsizetype start = 0;
    for (qsizetype newline = m_buffer.indexOf('\n'); newline >= 0; newline = m_buffer.indexOf('\n', start)) {
        const QByteArray line = m_buffer.mid(start, newline - start).trimmed();
        start = newline + 1;
        if (line.isEmpty())
            continue;
        Result<WatchEvent> event = decodeLine(line);
        if (!event) {
            m_buffer.clear();
            return event.error();
        }
        events << std::move(event).value();
    }
    m_buffer.remove(0, start);
    if (m_buffer.size() > m_maxLineBytes) {
        m_buffer.clear();
        return Error{u"a watch event is longer than %1 bytes"_s.arg(m_maxLineBytes)};
    }
    return events;
}

} // namespace locust::kube
