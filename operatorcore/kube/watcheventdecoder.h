#pragma once

#include "kube/watchevent.h"
#include "support/result.h"

#include <QByteArray>
#include <QList>

namespace locust::kube {

// Turns the bytes of a watch response into events. The API server sends one JSON object per line
// ({"type": "ADDED", "object": {...}}); network chunks split lines anywhere, so bytes are buffered
// until a line is complete. A line that is not a well-formed event is an Error, as is a line longer
// than the line limit (a stream that never ends its line must not grow memory without bound).
class WatchEventDecoder
{
public:
    static constexpr qsizetype defaultMaxLineBytes = 64 * 1024 * 1024;

    explicit WatchEventDecoder(qsizetype maxLineBytes = defaultMaxLineBytes)
        : m_maxLineBytes(maxLineBytes)
    {
    }

    Result<QList<WatchEvent>> feed(const QByteArray &chunk);
    qsizetype bufferedBytes() const { return m_buffer.size(); }

private:
    qsizetype m_maxLineBytes;
    QByteArray m_buffer;
};

} // namespace locust::kube
