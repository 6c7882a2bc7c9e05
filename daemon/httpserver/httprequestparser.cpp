#include "httpserver/httprequestparser.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace locust::httpserver {

namespace {

// A chunk-size line with extensions longer than this is an attack, not a client.
constexpr qsizetype MaxChunkSizeLineBytes = 4096;
// Consumed input is dropped from the buffer once this much has accumulated (or all of it is consumed).
constexpr qsizetype CompactThreshold = 64 * 1024;

// RFC 9110 §5.6.2 tchar.
bool isTchar(char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    switch (c) {
    case '!': case '#': case '$': case '%': case '&': case '\'': case '*': case '+': case '-':
    case '.': case '^': case '_': case '`': case '|': case '~':
        return true;
    default:
        return false;
    }
}

bool isToken(QByteArrayView text)
{
    return !text.isEmpty() && std::all_of(text.begin(), text.end(), isTchar);
}

// field-vchar, SP and HTAB (obs-text allowed): everything but the other control characters and DEL.
bool isFieldValueByte(char c)
{
    const auto u = static_cast<unsigned char>(c);
    return u == '\t' || (u >= 0x20 && u != 0x7f);
}

bool isWhitespace(char c)
{
    return c == ' ' || c == '\t';
}

// Trims only SP and HTAB (QByteArray::trimmed() would also eat other control characters silently).
QByteArray trimmedValue(QByteArrayView value)
{
    qsizetype begin = 0;
    qsizetype end = value.size();
    while (begin < end && isWhitespace(value[begin]))
        ++begin;
    while (end > begin && isWhitespace(value[end - 1]))
        --end;
    return value.sliced(begin, end - begin).toByteArray();
}

int hexDigit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

bool isDigits(QByteArrayView text)
{
    return !text.isEmpty() && std::all_of(text.begin(), text.end(), isDigit);
}

QString quoted(QByteArrayView text)
{
    return u"\""_s + QString::fromLatin1(text) + u"\""_s;
}

} // namespace

HttpRequestParser::HttpRequestParser(qsizetype maxHeaderBytes, qsizetype maxBodyBytes)
    : m_maxHeaderBytes(maxHeaderBytes)
    , m_maxBodyBytes(maxBodyBytes)
{
}

void HttpRequestParser::feed(QByteArrayView data)
{
    if (m_state == State::Failed)
        return;
    compact();
    m_buffer.append(data);
}

HttpRequestParser::Event HttpRequestParser::next()
{
    for (;;) {
        if (const std::optional<Event> event = step())
            return *event;
    }
}

HttpRequest HttpRequestParser::takeRequest()
{
    return std::exchange(m_ready, HttpRequest{});
}

HttpRequestParser::Phase HttpRequestParser::phase() const
{
    switch (m_state) {
    case State::Head:
        return (!m_haveRequestLine && m_headBytes == 0 && available() == 0) ? Phase::Idle : Phase::Head;
    case State::Failed:
        return Phase::Head;
    case State::Body:
    case State::ChunkSize:
    case State::ChunkData:
    case State::ChunkDataEnd:
    case State::Trailers:
        break;
    }
    return Phase::Body;
}

std::optional<HttpRequestParser::Event> HttpRequestParser::step()
{
    switch (m_state) {
    case State::Head: return readHead();
    case State::Body: return readBody();
    case State::ChunkSize: return readChunkSize();
    case State::ChunkData: return readChunkData();
    case State::ChunkDataEnd: return readChunkDataEnd();
    case State::Trailers: return readTrailers();
    case State::Failed: break;
    }
    return Event::Failed;
}

HttpRequestParser::LineResult HttpRequestParser::takeLine(qsizetype maxBytes, QByteArray *line,
                                                          qsizetype *consumed)
{
    const qsizetype newline = m_buffer.indexOf('\n', std::max(m_pos, m_searchFrom));
    if (newline < 0) {
        m_searchFrom = m_buffer.size();
        // The line, with its '\n' still to come, cannot fit any more.
        return available() >= maxBytes ? LineResult::TooLong : LineResult::Incomplete;
    }
    const qsizetype length = newline - m_pos + 1;
    if (length > maxBytes)
        return LineResult::TooLong;
    qsizetype contentLength = length - 1;
    if (contentLength > 0 && m_buffer.at(newline - 1) == '\r')
        --contentLength;
    *line = m_buffer.sliced(m_pos, contentLength);
    *consumed = length;
    m_pos = newline + 1;
    m_searchFrom = m_pos;
    return LineResult::Line;
}

std::optional<HttpRequestParser::Event> HttpRequestParser::readHead()
{
    for (;;) {
        if (!m_haveRequestLine) {
            if (std::optional<Event> failure = checkPartialRequestLine())
                return failure;
        }
        QByteArray line;
        qsizetype consumed = 0;
        switch (takeLine(m_maxHeaderBytes - m_headBytes, &line, &consumed)) {
        case LineResult::TooLong:
            return fail(431, u"request header section exceeds the limit of %1 bytes"_s.arg(m_maxHeaderBytes));
        case LineResult::Incomplete:
            return Event::NeedMoreData;
        case LineResult::Line:
            break;
        }
        m_headBytes += consumed;
        if (!m_haveRequestLine) {
            if (line.isEmpty())
                continue; // RFC 9112 §2.2: empty lines before the request line are ignored
            if (std::optional<Event> failure = parseRequestLine(line))
                return failure;
            m_haveRequestLine = true;
            continue;
        }
        if (line.isEmpty())
            return finishHead();
        m_fieldLines.append(line);
    }
}

// Fails at once when the first bytes cannot start a request line (a TLS ClientHello on a plain port,
// binary garbage) instead of waiting for a line end that may never come.
std::optional<HttpRequestParser::Event> HttpRequestParser::checkPartialRequestLine()
{
    for (qsizetype i = m_pos; i < m_buffer.size(); ++i) {
        const char c = m_buffer.at(i);
        if (c == ' ' || c == '\r' || c == '\n')
            return std::nullopt;
        if (!isTchar(c))
            return fail(400, u"malformed request line"_s);
    }
    return std::nullopt;
}

std::optional<HttpRequestParser::Event> HttpRequestParser::parseRequestLine(const QByteArray &line)
{
    const QList<QByteArray> parts = line.split(' ');
    if (parts.size() != 3 || !isToken(parts[0]) || parts[1].isEmpty())
        return fail(400, u"malformed request line"_s);

    const QByteArray &version = parts[2];
    const bool wellFormedVersion = version.size() == 8 && version.startsWith("HTTP/") && isDigit(version[5])
                                   && version[6] == '.' && isDigit(version[7]);
    if (!wellFormedVersion)
        return fail(400, u"malformed HTTP version"_s);
    if (version[5] != '1')
        return fail(505, u"HTTP version %1 is not supported"_s.arg(QString::fromLatin1(version)));
    m_request.versionMinor = version[7] == '0' ? 0 : 1;

    const QByteArray &target = parts[1];
    const bool visible = std::all_of(target.begin(), target.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u > 0x20 && u < 0x7f && c != '#';
    });
    if (!visible)
        return fail(400, u"malformed request target"_s);

    QByteArray pathAndQuery;
    if (target.startsWith('/')) {
        pathAndQuery = target; // origin-form
    } else if (target == "*" && parts[0] == "OPTIONS") {
        pathAndQuery = target; // asterisk-form
    } else {
        // absolute-form (RFC 9112 §3.2.2: servers must accept it): drop scheme and authority.
        const QByteArray lower = target.toLower();
        const qsizetype schemeEnd = lower.startsWith("http://") ? 7 : lower.startsWith("https://") ? 8 : -1;
        if (schemeEnd < 0)
            return fail(400, u"malformed request target"_s);
        qsizetype pathStart = schemeEnd;
        while (pathStart < target.size() && target[pathStart] != '/' && target[pathStart] != '?')
            ++pathStart;
        if (pathStart == schemeEnd)
            return fail(400, u"malformed request target"_s);
        pathAndQuery = target.mid(pathStart);
        if (!pathAndQuery.startsWith('/'))
            pathAndQuery.prepend('/');
    }

    const qsizetype question = pathAndQuery.indexOf('?');
    const QByteArray rawPath = question < 0 ? pathAndQuery : pathAndQuery.left(question);
    m_request.method = parts[0];
    m_request.target = target;
    m_request.path = QString::fromUtf8(QByteArray::fromPercentEncoding(rawPath));
    m_request.query = question < 0 ? QByteArray() : pathAndQuery.mid(question + 1);
    return std::nullopt;
}

std::optional<HttpRequestParser::Event> HttpRequestParser::parseFieldLines(HttpHeaders *into)
{
    for (const QByteArray &line : std::as_const(m_fieldLines)) {
        if (isWhitespace(line.front()))
            return fail(400, u"obsolete header line folding is not supported"_s);
        const qsizetype colon = line.indexOf(':');
        if (colon < 0)
            return fail(400, u"malformed header field"_s);
        const QByteArrayView name = QByteArrayView(line).first(colon);
        if (!isToken(name))
            return fail(400, u"malformed header field name %1"_s.arg(quoted(name)));
        const QByteArrayView value = QByteArrayView(line).sliced(colon + 1);
        if (!std::all_of(value.begin(), value.end(), isFieldValueByte))
            return fail(400, u"invalid character in header field %1"_s.arg(quoted(name)));
        into->append(name.toByteArray(), trimmedValue(value));
    }
    m_fieldLines.clear();
    return std::nullopt;
}

std::optional<HttpRequestParser::Event> HttpRequestParser::finishHead()
{
    if (std::optional<Event> failure = parseFieldLines(&m_request.headers))
        return failure;
    const HttpHeaders &headers = m_request.headers;
    const bool http11 = m_request.versionMinor >= 1;

    if (http11) {
        const int hosts = headers.count("host");
        if (hosts == 0)
            return fail(400, u"missing Host header"_s);
        if (hosts > 1)
            return fail(400, u"more than one Host header"_s);
    }

    const QList<QByteArray> connection = headers.tokens("connection");
    m_request.keepAlive = !connection.contains("close") && (http11 || connection.contains("keep-alive"));

    // RFC 9110 §10.1.1: an HTTP/1.0 client cannot know 100-continue, so its Expect is ignored.
    bool expectContinue = false;
    if (http11 && headers.contains("expect")) {
        const QList<QByteArray> expectations = headers.tokens("expect");
        if (expectations != QList<QByteArray>{"100-continue"})
            return fail(417, u"unsupported expectation %1"_s.arg(quoted(headers.combinedValue("expect"))));
        expectContinue = true;
    }

    const bool hasTransferEncoding = headers.contains("transfer-encoding");
    const bool hasContentLength = headers.contains("content-length");
    if (hasTransferEncoding) {
        if (!http11)
            return fail(400, u"Transfer-Encoding in an HTTP/1.0 request"_s);
        if (hasContentLength)
            return fail(400, u"both Transfer-Encoding and Content-Length"_s);
        const QList<QByteArray> codings = headers.tokens("transfer-encoding");
        if (codings.isEmpty())
            return fail(400, u"empty Transfer-Encoding"_s);
        if (codings != QList<QByteArray>{"chunked"})
            return fail(501, u"unsupported transfer coding %1"_s.arg(
                                 quoted(headers.combinedValue("transfer-encoding"))));
        m_state = State::ChunkSize;
        m_request.body.reserve(std::min<qsizetype>(m_maxBodyBytes, CompactThreshold));
    } else if (hasContentLength) {
        // Identical repeated values ("5, 5" or two fields) are one length (RFC 9110 §8.6).
        QByteArray length;
        for (const QByteArray &value : headers.values("content-length")) {
            for (const QByteArray &part : value.split(',')) {
                QByteArray candidate = trimmedValue(part);
                if (!isDigits(candidate))
                    return fail(400, u"invalid Content-Length %1"_s.arg(quoted(value)));
                while (candidate.size() > 1 && candidate.front() == '0')
                    candidate.remove(0, 1);
                if (!length.isEmpty() && candidate != length)
                    return fail(400, u"conflicting Content-Length values"_s);
                length = candidate;
            }
        }
        bool ok = false;
        const qint64 bytes = length.size() <= 18 ? length.toLongLong(&ok) : 0;
        if (!ok || bytes > m_maxBodyBytes)
            return fail(413, u"request body exceeds the limit of %1 bytes"_s.arg(m_maxBodyBytes));
        if (bytes == 0)
            return requestComplete();
        m_remaining = bytes;
        m_state = State::Body;
        m_request.body.reserve(std::min<qint64>(bytes, CompactThreshold));
    } else {
        return requestComplete();
    }

    if (expectContinue && available() == 0)
        return Event::ContinueExpected;
    return std::nullopt;
}

std::optional<HttpRequestParser::Event> HttpRequestParser::readBody()
{
    const qsizetype n = static_cast<qsizetype>(std::min<qint64>(available(), m_remaining));
    m_request.body.append(m_buffer.constData() + m_pos, n);
    m_pos += n;
    m_remaining -= n;
    if (m_remaining == 0)
        return requestComplete();
    return Event::NeedMoreData;
}

std::optional<HttpRequestParser::Event> HttpRequestParser::readChunkSize()
{
    QByteArray line;
    qsizetype consumed = 0;
    switch (takeLine(MaxChunkSizeLineBytes, &line, &consumed)) {
    case LineResult::TooLong:
        return fail(400, u"chunk size line too long"_s);
    case LineResult::Incomplete:
        return Event::NeedMoreData;
    case LineResult::Line:
        break;
    }
    qint64 size = 0;
    qsizetype i = 0;
    for (; i < line.size() && hexDigit(line[i]) >= 0; ++i) {
        size = size * 16 + hexDigit(line[i]);
        if (m_request.body.size() + size > m_maxBodyBytes)
            return fail(413, u"request body exceeds the limit of %1 bytes"_s.arg(m_maxBodyBytes));
    }
    if (i == 0)
        return fail(400, u"malformed chunk size"_s);
    // chunk-ext: BWS ";" ... ; the extensions themselves are ignored (RFC 9112 §7.1.1).
    while (i < line.size() && isWhitespace(line[i]))
        ++i;
    if (i < line.size()) {
        const QByteArrayView extensions = QByteArrayView(line).sliced(i);
        if (extensions.front() != ';' || !std::all_of(extensions.begin(), extensions.end(), isFieldValueByte))
            return fail(400, u"malformed chunk size"_s);
    }
    if (size == 0) {
        m_headBytes = 0; // counts the trailer section now
        m_state = State::Trailers;
    } else {
        m_remaining = size;
        m_state = State::ChunkData;
    }
    return std::nullopt;
}

std::optional<HttpRequestParser::Event> HttpRequestParser::readChunkData()
{
    const qsizetype n = static_cast<qsizetype>(std::min<qint64>(available(), m_remaining));
    m_request.body.append(m_buffer.constData() + m_pos, n);
    m_pos += n;
    m_remaining -= n;
    if (m_remaining > 0)
        return Event::NeedMoreData;
    m_state = State::ChunkDataEnd;
    return std::nullopt;
}

std::optional<HttpRequestParser::Event> HttpRequestParser::readChunkDataEnd()
{
    QByteArray line;
    qsizetype consumed = 0;
    switch (takeLine(2, &line, &consumed)) {
    case LineResult::TooLong:
        return fail(400, u"chunk data not followed by CRLF"_s);
    case LineResult::Incomplete:
        return Event::NeedMoreData;
    case LineResult::Line:
        break;
    }
    if (!line.isEmpty())
        return fail(400, u"chunk data not followed by CRLF"_s);
    m_state = State::ChunkSize;
    return std::nullopt;
}

std::optional<HttpRequestParser::Event> HttpRequestParser::readTrailers()
{
    for (;;) {
        QByteArray line;
        qsizetype consumed = 0;
        switch (takeLine(m_maxHeaderBytes - m_headBytes, &line, &consumed)) {
        case LineResult::TooLong:
            return fail(431, u"request trailer section exceeds the limit of %1 bytes"_s.arg(m_maxHeaderBytes));
        case LineResult::Incomplete:
            return Event::NeedMoreData;
        case LineResult::Line:
            break;
        }
        m_headBytes += consumed;
        if (!line.isEmpty()) {
            m_fieldLines.append(line);
            continue;
        }
        if (std::optional<Event> failure = parseFieldLines(&m_request.trailers))
            return failure;
        return requestComplete();
    }
}

HttpRequestParser::Event HttpRequestParser::requestComplete()
{
    m_ready = std::exchange(m_request, HttpRequest{});
    m_state = State::Head;
    m_headBytes = 0;
    m_haveRequestLine = false;
    m_fieldLines.clear();
    m_remaining = 0;
    compact();
    return Event::RequestReady;
}

HttpRequestParser::Event HttpRequestParser::fail(int status, const QString &message)
{
    m_state = State::Failed;
    m_errorStatus = status;
    m_errorMessage = message;
    m_buffer.clear();
    m_pos = 0;
    m_searchFrom = 0;
    return Event::Failed;
}

void HttpRequestParser::compact()
{
    if (m_pos == 0 || (m_pos < m_buffer.size() && m_pos < CompactThreshold))
        return;
    m_buffer.remove(0, m_pos);
    m_searchFrom = std::max<qsizetype>(0, m_searchFrom - m_pos);
    m_pos = 0;
}

} // namespace locust::httpserver
