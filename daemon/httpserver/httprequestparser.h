#pragma once

#include "httpserver/httprequest.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

#include <optional>

namespace locust::httpserver {

// An incremental HTTP/1.x request parser with size limits, independent of sockets: feed() what
// arrived, then call next() until it says NeedMoreData. Requests sent back to back (pipelining) come
// out one at a time. Bodies are Content-Length or chunked; a request without either has no body.
//
// Errors carry the status to answer with, after which the connection must be closed:
//   400 malformed syntax, missing Host (HTTP/1.1), conflicting framing headers
//   413 body (declared or de-chunked) larger than maxBodyBytes, detected as soon as it is known
//   417 an Expect other than 100-continue
//   431 request line + header fields (or the trailer section) larger than maxHeaderBytes
//   501 a Transfer-Encoding other than exactly "chunked"
//   505 an HTTP major version other than 1
//
// Deliberately strict where leniency lets requests be smuggled past a proxy: Content-Length together
// with Transfer-Encoding, differing Content-Length values, whitespace before a field's colon and
// obsolete line folding are all 400. Bare LF line ends are accepted (RFC 9112 §2.2 allows it).
class HttpRequestParser
{
public:
    enum class Event {
        NeedMoreData,     // everything buffered is consumed; feed() more
        ContinueExpected, // headers of an "Expect: 100-continue" request are in and the body is allowed
        RequestReady,     // takeRequest() returns it; the parser moved on to the next request
        Failed,           // errorStatus()/errorMessage(); the parser stays failed
    };
    enum class Phase {
        Idle, // no byte of the next request yet
        Head, // inside the request line or header fields
        Body, // headers complete, reading the body
    };

    static constexpr qsizetype DefaultMaxHeaderBytes = 16 * 1024;
    static constexpr qsizetype DefaultMaxBodyBytes = 8 * 1024 * 1024;

    explicit HttpRequestParser(qsizetype maxHeaderBytes = DefaultMaxHeaderBytes,
                               qsizetype maxBodyBytes = DefaultMaxBodyBytes);

    void feed(QByteArrayView data);
    Event next();
    HttpRequest takeRequest();

    Phase phase() const;
    bool hasFailed() const { return m_state == State::Failed; }
    int errorStatus() const { return m_errorStatus; }
    QString errorMessage() const { return m_errorMessage; }
    // Bytes fed but not consumed yet (the start of a pipelined request, for instance).
    qsizetype bufferedBytes() const { return m_buffer.size() - m_pos; }

    qsizetype maxHeaderBytes() const { return m_maxHeaderBytes; }
    qsizetype maxBodyBytes() const { return m_maxBodyBytes; }

private:
    enum class State { Head, Body, ChunkSize, ChunkData, ChunkDataEnd, Trailers, Failed };
    enum class LineResult { Line, Incomplete, TooLong };

    LineResult takeLine(qsizetype maxBytes, QByteArray *line, qsizetype *consumed);
    qsizetype available() const { return m_buffer.size() - m_pos; }
    // Each step returns the event to report, or std::nullopt when it made progress and parsing
    // continues in the (possibly new) state.
    std::optional<Event> step();
    std::optional<Event> readHead();
    std::optional<Event> checkPartialRequestLine();
    std::optional<Event> parseRequestLine(const QByteArray &line);
    std::optional<Event> parseFieldLines(HttpHeaders *into);
    std::optional<Event> finishHead();
    std::optional<Event> readBody();
    std::optional<Event> readChunkSize();
    std::optional<Event> readChunkData();
    std::optional<Event> readChunkDataEnd();
    std::optional<Event> readTrailers();
    Event requestComplete();
    Event fail(int status, const QString &message);
    void compact();

    const qsizetype m_maxHeaderBytes;
    const qsizetype m_maxBodyBytes;

    QByteArray m_buffer;
    qsizetype m_pos = 0;          // first unconsumed byte of m_buffer
    qsizetype m_searchFrom = 0;   // no '\n' in [m_pos, m_searchFrom): saves rescans on small feeds
    State m_state = State::Head;

    qsizetype m_headBytes = 0;    // bytes of the head consumed so far (complete lines)
    bool m_haveRequestLine = false;
    QList<QByteArray> m_fieldLines;
    qint64 m_remaining = 0;       // body or chunk bytes still to read

    HttpRequest m_request;
    HttpRequest m_ready;

    int m_errorStatus = 0;
    QString m_errorMessage;
};

} // namespace locust::httpserver
