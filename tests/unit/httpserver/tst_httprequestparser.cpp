#include "httpserver/httprequestparser.h"

#include <QTest>

using namespace Qt::StringLiterals;
using locust::httpserver::HttpHeaders;
using locust::httpserver::HttpRequest;
using locust::httpserver::HttpRequestParser;
using Event = HttpRequestParser::Event;
using Phase = HttpRequestParser::Phase;

namespace {

// Everything a parse produced, in a form QCOMPARE prints readably.
struct Outcome
{
    QStringList requests;  // describe() of each request, in order
    int continues = 0;     // ContinueExpected events
    int errorStatus = 0;
    QString errorMessage;
};

QString describeHeaders(const HttpHeaders &headers)
{
    QStringList fields;
    for (const auto &[name, value] : headers.fields())
        fields.append(QString::fromLatin1(name + ": " + value));
    return u"{"_s + fields.join(u" | "_s) + u"}"_s;
}

QString describe(const HttpRequest &request)
{
    return u"%1 %2 path=%3 query=%4 HTTP/1.%5 keepAlive=%6 headers=%7 body=%8 trailers=%9"_s.arg(
        QString::fromLatin1(request.method), QString::fromLatin1(request.target), request.path,
        QString::fromLatin1(request.query), QString::number(request.versionMinor),
        request.keepAlive ? u"yes"_s : u"no"_s, describeHeaders(request.headers),
        QString::fromLatin1(request.body.toPercentEncoding(" ;:=,/")), describeHeaders(request.trailers));
}

void drain(HttpRequestParser &parser, Outcome &outcome)
{
    for (;;) {
        switch (parser.next()) {
        case Event::NeedMoreData:
            return;
        case Event::ContinueExpected:
            ++outcome.continues;
            break;
        case Event::RequestReady:
            outcome.requests.append(describe(parser.takeRequest()));
            break;
        case Event::Failed:
            outcome.errorStatus = parser.errorStatus();
            outcome.errorMessage = parser.errorMessage();
            return;
        }
    }
}

Outcome parseInPieces(const QByteArray &input, const QList<qsizetype> &cuts, qsizetype maxHeader, qsizetype maxBody)
{
    HttpRequestParser parser(maxHeader, maxBody);
    Outcome outcome;
    qsizetype from = 0;
    for (const qsizetype cut : cuts) {
        parser.feed(QByteArrayView(input).sliced(from, cut - from));
        drain(parser, outcome);
        from = cut;
    }
    parser.feed(QByteArrayView(input).sliced(from));
    drain(parser, outcome);
    return outcome;
}

Outcome parseAtOnce(const QByteArray &input, qsizetype maxHeader = HttpRequestParser::DefaultMaxHeaderBytes,
                    qsizetype maxBody = HttpRequestParser::DefaultMaxBodyBytes)
{
    return parseInPieces(input, {}, maxHeader, maxBody);
}

// The same input cut in two at every position, and fed byte by byte, gives the same requests or
// the same error as in one piece (ContinueExpected depends on where the cut falls, so it is not
// compared).
void verifySplits(const QByteArray &input, qsizetype maxHeader = HttpRequestParser::DefaultMaxHeaderBytes,
                  qsizetype maxBody = HttpRequestParser::DefaultMaxBodyBytes)
{
    const Outcome whole = parseAtOnce(input, maxHeader, maxBody);
    for (qsizetype cut = 0; cut <= input.size(); ++cut) {
        const Outcome split = parseInPieces(input, {cut}, maxHeader, maxBody);
        QVERIFY2(split.requests == whole.requests && split.errorStatus == whole.errorStatus
                     && split.errorMessage == whole.errorMessage,
                 qPrintable(u"cut at %1: %2 / %3 %4, whole: %5 / %6 %7"_s.arg(cut)
                                .arg(split.requests.join(u" ## "_s))
                                .arg(split.errorStatus)
                                .arg(split.errorMessage, whole.requests.join(u" ## "_s))
                                .arg(whole.errorStatus)
                                .arg(whole.errorMessage)));
    }
    QList<qsizetype> everyByte;
    for (qsizetype i = 1; i < input.size(); ++i)
        everyByte.append(i);
    const Outcome bytewise = parseInPieces(input, everyByte, maxHeader, maxBody);
    QCOMPARE(bytewise.requests, whole.requests);
    QCOMPARE(bytewise.errorStatus, whole.errorStatus);
    QCOMPARE(bytewise.errorMessage, whole.errorMessage);
}

// A request head of exactly `size` bytes: request line, Host, one padding field, blank line.
QByteArray headOfSize(qsizetype size)
{
    const QByteArray start = "GET / HTTP/1.1\r\nHost: h\r\nX-Pad: ";
    const QByteArray end = "\r\n\r\n";
    return start + QByteArray(size - start.size() - end.size(), 'p') + end;
}

} // namespace

class HttpRequestParserTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parsesASimpleGet()
    {
        const Outcome outcome = parseAtOnce("GET /healthz HTTP/1.1\r\nHost: example\r\nUser-Agent: kube-probe/1.20\r\n\r\n");
        QCOMPARE(outcome.errorStatus, 0);
        QCOMPARE(outcome.requests,
                 QStringList{u"GET /healthz path=/healthz query= HTTP/1.1 keepAlive=yes "
                             "headers={Host: example | User-Agent: kube-probe/1.20} body= trailers={}"_s});
    }

    void trimsHeaderValuesAndKeepsInnerSpaces()
    {
        const Outcome outcome = parseAtOnce("GET / HTTP/1.1\r\nHost:h\r\nX-A: \t a  b \t\r\nX-Empty:\r\n\r\n");
        QCOMPARE(outcome.requests,
                 QStringList{u"GET / path=/ query= HTTP/1.1 keepAlive=yes headers={Host: h | X-A: a  b | X-Empty: } "
                             "body= trailers={}"_s});
    }

    void readsAContentLengthBody()
    {
        const QByteArray input = "POST /convert HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\nhello world";
        const Outcome outcome = parseAtOnce(input);
        QCOMPARE(outcome.requests,
                 QStringList{u"POST /convert path=/convert query= HTTP/1.1 keepAlive=yes "
                             "headers={Host: h | Content-Length: 11} body=hello world trailers={}"_s});
        verifySplits(input);
    }

    void acceptsIdenticalRepeatedContentLengths()
    {
        const Outcome outcome = parseAtOnce(
            "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3, 3\r\nContent-Length: 003\r\n\r\nabc");
        QCOMPARE(outcome.errorStatus, 0);
        QCOMPARE(outcome.requests.size(), 1);
        QVERIFY(outcome.requests[0].contains(u"body=abc"_s));
    }

    void splitsPathAndQueryAndDecodesThePath()
    {
        HttpRequestParser parser;
        parser.feed("GET /a%20b/%C3%A9?x=1&y=%2F HTTP/1.1\r\nHost: h\r\n\r\n");
        QCOMPARE(parser.next(), Event::RequestReady);
        const HttpRequest request = parser.takeRequest();
        QCOMPARE(request.target, "/a%20b/%C3%A9?x=1&y=%2F");
        QCOMPARE(request.path, u"/a b/é"_s);
        QCOMPARE(request.query, "x=1&y=%2F");
    }

    void acceptsAbsoluteAndAsteriskForms()
    {
        HttpRequestParser parser;
        parser.feed("GET https://webhook.svc:9443/convert?a=b HTTP/1.1\r\nHost: webhook.svc\r\n\r\n"
                    "GET http://host HTTP/1.1\r\nHost: host\r\n\r\n"
                    "OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n");
        QCOMPARE(parser.next(), Event::RequestReady);
        HttpRequest request = parser.takeRequest();
        QCOMPARE(request.path, u"/convert"_s);
        QCOMPARE(request.query, "a=b");
        QCOMPARE(parser.next(), Event::RequestReady);
        QCOMPARE(parser.takeRequest().path, u"/"_s);
        QCOMPARE(parser.next(), Event::RequestReady);
        QCOMPARE(parser.takeRequest().path, u"*"_s);
        QCOMPARE(parser.next(), Event::NeedMoreData);
    }

    void decidesKeepAlive_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<bool>("keepAlive");
        QTest::newRow("1.1 default") << "GET / HTTP/1.1\r\nHost: h\r\n\r\n"_ba << true;
        QTest::newRow("1.1 close") << "GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n"_ba << false;
        QTest::newRow("1.1 Close, upgrade") << "GET / HTTP/1.1\r\nHost: h\r\nConnection: Upgrade, Close\r\n\r\n"_ba
                                            << false;
        QTest::newRow("1.0 default") << "GET / HTTP/1.0\r\n\r\n"_ba << false;
        QTest::newRow("1.0 keep-alive") << "GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n"_ba << true;
        QTest::newRow("1.0 keep-alive and close") << "GET / HTTP/1.0\r\nConnection: keep-alive, close\r\n\r\n"_ba
                                                  << false;
        QTest::newRow("1.2 treated as 1.1") << "GET / HTTP/1.2\r\nHost: h\r\n\r\n"_ba << true;
    }

    void decidesKeepAlive()
    {
        QFETCH(QByteArray, input);
        QFETCH(bool, keepAlive);
        HttpRequestParser parser;
        parser.feed(input);
        QCOMPARE(parser.next(), Event::RequestReady);
        QCOMPARE(parser.takeRequest().keepAlive, keepAlive);
    }

    void http10NeedsNoHost()
    {
        HttpRequestParser parser;
        parser.feed("GET /x HTTP/1.0\r\n\r\n");
        QCOMPARE(parser.next(), Event::RequestReady);
        QCOMPARE(parser.takeRequest().versionMinor, 0);
    }

    void ignoresEmptyLinesBeforeARequest()
    {
        const QByteArray input = "\r\n\nGET / HTTP/1.1\r\nHost: h\r\n\r\n";
        QCOMPARE(parseAtOnce(input).requests.size(), 1);
        verifySplits(input);
    }

    void acceptsBareLineFeeds()
    {
        const Outcome outcome = parseAtOnce("POST /p HTTP/1.1\nHost: h\nTransfer-Encoding: chunked\n\n3\nabc\n0\n\n");
        QCOMPARE(outcome.errorStatus, 0);
        QCOMPARE(outcome.requests.size(), 1);
        QVERIFY(outcome.requests[0].contains(u"body=abc "_s));
    }

    void readsChunkedBodiesWithExtensionsAndTrailers()
    {
        const QByteArray input = "POST /validate HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: Chunked\r\n\r\n"
                                 "5;name=value\r\nhello\r\n"
                                 "6 ; quoted=\"a;b\"\r\n world\r\n"
                                 "A\r\n0123456789\r\n"
                                 "0;last\r\nX-Checksum: abc\r\nX-Other: 1\r\n\r\n";
        const Outcome outcome = parseAtOnce(input);
        QCOMPARE(outcome.errorStatus, 0);
        QCOMPARE(outcome.requests,
                 QStringList{u"POST /validate path=/validate query= HTTP/1.1 keepAlive=yes "
                             "headers={Host: h | Transfer-Encoding: Chunked} body=hello world0123456789 "
                             "trailers={X-Checksum: abc | X-Other: 1}"_s});
        verifySplits(input);
    }

    void readsPipelinedRequestsInOrder()
    {
        const QByteArray input = "GET /one HTTP/1.1\r\nHost: h\r\n\r\n"
                                 "POST /two HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabc"
                                 "POST /three HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nxy\r\n0\r\n\r\n"
                                 "GET /four HTTP/1.0\r\n\r\n";
        const Outcome outcome = parseAtOnce(input);
        QCOMPARE(outcome.errorStatus, 0);
        QCOMPARE(outcome.requests.size(), 4);
        QVERIFY(outcome.requests[0].startsWith(u"GET /one "_s));
        QVERIFY(outcome.requests[1].startsWith(u"POST /two "_s));
        QVERIFY(outcome.requests[1].contains(u"body=abc "_s));
        QVERIFY(outcome.requests[2].startsWith(u"POST /three "_s));
        QVERIFY(outcome.requests[2].contains(u"body=xy "_s));
        QVERIFY(outcome.requests[3].startsWith(u"GET /four "_s));
        verifySplits(input);
    }

    void takesOneRequestAtATime()
    {
        HttpRequestParser parser;
        parser.feed("GET /a HTTP/1.1\r\nHost: h\r\n\r\nGET /b HTTP/1.1\r\nHo");
        QCOMPARE(parser.next(), Event::RequestReady);
        QCOMPARE(parser.takeRequest().path, u"/a"_s);
        QCOMPARE(parser.phase(), Phase::Head); // the start of /b is buffered
        QCOMPARE(parser.next(), Event::NeedMoreData);
        parser.feed("st: h\r\n\r\n");
        QCOMPARE(parser.next(), Event::RequestReady);
        QCOMPARE(parser.takeRequest().path, u"/b"_s);
        QCOMPARE(parser.phase(), Phase::Idle);
    }

    void reportsPhases()
    {
        HttpRequestParser parser;
        QCOMPARE(parser.phase(), Phase::Idle);
        parser.feed("P");
        QCOMPARE(parser.phase(), Phase::Head);
        QCOMPARE(parser.next(), Event::NeedMoreData);
        QCOMPARE(parser.phase(), Phase::Head);
        parser.feed("OST / HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\n");
        QCOMPARE(parser.next(), Event::NeedMoreData);
        QCOMPARE(parser.phase(), Phase::Body);
        parser.feed("ab");
        QCOMPARE(parser.next(), Event::RequestReady);
        QCOMPARE(parser.phase(), Phase::Idle);
        QCOMPARE(parser.bufferedBytes(), 0);
    }

    void expectsContinueOnceBeforeTheBody()
    {
        HttpRequestParser parser;
        parser.feed("POST / HTTP/1.1\r\nHost: h\r\nExpect: 100-Continue\r\nContent-Length: 3\r\n\r\n");
        QCOMPARE(parser.next(), Event::ContinueExpected);
        QCOMPARE(parser.next(), Event::NeedMoreData);
        QCOMPARE(parser.phase(), Phase::Body);
        parser.feed("abc");
        QCOMPARE(parser.next(), Event::RequestReady);
        QCOMPARE(parser.takeRequest().body, "abc");
    }

    void expectsContinueForChunkedBodies()
    {
        HttpRequestParser parser;
        parser.feed("POST / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nTransfer-Encoding: chunked\r\n\r\n");
        QCOMPARE(parser.next(), Event::ContinueExpected);
        parser.feed("1\r\nz\r\n0\r\n\r\n");
        QCOMPARE(parser.next(), Event::RequestReady);
        QCOMPARE(parser.takeRequest().body, "z");
    }

    void needsNoContinueWhenTheBodyIsAlreadyHereOrEmptyOrHttp10()
    {
        QCOMPARE(parseAtOnce("POST / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\nx")
                     .continues,
                 0);
        QCOMPARE(parseAtOnce("POST / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 0\r\n\r\n")
                     .continues,
                 0);
        // RFC 9110 §10.1.1: ignored in HTTP/1.0, whatever it says.
        const Outcome http10 = parseAtOnce("POST / HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\nx");
        QCOMPARE(http10.continues, 0);
        QCOMPARE(http10.requests.size(), 1);
        QCOMPARE(parseAtOnce("POST / HTTP/1.0\r\nExpect: fancy\r\n\r\n").errorStatus, 0);
    }

    void answersATooLargeDeclaredBodyBeforeItArrives()
    {
        HttpRequestParser parser(1024, 100);
        parser.feed("POST / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 101\r\n\r\n");
        QCOMPARE(parser.next(), Event::Failed); // not ContinueExpected: the client must not send it
        QCOMPARE(parser.errorStatus(), 413);
        QCOMPARE(parser.errorMessage(), u"request body exceeds the limit of 100 bytes"_s);
    }

    void rejects_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("message");

        const QByteArray get = "GET / HTTP/1.1\r\nHost: h\r\n";
        const QByteArray post = "POST / HTTP/1.1\r\nHost: h\r\n";

        QTest::newRow("garbage line") << "GARBAGE\r\n\r\n"_ba << 400 << u"malformed request line"_s;
        QTest::newRow("two spaces") << "GET  / HTTP/1.1\r\nHost: h\r\n\r\n"_ba << 400 << u"malformed request line"_s;
        QTest::newRow("trailing space") << "GET / HTTP/1.1 \r\nHost: h\r\n\r\n"_ba << 400 << u"malformed request line"_s;
        QTest::newRow("TLS ClientHello") << QByteArray::fromHex("16030100a5010000a10303") << 400
                                         << u"malformed request line"_s;
        QTest::newRow("HTTP/2 preface") << "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"_ba << 505
                                        << u"HTTP version HTTP/2.0 is not supported"_s;
        QTest::newRow("HTTP/0.9 version") << "GET / HTTP/0.9\r\n\r\n"_ba << 505
                                          << u"HTTP version HTTP/0.9 is not supported"_s;
        QTest::newRow("HTTP/3.0") << "GET / HTTP/3.0\r\nHost: h\r\n\r\n"_ba << 505
                                  << u"HTTP version HTTP/3.0 is not supported"_s;
        QTest::newRow("version without minor") << "GET / HTTP/1\r\nHost: h\r\n\r\n"_ba << 400
                                               << u"malformed HTTP version"_s;
        QTest::newRow("lower-case version") << "GET / http/1.1\r\nHost: h\r\n\r\n"_ba << 400
                                            << u"malformed HTTP version"_s;
        QTest::newRow("fragment") << "GET /a#b HTTP/1.1\r\nHost: h\r\n\r\n"_ba << 400 << u"malformed request target"_s;
        QTest::newRow("relative target") << "GET a/b HTTP/1.1\r\nHost: h\r\n\r\n"_ba << 400
                                         << u"malformed request target"_s;
        QTest::newRow("control char in target") << "GET /a\x01 HTTP/1.1\r\nHost: h\r\n\r\n"_ba << 400
                                                << u"malformed request target"_s;
        QTest::newRow("asterisk without OPTIONS") << "GET * HTTP/1.1\r\nHost: h\r\n\r\n"_ba << 400
                                                  << u"malformed request target"_s;
        QTest::newRow("no Host") << "GET / HTTP/1.1\r\n\r\n"_ba << 400 << u"missing Host header"_s;
        QTest::newRow("two Hosts") << (get + "Host: other\r\n\r\n") << 400 << u"more than one Host header"_s;
        QTest::newRow("space before colon") << (get + "X-A : b\r\n\r\n") << 400
                                            << u"malformed header field name \"X-A \""_s;
        QTest::newRow("no colon") << (get + "X-A b\r\n\r\n") << 400 << u"malformed header field"_s;
        QTest::newRow("empty name") << (get + ": b\r\n\r\n") << 400 << u"malformed header field name \"\""_s;
        QTest::newRow("obsolete folding") << (get + "X-A: b\r\n c\r\n\r\n") << 400
                                          << u"obsolete header line folding is not supported"_s;
        QTest::newRow("control char in value") << (get + "X-A: b\x01\r\n\r\n") << 400
                                               << u"invalid character in header field \"X-A\""_s;
        QTest::newRow("bare CR in value") << (get + "X-A: b\rc\r\n\r\n") << 400
                                          << u"invalid character in header field \"X-A\""_s;
        QTest::newRow("NUL in value") << (get + "X-A: b"_ba + QByteArray(1, '\0') + "\r\n\r\n"_ba) << 400
                                      << u"invalid character in header field \"X-A\""_s;
        QTest::newRow("non-numeric length") << (post + "Content-Length: abc\r\n\r\n") << 400
                                            << u"invalid Content-Length \"abc\""_s;
        QTest::newRow("negative length") << (post + "Content-Length: -1\r\n\r\n") << 400
                                         << u"invalid Content-Length \"-1\""_s;
        QTest::newRow("empty length") << (post + "Content-Length:\r\n\r\n") << 400 << u"invalid Content-Length \"\""_s;
        QTest::newRow("conflicting lengths") << (post + "Content-Length: 5\r\nContent-Length: 6\r\n\r\n") << 400
                                             << u"conflicting Content-Length values"_s;
        QTest::newRow("conflicting list") << (post + "Content-Length: 5, 6\r\n\r\n") << 400
                                          << u"conflicting Content-Length values"_s;
        QTest::newRow("length and chunked")
            << (post + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n") << 400
            << u"both Transfer-Encoding and Content-Length"_s;
        QTest::newRow("chunked in 1.0") << "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n"_ba << 400
                                        << u"Transfer-Encoding in an HTTP/1.0 request"_s;
        QTest::newRow("empty transfer-encoding") << (post + "Transfer-Encoding: ,\r\n\r\n") << 400
                                                 << u"empty Transfer-Encoding"_s;
        QTest::newRow("gzip") << (post + "Transfer-Encoding: gzip\r\n\r\n") << 501
                              << u"unsupported transfer coding \"gzip\""_s;
        QTest::newRow("gzip, chunked") << (post + "Transfer-Encoding: gzip, chunked\r\n\r\n") << 501
                                       << u"unsupported transfer coding \"gzip, chunked\""_s;
        QTest::newRow("chunked twice") << (post + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n")
                                       << 501 << u"unsupported transfer coding \"chunked, chunked\""_s;
        QTest::newRow("expectation") << (post + "Expect: 200-ok\r\n\r\n") << 417
                                     << u"unsupported expectation \"200-ok\""_s;
        QTest::newRow("huge length") << (post + "Content-Length: 99999999999999999999999\r\n\r\n") << 413
                                     << u"request body exceeds the limit of 8388608 bytes"_s;
        QTest::newRow("length over limit") << (post + "Content-Length: 8388609\r\n\r\n") << 413
                                           << u"request body exceeds the limit of 8388608 bytes"_s;
        QTest::newRow("chunk size not hex") << (post + "Transfer-Encoding: chunked\r\n\r\nzz\r\n") << 400
                                            << u"malformed chunk size"_s;
        QTest::newRow("chunk size missing") << (post + "Transfer-Encoding: chunked\r\n\r\n;ext\r\n") << 400
                                            << u"malformed chunk size"_s;
        QTest::newRow("chunk size junk") << (post + "Transfer-Encoding: chunked\r\n\r\n5 x\r\nhello\r\n") << 400
                                         << u"malformed chunk size"_s;
        QTest::newRow("chunk without CRLF") << (post + "Transfer-Encoding: chunked\r\n\r\n3\r\nabcX\r\n") << 400
                                            << u"chunk data not followed by CRLF"_s;
        QTest::newRow("chunk size line too long")
            << (post + "Transfer-Encoding: chunked\r\n\r\n1;" + QByteArray(5000, 'e') + "\r\n") << 400
            << u"chunk size line too long"_s;
        QTest::newRow("huge chunk") << (post + "Transfer-Encoding: chunked\r\n\r\nffffffffffffffffffff\r\n") << 413
                                    << u"request body exceeds the limit of 8388608 bytes"_s;
        QTest::newRow("malformed trailer") << (post + "Transfer-Encoding: chunked\r\n\r\n0\r\nbad trailer\r\n\r\n")
                                           << 400 << u"malformed header field"_s;
        QTest::newRow("trailers too large")
            << (post + "Transfer-Encoding: chunked\r\n\r\n0\r\nX-T: " + QByteArray(17000, 't') + "\r\n\r\n") << 431
            << u"request trailer section exceeds the limit of 16384 bytes"_s;
        QTest::newRow("headers too large") << (get + "X-Big: " + QByteArray(17000, 'b') + "\r\n\r\n") << 431
                                           << u"request header section exceeds the limit of 16384 bytes"_s;
        QTest::newRow("request line too long") << ("GET /" + QByteArray(17000, 'a') + " HTTP/1.1\r\n\r\n") << 431
                                               << u"request header section exceeds the limit of 16384 bytes"_s;
    }

    void rejects()
    {
        QFETCH(QByteArray, input);
        QFETCH(int, status);
        QFETCH(QString, message);
        const Outcome outcome = parseAtOnce(input);
        QCOMPARE(outcome.requests, QStringList{});
        QCOMPARE(outcome.errorStatus, status);
        QCOMPARE(outcome.errorMessage, message);
        if (input.size() < 600) // the long ones are covered in one piece; splitting them is slow under ASan
            verifySplits(input);
    }

    void rejectsGarbageAtTheFirstByte()
    {
        HttpRequestParser parser;
        parser.feed(QByteArray(1, '\x16')); // the first byte of a TLS handshake record
        QCOMPARE(parser.next(), Event::Failed);
        QCOMPARE(parser.errorStatus(), 400);
    }

    void rejectsAnUnsupportedVersionBeforeTheHeaders()
    {
        HttpRequestParser parser;
        parser.feed("GET / HTTP/2.0\r\n");
        QCOMPARE(parser.next(), Event::Failed);
        QCOMPARE(parser.errorStatus(), 505);
    }

    void rejectsTooLargeHeadersWithoutWaitingForTheirEnd()
    {
        HttpRequestParser parser(64, 100);
        parser.feed("GET / HTTP/1.1\r\nHost: h\r\nX-Long: ");
        QCOMPARE(parser.next(), Event::NeedMoreData);
        parser.feed(QByteArray(64, 'x')); // no line end in sight, already over the limit
        QCOMPARE(parser.next(), Event::Failed);
        QCOMPARE(parser.errorStatus(), 431);
    }

    void headerLimitIsExact()
    {
        const qsizetype limit = 100;
        const QByteArray fits = headOfSize(limit);
        QCOMPARE(fits.size(), limit);
        const Outcome ok = parseAtOnce(fits, limit, 10);
        QCOMPARE(ok.errorStatus, 0);
        QCOMPARE(ok.requests.size(), 1);
        verifySplits(fits, limit, 10);

        const Outcome tooLarge = parseAtOnce(headOfSize(limit + 1), limit, 10);
        QCOMPARE(tooLarge.errorStatus, 431);
        QCOMPARE(tooLarge.errorMessage, u"request header section exceeds the limit of 100 bytes"_s);
        verifySplits(headOfSize(limit + 1), limit, 10);
    }

    void leadingEmptyLinesCountTowardsTheHeaderLimit()
    {
        QCOMPARE(parseAtOnce("\r\n" + headOfSize(98), 100, 10).errorStatus, 0);
        QCOMPARE(parseAtOnce("\r\n" + headOfSize(99), 100, 10).errorStatus, 431);
    }

    void contentLengthLimitIsExact()
    {
        const QByteArray head = "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: ";
        const Outcome ok = parseAtOnce(head + "10\r\n\r\n0123456789", 1024, 10);
        QCOMPARE(ok.errorStatus, 0);
        QCOMPARE(ok.requests.size(), 1);
        const Outcome tooLarge = parseAtOnce(head + "11\r\n\r\n0123456789a", 1024, 10);
        QCOMPARE(tooLarge.errorStatus, 413);
        QCOMPARE(tooLarge.errorMessage, u"request body exceeds the limit of 10 bytes"_s);
    }

    void chunkedLimitIsExact()
    {
        const QByteArray head = "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n";
        const QByteArray fits = head + "4\r\n0123\r\n6\r\n456789\r\n0\r\n\r\n";
        const Outcome ok = parseAtOnce(fits, 1024, 10);
        QCOMPARE(ok.errorStatus, 0);
        QCOMPARE(ok.requests.size(), 1);
        verifySplits(fits, 1024, 10);

        const QByteArray tooLarge = head + "4\r\n0123\r\n7\r\n4567890\r\n0\r\n\r\n";
        QCOMPARE(parseAtOnce(tooLarge, 1024, 10).errorStatus, 413);
        verifySplits(tooLarge, 1024, 10);
    }

    void chunkedTooLargeIsDetectedAtTheChunkSize()
    {
        HttpRequestParser parser(1024, 10);
        parser.feed("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n8\r\n01234567\r\n3\r\n");
        QCOMPARE(parser.next(), Event::Failed); // before any of the second chunk's data
        QCOMPARE(parser.errorStatus(), 413);
    }

    void trailerLimitIsExact()
    {
        // The trailer section ("X-T: ...\r\n\r\n") is limited like the header section.
        const QByteArray head = "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n";
        const auto trailerOfSize = [](qsizetype size) {
            return "X-T: " + QByteArray(size - 9, 't') + "\r\n\r\n";
        };
        QCOMPARE(trailerOfSize(200).size(), 200);
        QCOMPARE(parseAtOnce(head + trailerOfSize(200), 200, 10).errorStatus, 0);
        QCOMPARE(parseAtOnce(head + trailerOfSize(201), 200, 10).errorStatus, 431);
    }

    void staysFailed()
    {
        HttpRequestParser parser;
        parser.feed("BAD\x01");
        QCOMPARE(parser.next(), Event::Failed);
        parser.feed("GET / HTTP/1.1\r\nHost: h\r\n\r\n");
        QCOMPARE(parser.next(), Event::Failed);
        QVERIFY(parser.hasFailed());
        QCOMPARE(parser.errorStatus(), 400);
    }

    void handlesALargeBodyFedInSmallPieces()
    {
        const QByteArray body(1024 * 1024, 'b');
        HttpRequestParser parser;
        parser.feed("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1048576\r\n\r\n");
        QCOMPARE(parser.next(), Event::NeedMoreData);
        for (qsizetype offset = 0; offset < body.size(); offset += 1000) {
            parser.feed(QByteArrayView(body).sliced(offset, std::min<qsizetype>(1000, body.size() - offset)));
            const Event event = parser.next();
            QCOMPARE(event, offset + 1000 >= body.size() ? Event::RequestReady : Event::NeedMoreData);
        }
        QCOMPARE(parser.takeRequest().body, body);
    }
};

QTEST_GUILESS_MAIN(HttpRequestParserTest)
#include "tst_httprequestparser.moc"
